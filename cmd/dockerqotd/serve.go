package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os/user"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/config"
	"github.com/dockerqotd/dockerqotd/internal/console"
	"github.com/dockerqotd/dockerqotd/internal/discord"
	"github.com/dockerqotd/dockerqotd/internal/ops"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
	"github.com/dockerqotd/dockerqotd/internal/schedule"
	slackbot "github.com/dockerqotd/dockerqotd/internal/slack"
)

// shutdownBudget keeps a graceful stop inside Docker's default 10 s stop
// timeout.
const shutdownBudget = 8 * time.Second

// adapterStartTimeout bounds connecting to a chat platform at start.
const adapterStartTimeout = 30 * time.Second

// readinessTimeout bounds the database check of /readyz.
const readinessTimeout = 2 * time.Second

// chatAdapter is what serve needs of the Discord and Slack adapters.
type chatAdapter interface {
	Start(ctx context.Context) error
	Ready() bool
	Close() error
}

// serve runs the bot until it is told to stop: on Discord and Slack when
// their tokens are set, else in the terminal.
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
		level = "error" // the terminal's screen is the game
	}
	log := newLogger(a.stderr, a.stderrTTY, level)
	bank, err := loadBank(cfg.Questions)
	if err != nil {
		return err
	}
	store, err := openStore(ctx, cfg.DB, false)
	if err != nil {
		return err
	}
	log.Info("starting", "version", version, "questions", bank.Len(), "config", cfg)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go a.handleSignals(ctx, cancel, log)

	metrics := ops.NewMetrics(version)
	b := bot.New(bot.Config{
		Store: store, Bank: bank, Now: a.now, Log: log, Metrics: metrics,
		Schedule: cfg.Schedule, Timezone: cfg.Timezone, Timetable: timetable,
	})
	sched := schedule.New(schedule.Options{Poster: b, Teams: store, Now: a.now, Grace: cfg.Grace, Log: log})
	b.OnTeamChange(sched.Set)
	srv := ops.NewServer(cfg.HTTPAddr, metrics, log)
	if store.bolt != nil {
		srv.SetBackup(store.bolt.Backup)
	}
	srv.AddReadiness("database", func() error {
		ctx, cancel := context.WithTimeout(ctx, readinessTimeout)
		defer cancel()
		return store.Ping(ctx)
	})
	var public *ops.Server
	if cfg.PublicEndpoints() {
		public = ops.NewPublicServer(cfg.PublicAddr, log)
	}

	adapters, err := a.chatAdapters(*cfg, b, srv, public, metrics, log)
	if err != nil {
		store.Close()
		return err
	}
	var c *console.Console
	if cfg.Terminal() {
		c = console.New(b, a.stdout, a.consoleOptions())
		b.SetPublisher(quiz.LocalTeam.Platform(), c)
		if err := useLocalSchedule(ctx, b, store, cfg.Schedule, cfg.Timezone); err != nil {
			store.Close()
			return err
		}
	}
	// The terminal bot can play without its ops endpoints (another bot may
	// hold the port); a chat bot cannot run unobserved.
	if err := srv.Start(); err != nil {
		if !cfg.Terminal() {
			store.Close()
			return err
		}
		log.Warn("no health, metrics or backup endpoint", "err", err)
		srv = nil
	}
	if public != nil {
		if err := public.Start(); err != nil {
			if srv != nil {
				srv.Shutdown(context.Background())
			}
			store.Close()
			return err
		}
	}
	runErr := a.runUntilStopped(ctx, cancel, adapters, sched, c, log)
	cancel()
	shutdown(log, sched, adapters, b, []*ops.Server{public, srv}, store, &a.connecting)
	return runErr
}

