package main

import (
	"context"
	"fmt"

	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/console"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// play runs a private practice round in the terminal. When standard input
// is not a terminal it reads one answer letter per line, so a round can be
// scripted: printf 'b\nq\n' | dockerqotd play --count 1. With --interview
// each question is answered in writing, ended by an empty line, then rated:
// printf 'PID 1 ignores SIGTERM.\n\ngood\n' | dockerqotd play --interview --count 1.
func (a *app) play(ctx context.Context, args []string) error {
	fs := a.flags("play")
	cfg, err := a.loadConfig(fs)
	if err != nil {
		return err
	}
	var (
		count        int
		seed         uint64
		level, topic string
		interview    bool
	)
	fs.IntVar(&count, "count", bot.DefaultQuizCount, "how many questions")
	fs.Uint64Var(&seed, "seed", 0, "make the questions and their order repeatable")
	fs.StringVar(&level, "level", "", "basic, intermediate or advanced")
	fs.StringVar(&topic, "topic", "", "only questions of this topic")
	fs.BoolVar(&interview, "interview", false, "answer in your own words, graded by key points (end each answer with an empty line)")
	if err := parse(fs, args); err != nil {
		return ignoreHelp(err)
	}
	cmd := bot.Command{Name: bot.CmdQuiz, Count: count}
	if cmd.Level, err = optional(level, quiz.ParseLevel); err != nil {
		return usageError{quiz.ErrorMessage(err)}
	}
	if cmd.Topic, err = optional(topic, quiz.ParseTopic); err != nil {
		return usageError{quiz.ErrorMessage(err)}
	}
	if count < 1 || count > bot.MaxQuizCount {
		return usagef("--count must be from 1 to %d", bot.MaxQuizCount)
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	bank, err := loadBank(cfg.Questions)
	if err != nil {
		return err
	}
	store, err := openStore(ctx, cfg.DB, false)
	if err != nil {
		return err
	}
	defer store.Close()
	b := bot.New(bot.Config{Store: store, Bank: bank, Now: a.now, Seed: seed, Log: newLogger(a.stderr, a.stderrTTY, cfg.LogLevel)})
	c := console.New(b, a.stdout, a.consoleOptions())
	if interview {
		return c.PlayInterview(ctx, a.stdin, cmd, count)
	}
	return c.Play(ctx, a.stdin, cmd)
}
