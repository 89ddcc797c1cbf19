package main

// The command line's shared helpers: flags and their errors, the
// configuration, the team a command works on, JSON output.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/pflag"

	"github.com/dockerqotd/dockerqotd/internal/config"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// usageError is a mistake in how the command was called; it exits with 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

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

func ignoreHelp(err error) error {
	if errors.Is(err, errHelp) {
		return nil
	}
	return err
}

// loadConfig reads the environment and binds the common flags.
func (a *app) loadConfig(fs *pflag.FlagSet) (*config.Config, error) {
	cfg, err := config.Load(a.getenv)
	if err != nil {
		return nil, fmt.Errorf("configuration:\n%w", err)
	}
	cfg.Bind(fs)
	return &cfg, nil
}

// teamFlag registers --team.
func teamFlag(fs *pflag.FlagSet, id *string) {
	fs.StringVar(id, "team", "", "team id (discord:<guild>, slack:<workspace> or local); needed when there are several")
}

// openTeam opens the database for reading and picks the team.
func openTeam(ctx context.Context, db, teamID string) (*database, quiz.Team, error) {
	store, err := openStore(ctx, db, true)
	if err != nil {
		return nil, quiz.Team{}, err
	}
	team, err := pickTeam(ctx, store, teamID)
	if err != nil {
		store.Close()
		return nil, quiz.Team{}, err
	}
	return store, team, nil
}

// pickTeam returns the named team, or the only team when none is named.
func pickTeam(ctx context.Context, store *database, id string) (quiz.Team, error) {
	if id != "" {
		t, err := store.Team(ctx, quiz.TeamID(id))
		if quiz.ErrorCode(err) == quiz.ENOTFOUND {
			return t, fmt.Errorf("no team %q in %s", id, store.where)
		}
		return t, err
	}
	teams, err := store.Teams(ctx)
	if err != nil {
		return quiz.Team{}, err
	}
	switch len(teams) {
	case 0:
		return quiz.Team{}, fmt.Errorf("no teams in %s yet: run the bot first", store.where)
	case 1:
		return teams[0], nil
	}
	ids := make([]string, len(teams))
	for i, t := range teams {
		ids[i] = string(t.ID)
	}
	return quiz.Team{}, usagef("%s holds %d teams; pick one with --team: %s", store.where, len(teams), strings.Join(ids, ", "))
}

// optional parses s when it is set.
func optional[T ~string](s string, parse func(string) (T, error)) (T, error) {
	if s == "" {
		return "", nil
	}
	return parse(s)
}

func writeJSON(w interface{ Write([]byte) (int, error) }, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
