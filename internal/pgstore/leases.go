package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// LeaseSend grants the right to send a post's message when it has none and
// no unexpired lease of another holder: one conditional upsert, which
// concurrent callers take in turn on the lease's row.
func (s *Store) LeaseSend(ctx context.Context, postID uint64, holder string, at time.Time, ttl time.Duration) (bool, error) {
	granted := false
	err := s.write(ctx, func(tx pgx.Tx) error {
		granted = false
		err := tx.QueryRow(ctx, `INSERT INTO post_leases (post_id, send_until, holder)
			SELECT id, $3, $2 FROM posts WHERE id = $1 AND message_id = ''
			ON CONFLICT (post_id) DO UPDATE SET send_until = excluded.send_until, holder = excluded.holder
			WHERE post_leases.send_until IS NULL OR post_leases.send_until <= $4 OR post_leases.holder = $2
			RETURNING true`, int64(postID), holder, dbTime(at.Add(ttl)), at).Scan(&granted)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			// Refused, sent, or no such post: only the last is an error.
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM posts WHERE id = $1)`, int64(postID)).Scan(&exists); err != nil {
				return fmt.Errorf("read post %d: %w", postID, err)
			}
			if !exists {
				return quiz.Errorf(quiz.ENOTFOUND, "That question is no longer available.")
			}
			return errUnchanged
		case err != nil:
			return fmt.Errorf("lease post %d: %w", postID, err)
		}
		return nil
	})
	return granted, err
}

// ClaimLiveEdit grants the next live-count edit of a post when the last
// one started at least interval before at: one conditional upsert.
func (s *Store) ClaimLiveEdit(ctx context.Context, postID uint64, at time.Time, interval time.Duration) (bool, error) {
	granted := false
	err := s.write(ctx, func(tx pgx.Tx) error {
		granted = false
		err := tx.QueryRow(ctx, `INSERT INTO post_leases (post_id, last_edit) VALUES ($1, $2)
			ON CONFLICT (post_id) DO UPDATE SET last_edit = excluded.last_edit
			WHERE post_leases.last_edit IS NULL OR post_leases.last_edit <= $3
			RETURNING true`, int64(postID), dbTime(at), at.Add(-interval)).Scan(&granted)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return errUnchanged
		case err != nil:
			return fmt.Errorf("claim live edit of post %d: %w", postID, err)
		}
		return nil
	})
	return granted, err
}

// eventWindow is how long an event id is remembered.
const eventWindow = time.Hour

// pruneBatch bounds the expired ids one new event deletes.
const pruneBatch = 64

// SeenEvent records an event id and reports whether it is new: one
// conditional upsert. Ids older than eventWindow are pruned, oldest first,
// as new ones arrive.
func (s *Store) SeenEvent(ctx context.Context, id string, at time.Time) (bool, error) {
	fresh := false
	err := s.write(ctx, func(tx pgx.Tx) error {
		fresh = false
		err := tx.QueryRow(ctx, `INSERT INTO events (id, seen_at) VALUES ($1, $2)
			ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at
			WHERE events.seen_at <= $3
			RETURNING true`, id, time.UnixMilli(at.UnixMilli()).UTC(), at.Add(-eventWindow)).Scan(&fresh)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return errUnchanged
		case err != nil:
			return fmt.Errorf("record event %s: %w", id, err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM events WHERE id IN (
			SELECT id FROM events WHERE seen_at < $1 ORDER BY seen_at LIMIT $2)`,
			time.UnixMilli(at.Add(-eventWindow).UnixMilli()).UTC(), pruneBatch); err != nil {
			return fmt.Errorf("prune events: %w", err)
		}
		return nil
	})
	return fresh, err
}
