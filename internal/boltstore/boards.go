package boltstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Board keys live flat in the boards bucket under boardPrefix(tag, period,
// kind): 'r' + rank key for each player, 'c' + ^points for how many players
// have those points.
const (
	boardRank  = 'r'
	boardCount = 'c'
)

func boardPrefix(tag uint32, period string, kind byte) []byte {
	return append(tagKey(tag, withLen(period)), kind)
}

// moveOnBoard moves a user's entry on one period's board as m says. An
// unchanged score writes nothing.
func moveOnBoard(b *bolt.Bucket, tag uint32, user string, m quiz.BoardMove) error {
	if !m.Changed() {
		return nil
	}
	if err := checkPart("period", m.Key); err != nil {
		return err
	}
	ranks, counts := boardPrefix(tag, m.Key, boardRank), boardPrefix(tag, m.Key, boardCount)
	if m.Had {
		if err := b.Delete(append(ranks, rankKey(m.Before.Points, m.Before.Reached, user)...)); err != nil {
			return err
		}
		if err := addCount(b, append(counts, pointsKey(m.Before.Points)...), -1); err != nil {
			return err
		}
	}
	if err := b.Put(append(ranks, rankKey(m.After.Points, m.After.Reached, user)...), nil); err != nil {
		return err
	}
	return addCount(b, append(counts, pointsKey(m.After.Points)...), 1)
}

func addCount(b *bolt.Bucket, key []byte, delta int64) error {
	var n int64
	if v := b.Get(key); v != nil {
		n = int64(binary.BigEndian.Uint64(v))
	}
	n += delta
	if n <= 0 {
		return b.Delete(key)
	}
	return b.Put(key, u64(uint64(n)))
}

// Leaderboard returns the top of a period's board and the caller's place.
func (s *Store) Leaderboard(ctx context.Context, team quiz.TeamID, period quiz.Period, at time.Time, caller string, limit int) (quiz.Leaderboard, error) {
	lb := quiz.Leaderboard{Team: team, Period: period}
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, tag, err := getTeam(tx, team)
		if err != nil {
			return err
		}
		lb.Key = t.BoardKey(period, at)
		boards := tx.Bucket(bucketBoards)
		standing := func(points int, reached time.Time, user string) (quiz.Standing, error) {
			st, err := getStats(tx, team, tag, user)
			return quiz.Standing{User: user, Name: st.Name, Points: points, Streak: st.Streak, ReachedAt: reached}, err
		}

		ranks := boardPrefix(tag, lb.Key, boardRank)
		c := boards.Cursor()
		for k, _ := c.Seek(ranks); k != nil && bytes.HasPrefix(k, ranks) && len(lb.Top) < limit; k, _ = c.Next() {
			st, err := standing(parseRankKey(k[len(ranks):]))
			if err != nil {
				return err
			}
			lb.Top = append(lb.Top, st)
		}
		quiz.AssignRanks(lb.Top)

		own, err := getStats(tx, team, tag, caller)
		if err != nil {
			return err
		}
		score, ranked := own.Scores[lb.Key]
		mine := pointsKey(score.Points)
		counts := boardPrefix(tag, lb.Key, boardCount)
		var ahead int
		for k, v := c.Seek(counts); k != nil && bytes.HasPrefix(k, counts); k, v = c.Next() {
			n := int(binary.BigEndian.Uint64(v))
			lb.Players += n
			if bytes.Compare(k[len(counts):], mine) < 0 {
				ahead += n
			}
		}
		if ranked && caller != "" {
			st, err := standing(score.Points, score.Reached, caller)
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
