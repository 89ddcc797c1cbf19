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
	var teamID, period, season string
	var asJSON bool
	var limit int
	teamFlag(fs, &teamID)
	fs.StringVar(&period, "period", "week", "week, month, season or all")
	fs.StringVar(&season, "season", "", "a past season's final board with --period season, e.g. 2026-Q3")
	fs.IntVar(&limit, "limit", 10, "how many users to list")
	fs.BoolVar(&asJSON, "json", false, "print a JSON array")
	if err := parse(fs, args); err != nil {
		return ignoreHelp(err)
	}
	p, err := quiz.ParsePeriod(period)
	if err != nil {
		return usageError{quiz.ErrorMessage(err)}
	}
	if season != "" && p != quiz.Season {
		return usageError{"--season needs --period season"}
	}
	store, team, err := openTeam(ctx, cfg.DB, teamID)
	if err != nil {
		return err
	}
	defer store.Close()
	at, title := a.now(), p.Describe(a.now(), team.Location())
	if p == quiz.Season {
		posts, err := store.Posts(ctx, team.ID)
		if err != nil {
			return err
		}
		at, _, err = team.SeasonBoardAt(season, at, team.PastSeasons(posts, at))
		if err != nil {
			return usageError{quiz.ErrorMessage(err)}
		}
		title = "season " + quiz.DescribeSeason(team.SeasonKey(at))
	}
	lb, err := store.Leaderboard(ctx, team.ID, p, at, "", limit)
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
	fmt.Fprintf(a.stdout, "%s · %s (%s)\n\n", team.ID, title, lb.Key)
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RANK\tNAME\tPOINTS\tSTREAK")
	for _, s := range out {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%d\n", s.Rank, s.Name, s.Points, s.Streak)
	}
	return tw.Flush()
}
