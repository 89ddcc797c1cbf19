package discord

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/testutil"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/discord/discordtest"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
	"github.com/dockerqotd/dockerqotd/internal/schedule"
	"github.com/dockerqotd/dockerqotd/questions"
)

// testToken is recognisable in logs: it must never show up there.
const testToken = "dq-test-token.SECRET-4f2a9c"

var (
	alice = discordtest.Member{ID: "500000000000000001", Name: "Alice", Permissions: discordtest.PermManageGuild | 1<<10 | 1<<11}
	bob   = discordtest.Member{ID: "500000000000000002", Name: "Bob", Permissions: 1<<10 | 1<<11}
	carol = discordtest.Member{ID: "500000000000000003", Name: "Carol", Permissions: discordtest.PermAdministrator}
)

// fixture is a started adapter with a real bot and bbolt store, talking
// to a fake Discord through the real discordgo client.
type fixture struct {
	t       testing.TB
	srv     *discordtest.Server
	a       *Adapter
	bot     *bot.Bot
	store   quiz.Store
	metrics *countingMetrics
	logs    *testutil.Buffer

	mu sync.Mutex
	// pending are the live-count flushes the bot scheduled.
	pending []func()
}

type fixtureOptions struct {
	cfg   Config
	bank  *quiz.Bank
	store func(quiz.Store) quiz.Store
	// noStart leaves the gateway closed: REST only.
	noStart bool
	// deferAfter replaces the time an interaction waits before deferring.
	deferAfter time.Duration
	// fakeToken is the token the fake accepts; empty means testToken.
	fakeToken string
	// configure adjusts the adapter's configuration for the fake.
	configure func(*discordtest.Server, *Config)
	// globalLimit makes the fake enforce Discord's global rate limit.
	globalLimit int
	// now is the bot's clock; nil means time.Now.
	now func() time.Time
}

func newFixture(t testing.TB, o fixtureOptions) *fixture {
	t.Helper()
	srv := discordtest.New(discordtest.Options{Token: cmp.Or(o.fakeToken, testToken), GlobalLimit: o.globalLimit})
	t.Cleanup(srv.Close)
	bs, err := boltstore.Open(filepath.Join(t.TempDir(), "bot.db"), boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bs.Close() })
	var store quiz.Store = bs
	if o.store != nil {
		store = o.store(bs)
	}
	if o.bank == nil {
		o.bank = smallBank()
	}
	f := &fixture{t: t, srv: srv, store: store, metrics: &countingMetrics{}, logs: &testutil.Buffer{}}
	log := slog.New(slog.NewJSONHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f.bot = bot.New(bot.Config{
		Store: store, Bank: o.bank, Log: log, Seed: 7, Now: o.now,
		Timetable: func(spec, tz string) (bot.Timetable, error) { return schedule.Parse(spec, tz) },
		AfterFunc: func(_ time.Duration, fn func()) {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.pending = append(f.pending, fn)
		},
	})
	cfg := o.cfg
	cfg.Token, cfg.APIURL = testToken, srv.URL
	if o.configure != nil {
		o.configure(srv, &cfg)
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 5 * time.Second
	}
	f.a, err = New(cfg, f.bot, log, f.metrics)
	if err != nil {
		t.Fatal(err)
	}
	f.bot.SetPublisher(Platform, f.a)
	if o.deferAfter != 0 {
		f.a.deferAfter = o.deferAfter
	}
	t.Cleanup(func() {
		f.a.Close()
		f.bot.Wait()
	})
	if !o.noStart {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := f.a.Start(ctx); err != nil {
			t.Fatalf("Start: %v", err)
		}
	}
	return f
}

// interact dispatches i and returns the reply the user ends up seeing.
func (f *fixture) interact(i discordtest.Interaction) discordtest.Reply {
	f.t.Helper()
	return f.answer(f.srv.Interact(i))
}

func (f *fixture) answer(id string) discordtest.Reply {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := f.srv.Answer(ctx, id)
	if err != nil {
		f.t.Fatalf("no answer to interaction %s: %v\nREST calls: %v", id, err, f.srv.Calls("", ""))
	}
	return r
}

// await fails the test when cond does not hold within 10 s.
func (f *fixture) await(what string, cond func() bool) {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := f.srv.Await(ctx, cond); err != nil {
		f.t.Fatalf("%s: %v", what, err)
	}
}

// flushLiveCount runs the live-count edits the bot scheduled and waits
// for them.
func (f *fixture) flushLiveCount() {
	f.mu.Lock()
	fns := f.pending
	f.pending = nil
	f.mu.Unlock()
	for _, fn := range fns {
		fn()
	}
	f.bot.Wait()
}

// openPost returns the team's open daily post.
func (f *fixture) openPost() quiz.Post {
	f.t.Helper()
	p, ok, err := f.bot.OpenPost(context.Background(), team(discordtest.DefaultGuildID))
	if err != nil || !ok {
		f.t.Fatalf("OpenPost = %v, %v; want an open post", ok, err)
	}
	return p
}

// smallBank is a bank of 15 questions whose right choice is "right <topic>".
func smallBank() *quiz.Bank {
	var qs []quiz.Question
	for _, topic := range []quiz.Topic{"images", "networking", "security", "compose", "volumes"} {
		for j, level := range quiz.Levels {
			qs = append(qs, quiz.Question{
				ID: fmt.Sprintf("%s-%d", topic, j), Topic: topic, Level: level,
				Prompt:      fmt.Sprintf("Which is right about %s (%s)?", topic, level),
				Choices:     [4]string{"right " + string(topic), "wrong one", "wrong two", "wrong three"},
				Explanation: "Because of `" + string(topic) + "`.",
				Answer:      "The model answer for **" + string(topic) + "**.\n\n```sh\ndocker " + string(topic) + " ls\n```",
			})
		}
	}
	return quiz.NewBank(qs)
}

func embeddedBank(t testing.TB) *quiz.Bank {
	t.Helper()
	qs, err := questions.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return quiz.NewBank(qs)
}

// countingMetrics counts what the adapter reports.
type countingMetrics struct {
	rateLimited, reconnected atomic.Int64

	mu        sync.Mutex
	latencies map[string][]time.Duration
}

func (m *countingMetrics) RateLimited() { m.rateLimited.Add(1) }
func (m *countingMetrics) Reconnected() { m.reconnected.Add(1) }
func (m *countingMetrics) Interaction(kind string, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.latencies == nil {
		m.latencies = map[string][]time.Duration{}
	}
	m.latencies[kind] = append(m.latencies[kind], d)
}

func (m *countingMetrics) count(kind string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.latencies[kind])
}
