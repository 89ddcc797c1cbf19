package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
	"github.com/dockerqotd/dockerqotd/questions"
)

func (a *app) questions(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usagef("questions needs a subcommand: list, show, lint, grade, appeals, stats or reports")
	}
	switch args[0] {
	case "list":
		return a.questionsList(args[1:])
	case "show":
		return a.questionsShow(args[1:])
	case "lint":
		return a.questionsLint(args[1:])
	case "grade":
		return a.questionsGrade(args[1:])
	case "appeals":
		return a.questionsAppeals(ctx, args[1:])
	case "stats":
		return a.questionsStats(ctx, args[1:])
	case "reports":
		return a.questionsReports(ctx, args[1:])
	}
	return usagef("unknown questions subcommand %q: use list, show, lint, grade, appeals, stats or reports", args[0])
}

// gradeJSON is the stable shape of `questions grade --json`.
type gradeJSON struct {
	ID     string          `json:"id"`
	Score  float64         `json:"score"`
	Points []gradedPointJS `json:"points"`
}

type gradedPointJS struct {
	Point   string `json:"point"`
	Covered bool   `json:"covered"`
}

// questionsGrade reads an answer on standard input and grades it against
// a question's key points, as interview mode does.
func (a *app) questionsGrade(args []string) error {
	fs := a.flags("questions grade")
	cfg, err := a.loadConfig(fs)
	if err != nil {
		return err
	}
	asJSON := fs.Bool("json", false, `print {"id", "score", "points": [{"point", "covered"}]}`)
	if err := parse(fs, args); err != nil {
		return ignoreHelp(err)
	}
	if fs.NArg() != 1 {
		return usagef("questions grade takes one question id and reads the answer on standard input, e.g. echo 'PID 1 ignores SIGTERM' | dockerqotd questions grade containers-init-process-pid1")
	}
	bank, err := loadBank(cfg.Questions)
	if err != nil {
		return err
	}
	q, ok := bank.Question(fs.Arg(0))
	if !ok {
		return fmt.Errorf("no question with id %q: see 'dockerqotd questions list'", fs.Arg(0))
	}
	answer, err := io.ReadAll(io.LimitReader(a.stdin, 4*quiz.MaxInterviewAnswer+1))
	if err != nil {
		return fmt.Errorf("read the answer: %w", err)
	}
	text := strings.TrimSpace(string(answer))
	if text == "" {
		return usagef("no answer on standard input")
	}
	if n := utf8.RuneCountInString(text); n > quiz.MaxInterviewAnswer {
		return usagef("the answer is %d characters; interview answers are at most %d", n, quiz.MaxInterviewAnswer)
	}
	g := quiz.GradeAnswer(q.KeyPoints, text)
	if *asJSON {
		out := gradeJSON{ID: q.ID, Score: g.Score(), Points: []gradedPointJS{}}
		for i, kp := range q.KeyPoints {
			out.Points = append(out.Points, gradedPointJS{Point: kp.Point, Covered: g.Covered[i]})
		}
		return writeJSON(a.stdout, out)
	}
	fmt.Fprintf(a.stdout, "%s: %d of %d key points (%d%%)\n", q.ID, g.CoveredCount(), len(g.Covered), g.Percent())
	for i, kp := range q.KeyPoints {
		mark, why := "⬜", ""
		if g.Covered[i] {
			mark, why = "✅", fmt.Sprintf("  (matched %q)", strings.Join(kp.Match[g.Matched[i]], " + "))
		}
		fmt.Fprintf(a.stdout, "%s %s%s\n", mark, kp.Point, why)
	}
	return nil
}

// questionJSON is the stable shape of `questions list --json`.
type questionJSON struct {
	ID       string     `json:"id"`
	Level    quiz.Level `json:"level"`
	Topic    quiz.Topic `json:"topic"`
	Question string     `json:"question"`
	Source   string     `json:"source,omitempty"`
}

func (a *app) questionsList(args []string) error {
	fs := a.flags("questions list")
	cfg, err := a.loadConfig(fs)
	if err != nil {
		return err
	}
	var level, topic string
	var asJSON bool
	fs.StringVar(&level, "level", "", "only this level")
	fs.StringVar(&topic, "topic", "", "only this topic")
	fs.BoolVar(&asJSON, "json", false, "print a JSON array")
	if err := parse(fs, args); err != nil {
		return ignoreHelp(err)
	}
	var f quiz.Filter
	if level != "" {
		l, err := quiz.ParseLevel(level)
		if err != nil {
			return usageError{quiz.ErrorMessage(err)}
		}
		f.Levels = []quiz.Level{l}
	}
	if topic != "" {
		t, err := quiz.ParseTopic(topic)
		if err != nil {
			return usageError{quiz.ErrorMessage(err)}
		}
		f.Topics = []quiz.Topic{t}
	}
	bank, err := loadBank(cfg.Questions)
	if err != nil {
		return err
	}
	qs := bank.Select(f)
	if asJSON {
		out := make([]questionJSON, len(qs))
		for i, q := range qs {
			out[i] = questionJSON{ID: q.ID, Level: q.Level, Topic: q.Topic, Question: q.Prompt, Source: q.Source}
		}
		return writeJSON(a.stdout, out)
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tLEVEL\tTOPIC\tQUESTION")
	for _, q := range qs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", q.ID, q.Level, q.Topic, truncate(q.Prompt, 70))
	}
	fmt.Fprintf(tw, "\n%d questions\n", len(qs))
	return tw.Flush()
}

func (a *app) questionsShow(args []string) error {
	fs := a.flags("questions show")
	cfg, err := a.loadConfig(fs)
	if err != nil {
		return err
	}
	if err := parse(fs, args); err != nil {
		return ignoreHelp(err)
	}
	if fs.NArg() != 1 {
		return usagef("questions show takes one question id")
	}
	bank, err := loadBank(cfg.Questions)
	if err != nil {
		return err
	}
	q, ok := bank.Question(fs.Arg(0))
	if !ok {
		return fmt.Errorf("no question with id %q: see 'dockerqotd questions list'", fs.Arg(0))
	}
	fmt.Fprintf(a.stdout, "%s  [%s · %s]\n\n%s\n\n", q.ID, q.Level, q.Topic, q.Prompt)
	for i, c := range q.Choices {
		mark := " "
		if i == q.Correct {
			mark = "*"
		}
		fmt.Fprintf(a.stdout, "%s %s) %s\n", mark, quiz.Letter(i), c)
	}
	fmt.Fprintf(a.stdout, "\nWhy: %s\n\nModel answer:\n%s\n", q.Explanation, q.Answer)
	if q.Source != "" {
		fmt.Fprintf(a.stdout, "\nSource: %s\n", q.Source)
	}
	return nil
}

// questionsLint checks question files, or the embedded bank when none is
// named, and lists every problem.
func (a *app) questionsLint(args []string) error {
	fs := a.flags("questions lint")
	if err := parse(fs, args); err != nil {
		return ignoreHelp(err)
	}
	files := questions.EmbeddedFiles()
	if fs.NArg() > 0 {
		var err error
		if files, err = questions.ReadPaths(fs.Args()...); err != nil {
			return err
		}
	}
	qs, err := questions.Parse(files)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "%d questions, no problems\n", len(qs))
	return nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
