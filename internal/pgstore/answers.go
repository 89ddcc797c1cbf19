package pgstore

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// RecordAnswer stores a daily answer with everything it changes, in one
// transaction of three round trips (see writeBatched). The answers to a
// post run side by side: each holds the post's row FOR SHARE, which only
// the reveal's FOR UPDATE waits for, and locks its user's row for update,
// so that a member's second click waits for the first and is refused.
func (s *Store) RecordAnswer(ctx context.Context, in quiz.AnswerInput) (quiz.AnswerResult, error) {
	if err := checkPart("user id", in.User); err != nil {
		return quiz.AnswerResult{}, err
	}
	var (
		state answerState
		res   quiz.AnswerResult
	)
	err := s.writeBatched(ctx, func(b *pgx.Batch) { state.queue(b, in) }, func(b *pgx.Batch) error {
		var err error
		res, err = state.record(b, in)
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

// answerState is what quiz.AnswerDaily decides an answer from.
type answerState struct {
	post quiz.Post
	team quiz.Team
	st   quiz.UserStats
	// open are the posts of the user's open answers that are still open.
	open []int64
}

// queue queues the reads of an answer into a: the post, locked FOR
// SHARE, its team, the user's record, locked for update, and which of its
// open answers' posts are still open. They need only the post's id, so
// that they go out in one batch.
func (a *answerState) queue(b *pgx.Batch, in quiz.AnswerInput) {
	*a = answerState{}
	b.Queue(selectPosts+`WHERE p.id = $1 FOR SHARE OF p`, int64(in.PostID)).QueryRow(func(row pgx.Row) error {
		var err error
		a.post, err = postOf(in.PostID, row)
		return err
	})
	b.Queue(`SELECT `+teamColumns+` FROM teams WHERE id = (SELECT team FROM posts WHERE id = $1)`, int64(in.PostID)).QueryRow(func(row pgx.Row) error {
		var err error
		a.team, err = scanTeam(row)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return errNoPost
		case err != nil:
			return fmt.Errorf("read the team of post %d: %w", in.PostID, err)
		}
		return nil
	})
	queueStats(b, teamOfPost(in.PostID, &a.team.ID), in.User, true, &a.st)
	b.Queue(`SELECT p.id FROM users u CROSS JOIN LATERAL jsonb_object_keys(u.open) AS k(id)
		JOIN posts p ON p.id = k.id::bigint AND NOT p.revealed
		WHERE u.team = (SELECT team FROM posts WHERE id = $1) AND u.user_id = $2`, int64(in.PostID), in.User).Query(func(rows pgx.Rows) error {
		var err error
		a.open, err = pgx.CollectRows(rows, pgx.RowTo[int64])
		return err
	})
}

// record decides the answer by quiz.AnswerDaily from what queue read and
// queues the writing of what it decides: the user's record and boards,
// the answer, and one more on the user's row of the post's counters.
func (a *answerState) record(b *pgx.Batch, in quiz.AnswerInput) (quiz.AnswerResult, error) {
	a.st.ForgetClosed(func(id uint64) bool { return slices.Contains(a.open, int64(id)) })
	t, err := quiz.AnswerDaily(a.post, a.team, a.st, in)
	if err != nil || t.Status != quiz.Recorded {
		return t.AnswerResult, err
	}
	if err := queuePutStats(b, t.Stats); err != nil {
		return quiz.AnswerResult{}, err
	}
	for _, m := range t.Boards {
		if err := queueMoveOnBoard(b, a.post.Team, in.User, m); err != nil {
			return quiz.AnswerResult{}, err
		}
	}
	b.Queue(`INSERT INTO answers (`+answerColumns+`) VALUES (`+placeholders(answerColumns, 1)+`)`, answerValues(t.Answer)...)
	b.Queue(`INSERT INTO post_counts AS c (post_id, shard, `+countColumns+`) VALUES ($1, $2, `+placeholders(countColumns, 3)+`)
		ON CONFLICT (post_id, shard) DO UPDATE SET answers = c.answers + excluded.answers, right_answers = c.right_answers + excluded.right_answers,
		letter_a = c.letter_a + excluded.letter_a, letter_b = c.letter_b + excluded.letter_b,
		letter_c = c.letter_c + excluded.letter_c, letter_d = c.letter_d + excluded.letter_d`,
		append([]any{int64(a.post.ID), shardOf(in.User)}, countValues(a.post, t.Post)...)...)
	return t.AnswerResult, nil
}

// postShards is how many rows of post_counts the answers to one post
// spread over. An answer locks its row until it commits, so the answers
// of users of one shard still take turns.
const postShards = 32

// shardOf is the row of post_counts that a user's answers add to.
func shardOf(user string) int16 {
	h := fnv.New32a()
	h.Write([]byte(user))
	return int16(h.Sum32() % postShards)
}
