package boltstore

import (
	"bytes"
	"context"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

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
		return putJSON(rounds, u64(id), r)
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

func answerRound(tx *bolt.Tx, cache *txCache, in quiz.RoundAnswer) (quiz.RoundResult, error) {
	var res quiz.RoundResult
	if in.Letter < 0 || in.Letter >= quiz.NumChoices {
		return res, quiz.Errorf(quiz.EINVALID, "Pick A, B, C or D.")
	}
	rounds := tx.Bucket(bucketRounds)
	ok, err := getJSON(rounds, u64(in.RoundID), &res.Round)
	switch {
	case err != nil:
		return res, err
	case !ok:
		return res, quiz.Errorf(quiz.ENOTFOUND, "That practice round is no longer available; start a new one with /docker quiz.")
	}
	r := &res.Round
	switch {
	case r.User != in.User:
		res.Status = quiz.RoundNotYours
		return res, nil
	case in.Index < r.Next:
		res.Status = quiz.RoundAlreadyAnswered
		res.Right = r.Items[in.Index].Letter == r.Items[in.Index].Correct
		return res, nil
	case in.Index > r.Next || in.Index >= len(r.Items):
		return res, quiz.Errorf(quiz.EINVALID, "That question is not the current one of your round.")
	}
	team, err := cache.team(tx, r.Team)
	if err != nil {
		return res, err
	}
	item := &r.Items[in.Index]
	item.Letter = in.Letter
	res.Right = in.Letter == item.Correct
	r.Next++
	if res.Right {
		r.Right++
	}
	if err := putJSON(rounds, u64(r.ID), r); err != nil {
		return res, err
	}

	users := tx.Bucket(bucketUsers)
	uKey := teamKey(r.Team, []byte(in.User))
	if res.Stats, err = getStats(users, uKey, r.Team, in.User); err != nil {
		return res, err
	}
	if in.Name != "" {
		res.Stats.Name = in.Name
	}
	res.Stats.ApplyPractice(item.Topic, res.Right, in.At)
	if err := putJSON(users, uKey, res.Stats); err != nil {
		return res, err
	}
	return res, updateReview(tx, r, item, res.Right, in.At, team.Location())
}

// updateReview moves a card of the user's review queue: a review round
// promotes or demotes it; any other wrong answer puts it in box 1.
func updateReview(tx *bolt.Tx, r *quiz.Round, item *quiz.RoundItem, right bool, at time.Time, loc *time.Location) error {
	reviews := tx.Bucket(bucketReviews)
	key := reviewKey(r.Team, r.User, item.QuestionID)
	if r.Kind != quiz.KindReview {
		if right {
			return nil
		}
		return putJSON(reviews, key, quiz.NewReviewCard(item.QuestionID, at, loc))
	}
	var card quiz.ReviewCard
	ok, err := getJSON(reviews, key, &card)
	if err != nil {
		return err
	}
	if !ok {
		card = quiz.NewReviewCard(item.QuestionID, at, loc)
	}
	if !card.Review(right, at, loc) {
		return reviews.Delete(key)
	}
	return putJSON(reviews, key, card)
}

// DueReviews returns the user's cards due at at, most overdue first.
func (s *Store) DueReviews(ctx context.Context, team quiz.TeamID, user string, at time.Time) ([]quiz.ReviewCard, error) {
	var due []quiz.ReviewCard
	err := s.view(ctx, func(tx *bolt.Tx) error {
		prefix := append(teamKey(team, []byte(user)), sep)
		c := tx.Bucket(bucketReviews).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var card quiz.ReviewCard
			if err := decodeJSON(k, v, &card); err != nil {
				return err
			}
			if card.IsDue(at) {
				due = append(due, card)
			}
		}
		return nil
	})
	slices.SortStableFunc(due, func(a, b quiz.ReviewCard) int { return a.Due.Compare(b.Due) })
	return due, err
}
