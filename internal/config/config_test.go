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
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Load(env(map[string]string{
		"DISCORD_TOKEN": "x", "DISCORD_TOKEN_FILE": file,
		"SLACK_SIGNING_SECRET_FILE": filepath.Join(dir, "missing"),
		"DOCKERQOTD_DB_FILE":        empty,
		"DOCKERQOTD_GRACE":          "soon",
	}))
	for _, want := range []string{"DISCORD_TOKEN and DISCORD_TOKEN_FILE are both set", "SLACK_SIGNING_SECRET_FILE: cannot read", "DOCKERQOTD_DB_FILE: " + empty + " is empty", "DOCKERQOTD_GRACE: \"soon\" is not a duration"} {
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

func TestReplicaSettings(t *testing.T) {
	dir := t.TempDir()
	urlFile := filepath.Join(dir, "db_url")
	os.WriteFile(urlFile, []byte("postgres://bot:S3cretPW@db.internal:5432/dockerqotd?sslmode=require\n"), 0o600)
	key := "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
	c, err := Load(env(map[string]string{
		"DOCKERQOTD_DB_FILE": urlFile, "DOCKERQOTD_PUBLIC_ADDR": "0.0.0.0:8081",
		"DISCORD_TOKEN": "t", "DISCORD_PUBLIC_KEY": strings.ToUpper(key), "DISCORD_GATEWAY": "off",
	}))
	if err != nil || c.Validate() != nil {
		t.Fatalf("Load = %v, Validate = %v", err, c.Validate())
	}
	if !c.Postgres() || c.Discord.Gateway || !c.Discord.HTTPInteractions() || c.Discord.PublicKey != key || !c.PublicEndpoints() {
		t.Errorf("config = %+v; want PostgreSQL, no gateway, HTTP interactions", c)
	}
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("config", "config", c)
	if strings.Contains(logs.String(), "S3cretPW") || !strings.Contains(logs.String(), "db.internal:5432") {
		t.Errorf("logged configuration = %s; want the database URL without its password", logs.String())
	}

	bad, _ := Load(env(map[string]string{
		"DOCKERQOTD_DB": "postgres://", "DOCKERQOTD_PUBLIC_ADDR": "127.0.0.1:8080",
		"DISCORD_TOKEN": "t", "DISCORD_PUBLIC_KEY": "abc", "DISCORD_GATEWAY": "maybe",
	}))
	err = bad.Validate()
	for _, want := range []string{
		"DOCKERQOTD_DB: not a valid postgres:// URL",
		"DOCKERQOTD_PUBLIC_ADDR and DOCKERQOTD_HTTP_ADDR are both 127.0.0.1:8080",
		"DISCORD_PUBLIC_KEY: want the application's public key, 64 hex digits",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v; want it to contain %q", err, want)
		}
	}
	if _, err := Load(env(map[string]string{"DISCORD_GATEWAY": "maybe"})); err == nil || !strings.Contains(err.Error(), `DISCORD_GATEWAY: "maybe" is not on or off`) {
		t.Errorf("Load with DISCORD_GATEWAY=maybe = %v", err)
	}
	off, _ := Load(env(map[string]string{"DISCORD_TOKEN": "t", "DISCORD_GATEWAY": "off"}))
	if err := off.Validate(); err == nil || !strings.Contains(err.Error(), "DISCORD_GATEWAY=off needs DISCORD_PUBLIC_KEY") {
		t.Errorf("gateway off without a public key: %v", err)
	}
}
