package main

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// statsJSON is the stable shape of `questions stats --json`: one question's
// daily-post figures across every team. by_choice counts answers by the
// choice as written in the bank (A first), whatever order posts showed.
type statsJSON struct {
	ID            string   `json:"id"`
	Level         string   `json:"level"`
	ObservedLevel string   `json:"observed_level"`
	Asked         int      `json:"asked"`
	Answers       int      `json:"answers"`
	Right         int      `json:"right"`
	PercentRight  int      `json:"percent_right"`
	ByChoice      [4]int   `json:"by_choice"`
	MedianSeconds float64  `json:"median_seconds_to_answer"`
	Reports       int      `json:"reports"`
	Flags         []string `json:"flags"`
	LeftTheBank   bool     `json:"left_the_bank,omitempty"`
	CorrectChoice string   `json:"correct_choice"`
}

// questionsStats prints every asked or reported question's figures (or
// the named ones'), flagged ones first: the share right under 20% or over
// 95% with at least 20 answers, or 3 or more reports.
func (a *app) questionsStats(ctx context.Context, args []string) error {
	fs := a.flags("questions stats")
	cfg, err := a.loadConfig(fs)
	if err != nil {
		return err
	}
	asJSON := fs.Bool("json", false, "print a JSON array")
	flagged := fs.Bool("flagged", false, "only the questions flagged for a second look")
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
	figures, err := allFigures(ctx, store)
	if err != nil {
		return err
	}
	if ids := fs.Args(); len(ids) > 0 {
		var named []quiz.QuestionFigures
		for _, id := range ids {
			i := slices.IndexFunc(figures, func(f quiz.QuestionFigures) bool { return f.QuestionID == id })
			_, inBank := bank.Question(id)
			switch {
			case i >= 0:
				named = append(named, figures[i])
			case inBank:
				named = append(named, quiz.QuestionFigures{QuestionID: id})
			default:
				return fmt.Errorf("no question %q in the bank or the database", id)
			}
		}
		figures = named
	}
	out := []statsJSON{}
	for _, f := range figures {
		s := statsJSON{
			ID: f.QuestionID, ObservedLevel: string(f.ObservedLevel()), Asked: f.Asked, Answers: f.Answers, Right: f.Right,
			PercentRight: f.PercentRight(), ByChoice: f.ByChoice, MedianSeconds: f.ToAnswer.Seconds(), Reports: f.Reports,
			Flags: append([]string{}, f.Flags()...),
		}
		if q, ok := bank.Question(f.QuestionID); ok {
			s.Level, s.CorrectChoice = string(q.Level), quiz.Letter(q.Correct)
		} else {
			s.LeftTheBank = true
		}
		if !*flagged || len(s.Flags) > 0 {
			out = append(out, s)
		}
	}
	slices.SortStableFunc(out, func(x, y statsJSON) int {
		return cmp.Or(cmp.Compare(len(y.Flags), len(x.Flags)), cmp.Compare(y.Answers, x.Answers))
	})
	if *asJSON {
		return writeJSON(a.stdout, out)
	}
	if len(out) == 0 && *flagged && len(figures) > 0 {
		fmt.Fprintf(a.stdout, "No question is flagged among the %d asked or reported.\n", len(figures))
		return nil
	}
	if len(out) == 0 {
		fmt.Fprintln(a.stdout, "No daily question has been asked or reported yet.")
		return nil
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tLEVEL\tOBSERVED\tASKED\tANSWERS\tRIGHT\tA/B/C/D\tMEDIAN\tREPORTS\tFLAGS")
	for _, s := range out {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%d\t%s\n", s.ID, cmp.Or(s.Level, "(gone)"), cmp.Or(s.ObservedLevel, "-"), s.Asked, s.Answers,
			percentOrDash(s.Answers, s.PercentRight), choiceShares(s.ByChoice, s.CorrectChoice), medianText(s.MedianSeconds), s.Reports, strings.Join(s.Flags, ","))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "\nFlags: hard (under %d%% right) and easy (over %d%%) need %d answers; reported needs %d reports. A/B/C/D are shares of answers by the bank's choices, the right one marked *.\n",
		quiz.OutlierLow, quiz.OutlierHigh, quiz.OutlierAnswers, quiz.OutlierReports)
	return nil
}

