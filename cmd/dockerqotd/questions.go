package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
	"github.com/dockerqotd/dockerqotd/questions"
)

func (a *app) questions(args []string) error {
	if len(args) == 0 {
		return usagef("questions needs a subcommand: list, show or lint")
	}
	switch args[0] {
	case "list":
		return a.questionsList(args[1:])
	case "show":
		return a.questionsShow(args[1:])
	case "lint":
		return a.questionsLint(args[1:])
	}
	return usagef("unknown questions subcommand %q: use list, show or lint", args[0])
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