// runUntilStopped connects the adapters, starts the schedule and blocks
// until the bot is told to stop (or, in the terminal, the player quits). A
// platform that cannot be reached does not stop the bot: it is tried again
// in the background (see connect); only a rejected token ends the run.
func (a *app) runUntilStopped(ctx context.Context, cancel context.CancelFunc, adapters []*namedAdapter, sched *schedule.Scheduler, c *console.Console, log *slog.Logger) error {
	rejected := make(chan error, len(adapters))
	var firstTries sync.WaitGroup
	for _, ad := range adapters {
		firstTries.Add(1)
		a.connecting.Add(1)
		go func() {
			defer a.connecting.Done()
			a.connect(ctx, ad, log, firstTries.Done, rejected)
		}()
	}
	// Catch up once every platform had its first try, and before the
	// terminal shows anything, so a question missed while the bot was down
	// is the one the player sees.
	firstTries.Wait()
	if err := sched.Start(ctx); err != nil {
		return err
	}
	if c == nil {
		select {
		case <-ctx.Done():
			return nil
		case err := <-rejected:
			return err
		}
	}
	defer cancel()
	if err := c.Start(ctx); err != nil {
		return err
	}
	return c.Run(ctx, a.stdin)
}

// shutdown stops everything in order within shutdownBudget: no new posts,
// no new interactions (the ones in flight finish), the last live counts
// written, the HTTP server drained, the database closed.
func shutdown(log *slog.Logger, sched *schedule.Scheduler, adapters []*namedAdapter, b *bot.Bot, servers []*ops.Server, store *database, connecting *sync.WaitGroup) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), shutdownBudget)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		sched.Stop()
		connecting.Wait()
		for _, ad := range adapters {
			if err := ad.Close(); err != nil {
				log.Warn("close", "platform", ad.name, "err", err)
			}
		}
		b.Flush()
		for _, srv := range servers {
			if srv != nil {
				srv.Shutdown(ctx)
			}
		}
	}()
	select {
	case <-done:
	case <-ctx.Done():
		log.Error("shutdown ran out of time; closing the database anyway", "budget", shutdownBudget)
	}
	if err := store.Close(); err != nil {
		log.Error("close database", "err", err)
	}
	log.Info("stopped", "took", time.Since(start).Round(time.Millisecond))
}

// handleSignals cancels the bot on the first SIGINT or SIGTERM and exits
// at once on the second.
func (a *app) handleSignals(ctx context.Context, cancel context.CancelFunc, log *slog.Logger) {
	select {
	case sig := <-a.signals:
		log.Info("shutting down", "signal", sig.String())
		cancel()
	case <-ctx.Done():
		return
	}
	if sig, ok := <-a.signals; ok {
		log.Warn("second signal: exiting now", "signal", sig.String())
		a.exit(1)
	}
}

// namedAdapter is a chat adapter with its platform's name and why its last
// start failed, for /readyz.
type namedAdapter struct {
	name string
	chatAdapter
	startErr atomic.Pointer[string]
}

// Reconnection delays: the first retry of a platform that could not be
// reached comes after reconnectBase (app.reconnectBase in tests), each next
// one after twice the last, up to maxReconnectDelay.
const (
	reconnectBase     = 2 * time.Second
	maxReconnectDelay = 5 * time.Minute
)

// connect starts ad, and while its platform cannot be reached tries again
// with growing delays until it connects or ctx ends. tried is called after
// the first try. A rejected token is sent on rejected: retrying cannot fix
// it.
func (a *app) connect(ctx context.Context, ad *namedAdapter, log *slog.Logger, tried func(), rejected chan<- error) {
	delay := cmp.Or(a.reconnectBase, reconnectBase)
	for attempt := 1; ; attempt++ {
		startCtx, cancel := context.WithTimeout(ctx, adapterStartTimeout)
		err := ad.Start(startCtx)
		cancel()
		if attempt == 1 {
			tried()
		}
		switch {
		case err == nil:
			ad.startErr.Store(nil)
			log.Info("connected", "platform", ad.name, "attempt", attempt)
			return
		case ctx.Err() != nil:
			return
		case errors.Is(err, bot.ErrTokenRejected):
			rejected <- fmt.Errorf("%s: %w; check the token", ad.name, err)
			return
		}
		msg := err.Error()
		ad.startErr.Store(&msg)
		log.Warn("platform not reachable; trying again", "platform", ad.name, "err", err, "retry_in", delay.String(), "attempt", attempt)
		select {
		case <-ctx.Done():
			return
		case <-time.After(delay):
		}
		delay = min(2*delay, maxReconnectDelay)
	}
}

