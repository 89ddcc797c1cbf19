package boltstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// ClaimPost returns the post of c's occurrence, creating it when new.
func (s *Store) ClaimPost(ctx context.Context, c quiz.Claim) (quiz.Post, bool, error) {
	var (
		p       quiz.Post
		created bool
	)
	err := s.update(ctx, func(tx *bolt.Tx) error {
		occKey := teamKey(c.Team, []byte(c.Occurrence))
		if id := tx.Bucket(bucketOccurrences).Get(occKey); id != nil {
			var err error
			p, err = getPost(tx, binary.BigEndian.Uint64(id))
			return err
		}
		var rot quiz.Rotation
		rotations := tx.Bucket(bucketRotations)
		if _, err := getJSON(rotations, []byte(c.Team), &rot); err != nil {
			return err
		}
		q, ok := rot.Next(c.Candidates, quiz.TeamSeed(c.Team))
		if !ok {
			return quiz.Errorf(quiz.EINVALID, "No questions match this team's level and topic settings; widen them with /docker config.")
		}
		posts := tx.Bucket(bucketPosts)
		id, err := posts.NextSequence()
		if err != nil {
			return err
		}
		order := quiz.NewPermutation(quiz.PostSeed(id))
		p = quiz.Post{
			ID:          id,
			Team:        c.Team,
			Channel:     c.Channel,
			Occurrence:  c.Occurrence,
			ScheduledAt: c.ScheduledAt,
			QuestionID:  q.ID,
			Topic:       q.Topic,
			Level:       q.Level,
			Order:       order,
			Correct:     order.CorrectLetter(q),
		}
		created = true
		if err := putJSON(rotations, []byte(c.Team), rot); err != nil {
			return err
		}
		if err := putPost(tx, p); err != nil {
			return err
		}
		if err := tx.Bucket(bucketOccurrences).Put(occKey, u64(id)); err != nil {
			return err
		}
		return tx.Bucket(bucketTeamPosts).Put(teamKey(c.Team, u64(id)), nil)
	})
	if err != nil {
		return quiz.Post{}, false, err
	}
	return p, created, nil
}

// OccurrencePost returns the post of a team's occurrence.
func (s *Store) OccurrencePost(ctx context.Context, team quiz.TeamID, occurrence string) (quiz.Post, error) {
	var p quiz.Post
	err := s.view(ctx, func(tx *bolt.Tx) error {
		id := tx.Bucket(bucketOccurrences).Get(teamKey(team, []byte(occurrence)))
		if id == nil {
			return quiz.Errorf(quiz.ENOTFOUND, "occurrence %s of %s was not claimed", occurrence, team)
		}
		var err error
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
	var p quiz.Post
	ok, err := getJSON(tx.Bucket(bucketPosts), u64(id), &p)
	switch {
	case err != nil:
		return p, err
	case !ok:
		return p, quiz.Errorf(quiz.ENOTFOUND, "That question is no longer available.")
	}
	return p, nil
}

// putPost writes a post's record; its answer counters are kept apart (see
// putCounts), so the record is only rewritten when the post changes.
func putPost(tx *bolt.Tx, p quiz.Post) error {
	p.Answers, p.Right, p.ByLetter = 0, 0, [quiz.NumChoices]int{}
	return putJSON(tx.Bucket(bucketPosts), u64(p.ID), p)
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

// updatePost applies f to a stored post and saves it.
func (s *Store) updatePost(ctx context.Context, id uint64, f func(*bolt.Tx, *quiz.Post) error) (quiz.Post, error) {
	var p quiz.Post
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var err error
		if p, err = getPost(tx, id); err != nil {
			return err
		}
		if err := f(tx, &p); err != nil {
			return err
		}
		return putPost(tx, p)
	})
	return p, err
}

// MarkSent records the message id of a sent post.
func (s *Store) MarkSent(ctx context.Context, postID uint64, messageID string, at time.Time) (quiz.Post, error) {
	return s.updatePost(ctx, postID, func(_ *bolt.Tx, p *quiz.Post) error {
		p.MessageID = messageID
		p.PostedAt = at
		return nil
	})
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
		prefix := teamPrefix(team)
		c := tx.Bucket(bucketTeamPosts).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			p, err := getPost(tx, binary.BigEndian.Uint64(k[len(prefix):]))
			if err != nil {
				return err
			}
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

// RevealPost closes a post and resets the streaks of users who missed it.
func (s *Store) RevealPost(ctx context.Context, postID uint64, at time.Time) (quiz.Post, error) {
	return s.updatePost(ctx, postID, func(tx *bolt.Tx, p *quiz.Post) error {
		if p.Revealed {
			return nil
		}
		p.Revealed = true
		p.RevealedAt = at
		team, err := getTeam(tx, p.Team)
		if err != nil {
			return err
		}
		if err := queueReviews(tx, *p, team.Location()); err != nil {
			return err
		}
		return resetMissedStreaks(tx, p.Team, p.ID)
	})
}

// resetMissedStreaks resets the streak of every user of the team who did
// not answer postID and had a running streak. After each reveal only the
// users who answered the revealed post right keep a streak, so the
// candidates are the right answerers of the team's posts since its
// previously revealed one (usually just the post before): a scan of those
// answers, not of every user.
func resetMissedStreaks(tx *bolt.Tx, team quiz.TeamID, postID uint64) error {
	candidates := map[string]bool{}
	prefix := teamPrefix(team)
	c := tx.Bucket(bucketTeamPosts).Cursor()
	c.Seek(teamKey(team, u64(postID)))
	for k, _ := c.Prev(); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Prev() {
		id := binary.BigEndian.Uint64(k[len(prefix):])
		if err := forAnswers(tx, id, func(a quiz.Answer) {
			if a.Correct {
				candidates[a.User] = true
			}
		}); err != nil {
			return err
		}
		p, err := getPostRecord(tx, id)
		if err != nil {
			return err
		}
		if p.Revealed {
			break
		}
	}
	users := tx.Bucket(bucketUsers)
	for user := range candidates {
		uKey := teamKey(team, []byte(user))
		st, err := getStats(users, uKey, team, user)
		if err != nil {
			return err
		}
		if st.MissedPost(postID) {
			if err := putJSON(users, uKey, st); err != nil {
				return err
			}
		}
	}
	return nil
}

// forAnswers calls f for each answer to a post.
func forAnswers(tx *bolt.Tx, postID uint64, f func(quiz.Answer)) error {
	prefix := u64(postID)
	c := tx.Bucket(bucketAnswers).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var a quiz.Answer
		if err := decodeJSON(k, v, &a); err != nil {
			return err
		}
		f(a)
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
