package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// ClaimPost returns the post of c's occurrence, creating it when new.
// Replicas claiming the same occurrence queue on the team's rotation row;
// the first creates the post, the others find it.
func (s *Store) ClaimPost(ctx context.Context, c quiz.Claim) (quiz.Post, bool, error) {
	var (
		p       quiz.Post
		created bool
	)
	err := s.write(ctx, func(tx pgx.Tx) error {
		created = false
		if _, err := getTeam(ctx, tx, c.Team, ""); err != nil {
			return err
		}
		// claimed reads the occurrence's post into p, if there is one: a
		// claim that finds it changes nothing.
		claimed := func() (bool, error) {
			var err error
			p, err = occurrencePost(ctx, tx, c.Team, c.Occurrence)
			switch quiz.ErrorCode(err) {
			case quiz.ENOTFOUND:
				return false, nil
			case "":
				return true, errUnchanged
			}
			return true, err
		}
		if ok, err := claimed(); ok {
			return err
		}
		rot, err := lockRotation(ctx, tx, c.Team)
		if err != nil {
			return err
		}
		// The replica that held the rotation before may have created it.
		if ok, err := claimed(); ok {
			return err
		}
		var id int64
		if err := tx.QueryRow(ctx, `SELECT nextval('post_ids')`).Scan(&id); err != nil {
			return fmt.Errorf("next post id: %w", err)
		}
		if p, err = quiz.NewPost(c, &rot, uint64(id)); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `INSERT INTO posts (`+postColumns+`) VALUES (`+placeholders(postColumns, 1)+`)
			ON CONFLICT (team, occurrence) DO NOTHING`, postValues(p)...)
		switch {
		case err != nil:
			return fmt.Errorf("create post: %w", err)
		case tag.RowsAffected() == 0:
			// Not reached while every claim takes the rotation first;
			// the constraint is what guarantees one post per occurrence.
			if ok, err := claimed(); ok {
				return err
			}
			return fmt.Errorf("create post: occurrence %s of %s is neither new nor claimed", c.Occurrence, c.Team)
		}
		if _, err := tx.Exec(ctx, `UPDATE rotations SET cycle = $2, used = $3 WHERE team = $1`, string(c.Team), rot.Cycle, nonNil(rot.Used)); err != nil {
			return fmt.Errorf("save rotation of %s: %w", c.Team, err)
		}
		created = true
		return nil
	})
	if err != nil {
		return quiz.Post{}, false, err
	}
	return p, created, nil
}

// lockRotation reads a team's rotation for update, creating it first.
func lockRotation(ctx context.Context, tx pgx.Tx, team quiz.TeamID) (quiz.Rotation, error) {
	if _, err := tx.Exec(ctx, `INSERT INTO rotations (team, cycle, used) VALUES ($1, 0, '{}') ON CONFLICT (team) DO NOTHING`, string(team)); err != nil {
		return quiz.Rotation{}, fmt.Errorf("create rotation of %s: %w", team, err)
	}
	var (
		rot  quiz.Rotation
		used []string
	)
	if err := tx.QueryRow(ctx, `SELECT cycle, used FROM rotations WHERE team = $1 FOR UPDATE`, string(team)).Scan(&rot.Cycle, &used); err != nil {
		return rot, fmt.Errorf("read rotation of %s: %w", team, err)
	}
	rot.Used = nilIfEmpty(used)
	return rot, nil
}

// OccurrencePost returns the post of a team's occurrence.
func (s *Store) OccurrencePost(ctx context.Context, team quiz.TeamID, occurrence string) (quiz.Post, error) {
	var p quiz.Post
	err := s.read(ctx, func(tx pgx.Tx) error {
		var err error
		p, err = occurrencePost(ctx, tx, team, occurrence)
		return err
	})
	return p, err
}

func occurrencePost(ctx context.Context, tx pgx.Tx, team quiz.TeamID, occurrence string) (quiz.Post, error) {
	p, err := scanPost(tx.QueryRow(ctx, selectPosts+`WHERE p.team = $1 AND p.occurrence = $2`, string(team), occurrence))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return quiz.Post{}, quiz.Errorf(quiz.ENOTFOUND, "occurrence %s of %s was not claimed", occurrence, team)
	case err != nil:
		return quiz.Post{}, fmt.Errorf("read occurrence %s of %s: %w", occurrence, team, err)
	}
	return p, nil
}

