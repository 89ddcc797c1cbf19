package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"strings"

	"github.com/spf13/pflag"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
	"github.com/dockerqotd/dockerqotd/internal/config"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
	"github.com/dockerqotd/dockerqotd/questions"
)

// flags returns a flag set for a subcommand that reports errors instead of
// exiting, and prints its help on --help.
func (a *app) flags(name string) *pflag.FlagSet {
	fs := pflag.NewFlagSet("dockerqotd "+name, pflag.ContinueOnError)
	fs.SetOutput(a.stdout)
	fs.SortFlags = false
	return fs
}

// parse parses args; --help prints usage and returns errHelp.
func parse(fs *pflag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return errHelp
		}
		return usageError{err.Error()}
	}
	return nil
}

// errHelp ends a command after --help printed its usage.
var errHelp = errors.New("help shown")

// loadConfig reads the environment and binds the common flags.
func (a *app) loadConfig(fs *pflag.FlagSet) (*config.Config, error) {
	cfg, err := config.Load(a.getenv)
	if err != nil {
		return nil, fmt.Errorf("configuration:\n%w", err)
	}
	cfg.Bind(fs)
	return &cfg, nil
}

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

// logger logs text to a terminal and JSON otherwise.
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

func versionString() string {
	v, rev := version, ""
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				rev = s.Value[:12]
			}
		}
		if v == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		return strings.TrimSpace(fmt.Sprintf("dockerqotd %s %s %s", v, rev, info.GoVersion))
	}
	return "dockerqotd " + v
}
