package boltstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/dockerqotd/dockerqotd/internal/boltstore/records"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// ClaimPost returns the post of c's occurrence, creating it when new.
func (s *Store) ClaimPost(ctx context.Context, c quiz.Claim) (quiz.Post, bool, error) {
	var (
		p       quiz.Post
		created bool
	)
	err := s.update(ctx, func(tx *bolt.Tx) error {
		_, tag, err := getTeam(tx, c.Team)
		if err != nil {
			return err
		}
		occKey := tagKey(tag, []byte(c.Occurrence))
		if id := tx.Bucket(bucketOccurrences).Get(occKey); id != nil {
			p, err = getPost(tx, binary.BigEndian.Uint64(id))
			return err
		}
		rot, err := getRotation(tx, tag)
		if err != nil {
			return err
		}
		id, err := tx.Bucket(bucketPosts).NextSequence()
		if err != nil {
			return err
		}
		if p, err = quiz.NewPost(c, &rot, id); err != nil {
			return err
		}
		created = true
		if err := putRotation(tx, tag, rot); err != nil {
			return err
		}
		if err := putPost(tx, p); err != nil {
			return err
		}
		if err := tx.Bucket(bucketOccurrences).Put(occKey, u64(id)); err != nil {
			return err
		}
		return tx.Bucket(bucketTeamPosts).Put(tagKey(tag, u64(id)), nil)
	})
	if err != nil {
		return quiz.Post{}, false, err
	}
	return p, created, nil
}

func getRotation(tx *bolt.Tx, tag uint32) (quiz.Rotation, error) {
	var r records.Rotation
	if _, err := get(tx.Bucket(bucketRotations), u32(tag), &r); err != nil {
		return quiz.Rotation{}, err
	}
	rot := quiz.Rotation{Cycle: int(r.Cycle)}
	for _, n := range r.Used {
		id, err := questionName(tx, n)
		if err != nil {
			return rot, err
		}
		rot.Used = append(rot.Used, id)
	}
	return rot, nil
}

func putRotation(tx *bolt.Tx, tag uint32, rot quiz.Rotation) error {
	r := &records.Rotation{Cycle: uint32(rot.Cycle)}
	for _, id := range rot.Used {
		n, err := questionNumber(tx, id)
		if err != nil {
			return err
		}
		r.Used = append(r.Used, n)
	}
	return put(tx.Bucket(bucketRotations), u32(tag), r)
}

// OccurrencePost returns the post of a team's occurrence.
func (s *Store) OccurrencePost(ctx context.Context, team quiz.TeamID, occurrence string) (quiz.Post, error) {
	var p quiz.Post
	err := s.view(ctx, func(tx *bolt.Tx) error {
		tag, ok, err := teamTag(tx, team)
		if err != nil {
			return err
		}
		var id []byte
		if ok {
			id = tx.Bucket(bucketOccurrences).Get(tagKey(tag, []byte(occurrence)))
		}
		if id == nil {
			return quiz.Errorf(quiz.ENOTFOUND, "occurrence %s of %s was not claimed", occurrence, team)
		}
		p, err = getPost(tx, binary.BigEndian.Uint64(id))
		return err
	})
	return p, err
}

// getPost reads a post and its answer counters.
func getPost(tx *bolt.Tx, id uint64) (quiz.Post, error) {
	p, err := getPostRecord(tx, id)
	if err == nil {
		readCounts(tx, &p)
	}
	return p, err
}

// getPostRecord reads a post without its counters.
func getPostRecord(tx *bolt.Tx, id uint64) (quiz.Post, error) {
	var r records.Post
	ok, err := get(tx.Bucket(bucketPosts), u64(id), &r)
	switch {
	case err != nil:
		return quiz.Post{}, err
	case !ok:
		return quiz.Post{}, quiz.Errorf(quiz.ENOTFOUND, "That question is no longer available.")
	}
	return postFromRecord(&r), nil
}

// putPost writes a post's record; its answer counters are kept apart (see
// putCounts), so the record is only rewritten when the post changes.
func putPost(tx *bolt.Tx, p quiz.Post) error {
	return put(tx.Bucket(bucketPosts), u64(p.ID), postRecord(p))
}

// countsSize is the length of a post's counters: answers, right, and the
// answers of each letter, as big-endian uint32s.
const countsSize = 4 * (2 + quiz.NumChoices)

func putCounts(tx *bolt.Tx, p quiz.Post) error {
	v := make([]byte, 0, countsSize)
	for _, n := range append([]int{p.Answers, p.Right}, p.ByLetter[:]...) {
		v = binary.BigEndian.AppendUint32(v, uint32(n))
	}
	return tx.Bucket(bucketPostCounts).Put(u64(p.ID), v)
}

func readCounts(tx *bolt.Tx, p *quiz.Post) {
	v := tx.Bucket(bucketPostCounts).Get(u64(p.ID))
	if len(v) != countsSize {
		return
	}
	n := func(i int) int { return int(binary.BigEndian.Uint32(v[4*i:])) }
	p.Answers, p.Right = n(0), n(1)
	for i := range p.ByLetter {
		p.ByLetter[i] = n(2 + i)
	}
}

// MarkSent records the message id of a sent post.
func (s *Store) MarkSent(ctx context.Context, postID uint64, messageID string, at time.Time) (quiz.Post, error) {
	var p quiz.Post
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var err error
		if p, err = getPost(tx, postID); err != nil {
			return err
		}
		p.MessageID, p.PostedAt = messageID, at
		return putPost(tx, p)
	})
	return p, err
}

