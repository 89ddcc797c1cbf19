package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != DefaultDB || c.HTTPAddr != DefaultHTTPAddr || c.Timezone != "UTC" || c.Schedule != "0 9 * * 1-5" || c.Grace != DefaultGrace {
		t.Errorf("defaults = %+v", c)
	}
	if !c.Terminal() {
		t.Error("with no tokens the bot should run in the terminal")
	}
	if err := c.Validate(); err != nil {
		t.Errorf("defaults do not validate: %v", err)
	}
}

func TestSecretsFromFiles(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "discord_token")
	if err := os.WriteFile(file, []byte("discord-secret-value\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(env(map[string]string{"DISCORD_TOKEN_FILE": file, "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Discord.Token.Value() != "discord-secret-value" {
		t.Errorf("token from file = %q; want the file's trimmed content", c.Discord.Token.Value())
	}
	if c.Terminal() || !c.Slack.SocketMode() {
		t.Errorf("Terminal %v, SocketMode %v; want Discord and Slack Socket Mode", c.Terminal(), c.Slack.SocketMode())
	}
	_, err = Load(env(map[string]string{
		"DISCORD_TOKEN": "x", "DISCORD_TOKEN_FILE": file,
		"SLACK_SIGNING_SECRET_FILE": filepath.Join(dir, "missing"),
		"DOCKERQOTD_GRACE":          "soon",
	}))
	for _, want := range []string{"DISCORD_TOKEN and DISCORD_TOKEN_FILE are both set", "SLACK_SIGNING_SECRET_FILE: cannot read", "DOCKERQOTD_GRACE: \"soon\" is not a duration"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load error = %v; want it to contain %q", err, want)
		}
	}
}

func TestValidateListsEveryProblem(t *testing.T) {
	c, _ := Load(env(map[string]string{
		"DOCKERQOTD_HTTP_ADDR": "8080",
		"DOCKERQOTD_TIMEZONE":  "Europe/Atlantis",
		"DOCKERQOTD_LOG_LEVEL": "chatty",
		"DISCORD_API_URL":      "not a url",
		"DISCORD_GUILD_ID":     "123",
		"SLACK_BOT_TOKEN":      "xoxp-user-token",
		"SLACK_APP_TOKEN":      "wrong",
		"DISCORD_SHARD_ID":     "3",
		"DISCORD_SHARD_COUNT":  "2",
	}))
	err := c.Validate()
	for _, want := range []string{
		`DOCKERQOTD_HTTP_ADDR: "8080" is not host:port`,
		`DOCKERQOTD_TIMEZONE: "Europe/Atlantis"`,
		`DOCKERQOTD_LOG_LEVEL: "chatty"`,
		`DISCORD_API_URL: "not a url" is not an absolute URL`,
		"DISCORD_GUILD_ID is set but DISCORD_TOKEN is not",
		"SLACK_BOT_TOKEN: a bot token starts with xoxb-",
		"SLACK_APP_TOKEN: an app-level token starts with xapp-",
		"shard 3 of 2",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v; want it to contain %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "xoxp-user-token") {
		t.Error("a validation message shows the token")
	}
}

func TestSecretsNeverPrint(t *testing.T) {
	c, _ := Load(env(map[string]string{"DISCORD_TOKEN": "tok-AAA", "SLACK_BOT_TOKEN": "xoxb-BBB", "SLACK_APP_TOKEN": "xapp-CCC", "SLACK_SIGNING_SECRET": "sig-DDD"}))
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("config", "config", c)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("config", "config", c)
	js, _ := json.Marshal(c)
	printed := logs.String() + string(js) + fmt.Sprintf("%v %+v %#v %s", c, c, c, c.Discord.Token)
	for _, secret := range []string{"tok-AAA", "xoxb-BBB", "xapp-CCC", "sig-DDD"} {
		if strings.Contains(printed, secret) {
			t.Errorf("secret %q printed:\n%s", secret, printed)
		}
	}
	if !strings.Contains(logs.String(), "[redacted]") {
		t.Errorf("logged configuration does not show [redacted]:\n%s", logs.String())
	}
}

func TestLoggedDurationsReadAsDurations(t *testing.T) {
	c, _ := Load(env(map[string]string{}))
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("config", "config", c)
	if want := `"grace":"` + DefaultGrace.String() + `"`; !strings.Contains(logs.String(), want) {
		t.Errorf("logged configuration = %s; want %s, not nanoseconds", logs.String(), want)
	}
}
