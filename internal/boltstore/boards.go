package boltstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// addToBoard adds points to a user's score on one period's board. A user
// who answers enters the board even with no points; their reached time
// changes only when their points do.
func addToBoard(tx *bolt.Tx, team quiz.TeamID, key, user, name string, points int, at time.Time) error {
	board, err := tx.Bucket(bucketBoards).CreateBucketIfNotExists(teamKey(team, []byte(key)))
	if err != nil {
		return err
	}
	ranks, err := board.CreateBucketIfNotExists(bucketBoardRank)
	if err != nil {
		return err
	}
	byUser, err := board.CreateBucketIfNotExists(bucketBoardUser)
	if err != nil {
		return err
	}
	counts, err := board.CreateBucketIfNotExists(bucketBoardCount)
	if err != nil {
		return err
	}
	old := byUser.Get([]byte(user))
	if old != nil {
		if points == 0 {
			return ranks.Put(old, []byte(name)) // keep the place, refresh the name
		}
		oldPoints, _, _ := parseRankKey(old)
		if err := addCount(counts, oldPoints, -1); err != nil {
			return err
		}
		if err := ranks.Delete(old); err != nil {
			return err
		}
		points += oldPoints
	}
	k := rankKey(points, at, user)
	if err := ranks.Put(k, []byte(name)); err != nil {
		return err
	}
	if err := byUser.Put([]byte(user), k); err != nil {
		return err
	}
	return addCount(counts, points, 1)
}

func addCount(counts *bolt.Bucket, points int, delta int64) error {
	k := pointsKey(points)
	var n int64
	if v := counts.Get(k); v != nil {
		n = int64(binary.BigEndian.Uint64(v))
	}
	n += delta
	if n <= 0 {
		return counts.Delete(k)
	}
	return counts.Put(k, u64(uint64(n)))
}

// Leaderboard returns the top of a period's board and the caller's place.
func (s *Store) Leaderboard(ctx context.Context, team quiz.TeamID, period quiz.Period, at time.Time, caller string, limit int) (quiz.Leaderboard, error) {
	lb := quiz.Leaderboard{Team: team, Period: period}
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := getTeam(tx, team)
		if err != nil {
			return err
		}
		lb.Key = period.Key(at, t.Location())
		board := tx.Bucket(bucketBoards).Bucket(teamKey(team, []byte(lb.Key)))
		if board == nil {
			return nil
		}
		users := tx.Bucket(bucketUsers)
		standing := func(k, name []byte) (quiz.Standing, error) {
			points, reached, user := parseRankKey(k)
			st, err := getStats(users, teamKey(team, []byte(user)), team, user)
			return quiz.Standing{User: user, Name: string(name), Points: points, Streak: st.Streak, ReachedAt: reached}, err
		}
		c := board.Bucket(bucketBoardRank).Cursor()
		for k, v := c.First(); k != nil && len(lb.Top) < limit; k, v = c.Next() {
			st, err := standing(k, v)
			if err != nil {
				return err
			}
			lb.Top = append(lb.Top, st)
		}
		quiz.AssignRanks(lb.Top)

		counts := board.Bucket(bucketBoardCount)
		own := board.Bucket(bucketBoardUser).Get([]byte(caller))
		var ahead int
		cc := counts.Cursor()
		for k, v := cc.First(); k != nil; k, v = cc.Next() {
			n := int(binary.BigEndian.Uint64(v))
			lb.Players += n
			if own != nil && bytes.Compare(k, own[:4]) < 0 {
				ahead += n
			}
		}
		if own != nil {
			st, err := standing(own, board.Bucket(bucketBoardRank).Get(own))
			if err != nil {
				return err
			}
			st.Rank = ahead + 1
			lb.Caller = &st
		}
		return nil
	})
	return lb, err
}
