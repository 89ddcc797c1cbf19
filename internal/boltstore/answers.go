package boltstore

import (
	"context"
	"time"

	bolt "go.etcd.io/bbolt"

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

// recordAnswer writes nothing but through tx and returns a fresh result,
// so it may run again when the batch it was part of is retried.
func recordAnswer(tx *bolt.Tx, cache *txCache, in quiz.AnswerInput) (quiz.AnswerResult, error) {
	var res quiz.AnswerResult
	if in.Letter < 0 || in.Letter >= quiz.NumChoices {
		return res, quiz.Errorf(quiz.EINVALID, "Pick A, B, C or D.")
	}
	p, err := cache.post(tx, in.PostID)
	if err != nil {
		return res, err
	}
	res.Post = p
	users := tx.Bucket(bucketUsers)
	uKey := teamKey(p.Team, []byte(in.User))
	st, err := getStats(users, uKey, p.Team, in.User)
	if err != nil {
		return res, err
	}
	if letter, ok := st.Open[p.ID]; ok {
		res.Status = quiz.AlreadyAnswered
		res.Answer = quiz.Answer{PostID: p.ID, User: in.User, Letter: letter}
		return res, nil
	}
	if p.Revealed {
		res.Status = quiz.Closed
		return res, nil
	}
	team, err := cache.team(tx, p.Team)
	if err != nil {
		return res, err
	}
	if err := keepOpen(tx, cache, &st); err != nil {
		return res, err
	}
	st.Open[p.ID] = in.Letter
	st.Name = in.Name
	right := in.Letter == p.Correct
	points := st.ApplyDaily(p.ID, p.Topic, right, in.At)
	loc := team.Location()
	keys := make([]string, len(quiz.Periods))
	for i, period := range quiz.Periods {
		keys[i] = period.Key(in.At, loc)
	}
	before, had := st.AddScore(keys, points, in.At)
	if err := putJSON(users, uKey, st); err != nil {
		return res, err
	}
	boards := tx.Bucket(bucketBoards)
	for i, key := range keys {
		if err := moveOnBoard(boards, p.Team, key, in.User, before[i], had[i], st.Scores[key]); err != nil {
			return res, err
		}
	}
	p.Answers++
	if right {
		p.Right++
	}
	p.ByLetter[in.Letter]++
	if err := putCounts(tx, p); err != nil {
		return res, err
	}
	a := quiz.Answer{PostID: p.ID, User: in.User, Name: in.Name, Letter: in.Letter, Correct: right, Points: points, Streak: st.Streak, At: in.At}
	if err := appendAnswer(tx, a); err != nil {
		return res, err
	}
	return quiz.AnswerResult{Status: quiz.Recorded, Answer: a, Post: p, Stats: st}, nil
}

// appendAnswer stores an answer after the post's earlier ones: answers
// arrive in order, so their pages fill one after another instead of each
// click rewriting a page somewhere in the middle.
func appendAnswer(tx *bolt.Tx, a quiz.Answer) error {
	answers := tx.Bucket(bucketAnswers)
	seq, err := answers.NextSequence()
	if err != nil {
		return err
	}
	return putJSON(answers, answerKey(a.PostID, seq), a)
}

// keepOpen drops the user's answers to posts that have been revealed since.
func keepOpen(tx *bolt.Tx, cache *txCache, st *quiz.UserStats) error {
	if st.Open == nil {
		st.Open = map[uint64]int{}
	}
	for id := range st.Open {
		p, err := cache.post(tx, id)
		switch {
		case quiz.ErrorCode(err) == quiz.ENOTFOUND, err == nil && p.Revealed:
			delete(st.Open, id)
		case err != nil:
			return err
		}
	}
	return nil
}

func getStats(users *bolt.Bucket, key []byte, team quiz.TeamID, user string) (quiz.UserStats, error) {
	st := quiz.UserStats{Team: team, User: user}
	_, err := getJSON(users, key, &st)
	return st, err
}

// UserStats returns a user's record, zero when the user never answered.
func (s *Store) UserStats(ctx context.Context, team quiz.TeamID, user string) (quiz.UserStats, error) {
	var st quiz.UserStats
	err := s.view(ctx, func(tx *bolt.Tx) error {
		var err error
		st, err = getStats(tx.Bucket(bucketUsers), teamKey(team, []byte(user)), team, user)
		return err
	})
	return st, err
}

// failReview puts a wrongly answered question in box 1 of the user's queue.
func failReview(tx *bolt.Tx, team quiz.TeamID, user, questionID string, at time.Time, loc *time.Location) error {
	return putJSON(tx.Bucket(bucketReviews), reviewKey(team, user, questionID), quiz.NewReviewCard(questionID, at, loc))
}

// queueReviews puts the question of a revealed post in the review queue of
// everyone who answered it wrong, due the day after their answer. It runs
// at the reveal, not at each click: the review must not show the answer
// before the channel sees it, and one transaction writes the cards of the
// whole post.
func queueReviews(tx *bolt.Tx, p quiz.Post, loc *time.Location) error {
	var wrong []quiz.Answer
	if err := forAnswers(tx, p.ID, func(a quiz.Answer) {
		if !a.Correct {
			wrong = append(wrong, a)
		}
	}); err != nil {
		return err
	}
	for _, a := range wrong {
		if err := failReview(tx, p.Team, a.User, p.QuestionID, a.At, loc); err != nil {
			return err
		}
	}
	return nil
}
func reviewKey(team quiz.TeamID, user, questionID string) []byte {
	return teamKey(team, []byte(user), []byte(questionID))
}
