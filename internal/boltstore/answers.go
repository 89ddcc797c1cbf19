package boltstore

import (
	"context"

	bolt "go.etcd.io/bbolt"

	"github.com/dockerqotd/dockerqotd/internal/boltstore/records"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// RecordAnswer stores a daily answer with everything it changes, in one
// transaction shared with concurrent answers (DB.Batch).
func (s *Store) RecordAnswer(ctx context.Context, in quiz.AnswerInput) (quiz.AnswerResult, error) {
	var res quiz.AnswerResult
	err := s.batch(ctx, func(tx *bolt.Tx) error {
		var err error
		res, err = recordAnswer(tx, &s.cache, in)
		return err
	})
	if err != nil {
		return quiz.AnswerResult{}, err
	}
	return res, nil
}

// recordAnswer reads what quiz.AnswerDaily needs and writes what it
// decides. It writes nothing but through tx and returns a fresh result, so
// it may run again when the batch it was part of is retried.
func recordAnswer(tx *bolt.Tx, cache *txCache, in quiz.AnswerInput) (quiz.AnswerResult, error) {
	if err := checkPart("user id", in.User); err != nil {
		return quiz.AnswerResult{}, err
	}
	p, err := cache.post(tx, in.PostID)
	if err != nil {
		return quiz.AnswerResult{}, err
	}
	team, tag, err := cache.team(tx, p.Team)
	if err != nil {
		return quiz.AnswerResult{}, err
	}
	st, err := getStats(tx, p.Team, tag, in.User)
	if err != nil {
		return quiz.AnswerResult{}, err
	}
	var lookupErr error
	st.ForgetClosed(func(id uint64) bool {
		op, err := cache.post(tx, id)
		if err != nil && quiz.ErrorCode(err) != quiz.ENOTFOUND {
			lookupErr = err
			return true
		}
		return err == nil && !op.Revealed
	})
	if lookupErr != nil {
		return quiz.AnswerResult{}, lookupErr
	}
	t, err := quiz.AnswerDaily(p, team, st, in)
	if err != nil || t.Status != quiz.Recorded {
		return t.AnswerResult, err
	}
	if err := put(writable(tx, bucketUsers), userKey(tag, in.User), statsRecord(t.Stats)); err != nil {
		return quiz.AnswerResult{}, err
	}
	boards := writable(tx, bucketBoards)
	for _, m := range t.Boards {
		if err := moveOnBoard(boards, tag, in.User, m); err != nil {
			return quiz.AnswerResult{}, err
		}
	}
	if err := putCounts(tx, t.Post); err != nil {
		return quiz.AnswerResult{}, err
	}
	if err := appendAnswer(tx, t.Answer); err != nil {
		return quiz.AnswerResult{}, err
	}
	return t.AnswerResult, nil
}

// appendAnswer stores an answer after the post's earlier ones: answers
// arrive in order, so their pages fill one after another, to the brim,
// instead of each click rewriting a half-empty page somewhere in the middle.
func appendAnswer(tx *bolt.Tx, a quiz.Answer) error {
	answers := writable(tx, bucketAnswers)
	seq, err := answers.NextSequence()
	if err != nil {
		return err
	}
	key, err := answerKey(a.PostID, seq)
	if err != nil {
		return err
	}
	return put(answers, key, answerRecord(a))
}

// getStats reads a user's record; a user who never answered has a zero
// record.
func getStats(tx *bolt.Tx, team quiz.TeamID, tag uint32, user string) (quiz.UserStats, error) {
	var r records.Stats
	if _, err := get(tx.Bucket(bucketUsers), userKey(tag, user), &r); err != nil {
		return quiz.UserStats{}, err
	}
	return statsFromRecord(team, user, &r), nil
}

// UserStats returns a user's record, zero when the user never answered.
func (s *Store) UserStats(ctx context.Context, team quiz.TeamID, user string) (quiz.UserStats, error) {
	st := quiz.UserStats{Team: team, User: user}
	err := s.view(ctx, func(tx *bolt.Tx) error {
		tag, ok, err := teamTag(tx, team)
		if err != nil || !ok {
			return err
		}
		st, err = getStats(tx, team, tag, user)
		return err
	})
	return st, err
}