// chatAdapters builds the adapters whose tokens are set, makes each the
// publisher of its platform's daily posts, registers their readiness
// checks on srv, and mounts Slack's HTTP mode and Discord's HTTP
// interactions on the public server.
func (a *app) chatAdapters(cfg config.Config, b *bot.Bot, srv, public *ops.Server, m *ops.Metrics, log *slog.Logger) ([]*namedAdapter, error) {
	var out []*namedAdapter
	if cfg.Discord.Enabled() {
		discord.LogLibraryTo(log)
		d, err := discord.New(discord.Config{
			Token:      cfg.Discord.Token.Value(),
			GuildID:    cfg.Discord.GuildID,
			APIURL:     cfg.Discord.APIURL,
			GatewayURL: cfg.Discord.GatewayURL,
			ShardID:    cfg.Discord.ShardID,
			ShardCount: cfg.Discord.ShardCount,
			PublicKey:  cfg.Discord.PublicKey,
			NoGateway:  !cfg.Discord.Gateway,
		}, b, log, m.Adapter("discord"))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", discord.Platform, err)
		}
		if cfg.Discord.HTTPInteractions() {
			public.Handle("POST /discord/interactions", d.InteractionsHandler())
		}
		b.SetPublisher(discord.Platform, d)
		out = append(out, &namedAdapter{name: discord.Platform, chatAdapter: d})
	}
	if cfg.Slack.Enabled() {
		sa, err := slackbot.New(slackbot.Config{
			BotToken:      cfg.Slack.BotToken.Value(),
			AppToken:      cfg.Slack.AppToken.Value(),
			SigningSecret: cfg.Slack.SigningSecret.Value(),
			APIURL:        cfg.Slack.APIURL,
			AdminUsers:    cfg.Slack.AdminUsers,
		}, b, log, m.Adapter("slack"))
		if err != nil {
			return nil, err
		}
		if !cfg.Slack.SocketMode() {
			public.Handle("/slack/", sa.Handler())
		}
		b.SetPublisher(slackbot.Platform, sa)
		out = append(out, &namedAdapter{name: slackbot.Platform, chatAdapter: sa})
	}
	for _, ad := range out {
		srv.AddReadiness(ad.name, func() error {
			switch last := ad.startErr.Load(); {
			case ad.Ready():
				return nil
			case last != nil:
				return errors.New("not connected: " + *last)
			}
			return errors.New("not connected")
		})
	}
	return out, nil
}

// checkSchedule reports a default schedule the scheduler cannot read.
func checkSchedule(spec, tz string) error {
	if _, err := time.LoadLocation(tz); err != nil {
		return nil // Validate reports the timezone
	}
	if _, err := timetable(spec, tz); err != nil {
		return fmt.Errorf("DOCKERQOTD_SCHEDULE: %s", quiz.ErrorMessage(err))
	}
	return nil
}

// timetable reads a team's cron spec and timezone into the scheduler's
// Timetable, as the bot core sees it.
func timetable(spec, timezone string) (bot.Timetable, error) {
	return schedule.Parse(spec, timezone)
}

// useLocalSchedule gives the terminal's team the configured schedule: in
// the terminal, DOCKERQOTD_SCHEDULE and DOCKERQOTD_TIMEZONE (or their
// flags) decide, and /docker schedule changes last until the next start.
func useLocalSchedule(ctx context.Context, b *bot.Bot, store quiz.Store, spec, tz string) error {
	if _, err := b.EnsureTeam(ctx, quiz.LocalTeam, "terminal"); err != nil {
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
