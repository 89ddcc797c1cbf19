package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// A round's items as stored in rounds.items.
type itemJSON struct {
	Question string               `json:"question"`
	Topic    string               `json:"topic"`
	Order    [quiz.NumChoices]int `json:"order"`
	Correct  int                  `json:"correct"`
	Letter   int                  `json:"letter"`
}

const roundColumns = `id, team, user_id, kind, items, next, right_answers, created_at`

func roundValues(r quiz.Round) ([]any, error) {
	items := make([]itemJSON, len(r.Items))
	for i, it := range r.Items {
		items[i] = itemJSON{it.QuestionID, string(it.Topic), it.Order, it.Correct, it.Letter}
	}
	data, err := json.Marshal(items)
	if err != nil {
		return nil, fmt.Errorf("encode round %d: %w", r.ID, err)
	}
	return []any{int64(r.ID), string(r.Team), r.User, string(r.Kind), data, r.Next, r.Right, dbTime(r.CreatedAt)}, nil
}

func scanRound(row pgx.Row) (quiz.Round, error) {
	var (
		r       quiz.Round
		id      int64
		data    []byte
		created pgtype.Timestamptz
		items   []itemJSON
	)
	if err := row.Scan(&id, &r.Team, &r.User, &r.Kind, &data, &r.Next, &r.Right, &created); err != nil {
		return r, err
	}
	if err := json.Unmarshal(data, &items); err != nil {
		return r, fmt.Errorf("decode round %d: %w", id, err)
	}
	for _, it := range items {
		r.Items = append(r.Items, quiz.RoundItem{QuestionID: it.Question, Topic: quiz.Topic(it.Topic), Order: it.Order, Correct: it.Correct, Letter: it.Letter})
	}
	r.ID, r.CreatedAt = uint64(id), timeOf(created)
	return r, nil
}

