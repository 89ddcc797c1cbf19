package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/pflag"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// standingJSON is the stable shape of `leaderboard --json`.
type standingJSON struct {
	Rank   int    `json:"rank"`
	User   string `json:"user"`
	Name   string `json:"name"`
	Points int    `json:"points"`
	Streak int    `json:"streak"`
}

func (a *app) leaderboard(ctx context.Context, args []string) error {
	fs := a.flags("leaderboard")
	cfg, err := a.loadConfig(fs)
	if err != nil {
		return err
	}
	var teamID, period string
	var asJSON bool
	var limit int
	teamFlag(fs, &teamID)
	fs.StringVar(&period, "period", "week", "week, month or all")
	fs.IntVar(&limit, "limit", 10, "how many users to list")
	fs.BoolVar(&asJSON, "json", false, "print a JSON array")
	if err := parse(fs, args); err != nil {
		return ignoreHelp(err)
	}
	p, err := quiz.ParsePeriod(period)
	if err != nil {
		return usageError{quiz.ErrorMessage(err)}
	}
	store, team, err := openTeam(ctx, cfg.DB, teamID)
	if err != nil {
		return err
	}
	defer store.Close()
	lb, err := store.Leaderboard(ctx, team.ID, p, a.now(), "", limit)
	if err != nil {
		return err
	}
	out := make([]standingJSON, len(lb.Top))
	for i, s := range lb.Top {
		out[i] = standingJSON{Rank: s.Rank, User: s.User, Name: s.Name, Points: s.Points, Streak: s.Streak}
	}
	if asJSON {
		return writeJSON(a.stdout, out)
	}
	fmt.Fprintf(a.stdout, "%s · %s (%s)\n\n", team.ID, p.Describe(a.now(), team.Location()), lb.Key)
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RANK\tNAME\tPOINTS\tSTREAK")
	for _, s := range out {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%d\n", s.Rank, s.Name, s.Points, s.Streak)
	}
	return tw.Flush()
}

// teamFlag registers --team.
func teamFlag(fs *pflag.FlagSet, id *string) {
	fs.StringVar(id, "team", "", "team id (discord:<guild>, slack:<workspace> or local); needed when there are several")
}

// openTeam opens the database for reading and picks the team.
func openTeam(ctx context.Context, db, teamID string) (*boltstore.Store, quiz.Team, error) {
	store, err := openStore(db, true)
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
func pickTeam(ctx context.Context, store *boltstore.Store, id string) (quiz.Team, error) {
	if id != "" {
		t, err := store.Team(ctx, quiz.TeamID(id))
		if quiz.ErrorCode(err) == quiz.ENOTFOUND {
			return t, fmt.Errorf("no team %q in %s", id, store.Path())
		}
		return t, err
	}
	teams, err := store.Teams(ctx)
	if err != nil {
		return quiz.Team{}, err
	}
	switch len(teams) {
	case 0:
		return quiz.Team{}, fmt.Errorf("no teams in %s yet: run the bot first", store.Path())
	case 1:
		return teams[0], nil
	}
	ids := make([]string, len(teams))
	for i, t := range teams {
		ids[i] = string(t.ID)
	}
	return quiz.Team{}, usagef("%s holds %d teams; pick one with --team: %s", store.Path(), len(teams), strings.Join(ids, ", "))
}
