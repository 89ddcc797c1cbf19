// Package bot is the platform-neutral core of the chat bot: it reads
// /docker commands and button clicks, applies the quiz rules through a
// quiz.Store, and returns neutral Messages that the Discord, Slack and
// terminal adapters render. It imports no chat SDK.
package bot

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Caller is who sent a command or clicked a button, as the adapter knows it.
type Caller struct {
	Team     quiz.TeamID
	TeamName string
	User     string
	Name     string
	// Admin is the adapter's verdict: Manage Server on Discord, workspace
	// admin or owner (or a configured id) on Slack, the local user in the
	// terminal.
	Admin   bool
	Channel string
	// Syntax is how the caller's platform writes the commands, for hints
	// and help; nil means "/docker <subcommand> [options]" as typed text.
	Syntax *Syntax
}

// Syntax is how an adapter's users write commands that the core names in
// its replies, where that differs from typed "/docker" text (Discord puts
// the admin commands in /docker-admin, with typed options).
type Syntax struct {
	// AdminHelp is the admin part of the help: a heading and one line per
	// command, in Markdown.
	AdminHelp []string
	// ScheduleHint says how to pick the daily channel, schedule and
	// timezone, with an example.
	ScheduleHint string
}

// Bot answers commands and clicks.
type Bot struct {
	store quiz.Store
	bank  *quiz.Bank
	now   func() time.Time
	log   *slog.Logger
	// defaults are the settings of a team the bot meets for the first time.
	defaults quiz.Team

	mu  sync.Mutex
	rng *rand.Rand
	// replica names this process in send leases.
	replica string

	timetableFn func(spec, timezone string) (Timetable, error)
	live        *liveCount
	metrics     Metrics

	pubMu      sync.RWMutex
	publishers map[string]Publisher
	// onTeamChange learns of every change to a team's settings.
	onTeamChange func(quiz.Team)
}

// Config holds what a Bot needs.
type Config struct {
	Store quiz.Store
	Bank  *quiz.Bank
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	Log *slog.Logger
	// Schedule and Timezone are the settings new teams start with; empty
	// means quiz.DefaultSchedule and quiz.DefaultTimezone.
	Schedule string
	Timezone string
	// Seed makes random picks repeatable; zero means random.
	Seed uint64
	// Timetable reads a team's cron spec and timezone; admin commands
	// use it to check and show schedules.
	Timetable func(spec, timezone string) (Timetable, error)
	// AfterFunc runs f after d; nil means time.AfterFunc. Tests use it to
	// drive the live count's debounce without waiting.
	AfterFunc func(d time.Duration, f func())
	// Metrics counts answers and posts; nil counts nothing.
	Metrics Metrics
}

// Metrics counts what the core does; internal/ops implements it.
type Metrics interface {
	// Answered counts a click on a daily question; result is right,
	// wrong, duplicate or closed.
	Answered(platform, result string)
	// Posted counts a daily post; outcome is sent or failed.
	Posted(platform, outcome string)
}

type noMetrics struct{}

func (noMetrics) Answered(string, string) {}
func (noMetrics) Posted(string, string)   {}

// New returns a Bot.
func New(c Config) *Bot {
	b := &Bot{store: c.Store, bank: c.Bank, now: c.Now, log: c.Log, timetableFn: c.Timetable, publishers: map[string]Publisher{}}
	if b.now == nil {
		b.now = time.Now
	}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	b.metrics = c.Metrics
	if b.metrics == nil {
		b.metrics = noMetrics{}
	}
	b.defaults = quiz.Team{Schedule: c.Schedule, Timezone: c.Timezone}
	if b.defaults.Schedule == "" {
		b.defaults.Schedule = quiz.DefaultSchedule
	}
	if b.defaults.Timezone == "" {
		b.defaults.Timezone = quiz.DefaultTimezone
	}
	seed := c.Seed
	if seed == 0 {
		seed = rand.Uint64()
	}
	b.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b.replica = fmt.Sprintf("%016x", rand.Uint64())
	after := c.AfterFunc
	if after == nil {
		after = func(d time.Duration, f func()) { time.AfterFunc(d, f) }
	}
	b.live = newLiveCount(b, after)
	return b
}

// SetPublisher makes p deliver the daily posts of teams on platform
// ("discord", "slack", "local").
func (b *Bot) SetPublisher(platform string, p Publisher) {
	b.pubMu.Lock()
	defer b.pubMu.Unlock()
	b.publishers[platform] = p
}

