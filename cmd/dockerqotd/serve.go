package main

import (
	"context"
	"errors"
	"fmt"
	"os/user"

	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/console"
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
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	log := newLogger(a.stderr, a.stdoutTTY, cfg.LogLevel)
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

	b := bot.New(bot.Config{Store: store, Bank: bank, Now: a.now, Log: log, Schedule: cfg.Schedule, Timezone: cfg.Timezone})
	if !cfg.Terminal() {
		return errors.New("the Discord and Slack adapters are not part of this build yet: unset their tokens to play in the terminal")
	}
	log.Debug("starting in the terminal", "config", cfg, "questions", bank.Len())
	c := console.New(b, a.stdout, a.consoleOptions())
	if err := c.Start(ctx); err != nil {
		return err
	}
	return c.Run(ctx, a.stdin)
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
