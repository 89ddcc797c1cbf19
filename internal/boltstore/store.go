// Package boltstore implements quiz.Store on a bbolt database file.
//
// The bucket tree of schema 4. Every value is a version byte and a
// protocol buffer message of package records; keys are as short as they
// can be: a team is its 4-byte tag, a question its 4-byte number, ids are
// big-endian so byte order is numeric order, and a variable part that a key
// goes on after is prefixed with its length.
//
//	meta
//	  schema                          → version (uint64)
//	teams
//	  <team id>                       → records.Team (with its tag)
//	teamtags
//	  <tag>                           → team id
//	qids                              (sequence: question numbers)
//	  <question id>                   → number (uint32)
//	qnames
//	  <number>                        → question id
//	posts                             (sequence: post ids)
//	  <post id>                       → records.Post
//	postcounts
//	  <post id>                       → answers, right, A, B, C, D (uint32 each)
//	occurrences
//	  <tag> <occurrence>              → post id      one post per occurrence
//	teamposts
//	  <tag> <post id>                 → (empty)      a team's posts in order
//	answers                           (sequence: arrival order; filled to 100%)
//	  <post id:4> <sequence:4>        → records.Answer
//	users
//	  <tag> <user>                    → records.Stats (period scores, open answers)
//	boards
//	  <tag> <len> <period> r <^points:4> <reached ms:6> <user>  → (empty)   best first
//	  <tag> <len> <period> c <^points:4>                        → players with these points (uint64)
//	rotations
//	  <tag>                           → records.Rotation
//	rounds                            (sequence: round ids)
//	  <round id>                      → records.Round
//	reviews
//	  <tag> <len> <user> <question number>  → records.Card
//	interviews                        (sequence: result ids)
//	  <result id>                     → records.Interview
//	appeals
//	  <question number> <point:1> <result id>  → (empty)   appealed key points
//	postleases
//	  <post id>                       → send lease ends, last live edit (Unix ms, uint64 each)
//	events
//	  i <event id>                    → first seen (Unix ms)   pruned after an hour
//	  t <first seen:8> <event id>     → (empty)                the same, in time order
//	frozen
//	  <tag> <post id> <user>          → (empty)   members a streak freeze kept at the post's reveal
//	jobs
//	  <tag> <job key>                 → records.Job   once-only jobs: claimed until, or done
//	reports
//	  <tag> <len> <question id> <user>  → records.Report   one per member and question
//	reminders
//	  <tag> <user>                    → (empty)   members with review reminders on
//
// A period is a leaderboard period key ("2026-W48", "2026-11", "all").
// ^points is the bitwise complement of the points as a big-endian uint32,
// so a forward scan lists the most points first; reached is when the user
// reached them, so ties list who got there first. A caller's rank is one
// plus the players counted under greater points: a scan of the few distinct
// scores, not of the board. A user's scores in the current periods live in
// their record, so an answer finds its old board entries without another
// index.
//
// Every answer touches as few pages as it can: the writer commits batches
// of answers, and each page a batch dirties is written whole. So answers
// are appended in arrival order into full pages (a second click is caught
// by the user's record, which an answer rewrites anyway), and the post
// counters live apart from the post, so that an answer rewrites 24 bytes,
// not the post.
//
// The rules are not here: every change is decided by a pure function of
// package quiz (AnswerDaily, Reveal, AnswerRound, NewPost), and the store
// reads what it needs and writes what that function returns.
package boltstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Bucket names.
var (
	bucketMeta        = []byte("meta")
	bucketTeams       = []byte("teams")
	bucketPosts       = []byte("posts")
	bucketPostCounts  = []byte("postcounts")
	bucketOccurrences = []byte("occurrences")
	bucketTeamPosts   = []byte("teamposts")
	bucketAnswers     = []byte("answers")
	bucketUsers       = []byte("users")
	bucketBoards      = []byte("boards")
	bucketRotations   = []byte("rotations")
	bucketRounds      = []byte("rounds")
	bucketReviews     = []byte("reviews")
	bucketTeamTags    = []byte("teamtags")
	bucketQIDs        = []byte("qids")
	bucketQNames      = []byte("qnames")
	bucketInterviews  = []byte("interviews")
	bucketAppeals     = []byte("appeals")
	bucketPostLeases  = []byte("postleases")
	bucketEvents      = []byte("events")
	bucketFrozen      = []byte("frozen")
	bucketJobs        = []byte("jobs")
	bucketReports     = []byte("reports")
	bucketReminders   = []byte("reminders")

	keySchema = []byte("schema")
)

// Store is a quiz.Store on one bbolt file.
type Store struct {
	db   *bolt.DB
	path string
	solo bool
	// cache serves the writer's batched transactions.
	cache txCache
}

var _ quiz.Store = (*Store)(nil)