func (b *Bot) publisher(team quiz.TeamID) Publisher {
	b.pubMu.RLock()
	defer b.pubMu.RUnlock()
	return b.publishers[team.Platform()]
}

// OnTeamChange registers f to learn of every change an admin makes to a
// team's settings; the scheduler uses it to apply them without a restart.
// Set it before the bot serves requests.
func (b *Bot) OnTeamChange(f func(quiz.Team)) { b.onTeamChange = f }

// Wait blocks until the live-count edits in progress are done.
func (b *Bot) Wait() { b.live.wait() }

// Flush writes the live counts still waiting for their debounce interval
// and waits for every edit; a shutting-down bot calls it last.
func (b *Bot) Flush() { b.live.flushAll() }

// Bank returns the question bank.
func (b *Bot) Bank() *quiz.Bank { return b.bank }

// EnsureTeam returns a team, creating it with the defaults the first time
// the bot meets it.
func (b *Bot) EnsureTeam(ctx context.Context, id quiz.TeamID, name string) (quiz.Team, error) {
	t := b.defaults
	t.ID, t.Name, t.CreatedAt = id, name, b.now()
	return b.store.EnsureTeam(ctx, t)
}

// Command runs a /docker command for c.
func (b *Bot) Command(ctx context.Context, c Caller, cmd Command) Message {
	team, err := b.EnsureTeam(ctx, c.Team, c.TeamName)
	if err != nil {
		return b.fail(ctx, "load team", c, err)
	}
	var m Message
	switch cmd.Name {
	case CmdQuestion:
		m, err = b.startQuestion(ctx, c, cmd)
	case CmdQuiz:
		m, err = b.startQuiz(ctx, c, cmd)
	case CmdReview:
		m, err = b.startReview(ctx, c, team)
	case CmdInterview:
		m, err = b.startInterview(c, cmd)
	case CmdLeaderboard:
		m, err = b.leaderboard(ctx, c, team, cmd)
	case CmdStats:
		m, err = b.stats(ctx, c, team, cmd.User)
	case CmdRemind:
		m, err = b.remind(ctx, c, team, cmd.Remind)
	case CmdReport:
		m, err = b.report(ctx, c, cmd)
	case CmdHelp:
		m = help(c)
	default:
		m, err = b.admin(ctx, c, team, cmd)
	}
	if err != nil {
		return b.fail(ctx, cmd.Name, c, err)
	}
	return m
}

// CommandText parses and runs the text of a /docker command.
func (b *Bot) CommandText(ctx context.Context, c Caller, text string) Message {
	cmd, err := ParseCommand(text)
	if err != nil {
		return b.fail(ctx, "parse command", c, err)
	}
	return b.Command(ctx, c, cmd)
}

// Button acts on a click of the button with the given id.
func (b *Bot) Button(ctx context.Context, c Caller, id string) Message {
	a, err := ParseButtonID(id)
	if err != nil {
		return b.fail(ctx, "parse button", c, err)
	}
	var m Message
	switch a.Kind {
	case ButtonAnswer:
		m, err = b.answerDaily(ctx, c, a)
	case ButtonPractice:
		m, err = b.answerPractice(ctx, c, a)
	case ButtonInterview:
		m, err = b.interviewButton(a)
	case ButtonRate:
		m, err = b.rateButton(ctx, c, a)
	case ButtonAppeal:
		m, err = b.appealButton(ctx, c, a)
	case ButtonReport, ButtonNote:
		m, err = b.reportButtonClick(ctx, c, a)
	}
	if err != nil {
		return b.fail(ctx, "button "+id, c, err)
	}
	return m
}

// fail turns err into a private message: the error's own sentence for
// errors a user caused, a generic apology for internal ones, which are
// logged with their detail.
func (b *Bot) fail(ctx context.Context, what string, c Caller, err error) Message {
	if quiz.ErrorCode(err) == quiz.EINTERNAL {
		b.log.ErrorContext(ctx, "request failed", "op", what, "team", c.Team, "user", c.User, "err", err)
	}
	return private(quiz.ErrorMessage(err))
}

func (b *Bot) uint64() uint64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.rng.Uint64()
}

// perm returns n distinct indexes below total, in random order.
func (b *Bot) perm(total, n int) []int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.rng.Perm(total)[:min(n, total)]
}