// getPost reads a post; ENOTFOUND when it does not exist.
func getPost(ctx context.Context, tx pgx.Tx, id uint64) (quiz.Post, error) {
	return postOf(id, tx.QueryRow(ctx, selectPosts+`WHERE p.id = $1`, int64(id)))
}

// postOf scans the row of post id read by selectPosts; ENOTFOUND when
// there is none.
func postOf(id uint64, row pgx.Row) (quiz.Post, error) {
	p, err := scanPost(row)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return quiz.Post{}, errNoPost
	case err != nil:
		return quiz.Post{}, fmt.Errorf("read post %d: %w", id, err)
	}
	return p, nil
}

// errNoPost answers a request about a post that does not exist.
var errNoPost = quiz.Errorf(quiz.ENOTFOUND, "That question is no longer available.")

// lockPost locks a post's row FOR UPDATE, once the answers that hold it
// FOR SHARE are committed, and reads the post into p. The post is read by
// a statement of its own: a statement sees what was committed when it
// began, and the lock's began before those answers committed.
func lockPost(ctx context.Context, tx pgx.Tx, id uint64, p *quiz.Post) error {
	b := &pgx.Batch{}
	b.Queue(`SELECT FROM posts WHERE id = $1 FOR UPDATE`, int64(id))
	b.Queue(selectPosts+`WHERE p.id = $1`, int64(id)).QueryRow(func(row pgx.Row) error {
		var err error
		*p, err = postOf(id, row)
		return err
	})
	return tx.SendBatch(ctx, b).Close()
}

// MarkSent records the message id of a sent post.
func (s *Store) MarkSent(ctx context.Context, postID uint64, messageID string, at time.Time) (quiz.Post, error) {
	var p quiz.Post
	err := s.write(ctx, func(tx pgx.Tx) error {
		// The update waits for answers holding the row; the post is read
		// after it, with their counts.
		b := &pgx.Batch{}
		b.Queue(`UPDATE posts SET message_id = $2, posted_at = $3 WHERE id = $1`, int64(postID), messageID, dbTime(at))
		b.Queue(selectPosts+`WHERE p.id = $1`, int64(postID)).QueryRow(func(row pgx.Row) error {
			var err error
			p, err = postOf(postID, row)
			return err
		})
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("mark post %d sent: %w", postID, err)
		}
		return nil
	})
	return p, err
}

// Post returns a post.
func (s *Store) Post(ctx context.Context, id uint64) (quiz.Post, error) {
	var p quiz.Post
	err := s.read(ctx, func(tx pgx.Tx) error {
		var err error
		p, err = getPost(ctx, tx, id)
		return err
	})
	return p, err
}

// Posts returns a team's posts, oldest first.
func (s *Store) Posts(ctx context.Context, team quiz.TeamID) ([]quiz.Post, error) {
	var out []quiz.Post
	err := s.read(ctx, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, selectPosts+`WHERE p.team = $1 ORDER BY p.id`, string(team))
		var err error
		out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (quiz.Post, error) { return scanPost(row) })
		if err != nil {
			return fmt.Errorf("read posts of %s: %w", team, err)
		}
		out = nilIfEmpty(out)
		return nil
	})
	return out, err
}

