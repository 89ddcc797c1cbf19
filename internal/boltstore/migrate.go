package boltstore

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// migration brings the database from version n-1 to version n, where n is
// its position in migrations plus one. Migrations run in one transaction
// each, in order, and are never edited once released: a schema change is a
// new entry at the end, with a test.
type migration struct {
	name string
	up   func(*bolt.Tx) error
}

var migrations = []migration{
	{name: "create buckets", up: createBuckets},
	{name: "flat leaderboards, scores in user records, post counters apart, no streaks index", up: flattenBoards},
	{name: "answers in arrival order, open answers in user records", up: appendOnlyAnswers},
	{name: "compact records: version byte and protocol buffers, team tags and question numbers in keys", up: compactRecords},
	{name: "interview results and appeals", up: createInterviewBuckets},
	{name: "send leases, live-edit claims and seen events", up: createReplicaBuckets},
	{name: "streak freezes used at reveals", up: createFrozenBucket},
	{name: "once-only jobs, question reports and review reminders", up: createFeedbackBuckets},
}

// createFeedbackBuckets is migration 8: once-only jobs (a season's final
// board, a week's recap, a day's reminder), members' reports of questions,
// and who asked for review reminders.
func createFeedbackBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketJobs, bucketReports, bucketReminders} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return nil
}

// createFrozenBucket is migration 7: who a streak freeze kept at each
// reveal, so the next reveal still looks at their streak.
func createFrozenBucket(tx *bolt.Tx) error {
	_, err := tx.CreateBucketIfNotExists(bucketFrozen)
	return err
}

// createReplicaBuckets is migration 6: what lets several senders agree (a
// post's send lease and live-edit slot) and platform events be
// de-duplicated in the database rather than in one process's memory.
func createReplicaBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketPostLeases, bucketEvents} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return nil
}

// createInterviewBuckets is migration 5: the buckets of interview mode.
func createInterviewBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketInterviews, bucketAppeals} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return nil
}

// SchemaVersion is the schema version this build writes.
var SchemaVersion = uint64(len(migrations))

// createBuckets is migration 1: the buckets of schema 1. Migration 2 adds
// postcounts and removes streaks.
func createBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{
		bucketMeta, bucketTeams, bucketPosts, bucketOccurrences, bucketTeamPosts,
		bucketAnswers, bucketUsers, []byte("streaks"), bucketBoards, bucketRotations,
		bucketRounds, bucketReviews,
	} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

// schemaVersion reads the stored version; 0 for a new file.
func schemaVersion(tx *bolt.Tx) uint64 {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0
	}
	v := meta.Get(keySchema)
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

func (s *Store) migrate(readOnly bool) error {
	var current uint64
	if err := s.db.View(func(tx *bolt.Tx) error {
		current = schemaVersion(tx)
		return nil
	}); err != nil {
		return err
	}
	switch {
	case current > SchemaVersion:
		return fmt.Errorf("schema version %d is newer than this build understands (%d): upgrade dockerqotd", current, SchemaVersion)
	case current == SchemaVersion:
		return nil
	case readOnly:
		return fmt.Errorf("schema version %d is older than this build's (%d): start the bot once to upgrade it", current, SchemaVersion)
	}
	for v := current; v < SchemaVersion; v++ {
		m := migrations[v]
		err := s.db.Update(func(tx *bolt.Tx) error {
			if err := m.up(tx); err != nil {
				return err
			}
			return tx.Bucket(bucketMeta).Put(keySchema, u64(v+1))
		})
		if err != nil {
			return fmt.Errorf("migration %d (%s): %w", v+1, m.name, err)
		}
	}
	return nil
}