// allFigures reads every team's posts and answers, and every report.
func allFigures(ctx context.Context, store *database) ([]quiz.QuestionFigures, error) {
	teams, err := store.Teams(ctx)
	if err != nil {
		return nil, err
	}
	var posts []quiz.Post
	answers := map[uint64][]quiz.Answer{}
	for _, t := range teams {
		ps, err := store.Posts(ctx, t.ID)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if !p.Sent() {
				continue
			}
			if answers[p.ID], err = store.Answers(ctx, p.ID); err != nil {
				return nil, err
			}
			posts = append(posts, p)
		}
	}
	reports, err := store.Reports(ctx, "")
	if err != nil {
		return nil, err
	}
	return quiz.Figures(posts, answers, reports), nil
}

func percentOrDash(answers, percent int) string {
	if answers == 0 {
		return "-"
	}
	return fmt.Sprintf("%d%%", percent)
}

// choiceShares writes each choice's share of the answers, the right one
// marked.
func choiceShares(by [4]int, correct string) string {
	total := by[0] + by[1] + by[2] + by[3]
	if total == 0 {
		return "-"
	}
	parts := make([]string, len(by))
	for i, n := range by {
		parts[i] = fmt.Sprintf("%d", n*100/total)
		if quiz.Letter(i) == correct {
			parts[i] += "*"
		}
	}
	return strings.Join(parts, "/")
}

func medianText(seconds float64) string {
	if seconds == 0 {
		return "-"
	}
	return (time.Duration(seconds) * time.Second).Round(time.Second).String()
}

// reportJSON is the stable shape of `questions reports --json`: one
// question's reports across teams.
type reportJSON struct {
	ID      string           `json:"id"`
	Reports int              `json:"reports"`
	Reasons map[string]int   `json:"reasons"`
	Items   []reportItemJSON `json:"items"`
}

type reportItemJSON struct {
	Team   quiz.TeamID `json:"team"`
	User   string      `json:"user"`
	Name   string      `json:"name"`
	Reason string      `json:"reason"`
	Note   string      `json:"note"`
	At     time.Time   `json:"at"`
}

// questionsReports lists members' reports by question, most reported
// first, so whoever edits the bank sees what to fix.
func (a *app) questionsReports(ctx context.Context, args []string) error {
	fs := a.flags("questions reports")
	cfg, err := a.loadConfig(fs)
	if err != nil {
		return err
	}
	asJSON := fs.Bool("json", false, "print a JSON array")
	if err := parse(fs, args); err != nil {
		return ignoreHelp(err)
	}
	store, err := openStore(ctx, cfg.DB, true)
	if err != nil {
		return err
	}
	defer store.Close()
	reports, err := store.Reports(ctx, "")
	if err != nil {
		return err
	}
	index := map[string]int{}
	out := []reportJSON{}
	for _, r := range reports {
		i, ok := index[r.QuestionID]
		if !ok {
			i = len(out)
			index[r.QuestionID] = i
			out = append(out, reportJSON{ID: r.QuestionID, Reasons: map[string]int{}})
		}
		out[i].Reports++
		out[i].Reasons[string(r.Reason)]++
		out[i].Items = append(out[i].Items, reportItemJSON{Team: r.Team, User: r.User, Name: r.Name, Reason: string(r.Reason), Note: r.Text, At: r.At})
	}
	slices.SortStableFunc(out, func(x, y reportJSON) int { return cmp.Compare(y.Reports, x.Reports) })
	if *asJSON {
		return writeJSON(a.stdout, out)
	}
	if len(out) == 0 {
		fmt.Fprintln(a.stdout, "No reports yet.")
		return nil
	}
	for _, q := range out {
		fmt.Fprintf(a.stdout, "%s · %d %s\n", q.ID, q.Reports, map[bool]string{true: "report", false: "reports"}[q.Reports == 1])
		for _, it := range q.Items {
			line := fmt.Sprintf("  %s  %-12s  %s (%s)", it.At.UTC().Format("2006-01-02"), it.Reason, cmp.Or(it.Name, it.User), it.Team)
			if it.Note != "" {
				line += ": " + it.Note
			}
			fmt.Fprintln(a.stdout, line)
		}
	}
	return nil
}
