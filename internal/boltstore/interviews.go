package boltstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/dockerqotd/dockerqotd/internal/boltstore/records"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// CreateInterview stores a graded answer and counts it in its author's
// record, in one transaction.
func (s *Store) CreateInterview(ctx context.Context, r quiz.InterviewResult) (quiz.InterviewResult, error) {
	if err := checkPart("user id", r.User); err != nil {
		return r, err
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		_, tag, err := getTeam(tx, r.Team)
		if err != nil {
			return err
		}
		b := tx.Bucket(bucketInterviews)
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		r.ID = id
		if err := put(b, u64(id), interviewRecord(r)); err != nil {
			return err
		}
		st, err := getStats(tx, r.Team, tag, r.User)
		if err != nil {
			return err
		}
		st.ApplyInterview(r, r.At)
		return put(writable(tx, bucketUsers), userKey(tag, r.User), statsRecord(st))
	})
	return r, err
}

// Interview returns an interview result.
func (s *Store) Interview(ctx context.Context, id uint64) (quiz.InterviewResult, error) {
	var r quiz.InterviewResult
	err := s.view(ctx, func(tx *bolt.Tx) error {
		var err error
		r, err = getInterview(tx, id)
		return err
	})
	return r, err
}

func getInterview(tx *bolt.Tx, id uint64) (quiz.InterviewResult, error) {
	var rec records.Interview
	ok, err := get(tx.Bucket(bucketInterviews), u64(id), &rec)
	switch {
	case err != nil:
		return quiz.InterviewResult{}, err
	case !ok:
		return quiz.InterviewResult{}, quiz.Errorf(quiz.ENOTFOUND, "That interview answer is no longer available; start a new one with /docker interview.")
	}
	return interviewFromRecord(id, &rec), nil
}

// AppealInterview records an appeal as quiz.Appeal decides, with an entry
// in the appeals index for the operators' list.
func (s *Store) AppealInterview(ctx context.Context, in quiz.AppealInput) (quiz.InterviewResult, error) {
	var out quiz.InterviewResult
	err := s.update(ctx, func(tx *bolt.Tx) error {
		r, err := getInterview(tx, in.ResultID)
		if err != nil {
			return err
		}
		_, tag, err := getTeam(tx, r.Team)
		if err != nil {
			return err
		}
		st, err := getStats(tx, r.Team, tag, r.User)
		if err != nil {
			return err
		}
		t, err := quiz.Appeal(r, st, in)
		if err != nil {
			return err
		}
		out = t.Result
		if err := put(tx.Bucket(bucketInterviews), u64(r.ID), interviewRecord(t.Result)); err != nil {
			return err
		}
		if err := put(writable(tx, bucketUsers), userKey(tag, r.User), statsRecord(t.Stats)); err != nil {
			return err
		}
		qnum, err := questionNumber(tx, r.QuestionID)
		if err != nil {
			return err
		}
		return tx.Bucket(bucketAppeals).Put(appealKey(qnum, in.Point, r.ID), nil)
	})
	return out, err
}

// appealKey groups appeals by question and point: question number, point,
// result id.
func appealKey(qnum uint32, point int, resultID uint64) []byte {
	k := append(u32(qnum), byte(point))
	return append(k, u64(resultID)...)
}

// RateInterview records a rating as quiz.Rate decides and moves the
// question in the author's review queue, in one transaction.
func (s *Store) RateInterview(ctx context.Context, in quiz.RateInput) (quiz.RateTransition, error) {
	var t quiz.RateTransition
	err := s.update(ctx, func(tx *bolt.Tx) error {
		r, err := getInterview(tx, in.ResultID)
		if err != nil {
			return err
		}
		team, tag, err := getTeam(tx, r.Team)
		if err != nil {
			return err
		}
		qnum, err := questionNumber(tx, r.QuestionID)
		if err != nil {
			return err
		}
		card, err := getCard(tx, tag, r.User, qnum, r.QuestionID)
		if err != nil {
			return err
		}
		if t, err = quiz.Rate(r, card, in, team.Location()); err != nil {
			return err
		}
		if err := put(tx.Bucket(bucketInterviews), u64(r.ID), interviewRecord(t.Result)); err != nil {
			return err
		}
		switch {
		case t.DropCard:
			return tx.Bucket(bucketReviews).Delete(reviewKey(tag, r.User, qnum))
		case t.Card != nil:
			return putCard(tx, tag, r.User, *t.Card)
		}
		return nil
	})
	return t, err
}

// Appeals returns every appealed key point with its result, ordered by
// question and point.
func (s *Store) Appeals(ctx context.Context) ([]quiz.AppealedPoint, error) {
	var out []quiz.AppealedPoint
	err := s.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAppeals).ForEach(func(k, _ []byte) error {
			if len(k) != 13 {
				return nil
			}
			id, err := questionName(tx, binary.BigEndian.Uint32(k))
			if err != nil {
				return err
			}
			r, err := getInterview(tx, binary.BigEndian.Uint64(k[5:]))
			if err != nil {
				return err
			}
			out = append(out, quiz.AppealedPoint{QuestionID: id, Point: int(k[4]), Result: r})
			return nil
		})
	})
	slices.SortStableFunc(out, func(a, b quiz.AppealedPoint) int {
		if c := bytes.Compare([]byte(a.QuestionID), []byte(b.QuestionID)); c != 0 {
			return c
		}
		return a.Point - b.Point
	})
	return out, err
}
