package main

import (
	"context"
	"errors"
	"fmt"
	"os/user"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/console"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
	"github.com/dockerqotd/dockerqotd/internal/schedule"
)

// serve runs the bot until it is told to stop.
func (a *app) serve(ctx context.Context, args []string) error {
	fs := a.flags("serve")
	cfg, err := a.loadConfig(fs)
	if err != nil {
		return err
	}
	cfg.BindServe(fs)
	if err := parse(fs, args); err != nil {
		return ignoreHelp(err)
	}
	if fs.NArg() > 0 {
		return usagef("serve takes no arguments, got %q", fs.Args())
	}
	if err := errors.Join(cfg.Validate(), checkSchedule(cfg.Schedule, cfg.Timezone)); err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	level := cfg.LogLevel
	if level == "" && cfg.Terminal() {
		level = "warn"
	}
	log := newLogger(a.stderr, a.stdoutTTY, level)
	bank, err := loadBank(cfg.Questions)
	if err != nil {
		return err
	}
	store, err := openStore(cfg.DB, false)
	if err != nil {
		return err
	}
	defer store.Close()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-a.signals:
			log.Info("shutting down")
			cancel()
		case <-ctx.Done():
		}
	}()

	b := bot.New(bot.Config{
		Store: store, Bank: bank, Now: a.now, Log: log, Schedule: cfg.Schedule, Timezone: cfg.Timezone,
		ParseSchedule: parseSchedule,
	})
	sched := schedule.New(schedule.Options{Poster: b, Teams: store, Now: a.now, Grace: cfg.Grace, Log: log})
	b.OnTeamChange(sched.Set)
	if !cfg.Terminal() {
		return errors.New("the Discord and Slack adapters are not part of this build yet: unset their tokens to play in the terminal")
	}
	log.Debug("starting in the terminal", "config", cfg, "questions", bank.Len())
	c := console.New(b, a.stdout, a.consoleOptions())
	b.SetPublisher(quiz.LocalTeam.Platform(), c)
	if err := useLocalSchedule(ctx, b, store, cfg.Schedule, cfg.Timezone); err != nil {
		return err
	}
	// Catch up first, so a question missed while the bot was down is the
	// one the terminal shows.
	if err := sched.Start(ctx); err != nil {
		return err
	}
	defer sched.Stop()
	defer b.Flush()
	if err := c.Start(ctx); err != nil {
		return err
	}
	return c.Run(ctx, a.stdin)
}

// checkSchedule reports a default schedule the scheduler cannot read.
func checkSchedule(spec, tz string) error {
	if _, err := time.LoadLocation(tz); err != nil {
		return nil // Validate reports the timezone
	}
	if _, err := parseSchedule(spec, tz); err != nil {
		return fmt.Errorf("DOCKERQOTD_SCHEDULE: %s", quiz.ErrorMessage(err))
	}
	return nil
}

// parseSchedule is the scheduler's Timetable, as the bot core sees it.
func parseSchedule(spec, timezone string) (bot.Timetable, error) {
	return schedule.Parse(spec, timezone)
}

// useLocalSchedule gives the terminal's team the configured schedule: in
// the terminal, DOCKERQOTD_SCHEDULE and DOCKERQOTD_TIMEZONE (or their
// flags) decide, and /docker schedule changes last until the next start.
func useLocalSchedule(ctx context.Context, b *bot.Bot, store quiz.Store, spec, tz string) error {
	if _, err := b.Team(ctx, quiz.LocalTeam, "terminal"); err != nil {
		return err
	}
	_, err := store.UpdateTeam(ctx, quiz.LocalTeam, func(t *quiz.Team) error {
		t.Channel, t.Schedule, t.Timezone = "terminal", spec, tz
		return nil
	})
	return err
}

// consoleOptions fit the terminal adapter to the process's streams: colour
// and wrapping on a terminal (unless NO_COLOR is set), prompts when a person
// types.
func (a *app) consoleOptions() console.Options {
	return console.Options{
		User:   localUser(a.getenv),
		Color:  a.stdoutTTY && a.getenv("NO_COLOR") == "",
		Prompt: a.stdinTTY,
		Width:  a.width,
	}
}

// localUser names the terminal's player: $USER, else the account name.
func localUser(getenv func(string) string) string {
	if u := getenv("USER"); u != "" {
		return u
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "you"
}

func ignoreHelp(err error) error {
	if errors.Is(err, errHelp) {
		return nil
	}
	return err
}
