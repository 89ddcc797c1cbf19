package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// appealJSON is the stable shape of `questions appeals --json`: one key
// point of one question, how often members said they covered it when the
// grader did not see it, and their answers.
type appealJSON struct {
	ID      string             `json:"id"`
	Point   int                `json:"point"`
	Label   string             `json:"label"`
	Match   [][]string         `json:"match"`
	Appeals int                `json:"appeals"`
	Answers []appealAnswerJSON `json:"answers"`
}

type appealAnswerJSON struct {
	Team   quiz.TeamID `json:"team"`
	User   string      `json:"user"`
	At     time.Time   `json:"at"`
	Answer string      `json:"answer"`
}

// questionsAppeals lists the key points members marked covered, most
// appealed first, with the answers, so an operator can see which match
// terms miss how people say it.
func (a *app) questionsAppeals(ctx context.Context, args []string) error {
	fs := a.flags("questions appeals")
	cfg, err := a.loadConfig(fs)
	if err != nil {
		return err
	}
	asJSON := fs.Bool("json", false, "print a JSON array")
	if err := parse(fs, args); err != nil {
		return ignoreHelp(err)
	}
	bank, err := loadBank(cfg.Questions)
	if err != nil {
		return err
	}
	store, err := openStore(ctx, cfg.DB, true)
	if err != nil {
		return err
	}
	defer store.Close()
	appeals, err := store.Appeals(ctx)
	if err != nil {
		return err
	}
	var out []appealJSON
	for _, ap := range appeals {
		if n := len(out); n == 0 || out[n-1].ID != ap.QuestionID || out[n-1].Point != ap.Point+1 {
			entry := appealJSON{ID: ap.QuestionID, Point: ap.Point + 1, Label: "(the question has left the bank)"}
			if q, ok := bank.Question(ap.QuestionID); ok && ap.Point < len(q.KeyPoints) {
				entry.Label, entry.Match = q.KeyPoints[ap.Point].Point, q.KeyPoints[ap.Point].Match
			}
			out = append(out, entry)
		}
		last := &out[len(out)-1]
		last.Appeals++
		last.Answers = append(last.Answers, appealAnswerJSON{Team: ap.Result.Team, User: ap.Result.User, At: ap.Result.At, Answer: ap.Result.Answer})
	}
	slices.SortStableFunc(out, func(x, y appealJSON) int { return y.Appeals - x.Appeals })
	if *asJSON {
		if out == nil {
			out = []appealJSON{}
		}
		return writeJSON(a.stdout, out)
	}
	if len(out) == 0 {
		fmt.Fprintln(a.stdout, "No appeals yet.")
		return nil
	}
	for _, e := range out {
		fmt.Fprintf(a.stdout, "%d × %s, point %d: %s\n", e.Appeals, e.ID, e.Point, e.Label)
		var alts []string
		for _, alt := range e.Match {
			alts = append(alts, strings.Join(alt, " + "))
		}
		fmt.Fprintf(a.stdout, "    match: %s\n", strings.Join(alts, " | "))
		for _, ans := range e.Answers {
			fmt.Fprintf(a.stdout, "    %s %s (%s): %s\n", ans.At.Format("2006-01-02"), ans.User, ans.Team, truncate(strings.Join(strings.Fields(ans.Answer), " "), 200))
		}
	}
	return nil
}
