package pgstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

const interviewColumns = `id, team, user_id, question_id, topic, answer, covered, appealed, rating, at`

func interviewValues(r quiz.InterviewResult) []any {
	return []any{
		int64(r.ID), string(r.Team), r.User, r.QuestionID, string(r.Topic), r.Answer,
		nonNil(r.Covered), nonNil(r.Appealed), string(r.Rating), dbTime(r.At),
	}
}

func scanInterview(row pgx.Row) (quiz.InterviewResult, error) {
	var (
		r  quiz.InterviewResult
		id int64
		at pgtype.Timestamptz
	)
	if err := row.Scan(&id, &r.Team, &r.User, &r.QuestionID, &r.Topic, &r.Answer, &r.Covered, &r.Appealed, &r.Rating, &at); err != nil {
		return r, err
	}
	r.ID, r.At = uint64(id), timeOf(at)
	r.Covered, r.Appealed = nilIfEmpty(r.Covered), nilIfEmpty(r.Appealed)
	return r, nil
}

// CreateInterview stores a graded answer and counts it in its author's
// record, in one transaction.
func (s *Store) CreateInterview(ctx context.Context, r quiz.InterviewResult) (quiz.InterviewResult, error) {
	if err := checkPart("user id", r.User); err != nil {
		return r, err
	}
	err := s.write(ctx, func(tx pgx.Tx) error {
		if _, err := getTeam(ctx, tx, r.Team, ""); err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRow(ctx, `SELECT nextval('interview_ids')`).Scan(&id); err != nil {
			return fmt.Errorf("next interview id: %w", err)
		}
		r.ID = uint64(id)
		if _, err := tx.Exec(ctx, `INSERT INTO interviews (`+interviewColumns+`) VALUES (`+placeholders(interviewColumns, 1)+`)`, interviewValues(r)...); err != nil {
			return fmt.Errorf("create interview result: %w", err)
		}
		st, err := lockStats(ctx, tx, r.Team, r.User)
		if err != nil {
			return err
		}
		st.ApplyInterview(r, r.At)
		return putStats(ctx, tx, st)
	})
	return r, err
}

// Interview returns an interview result.
func (s *Store) Interview(ctx context.Context, id uint64) (quiz.InterviewResult, error) {
	var r quiz.InterviewResult
	err := s.read(ctx, func(tx pgx.Tx) error {
		var err error
		r, err = getInterview(ctx, tx, id, "")
		return err
	})
	return r, err
}

// getInterview reads a result, with lock appended to the query; ENOTFOUND
// when it does not exist.
func getInterview(ctx context.Context, tx pgx.Tx, id uint64, lock string) (quiz.InterviewResult, error) {
	r, err := scanInterview(tx.QueryRow(ctx, `SELECT `+interviewColumns+` FROM interviews WHERE id = $1 `+lock, int64(id)))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return quiz.InterviewResult{}, quiz.Errorf(quiz.ENOTFOUND, "That interview answer is no longer available; start a new one with /docker interview.")
	case err != nil:
		return quiz.InterviewResult{}, fmt.Errorf("read interview result %d: %w", id, err)
	}
	return r, nil
}

// queuePutInterview queues the rewriting of a stored result.
func queuePutInterview(b *pgx.Batch, r quiz.InterviewResult) {
	b.Queue(`UPDATE interviews SET (`+interviewColumns+`) = (`+placeholders(interviewColumns, 1)+`) WHERE id = $1`, interviewValues(r)...)
}

// AppealInterview records an appeal as quiz.Appeal decides, with a row in
// appeals for the operators' list.
func (s *Store) AppealInterview(ctx context.Context, in quiz.AppealInput) (quiz.InterviewResult, error) {
	var out quiz.InterviewResult
	err := s.write(ctx, func(tx pgx.Tx) error {
		r, err := getInterview(ctx, tx, in.ResultID, "FOR UPDATE")
		if err != nil {
			return err
		}
		if _, err := getTeam(ctx, tx, r.Team, ""); err != nil {
			return err
		}
		st, err := lockStats(ctx, tx, r.Team, r.User)
		if err != nil {
			return err
		}
		t, err := quiz.Appeal(r, st, in)
		if err != nil {
			return err
		}
		out = t.Result
		b := &pgx.Batch{}
		queuePutInterview(b, t.Result)
		if err := queuePutStats(b, t.Stats); err != nil {
			return err
		}
		b.Queue(`INSERT INTO appeals (question_id, point, result_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, r.QuestionID, in.Point, int64(r.ID))
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("appeal interview result %d: %w", r.ID, err)
		}
		return nil
	})
	return out, err
}

// RateInterview records a rating as quiz.Rate decides and moves the
// question in the author's review queue, in one transaction.
func (s *Store) RateInterview(ctx context.Context, in quiz.RateInput) (quiz.RateTransition, error) {
	var t quiz.RateTransition
	err := s.write(ctx, func(tx pgx.Tx) error {
		t = quiz.RateTransition{}
		r, err := getInterview(ctx, tx, in.ResultID, "FOR UPDATE")
		if err != nil {
			return err
		}
		team, err := getTeam(ctx, tx, r.Team, "")
		if err != nil {
			return err
		}
		card, err := lockCard(ctx, tx, r.Team, r.User, r.QuestionID)
		if err != nil {
			return err
		}
		if t, err = quiz.Rate(r, card, in, team.Location()); err != nil {
			return err
		}
		b := &pgx.Batch{}
		queuePutInterview(b, t.Result)
		if err := queueCardMove(b, r.Team, r.User, r.QuestionID, t.Card, t.DropCard); err != nil {
			return err
		}
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("rate interview result %d: %w", r.ID, err)
		}
		return nil
	})
	return t, err
}

// Appeals returns every appealed key point with its result, ordered by
// question and point.
func (s *Store) Appeals(ctx context.Context) ([]quiz.AppealedPoint, error) {
	var out []quiz.AppealedPoint
	err := s.read(ctx, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT a.question_id, a.point, i.id, i.team, i.user_id, i.question_id, i.topic, i.answer,
			i.covered, i.appealed, i.rating, i.at
			FROM appeals a JOIN interviews i ON i.id = a.result_id
			ORDER BY a.question_id, a.point, a.result_id`)
		var err error
		out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (quiz.AppealedPoint, error) {
			var a quiz.AppealedPoint
			r, err := scanInterview(prefixedRow{row, []any{&a.QuestionID, &a.Point}})
			a.Result = r
			return a, err
		})
		if err != nil {
			return fmt.Errorf("read appeals: %w", err)
		}
		out = nilIfEmpty(out)
		return nil
	})
	return out, err
}

// prefixedRow scans its first columns into prefix and hands the rest on.
type prefixedRow struct {
	pgx.Row
	prefix []any
}

func (r prefixedRow) Scan(dest ...any) error { return r.Row.Scan(append(r.prefix, dest...)...) }