// flattenBoards is migration 2. Schema 1 kept each board as a nested bucket
// <team> 0 <period> with rank (rank key → name), user (user → rank key) and
// count (^points → n) buckets; post counters inside the post's JSON; and a
// streaks index of users with a running streak. Schema 2 keeps boards as
// flat keys, each user's period scores in their record, counters in
// postcounts, and no streaks index: a reveal finds the users who may have
// missed it among the answers to the posts before it.
func flattenBoards(tx *bolt.Tx) error {
	if _, err := tx.CreateBucketIfNotExists(bucketPostCounts); err != nil {
		return err
	}
	posts := tx.Bucket(bucketPosts)
	type stored struct {
		id uint64
		p  v3Post
	}
	var all []stored
	if err := posts.ForEach(func(k, v []byte) error {
		var p v3Post
		if err := v3decode(k, v, &p); err != nil {
			return err
		}
		all = append(all, stored{binary.BigEndian.Uint64(k), p})
		return nil
	}); err != nil {
		return err
	}
	for _, s := range all {
		if err := v3putCounts(tx, s.p); err != nil {
			return err
		}
		if err := v3putPost(tx, s.p); err != nil {
			return err
		}
	}

	// Streaks: reveals now find the candidates among the answers.
	if err := tx.DeleteBucket([]byte("streaks")); err != nil {
		return err
	}

	// Boards: each nested bucket becomes flat keys, and each player's score
	// moves into their user record.
	boards, users := tx.Bucket(bucketBoards), tx.Bucket(bucketUsers)
	var nested [][]byte
	if err := boards.ForEach(func(k, v []byte) error {
		if v == nil {
			nested = append(nested, bytes.Clone(k))
		}
		return nil
	}); err != nil {
		return err
	}
	for _, name := range nested {
		teamB, period, _ := bytes.Cut(name, []byte{v3sep})
		team := quiz.TeamID(teamB)
		board := boards.Bucket(name)
		type entry struct {
			points  int
			reached time.Time
			user    string
		}
		var entries []entry
		if rank := board.Bucket([]byte("rank")); rank != nil {
			if err := rank.ForEach(func(k, _ []byte) error {
				p, r, u := v3parseRankKey(k)
				entries = append(entries, entry{p, r, u})
				return nil
			}); err != nil {
				return err
			}
		}
		if err := boards.DeleteBucket(name); err != nil {
			return err
		}
		for _, e := range entries {
			if err := v3moveOnBoard(boards, team, string(period), e.user, v3Score{Points: e.points, Reached: e.reached}); err != nil {
				return err
			}
			uKey := v3teamKey(team, []byte(e.user))
			st, err := v3getStats(users, uKey, team, e.user)
			if err != nil {
				return err
			}
			if st.Scores == nil {
				st.Scores = map[string]v3Score{}
			}
			st.Scores[string(period)] = v3Score{Points: e.points, Reached: e.reached}
			if err := v3putJSON(users, uKey, st); err != nil {
				return err
			}
		}
	}
	return nil
}

// appendOnlyAnswers is migration 3. Schema 2 keyed answers <post id>
// <user>, and a second click was found by that key. Schema 3 keys them
// <post id> <sequence>, in the order they arrived, and finds a second click
// in the user's record, which lists their answers to posts not revealed.
func appendOnlyAnswers(tx *bolt.Tx) error {
	answers, users, posts := tx.Bucket(bucketAnswers), tx.Bucket(bucketUsers), tx.Bucket(bucketPosts)
	var ids []uint64
	if err := posts.ForEach(func(k, _ []byte) error {
		ids = append(ids, binary.BigEndian.Uint64(k))
		return nil
	}); err != nil {
		return err
	}
	for _, id := range ids {
		p, err := v3getPost(tx, id)
		if err != nil {
			return err
		}
		var old [][]byte
		var list []v3Answer
		prefix := u64(id)
		c := answers.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var a v3Answer
			if err := v3decode(k, v, &a); err != nil {
				return err
			}
			old, list = append(old, bytes.Clone(k)), append(list, a)
		}
		for _, k := range old {
			if err := answers.Delete(k); err != nil {
				return err
			}
		}
		slices.SortStableFunc(list, func(a, b v3Answer) int { return a.At.Compare(b.At) })
		for _, a := range list {
			if err := v3appendAnswer(tx, a); err != nil {
				return err
			}
			if p.Revealed {
				continue
			}
			uKey := v3teamKey(p.Team, []byte(a.User))
			st, err := v3getStats(users, uKey, p.Team, a.User)
			if err != nil {
				return err
			}
			if st.Open == nil {
				st.Open = map[uint64]int{}
			}
			st.Open[id] = a.Letter
			if err := v3putJSON(users, uKey, st); err != nil {
				return err
			}
		}
	}
	return nil
}