// Post returns a post.
func (s *Store) Post(ctx context.Context, id uint64) (quiz.Post, error) {
	var p quiz.Post
	err := s.view(ctx, func(tx *bolt.Tx) error {
		var err error
		p, err = getPost(tx, id)
		return err
	})
	return p, err
}

// Posts returns a team's posts, oldest first.
func (s *Store) Posts(ctx context.Context, team quiz.TeamID) ([]quiz.Post, error) {
	var out []quiz.Post
	err := s.view(ctx, func(tx *bolt.Tx) error {
		tag, ok, err := teamTag(tx, team)
		if err != nil || !ok {
			return err
		}
		return eachTeamPost(tx, tag, func(id uint64) error {
			p, err := getPost(tx, id)
			out = append(out, p)
			return err
		})
	})
	return out, err
}

func eachTeamPost(tx *bolt.Tx, tag uint32, f func(id uint64) error) error {
	prefix := u32(tag)
	c := tx.Bucket(bucketTeamPosts).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if err := f(binary.BigEndian.Uint64(k[len(prefix):])); err != nil {
			return err
		}
	}
	return nil
}

// RevealPost closes a post, resets the streaks of users who missed it and
// queues the question for review by those who answered it wrong, as
// quiz.Reveal decides; revealed reports whether this call did it.
func (s *Store) RevealPost(ctx context.Context, postID uint64, at time.Time) (quiz.Post, bool, error) {
	var (
		out      quiz.Post
		revealed bool
	)
	err := s.update(ctx, func(tx *bolt.Tx) error {
		p, err := getPost(tx, postID)
		if err != nil {
			return err
		}
		team, tag, err := getTeam(tx, p.Team)
		if err != nil {
			return err
		}
		out = p
		if p.Revealed {
			return nil
		}
		var answers []quiz.Answer
		if err := forAnswers(tx, p.ID, func(a quiz.Answer) { answers = append(answers, a) }); err != nil {
			return err
		}
		candidates, err := streakCandidates(tx, p.Team, tag, p.ID)
		if err != nil {
			return err
		}
		t, _ := quiz.RevealFor(p, at, team, answers, candidates)
		out, revealed = t.Post, true
		if err := putPost(tx, t.Post); err != nil {
			return err
		}
		users := writable(tx, bucketUsers)
		for _, st := range t.Stats {
			if err := put(users, userKey(tag, st.User), statsRecord(st)); err != nil {
				return err
			}
		}
		for _, uc := range t.Cards {
			if err := putCard(tx, tag, uc.User, uc.Card); err != nil {
				return err
			}
		}
		for _, user := range t.Frozen {
			if err := tx.Bucket(bucketFrozen).Put(tagKey(tag, u64(p.ID), []byte(user)), nil); err != nil {
				return err
			}
		}
		return nil
	})
	return out, revealed && err == nil, err
}

// streakCandidates returns the records of the users who may have a streak
// running into postID. After each reveal only the users who answered the
// revealed post right, or whom a freeze kept, keep a streak, so they are
// the right answerers of the team's posts since its previously revealed
// one (usually just the post before) and the members frozen at that
// reveal: a scan of those answers, not of every user.
func streakCandidates(tx *bolt.Tx, team quiz.TeamID, tag uint32, postID uint64) ([]quiz.UserStats, error) {
	seen := map[string]bool{}
	var users []string
	prefix := u32(tag)
	c := tx.Bucket(bucketTeamPosts).Cursor()
	c.Seek(tagKey(tag, u64(postID)))
	for k, _ := c.Prev(); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Prev() {
		id := binary.BigEndian.Uint64(k[len(prefix):])
		if err := forAnswers(tx, id, func(a quiz.Answer) {
			if a.Correct && !seen[a.User] {
				seen[a.User] = true
				users = append(users, a.User)
			}
		}); err != nil {
			return nil, err
		}
		p, err := getPostRecord(tx, id)
		if err != nil {
			return nil, err
		}
		if p.Revealed {
			prefix := tagKey(tag, u64(id))
			fc := tx.Bucket(bucketFrozen).Cursor()
			for k, _ := fc.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = fc.Next() {
				if u := string(k[len(prefix):]); !seen[u] {
					seen[u] = true
					users = append(users, u)
				}
			}
			break
		}
	}
	slices.Sort(users)
	out := make([]quiz.UserStats, 0, len(users))
	for _, u := range users {
		st, err := getStats(tx, team, tag, u)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// forAnswers calls f for each answer to a post, in arrival order.
func forAnswers(tx *bolt.Tx, postID uint64, f func(quiz.Answer)) error {
	prefix := u32(uint32(postID))
	c := tx.Bucket(bucketAnswers).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var r records.Answer
		if err := decode(k, v, &r); err != nil {
			return err
		}
		f(answerFromRecord(postID, &r))
	}
	return nil
}

// Answers returns the answers to a post, in the order they arrived.
func (s *Store) Answers(ctx context.Context, postID uint64) ([]quiz.Answer, error) {
	var out []quiz.Answer
	err := s.view(ctx, func(tx *bolt.Tx) error {
		return forAnswers(tx, postID, func(a quiz.Answer) { out = append(out, a) })
	})
	slices.SortStableFunc(out, func(a, b quiz.Answer) int { return a.At.Compare(b.At) })
	return out, err
}
