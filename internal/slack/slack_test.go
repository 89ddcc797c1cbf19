package slack

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/testutil"

	"github.com/dockerqotd/dockerqotd/internal/bot"
)

func TestNewNeedsTokens(t *testing.T) {
	b := bot.New(bot.Config{Bank: embeddedBank(t)})
	tests := []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"socket mode", Config{BotToken: fakeBotToken, AppToken: fakeAppToken}, true},
		{"http mode", Config{BotToken: fakeBotToken, SigningSecret: fakeSigningSecret}, true},
		{"no bot token", Config{AppToken: fakeAppToken}, false},
		{"no app token or signing secret", Config{BotToken: fakeBotToken}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := New(tc.cfg, b, nil, nil)
			if (err == nil) != tc.ok {
				t.Fatalf("New(%s) error = %v; want ok %t", tc.name, err, tc.ok)
			}
			if err != nil && strings.Contains(err.Error(), "FAKE") {
				t.Errorf("New error shows a secret: %v", err)
			}
			if a != nil {
				a.Close()
			}
		})
	}
}

// TestSecretsStayOutOfLogs logs the configuration and makes the adapter
// fail in the ways that log errors; no token or secret may show.
func TestSecretsStayOutOfLogs(t *testing.T) {
	cfg := Config{BotToken: fakeBotToken, AppToken: fakeAppToken, SigningSecret: fakeSigningSecret, APIURL: "http://127.0.0.1:1/"}
	out := &testutil.Buffer{}
	log := slog.New(slog.NewJSONHandler(out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	log.Info("config", "slack", cfg)
	fmt.Fprintf(out, "%v %+v %#v %s\n", cfg, cfg, cfg, cfg)

	f := newFakeSlack(t)
	for name, c := range map[string]Config{
		"unreachable API":   cfg,
		"refused bot token": {BotToken: "xoxb-FAKE-wrong-bot-token", AppToken: fakeAppToken, APIURL: f.apiURL()},
		"refused app token": {BotToken: fakeBotToken, AppToken: "xapp-FAKE-wrong-app-token", APIURL: f.apiURL()},
	} {
		a, err := New(c, bot.New(bot.Config{Bank: embeddedBank(t)}), log, nil)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(bg, 5*time.Second)
		err = a.Start(ctx)
		cancel()
		a.Close()
		if err == nil {
			t.Errorf("%s: Start = nil; want an error", name)
			continue
		}
		fmt.Fprintf(out, "%s: %v\n", name, err)
	}
	if s := out.String(); strings.Contains(s, "FAKE") {
		t.Errorf("a secret got into the logs or errors:\n%s", s)
	}
}

func TestStartWarnsAboutMissingScopes(t *testing.T) {
	f := newFakeSlack(t)
	f.scopes = "chat:write,commands"
	logs := &testutil.Buffer{}
	a, err := New(Config{BotToken: fakeBotToken, SigningSecret: fakeSigningSecret, APIURL: f.apiURL()},
		bot.New(bot.Config{Bank: embeddedBank(t)}), slog.New(slog.NewTextHandler(logs, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.Start(bg); err != nil {
		t.Fatal(err)
	}
	if got := logs.String(); !strings.Contains(got, "lacks scopes") || !strings.Contains(got, "missing=\"[im:write users:read]\"") {
		t.Errorf("logs = %q; want a warning about im:write and users:read", got)
	}
}