// Options tune a Store.
type Options struct {
	// Timeout bounds the wait for the file lock; another process holding
	// the database makes Open fail after it. Zero means one second.
	Timeout time.Duration
	// ReadOnly opens the file for reading only (commands that only look).
	ReadOnly bool
	// Solo commits every answer in a transaction of its own instead of
	// grouping concurrent answers with DB.Batch: the baseline the
	// benchmarks measure batching against.
	Solo bool
}

// ErrInUse matches (errors.Is) the error Open returns when another process
// holds the database.
var ErrInUse = errors.New("database is in use by another process")

// inUseError names the database another process holds.
type inUseError struct{ path string }

func (e inUseError) Error() string        { return "database " + e.path + " is in use by another process" }
func (e inUseError) Is(target error) bool { return target == ErrInUse }

// Open opens or creates the database at path, creating its directory, and
// brings its schema up to date.
func Open(path string, opts Options) (*Store, error) {
	if opts.Timeout == 0 {
		opts.Timeout = time.Second
	}
	if !opts.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create database directory: %w", err)
		}
	}
	info, statErr := os.Stat(path)
	creating := errors.Is(statErr, os.ErrNotExist)
	// bbolt creates a file with four pages; a shorter one is what a full
	// disk left of a creation, and bbolt would crash reading it.
	if statErr == nil && info.Size() > 0 && info.Size() < minDBSize() {
		return nil, fmt.Errorf("open database %s: the file is %d bytes, too short to be a database (its creation was cut off); move it away to start afresh", path, info.Size())
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.Timeout, ReadOnly: opts.ReadOnly})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, inUseError{path}
	case err != nil:
		if creating {
			// Leave no half-written file for the next start to trip on.
			os.Remove(path)
		}
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	// Answers arrive in bursts (everyone clicks the morning's post); the
	// writer is busy committing one batch while the next one fills, so a
	// short wait is enough to group them (bbolt's default is 10 ms).
	db.MaxBatchDelay = time.Millisecond
	s := &Store{db: db, path: path, solo: opts.Solo}
	if err := s.migrate(opts.ReadOnly); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return s, nil
}

// minDBSize is the size of a new bbolt file: two meta pages, a freelist
// page and an empty root leaf, of the system's page size.
func minDBSize() int64 { return 4 * int64(os.Getpagesize()) }

// Close closes the database file.
func (s *Store) Close() error { return s.db.Close() }

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// DB returns the underlying bbolt database, for tools and tests.
func (s *Store) DB() *bolt.DB { return s.db }

// Backup writes a consistent copy of the database to w while other
// transactions go on.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// Compact writes a compacted copy of the database file src to dst, a new
// file: bbolt never shrinks a file, so pages freed by past writes stay in
// it; the copy holds only the pages in use, filled to the brim. src must
// not be open for writing.
func Compact(dst, src string) error {
	in, err := bolt.Open(src, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return fmt.Errorf("open %s: %w", src, err)
	}
	defer in.Close()
	out, err := bolt.Open(dst, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return fmt.Errorf("create %s: %w", dst, err)
	}
	// Grow the copy a page at a time, not by bbolt's 16 MiB steps, so the
	// file ends where its data does.
	out.AllocSize = os.Getpagesize()
	if err := bolt.Compact(out, in, 64<<20); err != nil {
		out.Close()
		return fmt.Errorf("compact into %s: %w", dst, err)
	}
	return out.Close()
}

// update runs fn in a read-write transaction, honouring ctx before it starts.
func (s *Store) update(ctx context.Context, fn func(*bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.Update(fn)
}

// batch runs fn in a transaction that may be shared with concurrent callers;
// fn must be idempotent (it may run more than once).
func (s *Store) batch(ctx context.Context, fn func(*bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.solo {
		return s.db.Update(fn)
	}
	return s.db.Batch(fn)
}

func (s *Store) view(ctx context.Context, fn func(*bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.View(fn)
}

// writable returns a bucket to write to, set to fill its pages as its keys
// arrive. Answers are appended in order, so their pages are filled to the
// brim. A board entry moves within a team's range of the board as its
// points grow, so a split page keeps only a little room (bbolt's default,
// half, leaves a board half empty). Users and review cards stay at the
// default: their records grow in place at random, and fuller pages there
// split into many near-empty ones (measured: both trees grew by half).
func writable(tx *bolt.Tx, name []byte) *bolt.Bucket {
	b := tx.Bucket(name)
	switch {
	case bytes.Equal(name, bucketAnswers):
		b.FillPercent = 1
	case bytes.Equal(name, bucketBoards):
		b.FillPercent = 0.9
	}
	return b
}

// Ping reports whether the database is open and readable.
func (s *Store) Ping() error {
	return s.db.View(func(*bolt.Tx) error { return nil })
}
