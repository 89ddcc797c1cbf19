package boltstore

import (
	"bytes"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"

	"github.com/dockerqotd/dockerqotd/internal/boltstore/records"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// compactRecords is migration 4. Schemas 1 to 3 kept JSON values and
// string-keyed composites (team 0x00 user …); schema 4 keeps a version byte
// and a protocol buffer per value, and keys a team by a 4-byte tag and a
// question by a 4-byte number (see the package comment). Every bucket is
// read in the old layout and written back in the new one.
func compactRecords(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketTeamTags, bucketQIDs, bucketQNames} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	m := &migration4{tx: tx, tags: map[quiz.TeamID]uint32{}}
	for _, step := range []func() error{m.teams, m.posts, m.occurrences, m.teamPosts, m.answers, m.users, m.boards, m.rotations, m.rounds, m.reviews} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

type migration4 struct {
	tx   *bolt.Tx
	tags map[quiz.TeamID]uint32
}

// tag returns a team's tag, giving one to a team met for the first time.
func (m *migration4) tag(team quiz.TeamID) (uint32, error) {
	if t, ok := m.tags[team]; ok {
		return t, nil
	}
	tags := m.tx.Bucket(bucketTeamTags)
	n, err := tags.NextSequence()
	if err != nil {
		return 0, err
	}
	m.tags[team] = uint32(n)
	return uint32(n), tags.Put(u32(uint32(n)), []byte(team))
}

type kv struct{ k, v []byte }

// drain reads every pair of a bucket and replaces the bucket with an empty
// one that keeps its sequence.
func (m *migration4) drain(name []byte) ([]kv, *bolt.Bucket, error) {
	b := m.tx.Bucket(name)
	var all []kv
	if err := b.ForEach(func(k, v []byte) error {
		all = append(all, kv{bytes.Clone(k), bytes.Clone(v)})
		return nil
	}); err != nil {
		return nil, nil, err
	}
	seq := b.Sequence()
	if err := m.tx.DeleteBucket(name); err != nil {
		return nil, nil, err
	}
	nb, err := m.tx.CreateBucket(name)
	if err != nil {
		return nil, nil, err
	}
	return all, nb, nb.SetSequence(seq)
}

// rewrite drains a bucket and puts back, for each old pair, what f returns
// (a nil key drops the pair).
func (m *migration4) rewrite(name []byte, f func(k, v []byte) ([]byte, proto.Message, error)) error {
	all, b, err := m.drain(name)
	if err != nil {
		return err
	}
	for _, p := range all {
		k, rec, err := f(p.k, p.v)
		if err != nil {
			return err
		}
		if k != nil {
			if err := put(b, k, rec); err != nil {
				return err
			}
		}
	}
	return nil
}

// cutTeam splits an old composite key at its first separator.
func cutTeam(k []byte) (quiz.TeamID, []byte, error) {
	team, rest, ok := bytes.Cut(k, []byte{v3sep})
	if !ok {
		return "", nil, fmt.Errorf("old key %q has no team part", k)
	}
	return quiz.TeamID(team), rest, nil
}

func (m *migration4) teams() error {
	return m.rewrite(bucketTeams, func(k, v []byte) ([]byte, proto.Message, error) {
		var t v3Team
		if err := v3decode(k, v, &t); err != nil {
			return nil, nil, err
		}
		tag, err := m.tag(quiz.TeamID(k))
		if err != nil {
			return nil, nil, err
		}
		qt := quiz.Team{ID: t.ID, Name: t.Name, Channel: t.Channel, Schedule: t.Schedule, Timezone: t.Timezone, Paused: t.Paused,
			Filter: quiz.Filter{Levels: t.Filter.Levels, Topics: t.Filter.Topics}, Reveal: t.Reveal, CreatedAt: t.CreatedAt}
		return k, teamRecord(qt, tag), nil
	})
}

func (m *migration4) posts() error {
	return m.rewrite(bucketPosts, func(k, v []byte) ([]byte, proto.Message, error) {
		var p v3Post
		if err := v3decode(k, v, &p); err != nil {
			return nil, nil, err
		}
		return k, postRecord(quiz.Post{
			ID: p.ID, Team: p.Team, Channel: p.Channel, Occurrence: p.Occurrence, ScheduledAt: p.ScheduledAt,
			QuestionID: p.QuestionID, Topic: p.Topic, Level: p.Level, Order: p.Order, Correct: p.Correct,
			MessageID: p.MessageID, PostedAt: p.PostedAt, Revealed: p.Revealed, RevealedAt: p.RevealedAt,
		}), nil
	})
}

// rekey drains a bucket of raw values whose keys start with a team and
// puts each value back under the team's tag.
func (m *migration4) rekey(name []byte) error {
	all, b, err := m.drain(name)
	if err != nil {
		return err
	}
	for _, p := range all {
		team, rest, err := cutTeam(p.k)
		if err != nil {
			return err
		}
		tag, err := m.tag(team)
		if err != nil {
			return err
		}
		if err := b.Put(tagKey(tag, rest), p.v); err != nil {
			return err
		}
	}
	return nil
}

func (m *migration4) occurrences() error { return m.rekey(bucketOccurrences) }

func (m *migration4) teamPosts() error { return m.rekey(bucketTeamPosts) }

func (m *migration4) answers() error {
	all, b, err := m.drain(bucketAnswers)
	if err != nil {
		return err
	}
	b.FillPercent = 1
	for _, p := range all {
		var a v3Answer
		if err := v3decode(p.k, p.v, &a); err != nil {
			return err
		}
		if len(p.k) != 16 {
			return fmt.Errorf("old answer key %x is not post id and sequence", p.k)
		}
		key, err := answerKey(binary.BigEndian.Uint64(p.k), binary.BigEndian.Uint64(p.k[8:]))
		if err != nil {
			return err
		}
		rec := answerRecord(quiz.Answer{User: a.User, Letter: a.Letter, Correct: a.Correct, Points: a.Points, Streak: a.Streak, At: a.At})
		if err := put(b, key, rec); err != nil {
			return err
		}
	}
	return nil
}

func (m *migration4) users() error {
	return m.rewrite(bucketUsers, func(k, v []byte) ([]byte, proto.Message, error) {
		team, user, err := cutTeam(k)
		if err != nil {
			return nil, nil, err
		}
		var st v3Stats
		if err := v3decode(k, v, &st); err != nil {
			return nil, nil, err
		}
		tag, err := m.tag(team)
		if err != nil {
			return nil, nil, err
		}
		qs := quiz.UserStats{
			Name: st.Name, Points: st.Points, Streak: st.Streak, BestStreak: st.BestStreak, LastPost: st.LastPost,
			Daily: quiz.Tally(st.Daily), Practice: quiz.Tally(st.Practice), Open: st.Open, LastSeen: st.LastSeen,
		}
		for t, tt := range st.Topics {
			if qs.Topics == nil {
				qs.Topics = map[quiz.Topic]quiz.TopicTally{}
			}
			qs.Topics[t] = quiz.TopicTally{Daily: quiz.Tally(tt.Daily), Practice: quiz.Tally(tt.Practice)}
		}
		for period, sc := range st.Scores {
			if qs.Scores == nil {
				qs.Scores = map[string]quiz.Score{}
			}
			qs.Scores[period] = quiz.Score{Points: sc.Points, Reached: sc.Reached}
		}
		return userKey(tag, string(user)), statsRecord(qs), nil
	})
}

// boards rewrites "team 0 period 0 kind rest" as "tag len period kind
// rest", with rank times in milliseconds.
func (m *migration4) boards() error {
	all, b, err := m.drain(bucketBoards)
	if err != nil {
		return err
	}
	for _, p := range all {
		team, rest, err := cutTeam(p.k)
		if err != nil {
			return err
		}
		period, rest, ok := bytes.Cut(rest, []byte{v3sep})
		if !ok || len(rest) < 5 {
			return fmt.Errorf("old board key %q is not team, period, kind", p.k)
		}
		tag, err := m.tag(team)
		if err != nil {
			return err
		}
		kind, rest := rest[0], rest[1:]
		key := boardPrefix(tag, string(period), kind)
		if kind == boardRank {
			points, reached, user := v3parseRankKey(rest)
			key = append(key, rankKey(points, reached, user)...)
		} else {
			key = append(key, rest...)
		}
		if err := b.Put(key, p.v); err != nil {
			return err
		}
	}
	return nil
}

func (m *migration4) rotations() error {
	return m.rewrite(bucketRotations, func(k, v []byte) ([]byte, proto.Message, error) {
		var r v3Rotation
		if err := v3decode(k, v, &r); err != nil {
			return nil, nil, err
		}
		tag, err := m.tag(quiz.TeamID(k))
		if err != nil {
			return nil, nil, err
		}
		rec := &records.Rotation{Cycle: uint32(r.Cycle)}
		for _, id := range r.Used {
			n, err := questionNumber(m.tx, id)
			if err != nil {
				return nil, nil, err
			}
			rec.Used = append(rec.Used, n)
		}
		return u32(tag), rec, nil
	})
}

func (m *migration4) rounds() error {
	return m.rewrite(bucketRounds, func(k, v []byte) ([]byte, proto.Message, error) {
		var r v3Round
		if err := v3decode(k, v, &r); err != nil {
			return nil, nil, err
		}
		qr := quiz.Round{ID: r.ID, Team: r.Team, User: r.User, Kind: r.Kind, Next: r.Next, Right: r.Right, CreatedAt: r.CreatedAt}
		for _, it := range r.Items {
			qr.Items = append(qr.Items, quiz.RoundItem{QuestionID: it.QuestionID, Topic: it.Topic, Order: it.Order, Correct: it.Correct, Letter: it.Letter})
		}
		return k, roundRecord(qr), nil
	})
}

func (m *migration4) reviews() error {
	return m.rewrite(bucketReviews, func(k, v []byte) ([]byte, proto.Message, error) {
		team, rest, err := cutTeam(k)
		if err != nil {
			return nil, nil, err
		}
		user, question, ok := bytes.Cut(rest, []byte{v3sep})
		if !ok {
			return nil, nil, fmt.Errorf("old review key %q is not team, user, question", k)
		}
		var c v3Card
		if err := v3decode(k, v, &c); err != nil {
			return nil, nil, err
		}
		tag, err := m.tag(team)
		if err != nil {
			return nil, nil, err
		}
		qnum, err := questionNumber(m.tx, string(question))
		if err != nil {
			return nil, nil, err
		}
		return reviewKey(tag, string(user), qnum), &records.Card{Box: uint32(c.Box), DueMs: ms(c.Due)}, nil
	})
}
