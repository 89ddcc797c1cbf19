package main

// The parts every command that runs the bot builds the same way: the
// question bank, the store and the logger.

import (
	"context"
	"io"
	"log/slog"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
	"github.com/dockerqotd/dockerqotd/internal/config"
	"github.com/dockerqotd/dockerqotd/internal/pgstore"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
	"github.com/dockerqotd/dockerqotd/questions"
)

// loadBank loads the embedded bank and the operator's extra files; a bad
// file stops everything with every problem listed.
func loadBank(extra string) (*quiz.Bank, error) {
	files := questions.EmbeddedFiles()
	if extra != "" {
		more, err := questions.ReadPaths(extra)
		if err != nil {
			return nil, err
		}
		files = append(files, more...)
	}
	qs, err := questions.Parse(files)
	if err != nil {
		return nil, err
	}
	return quiz.NewBank(qs), nil
}

// database is an open store with what commands need besides quiz.Store.
type database struct {
	quiz.Store
	// where names it in messages: the file, or the server without its
	// password.
	where string
	ping  func(context.Context) error
	close func() error
	// bolt is the bbolt store, nil on PostgreSQL: backups and compaction
	// are bbolt's; PostgreSQL has its own tools.
	bolt *boltstore.Store
}

// Close closes the store.
func (d *database) Close() error { return d.close() }

// Ping reports whether the store answers, for /readyz.
func (d *database) Ping(ctx context.Context) error { return d.ping(ctx) }

// openStore opens DOCKERQOTD_DB: PostgreSQL for a postgres:// URL, else a
// bbolt file (read-only for commands that only read, so they can run
// beside a stopped bot's file without changing it).
func openStore(ctx context.Context, db string, readOnly bool) (*database, error) {
	if config.IsPostgresURL(db) {
		s, err := pgstore.Open(ctx, db)
		if err != nil {
			return nil, err
		}
		return &database{Store: s, where: s.Where(), ping: s.Ping, close: func() error { s.Close(); return nil }}, nil
	}
	s, err := boltstore.Open(db, boltstore.Options{ReadOnly: readOnly})
	if err != nil {
		return nil, err
	}
	return &database{Store: s, where: s.Path(), ping: func(context.Context) error { return s.Ping() }, close: s.Close, bolt: s}, nil
}

// newLogger logs text to a terminal and JSON otherwise.
func newLogger(w io.Writer, tty bool, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: l}
	if tty {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}