// CreateRound stores a new practice round and returns it with its id.
func (s *Store) CreateRound(ctx context.Context, r quiz.Round) (quiz.Round, error) {
	err := s.write(ctx, func(tx pgx.Tx) error {
		var id int64
		if err := tx.QueryRow(ctx, `SELECT nextval('round_ids')`).Scan(&id); err != nil {
			return fmt.Errorf("next round id: %w", err)
		}
		r.ID = uint64(id)
		values, err := roundValues(r)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO rounds (`+roundColumns+`) VALUES (`+placeholders(roundColumns, 1)+`)`, values...); err != nil {
			return fmt.Errorf("create round: %w", err)
		}
		return nil
	})
	return r, err
}

// AnswerRound records the answer to a round's next question: practice
// stats and the review queue change with it, in one transaction.
func (s *Store) AnswerRound(ctx context.Context, in quiz.RoundAnswer) (quiz.RoundResult, error) {
	if err := checkPart("user id", in.User); err != nil {
		return quiz.RoundResult{}, err
	}
	var res quiz.RoundResult
	err := s.write(ctx, func(tx pgx.Tx) error {
		var err error
		res, err = answerRound(ctx, tx, in)
		if err == nil && res.Status != quiz.RoundRecorded {
			err = errUnchanged
		}
		return err
	})
	if err != nil {
		return quiz.RoundResult{}, err
	}
	return res, nil
}

// answerRound reads what quiz.AnswerRound needs and writes what it decides.
func answerRound(ctx context.Context, tx pgx.Tx, in quiz.RoundAnswer) (quiz.RoundResult, error) {
	r, err := scanRound(tx.QueryRow(ctx, `SELECT `+roundColumns+` FROM rounds WHERE id = $1 FOR UPDATE`, int64(in.RoundID)))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return quiz.RoundResult{}, quiz.Errorf(quiz.ENOTFOUND, "That practice round is no longer available; start a new one with /docker quiz.")
	case err != nil:
		return quiz.RoundResult{}, fmt.Errorf("read round %d: %w", in.RoundID, err)
	}
	team, err := getTeam(ctx, tx, r.Team, "")
	if err != nil {
		return quiz.RoundResult{}, err
	}
	st, err := lockStats(ctx, tx, r.Team, in.User)
	if err != nil {
		return quiz.RoundResult{}, err
	}
	var card *quiz.ReviewCard
	if in.Index >= 0 && in.Index < len(r.Items) && r.User == in.User {
		if card, err = lockCard(ctx, tx, r.Team, in.User, r.Items[in.Index].QuestionID); err != nil {
			return quiz.RoundResult{}, err
		}
	}
	t, err := quiz.AnswerRound(r, st, card, in, team.Location())
	if err != nil || t.Status != quiz.RoundRecorded {
		return t.RoundResult, err
	}
	values, err := roundValues(t.Round)
	if err != nil {
		return quiz.RoundResult{}, err
	}
	b := &pgx.Batch{}
	b.Queue(`UPDATE rounds SET (`+roundColumns+`) = (`+placeholders(roundColumns, 1)+`) WHERE id = $1`, values...)
	if err := queuePutStats(b, t.Stats); err != nil {
		return quiz.RoundResult{}, err
	}
	if err := queueCardMove(b, r.Team, in.User, r.Items[in.Index].QuestionID, t.Card, t.DropCard); err != nil {
		return quiz.RoundResult{}, err
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return quiz.RoundResult{}, fmt.Errorf("record answer to round %d: %w", r.ID, err)
	}
	return t.RoundResult, nil
}

// lockCard reads a user's review card for a question, locked for update;
// nil when there is none.
func lockCard(ctx context.Context, tx pgx.Tx, team quiz.TeamID, user, questionID string) (*quiz.ReviewCard, error) {
	c := quiz.ReviewCard{QuestionID: questionID}
	var due pgtype.Timestamptz
	err := tx.QueryRow(ctx, `SELECT box, due FROM reviews WHERE team = $1 AND user_id = $2 AND question_id = $3 FOR UPDATE`,
		string(team), user, questionID).Scan(&c.Box, &due)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("read review card %s of %s: %w", questionID, user, err)
	}
	c.Due = timeOf(due)
	return &c, nil
}

// queuePutCard queues the writing of a card in a user's review queue.
func queuePutCard(b *pgx.Batch, team quiz.TeamID, user string, c quiz.ReviewCard) error {
	if err := checkPart("user id", user); err != nil {
		return err
	}
	b.Queue(`INSERT INTO reviews (team, user_id, question_id, box, due) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (team, user_id, question_id) DO UPDATE SET box = excluded.box, due = excluded.due`,
		string(team), user, c.QuestionID, c.Box, dbTime(c.Due))
	return nil
}

// queueCardMove queues what a decision does to a user's card for a
// question: card is its new state; drop retires it; neither leaves it.
func queueCardMove(b *pgx.Batch, team quiz.TeamID, user, questionID string, card *quiz.ReviewCard, drop bool) error {
	switch {
	case drop:
		b.Queue(`DELETE FROM reviews WHERE team = $1 AND user_id = $2 AND question_id = $3`, string(team), user, questionID)
	case card != nil:
		return queuePutCard(b, team, user, *card)
	}
	return nil
}

// DueReviews returns the user's cards due at at, most overdue first; cards
// due together in question order.
func (s *Store) DueReviews(ctx context.Context, team quiz.TeamID, user string, at time.Time) ([]quiz.ReviewCard, error) {
	if checkPart("user id", user) != nil {
		return nil, nil
	}
	var due []quiz.ReviewCard
	err := s.read(ctx, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT question_id, box, due FROM reviews
			WHERE team = $1 AND user_id = $2 AND (due IS NULL OR due <= $3)
			ORDER BY due NULLS FIRST, question_id`, string(team), user, at)
		var err error
		due, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (quiz.ReviewCard, error) {
			var (
				c quiz.ReviewCard
				d pgtype.Timestamptz
			)
			err := row.Scan(&c.QuestionID, &c.Box, &d)
			c.Due = timeOf(d)
			return c, err
		})
		if err != nil {
			return fmt.Errorf("read review cards of %s in %s: %w", user, team, err)
		}
		due = nilIfEmpty(due)
		return nil
	})
	return due, err
}
