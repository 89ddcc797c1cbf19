package boltstore

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// The layout of schemas 1 to 3, as migrations 2 to 4 read and write it:
// JSON values and string-keyed composites. A migration is never edited once
// released, so these helpers stay as they were, apart from the current
// code.

// v3 keys join their parts with a 0x00 byte.
const v3sep = 0

func v3join(parts ...[]byte) []byte {
	var k []byte
	for i, p := range parts {
		if i > 0 {
			k = append(k, v3sep)
		}
		k = append(k, p...)
	}
	return k
}

func v3teamKey(team quiz.TeamID, rest ...[]byte) []byte {
	return v3join(append([][]byte{[]byte(team)}, rest...)...)
}

func v3getJSON(b *bolt.Bucket, key []byte, v any) (bool, error) {
	data := b.Get(key)
	if data == nil {
		return false, nil
	}
	return true, v3decode(key, data, v)
}

func v3decode(key, data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decode record %q: %w", key, err)
	}
	return nil
}

func v3putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

// v3countsSize is the length of a post's counters: answers, right, and the
// answers of each letter, as big-endian uint32s. Schema 4 keeps the same.
const v3countsSize = 4 * (2 + quiz.NumChoices)

func v3putCounts(tx *bolt.Tx, p v3Post) error {
	v := make([]byte, 0, v3countsSize)
	for _, n := range append([]int{p.Answers, p.Right}, p.ByLetter[:]...) {
		v = binary.BigEndian.AppendUint32(v, uint32(n))
	}
	return tx.Bucket(bucketPostCounts).Put(u64(p.ID), v)
}

func v3readCounts(tx *bolt.Tx, p *v3Post) {
	v := tx.Bucket(bucketPostCounts).Get(u64(p.ID))
	if len(v) != v3countsSize {
		return
	}
	n := func(i int) int { return int(binary.BigEndian.Uint32(v[4*i:])) }
	p.Answers, p.Right = n(0), n(1)
	for i := range p.ByLetter {
		p.ByLetter[i] = n(2 + i)
	}
}

// v3putPost writes a post's record without its counters.
func v3putPost(tx *bolt.Tx, p v3Post) error {
	p.Answers, p.Right, p.ByLetter = 0, 0, [quiz.NumChoices]int{}
	return v3putJSON(tx.Bucket(bucketPosts), u64(p.ID), p)
}

func v3getPost(tx *bolt.Tx, id uint64) (v3Post, error) {
	var p v3Post
	ok, err := v3getJSON(tx.Bucket(bucketPosts), u64(id), &p)
	if err == nil && !ok {
		err = fmt.Errorf("post %d is missing", id)
	}
	return p, err
}

// The records of schemas 1 to 3, frozen as they were stored in JSON, so
// that the quiz types can change without breaking the migrations.
type (
	v3Team struct {
		ID       quiz.TeamID
		Name     string
		Channel  string
		Schedule string
		Timezone string
		Paused   bool
		Filter   struct {
			Levels []quiz.Level
			Topics []quiz.Topic
		}
		Reveal    time.Duration
		CreatedAt time.Time
	}
	v3Post struct {
		ID          uint64
		Team        quiz.TeamID
		Channel     string
		Occurrence  string
		ScheduledAt time.Time
		QuestionID  string
		Topic       quiz.Topic
		Level       quiz.Level
		Order       [quiz.NumChoices]int
		Correct     int
		MessageID   string
		PostedAt    time.Time
		Revealed    bool
		RevealedAt  time.Time
		Answers     int
		Right       int
		ByLetter    [quiz.NumChoices]int
	}
	v3Tally struct{ Answered, Right int }
	v3Stats struct {
		Team       quiz.TeamID
		User       string
		Name       string
		Points     int
		Streak     int
		BestStreak int
		LastPost   uint64
		Daily      v3Tally
		Practice   v3Tally
		Topics     map[quiz.Topic]struct{ Daily, Practice v3Tally }
		Scores     map[string]v3Score
		Open       map[uint64]int
		LastSeen   time.Time
	}
	v3Score struct {
		Points  int
		Reached time.Time
	}
	v3Rotation struct {
		Cycle int
		Used  []string
	}
	v3Round struct {
		ID    uint64
		Team  quiz.TeamID
		User  string
		Kind  quiz.RoundKind
		Items []struct {
			QuestionID string
			Topic      quiz.Topic
			Order      [quiz.NumChoices]int
			Correct    int
			Letter     int
		}
		Next      int
		Right     int
		CreatedAt time.Time
	}
	v3Card struct {
		QuestionID string
		Box        int
		Due        time.Time
	}
)

// v3Answer is an answer as schemas 1 to 3 stored it.
type v3Answer struct {
	PostID  uint64
	User    string
	Name    string
	Letter  int
	Correct bool
	Points  int
	Streak  int
	At      time.Time
}

// v3appendAnswer stores an answer after the post's earlier ones (schema 3).
func v3appendAnswer(tx *bolt.Tx, a v3Answer) error {
	answers := tx.Bucket(bucketAnswers)
	seq, err := answers.NextSequence()
	if err != nil {
		return err
	}
	return v3putJSON(answers, append(u64(a.PostID), u64(seq)...), a)
}

func v3getStats(users *bolt.Bucket, key []byte, team quiz.TeamID, user string) (v3Stats, error) {
	st := v3Stats{Team: team, User: user}
	_, err := v3getJSON(users, key, &st)
	return st, err
}

// v3parseRankKey reads a schema 1 to 3 board rank key: ^points, reached in
// Unix nanoseconds, user.
func v3parseRankKey(k []byte) (points int, reached time.Time, user string) {
	return int(^binary.BigEndian.Uint32(k[:4])), time.Unix(0, int64(binary.BigEndian.Uint64(k[4:12]))), string(k[12:])
}

// v3eachPrefix calls f for each key of b that starts with prefix.
func v3eachPrefix(b *bolt.Bucket, prefix []byte, f func(k, v []byte) error) error {
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if err := f(k, v); err != nil {
			return err
		}
	}
	return nil
}

// v3moveOnBoard moves a user's entry on one period's flat board (schemas 2
// and 3): 'r' + ^points + reached (Unix ns) + user, and 'c' + ^points → count.
func v3moveOnBoard(b *bolt.Bucket, team quiz.TeamID, period, user string, now v3Score) error {
	prefix := append(v3teamKey(team, []byte(period)), v3sep)
	rank := append(append(bytes.Clone(prefix), 'r'), u32(^uint32(max(now.Points, 0)))...)
	rank = binary.BigEndian.AppendUint64(rank, uint64(now.Reached.UnixNano()))
	if err := b.Put(append(rank, user...), nil); err != nil {
		return err
	}
	count := append(append(bytes.Clone(prefix), 'c'), u32(^uint32(max(now.Points, 0)))...)
	var n uint64
	if v := b.Get(count); v != nil {
		n = binary.BigEndian.Uint64(v)
	}
	return b.Put(count, u64(n+1))
}
