package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"
)

// postJSON is the stable shape of `history --json`.
type postJSON struct {
	Team        string     `json:"team"`
	Date        string     `json:"date"`
	ScheduledAt time.Time  `json:"scheduled_at"`
	PostedAt    *time.Time `json:"posted_at"`
	QuestionID  string     `json:"question_id"`
	Answers     int        `json:"answers"`
	Correct     int        `json:"correct"`
}

// history lists a team's daily posts: when, which question, how many
// answered and how many were right.
func (a *app) history(ctx context.Context, args []string) error {
	fs := a.flags("history")
	cfg, err := a.loadConfig(fs)
	if err != nil {
		return err
	}
	var teamID string
	var asJSON bool
	teamFlag(fs, &teamID)
	fs.BoolVar(&asJSON, "json", false, "print a JSON array")
	if err := parse(fs, args); err != nil {
		return ignoreHelp(err)
	}
	store, team, err := openTeam(ctx, cfg.DB, teamID)
	if err != nil {
		return err
	}
	defer store.Close()
	posts, err := store.Posts(ctx, team.ID)
	if err != nil {
		return err
	}
	out := make([]postJSON, len(posts))
	for i, p := range posts {
		out[i] = postJSON{
			Team: string(p.Team), Date: p.ScheduledAt.In(team.Location()).Format(time.DateOnly),
			ScheduledAt: p.ScheduledAt, QuestionID: p.QuestionID, Answers: p.Answers, Correct: p.Right,
		}
		if p.Sent() {
			at := p.PostedAt
			out[i].PostedAt = &at
		}
	}
	if asJSON {
		return writeJSON(a.stdout, out)
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DATE\tSCHEDULED\tPOSTED\tQUESTION\tANSWERS\tRIGHT")
	for i, p := range out {
		posted := "not sent"
		if p.PostedAt != nil {
			posted = p.PostedAt.In(team.Location()).Format("15:04:05")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d%%\n", p.Date, p.ScheduledAt.In(team.Location()).Format("15:04 MST"), posted, p.QuestionID, p.Answers, posts[i].PercentRight())
	}
	return tw.Flush()
}