// RevealPost closes a post, resets the streaks of users who missed it (or
// uses their streak freeze) and queues the question for review by those
// who answered it wrong, as quiz.RevealFor decides; revealed reports
// whether this call did it. The post's row lock makes one of several
// concurrent calls the revealer.
func (s *Store) RevealPost(ctx context.Context, postID uint64, at time.Time) (quiz.Post, bool, error) {
	var (
		out      quiz.Post
		revealed bool
	)
	err := s.write(ctx, func(tx pgx.Tx) error {
		revealed = false
		var p quiz.Post
		if err := lockPost(ctx, tx, postID, &p); err != nil {
			return err
		}
		team, err := getTeam(ctx, tx, p.Team, "")
		if err != nil {
			return err
		}
		out = p
		if p.Revealed {
			return errUnchanged
		}
		answers, err := postAnswers(ctx, tx, p.ID, "seq")
		if err != nil {
			return err
		}
		candidates, err := streakCandidates(ctx, tx, p.Team, p.ID)
		if err != nil {
			return err
		}
		t, _ := quiz.RevealFor(p, at, team, answers, candidates)
		b := &pgx.Batch{}
		b.Queue(`UPDATE posts SET revealed = $2, revealed_at = $3 WHERE id = $1`, int64(p.ID), t.Post.Revealed, dbTime(t.Post.RevealedAt))
		// No answer adds to the counters any more: their shards fold
		// into one row, so that listings of past posts read one each.
		b.Queue(`WITH gone AS (DELETE FROM post_counts WHERE post_id = $1 RETURNING `+countColumns+`)
			INSERT INTO post_counts (post_id, shard, `+countColumns+`)
			SELECT $1, 0, sum(answers), sum(right_answers), sum(letter_a), sum(letter_b), sum(letter_c), sum(letter_d) FROM gone
			HAVING count(*) > 0`, int64(p.ID))
		for _, st := range t.Stats {
			if err := queuePutStats(b, st); err != nil {
				return err
			}
		}
		for _, uc := range t.Cards {
			if err := queuePutCard(b, p.Team, uc.User, uc.Card); err != nil {
				return err
			}
		}
		for _, user := range t.Frozen {
			b.Queue(`INSERT INTO frozen (team, post_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, string(p.Team), int64(p.ID), user)
		}
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("reveal post %d: %w", p.ID, err)
		}
		out, revealed = t.Post, true
		return nil
	})
	return out, revealed && err == nil, err
}

// streakCandidates returns, locked for update, the records of the users who
// may have a streak running into postID: after each reveal only the users
// who answered the revealed post right, or whom a freeze kept, keep a
// streak, so they are the right answerers of the team's posts since its
// previously revealed one and the members frozen at that reveal.
func streakCandidates(ctx context.Context, tx pgx.Tx, team quiz.TeamID, postID uint64) ([]quiz.UserStats, error) {
	rows, _ := tx.Query(ctx, `WITH last AS (
			SELECT coalesce(max(id), 0) AS id FROM posts WHERE team = $1 AND id < $2 AND revealed)
		SELECT u.user_id, `+prefixed("u.", statsColumns)+` FROM users u
		WHERE u.team = $1 AND u.user_id IN (
			SELECT a.user_id FROM answers a JOIN posts p ON p.id = a.post_id
			WHERE p.team = $1 AND p.id < $2 AND p.id >= (SELECT id FROM last) AND a.correct
			UNION
			SELECT f.user_id FROM frozen f WHERE f.team = $1 AND f.post_id = (SELECT id FROM last))
		ORDER BY u.user_id
		FOR UPDATE OF u`, string(team), int64(postID))
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (quiz.UserStats, error) { return scanStats(row, team) })
	if err != nil {
		return nil, fmt.Errorf("read streak candidates of post %d: %w", postID, err)
	}
	return out, fillScores(ctx, tx, team, out)
}

// Answers returns the answers to a post, in the order they arrived.
func (s *Store) Answers(ctx context.Context, postID uint64) ([]quiz.Answer, error) {
	var out []quiz.Answer
	err := s.read(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = postAnswers(ctx, tx, postID, "at NULLS FIRST, seq")
		return err
	})
	return out, err
}

// postAnswers reads a post's answers in the given order.
func postAnswers(ctx context.Context, tx pgx.Tx, postID uint64, order string) ([]quiz.Answer, error) {
	rows, _ := tx.Query(ctx, `SELECT `+answerColumns+` FROM answers WHERE post_id = $1 ORDER BY `+order, int64(postID))
	out, err := pgx.CollectRows(rows, scanAnswer)
	if err != nil {
		return nil, fmt.Errorf("read answers to post %d: %w", postID, err)
	}
	return nilIfEmpty(out), nil
}
