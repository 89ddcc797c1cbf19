package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/testutil"

	slackapi "github.com/slack-go/slack"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
	"github.com/dockerqotd/dockerqotd/internal/schedule"
	"github.com/dockerqotd/dockerqotd/questions"
)

var bg = context.Background()

// env is one adapter wired to a real bot, a bbolt file and the fake Slack.
type env struct {
	t       testing.TB
	fake    *fakeSlack
	store   *boltstore.Store
	bot     *bot.Bot
	a       *Adapter
	logs    *testutil.Buffer
	metrics *countingMetrics
	team    quiz.TeamID
}

type envOptions struct {
	socket bool
	// store wraps the real store, to make it misbehave.
	store func(quiz.Store) quiz.Store
	// sendInterval replaces the one-second spacing of a channel's messages.
	sendInterval time.Duration
}

var (
	bankOnce sync.Once
	bank     *quiz.Bank
)

// embeddedBank is the real question bank, loaded once.
func embeddedBank(t testing.TB) *quiz.Bank {
	t.Helper()
	bankOnce.Do(func() {
		qs, err := questions.Embedded()
		if err != nil {
			t.Fatal(err)
		}
		bank = quiz.NewBank(qs)
	})
	return bank
}

func newEnv(t testing.TB, o envOptions) *env {
	t.Helper()
	fake := newFakeSlack(t)
	s, err := boltstore.Open(filepath.Join(t.TempDir(), "slack.db"), boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	var store quiz.Store = s
	if o.store != nil {
		store = o.store(s)
	}
	logs := &testutil.Buffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	b := bot.New(bot.Config{
		Store: store, Bank: embeddedBank(t), Log: log, Seed: 7,
		Timetable: func(spec, tz string) (bot.Timetable, error) { return schedule.Parse(spec, tz) },
	})
	cfg := Config{BotToken: fakeBotToken, SigningSecret: fakeSigningSecret, APIURL: strings.TrimSuffix(fake.apiURL(), "/")}
	if o.socket {
		cfg.AppToken = fakeAppToken
	}
	m := &countingMetrics{}
	a, err := New(cfg, b, log, m)
	if err != nil {
		t.Fatal(err)
	}
	b.SetPublisher(Platform, a)
	a.sendInterval = 10 * time.Millisecond
	if o.sendInterval > 0 {
		a.sendInterval = o.sendInterval
	}
	e := &env{t: t, fake: fake, store: s, bot: b, a: a, logs: logs, metrics: m, team: teamID(fakeTeam)}
	t.Cleanup(func() {
		a.Close()
		b.Wait()
		e.checkNoSecrets()
	})
	ctx, cancel := context.WithTimeout(bg, 10*time.Second)
	defer cancel()
	if err := a.Start(ctx); err != nil {
		t.Fatalf("Start: %v", err)
	}
	if !a.Ready() {
		t.Fatal("Ready() = false after Start")
	}
	return e
}

// checkNoSecrets fails when a token or the signing secret got into the
// logs.
func (e *env) checkNoSecrets() {
	e.t.Helper()
	logs := e.logs.String()
	for _, secret := range []string{fakeBotToken, fakeAppToken, fakeSigningSecret, "FAKE-"} {
		if strings.Contains(logs, secret) {
			e.t.Errorf("logs contain the secret %q:\n%s", secret, logs)
		}
	}
}

// slash is a /docker command as Slack sends it.
func (e *env) slash(user, name, channel, text, responseName string) slackapi.SlashCommand {
	return slackapi.SlashCommand{
		TeamID: fakeTeam, TeamDomain: fakeDomain, ChannelID: channel, ChannelName: "general",
		UserID: user, UserName: name, Command: "/docker", Text: text,
		ResponseURL: e.fake.responseURL(responseName), TriggerID: "1.2.3", APIAppID: "A0DQOTD",
	}
}

// click is a block_actions payload for a button.
func (e *env) click(user, name, channel, actionID, blockID, responseName string, ephemeral bool) map[string]any {
	return map[string]any{
		"type":         "block_actions",
		"team":         map[string]string{"id": fakeTeam, "domain": fakeDomain},
		"user":         map[string]string{"id": user, "username": name, "name": name, "team_id": fakeTeam},
		"api_app_id":   "A0DQOTD",
		"token":        "legacy-verification-token",
		"trigger_id":   "1.2.3",
		"container":    map[string]any{"type": "message", "message_ts": "1700000000.000001", "channel_id": channel, "is_ephemeral": ephemeral},
		"channel":      map[string]string{"id": channel, "name": "general"},
		"response_url": e.fake.responseURL(responseName),
		"actions": []map[string]any{{
			"type": "button", "action_id": actionID, "block_id": blockID, "value": actionID,
			"text": map[string]any{"type": "plain_text", "text": "A"}, "action_ts": "1700000001.000002",
		}},
	}
}

// homeOpened is an app_home_opened event callback.
func homeOpened(user, eventID string) map[string]any {
	return map[string]any{
		"type": "event_callback", "team_id": fakeTeam, "api_app_id": "A0DQOTD", "event_id": eventID, "event_time": 1700000000,
		"event": map[string]any{"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home", "event_ts": "1700000000.000100"},
	}
}

// envelope wraps a Socket Mode request.
func envelope(id, typ string, payload any) map[string]any {
	return map[string]any{"envelope_id": id, "type": typ, "payload": payload, "accepts_response_payload": typ == "slash_commands"}
}

// buttons returns the buttons of the actions block in bs, and its block id.
func buttons(t testing.TB, bs []slackapi.Block) (blockID string, els []*slackapi.ButtonBlockElement) {
	t.Helper()
	for _, b := range bs {
		if ab, ok := b.(*slackapi.ActionBlock); ok {
			for _, el := range ab.Elements.ElementSet {
				if btn, ok := el.(*slackapi.ButtonBlockElement); ok {
					els = append(els, btn)
				}
			}
			return ab.BlockID, els
		}
	}
	return "", nil
}

// blockText is the text of every block, for assertions on content.
func blockText(t testing.TB, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// countingMetrics counts what the adapter reports.
type countingMetrics struct {
	mu           sync.Mutex
	rateLimited  int
	reconnected  int
	interactions map[string][]time.Duration
}

func (m *countingMetrics) RateLimited() { m.mu.Lock(); m.rateLimited++; m.mu.Unlock() }
func (m *countingMetrics) Reconnected() { m.mu.Lock(); m.reconnected++; m.mu.Unlock() }
func (m *countingMetrics) Interaction(kind string, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.interactions == nil {
		m.interactions = map[string][]time.Duration{}
	}
	m.interactions[kind] = append(m.interactions[kind], d)
}

func (m *countingMetrics) String() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return fmt.Sprintf("rate limited %d, reconnected %d, interactions %v", m.rateLimited, m.reconnected, m.interactions)
}
