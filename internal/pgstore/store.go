// Package pgstore implements quiz.Store on PostgreSQL, for several
// replicas of the bot sharing one database.
//
// The tables, made by the numbered files of migrations/ (applied at Open
// under an advisory lock and listed in schema_version). Team ids, user
// ids, periods and question ids sort bytewise (COLLATE "C"), as boltstore's
// keys do; times are timestamptz in whole milliseconds, as boltstore keeps
// them, NULL for none.
//
//	schema_version  version → name, applied_at            one row per migration applied
//	teams           id → settings (levels, topics: text[]; season, no_freezes)
//	rotations       team → cycle, used (text[])            locked FOR UPDATE by ClaimPost
//	posts           id (sequence post_ids) → team, occurrence, question, choice order,
//	                message id, reveal state
//	                UNIQUE (team, occurrence)              one post per occurrence
//	                index (team, id)                       a team's posts in order
//	post_counts     (post id, shard) → answers, right_answers, letter_a … letter_d
//	                a post's counters are the sums of its rows; an answer adds
//	                to the row of its user's shard, the reveal folds them into one
//	post_leases     post id → send_until, holder, last_edit
//	answers         (post id, user) → letter, correct, points, streak, at;
//	                seq (identity): the order they arrived in
//	users           (team, user) → the record: counters, topics and open (jsonb),
//	                freezes, history (history_posts, history_results),
//	                periods: the keys of the scores that make UserStats.Scores
//	scores          (team, user, period) → points, reached   the leaderboards
//	                index scores_rank (team, period, points DESC, reached, user)
//	frozen          (team, post id, user)                  whom a freeze kept at the post's reveal
//	reviews         (team, user, question) → box, due
//	rounds          id (sequence round_ids) → team, user, kind, items (jsonb), next, right
//	interviews      id (sequence interview_ids) → the result; covered, appealed (boolean[])
//	appeals         (question, point, result id)           appealed key points, in order
//	events          id → seen_at, index (seen_at)           pruned after an hour
//
// A period is a leaderboard period key ("2026-W48", "2026-11", "2026-Q4",
// "all"). A board's top N is the first N entries of scores_rank for (team,
// period); a caller's rank is one plus a count over the same index of the
// players with more points. The scores of a user's current periods are the
// rows of scores that their users row names in periods, so the record and
// the boards cannot disagree; past periods keep their rows, so last week's
// board stays as it ended.
//
// Every method runs in one transaction, committed before it returns. The
// rules are not here: a method reads the state, locking for update the
// rows it will change (a post, round or result first, then the user), so
// that concurrent replicas lose no update — except that answers hold their
// post FOR SHARE, so the answers to one post run side by side and only the
// reveal waits for them; calls the pure function of
// package quiz that decides (AnswerDaily, RevealFor, AnswerRound, NewPost,
// Appeal, Rate, UserStats.ForgetClosed); and writes what it returns. A
// decision that changes nothing rolls back, so not even the users row
// made to lock stays behind. LeaseSend, ClaimLiveEdit and SeenEvent are one
// conditional INSERT … ON CONFLICT DO UPDATE … RETURNING each.
package pgstore

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Store is a quiz.Store on a PostgreSQL database.
type Store struct {
	pool  *pgxpool.Pool
	where string
}

var _ quiz.Store = (*Store)(nil)

// dialTimeout bounds a connection attempt when the URL sets no
// connect_timeout: an unreachable server fails Open instead of hanging.
const dialTimeout = 10 * time.Second

// Open connects to the database at url (postgres://user:password@host:5432/db?sslmode=…)
// and brings its schema up to date. Its errors name the server, database
// and user, never the password.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx masks passwords in its parse errors only on a best-effort
		// basis, so none of its text is shown.
		return nil, errors.New("open PostgreSQL: the database URL cannot be parsed; want postgres://user:password@host:5432/database?sslmode=disable")
	}
	cc := cfg.ConnConfig
	if cc.ConnectTimeout == 0 {
		d := &net.Dialer{Timeout: dialTimeout, KeepAlive: 5 * time.Minute}
		cc.DialFunc = d.DialContext
	}
	where := describe(cc.Config)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, safeError(cc.Password, "open PostgreSQL "+where, err)
	}
	s := &Store{pool: pool, where: where}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, safeError(cc.Password, "open PostgreSQL "+where, err)
	}
	return s, nil
}

// describe names a server for people: host, port, database and user.
func describe(c pgconn.Config) string {
	host := c.Host
	if !strings.HasPrefix(host, "/") {
		host = net.JoinHostPort(host, strconv.Itoa(int(c.Port)))
	}
	return fmt.Sprintf("at %s, database %s, user %s", host, c.Database, c.User)
}

