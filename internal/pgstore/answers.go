package pgstore

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// RecordAnswer stores a daily answer with everything it changes, in one
// transaction: the post's row, then the user's, are locked for update, so
// concurrent answers on one post queue for its counters and none is lost.
func (s *Store) RecordAnswer(ctx context.Context, in quiz.AnswerInput) (quiz.AnswerResult, error) {
	if err := checkPart("user id", in.User); err != nil {
		return quiz.AnswerResult{}, err
	}
	var res quiz.AnswerResult
	err := s.write(ctx, func(tx pgx.Tx) error {
		var err error
		res, err = recordAnswer(ctx, tx, in)
		if err == nil && res.Status != quiz.Recorded {
			err = errUnchanged
		}
		return err
	})
	if err != nil {
		return quiz.AnswerResult{}, err
	}
	return res, nil
}

// recordAnswer reads what quiz.AnswerDaily needs and writes what it
// decides. The post's team is read first, without a lock; then one batch
// locks the post, then the user, and reads the record and which of its
// open answers' posts are still open; one more writes the outcome. So the
// post's lock, which every answer to it waits for, is held for two round
// trips and the commit.
func recordAnswer(ctx context.Context, tx pgx.Tx, in quiz.AnswerInput) (quiz.AnswerResult, error) {
	team, err := scanTeam(tx.QueryRow(ctx, `SELECT `+prefixed("t.", teamColumns)+` FROM posts p JOIN teams t ON t.id = p.team WHERE p.id = $1`, int64(in.PostID)))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return quiz.AnswerResult{}, quiz.Errorf(quiz.ENOTFOUND, "That question is no longer available.")
	case err != nil:
		return quiz.AnswerResult{}, fmt.Errorf("read the team of post %d: %w", in.PostID, err)
	}
	var (
		p    quiz.Post
		st   quiz.UserStats
		open []int64
	)
	b := &pgx.Batch{}
	b.Queue(`SELECT `+postColumns+` FROM posts WHERE id = $1 FOR UPDATE`, int64(in.PostID)).QueryRow(func(row pgx.Row) error {
		p, err = scanPost(row)
		if err != nil {
			return fmt.Errorf("read post %d: %w", in.PostID, err)
		}
		return nil
	})
	queueStats(b, team.ID, in.User, true, &st)
	b.Queue(`SELECT p.id FROM users u CROSS JOIN LATERAL jsonb_object_keys(u.open) AS k(id)
		JOIN posts p ON p.id = k.id::bigint AND NOT p.revealed
		WHERE u.team = $1 AND u.user_id = $2`, string(team.ID), in.User).Query(func(rows pgx.Rows) error {
		var err error
		open, err = pgx.CollectRows(rows, pgx.RowTo[int64])
		return err
	})
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return quiz.AnswerResult{}, err
	}
	st.ForgetClosed(func(id uint64) bool { return slices.Contains(open, int64(id)) })

	t, err := quiz.AnswerDaily(p, team, st, in)
	if err != nil || t.Status != quiz.Recorded {
		return t.AnswerResult, err
	}
	b = &pgx.Batch{}
	if err := queuePutStats(b, t.Stats); err != nil {
		return quiz.AnswerResult{}, err
	}
	for _, m := range t.Boards {
		if err := queueMoveOnBoard(b, p.Team, in.User, m); err != nil {
			return quiz.AnswerResult{}, err
		}
	}
	b.Queue(`UPDATE posts SET answers = $2, right_answers = $3, by_letter = $4 WHERE id = $1`, int64(p.ID), t.Post.Answers, t.Post.Right, t.Post.ByLetter[:])
	b.Queue(`INSERT INTO answers (`+answerColumns+`) VALUES (`+placeholders(answerColumns, 1)+`)`, answerValues(t.Answer)...)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return quiz.AnswerResult{}, fmt.Errorf("record answer of %s to post %d: %w", in.User, p.ID, err)
	}
	return t.AnswerResult, nil
}
