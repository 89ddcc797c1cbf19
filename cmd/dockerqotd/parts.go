package main

// The parts every command that runs the bot builds the same way: the
// question bank, the store and the logger.

import (
	"io"
	"log/slog"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
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

func openStore(path string, readOnly bool) (*boltstore.Store, error) {
	return boltstore.Open(path, boltstore.Options{ReadOnly: readOnly})
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
