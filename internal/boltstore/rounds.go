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

// CreateRound stores a new practice round and returns it with its id.
func (s *Store) CreateRound(ctx context.Context, r quiz.Round) (quiz.Round, error) {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		rounds := tx.Bucket(bucketRounds)
		id, err := rounds.NextSequence()
		if err != nil {
			return err
		}
		r.ID = id
		return put(rounds, u64(id), roundRecord(r))
	})
	return r, err
}

// AnswerRound records the answer to a round's next question: practice
// stats and the review queue change with it, in one transaction.
func (s *Store) AnswerRound(ctx context.Context, in quiz.RoundAnswer) (quiz.RoundResult, error) {
	var res quiz.RoundResult
	err := s.batch(ctx, func(tx *bolt.Tx) error {
		var err error
		res, err = answerRound(tx, &s.cache, in)
		return err
	})
	if err != nil {
		return quiz.RoundResult{}, err
	}
	return res, nil
}

// answerRound reads what quiz.AnswerRound needs and writes what it decides.
func answerRound(tx *bolt.Tx, cache *txCache, in quiz.RoundAnswer) (quiz.RoundResult, error) {
	if err := checkPart("user id", in.User); err != nil {
		return quiz.RoundResult{}, err
	}
	var rr records.Round
	ok, err := get(tx.Bucket(bucketRounds), u64(in.RoundID), &rr)
	switch {
	case err != nil:
		return quiz.RoundResult{}, err
	case !ok:
		return quiz.RoundResult{}, quiz.Errorf(quiz.ENOTFOUND, "That practice round is no longer available; start a new one with /docker quiz.")
	}
	r := roundFromRecord(in.RoundID, &rr)
	team, tag, err := cache.team(tx, r.Team)
	if err != nil {
		return quiz.RoundResult{}, err
	}
	st, err := getStats(tx, r.Team, tag, in.User)
	if err != nil {
		return quiz.RoundResult{}, err
	}
	var card *quiz.ReviewCard
	var qnum uint32
	if in.Index >= 0 && in.Index < len(r.Items) && r.User == in.User {
		if qnum, err = questionNumber(tx, r.Items[in.Index].QuestionID); err != nil {
			return quiz.RoundResult{}, err
		}
		if card, err = getCard(tx, tag, in.User, qnum, r.Items[in.Index].QuestionID); err != nil {
			return quiz.RoundResult{}, err
		}
	}
	t, err := quiz.AnswerRound(r, st, card, in, team.Location())
	if err != nil || t.Status != quiz.RoundRecorded {
		return t.RoundResult, err
	}
	if err := put(tx.Bucket(bucketRounds), u64(r.ID), roundRecord(t.Round)); err != nil {
		return quiz.RoundResult{}, err
	}
	if err := put(writable(tx, bucketUsers), userKey(tag, in.User), statsRecord(t.Stats)); err != nil {
		return quiz.RoundResult{}, err
	}
	switch {
	case t.DropCard:
		err = tx.Bucket(bucketReviews).Delete(reviewKey(tag, in.User, qnum))
	case t.Card != nil:
		err = putCard(tx, tag, in.User, *t.Card)
	}
	return t.RoundResult, err
}

func getCard(tx *bolt.Tx, tag uint32, user string, qnum uint32, questionID string) (*quiz.ReviewCard, error) {
	var r records.Card
	ok, err := get(tx.Bucket(bucketReviews), reviewKey(tag, user, qnum), &r)
	if err != nil || !ok {
		return nil, err
	}
	return &quiz.ReviewCard{QuestionID: questionID, Box: int(r.Box), Due: fromMs(r.DueMs)}, nil
}

// putCard writes a card in a user's review queue.
func putCard(tx *bolt.Tx, tag uint32, user string, c quiz.ReviewCard) error {
	if err := checkPart("user id", user); err != nil {
		return err
	}
	qnum, err := questionNumber(tx, c.QuestionID)
	if err != nil {
		return err
	}
	return put(writable(tx, bucketReviews), reviewKey(tag, user, qnum), &records.Card{Box: uint32(c.Box), DueMs: ms(c.Due)})
}

// DueReviews returns the user's cards due at at, most overdue first.
func (s *Store) DueReviews(ctx context.Context, team quiz.TeamID, user string, at time.Time) ([]quiz.ReviewCard, error) {
	var due []quiz.ReviewCard
	err := s.view(ctx, func(tx *bolt.Tx) error {
		tag, ok, err := teamTag(tx, team)
		if err != nil || !ok || checkPart("user id", user) != nil {
			return err
		}
		prefix := reviewPrefix(tag, user)
		c := tx.Bucket(bucketReviews).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var r records.Card
			if err := decode(k, v, &r); err != nil {
				return err
			}
			id, err := questionName(tx, binary.BigEndian.Uint32(k[len(prefix):]))
			if err != nil {
				return err
			}
			card := quiz.ReviewCard{QuestionID: id, Box: int(r.Box), Due: fromMs(r.DueMs)}
			if card.IsDue(at) {
				due = append(due, card)
			}
		}
		return nil
	})
	slices.SortStableFunc(due, func(a, b quiz.ReviewCard) int { return a.Due.Compare(b.Due) })
	return due, err
}
