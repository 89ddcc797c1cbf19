package main

import (
	"context"
	"fmt"
	"text/tabwriter"

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