// openError is an error of Open: a message fit to print, and its cause for
// errors.Is and errors.As.
type openError struct {
	msg   string
	cause error
}

func (e *openError) Error() string { return e.msg }
func (e *openError) Unwrap() error { return e.cause }

// safeError describes err after what, without pgx's connect prefix and
// never with the password.
func safeError(password, what string, err error) error {
	var ce *pgconn.ConnectError
	detail := err
	if errors.As(err, &ce) && errors.Unwrap(ce) != nil {
		detail = errors.Unwrap(ce)
	}
	msg := what + ": " + detail.Error()
	if password != "" && strings.Contains(msg, password) {
		msg = what + ": " + strings.ReplaceAll(detail.Error(), password, "xxxxx")
	}
	return &openError{msg: msg, cause: err}
}

// Close closes every connection.
func (s *Store) Close() { s.pool.Close() }

// Where names the database for people: "PostgreSQL at host:port, database
// d, user u", never the password.
func (s *Store) Where() string { return "PostgreSQL " + s.where }

// Ping reports whether the database answers: the readiness of a replica.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("PostgreSQL %s: %w", s.where, err)
	}
	return nil
}

// errUnchanged ends a write transaction whose decision changes nothing: it
// rolls back, and the method returns no error.
var errUnchanged = errors.New("nothing to write")

// maxAttempts bounds the runs of a write transaction that PostgreSQL
// aborted to break a deadlock or a serialization conflict.
const maxAttempts = 5

// write runs fn in a read-committed transaction and commits it. fn reads
// what it will change with SELECT … FOR UPDATE; it must write only through
// tx and set its results afresh, as it runs again when PostgreSQL aborts
// the transaction to break a deadlock.
func (s *Store) write(ctx context.Context, fn func(pgx.Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := s.run(ctx, pgx.TxOptions{}, fn)
		if !retryable(err) || attempt == maxAttempts {
			return err
		}
	}
}

// writeBatched runs a write transaction in two round trips: BEGIN with
// the statements that read queues, then the statements that write queues
// once their results are in, with COMMIT. write returns errUnchanged to
// roll back. The server runs the writes' batch to its end, COMMIT
// included, before their results are read: an error of the server stops
// the commit, a check on a result cannot, so what the writes depend on is
// checked among the reads. As with write, the transaction runs again when
// PostgreSQL aborts it to break a deadlock, so read and write set their
// results afresh.
func (s *Store) writeBatched(ctx context.Context, read func(*pgx.Batch), write func(*pgx.Batch) error) error {
	for attempt := 1; ; attempt++ {
		err := s.runBatched(ctx, read, write)
		if !retryable(err) || attempt == maxAttempts {
			return err
		}
	}
}

func (s *Store) runBatched(ctx context.Context, read func(*pgx.Batch), write func(*pgx.Batch) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	// The pool closes a connection released inside a transaction (one
	// whose ROLLBACK failed) instead of lending it again.
	defer conn.Release()
	b := &pgx.Batch{}
	b.Queue("BEGIN")
	read(b)
	err = conn.SendBatch(ctx, b).Close()
	if err == nil {
		b = &pgx.Batch{}
		if err = write(b); err == nil {
			b.Queue("COMMIT").Exec(func(tag pgconn.CommandTag) error {
				if tag.String() != "COMMIT" {
					return fmt.Errorf("commit: %w", pgx.ErrTxCommitRollback)
				}
				return nil
			})
			err = conn.SendBatch(ctx, b).Close()
		}
	}
	if err == nil {
		return nil
	}
	conn.Exec(context.WithoutCancel(ctx), "ROLLBACK")
	if errors.Is(err, errUnchanged) {
		return nil
	}
	return err
}

// read runs fn in a read-only transaction that sees one snapshot.
func (s *Store) read(ctx context.Context, fn func(pgx.Tx) error) error {
	return s.run(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
}

func (s *Store) run(ctx context.Context, opts pgx.TxOptions, fn func(pgx.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	tx, err := s.pool.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback(context.WithoutCancel(ctx))
		if errors.Is(err, errUnchanged) {
			return nil
		}
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}

// maxKeyPart is the longest user id or period boltstore's keys hold; both
// stores refuse longer ones alike.
const maxKeyPart = 255

func checkPart(what, s string) error {
	if len(s) == 0 || len(s) > maxKeyPart {
		return fmt.Errorf("%s %q must be 1 to %d bytes", what, s, maxKeyPart)
	}
	return nil
}
