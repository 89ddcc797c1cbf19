// Package config reads the bot's configuration from environment variables
// and command-line flags. Every secret can also come from a file named by
// NAME_FILE (Docker and Kubernetes secrets); secrets print as [redacted].
package config

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"
)

// Secret is a token or signing secret. It never prints its value.
type Secret string

const redacted = "[redacted]"

// Value returns the secret itself, for the code that must send it.
func (s Secret) Value() string { return string(s) }

func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString keeps %#v from printing the value.
func (s Secret) GoString() string { return `"` + s.String() + `"` }

// LogValue keeps slog from printing the value.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText keeps encoders from printing the value.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Config is everything the bot can be told at start.
type Config struct {
	// DB is a bbolt file path, or a postgres:// URL (which may hold a
	// password: it is logged redacted).
	DB        string
	Questions string
	HTTPAddr  string
	// PublicAddr serves the platforms' callbacks (/slack/…, /discord/…),
	// apart from the ops endpoints on HTTPAddr.
	PublicAddr string
	Timezone   string
	Schedule   string
	// Grace is how long after a missed occurrence a starting bot still
	// posts it.
	Grace time.Duration
	// LogLevel is debug, info, warn or error; empty means info, and error
	// for the terminal bot, whose screen is the game.
	LogLevel string
	Discord  Discord
	Slack    Slack
}

// Discord is the Discord adapter's configuration.
type Discord struct {
	Token      Secret
	GuildID    string
	APIURL     string
	GatewayURL string
	// ShardID and ShardCount split a large bot's guilds over processes.
	ShardID    int
	ShardCount int
	// PublicKey (hex Ed25519) turns on the HTTP interactions endpoint.
	PublicKey string
	// Gateway is false when the bot takes interactions over HTTP only and
	// opens no gateway (DISCORD_GATEWAY=off), as replicas do.
	Gateway bool
}

// HTTPInteractions reports whether Discord's HTTP interactions endpoint is
// served.
func (d Discord) HTTPInteractions() bool { return d.PublicKey != "" }

// Postgres reports whether the database is PostgreSQL (a postgres:// or
// postgresql:// URL) rather than a bbolt file.
func (c Config) Postgres() bool { return IsPostgresURL(c.DB) }

// IsPostgresURL reports whether a database setting is a PostgreSQL URL
// rather than a bbolt file's path.
func IsPostgresURL(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// PublicEndpoints reports whether any platform calls the bot over HTTP.
func (c Config) PublicEndpoints() bool {
	return c.Discord.Enabled() && c.Discord.HTTPInteractions() || c.Slack.Enabled() && !c.Slack.SocketMode()
}

// Slack is the Slack adapter's configuration.
type Slack struct {
	BotToken      Secret
	AppToken      Secret
	SigningSecret Secret
	APIURL        string
	AdminUsers    []string
}

// Defaults.
const (
	DefaultDB         = "data/dockerqotd.db"
	DefaultHTTPAddr   = "127.0.0.1:8080"
	DefaultPublicAddr = "127.0.0.1:8081"
	DefaultGrace      = 2 * time.Hour
)

// Enabled reports whether the Discord adapter should run.
func (d Discord) Enabled() bool { return d.Token != "" }

// Enabled reports whether the Slack adapter should run.
func (s Slack) Enabled() bool { return s.BotToken != "" }

// SocketMode reports whether Slack connects over Socket Mode (an app token
// is set) rather than receiving HTTP requests.
func (s Slack) SocketMode() bool { return s.AppToken != "" }

// Terminal reports whether no chat platform is configured, so the bot runs
// in the terminal.
func (c Config) Terminal() bool { return !c.Discord.Enabled() && !c.Slack.Enabled() }

// Load reads the configuration from the environment. Problems, such as an
// unreadable secret file, are returned together; Validate finds the rest.
func Load(getenv func(string) string) (Config, error) {
	r := reader{getenv: getenv}
	c := Config{
		DB:         r.secret("DOCKERQOTD_DB").Value(),
		Questions:  r.str("DOCKERQOTD_QUESTIONS", ""),
		HTTPAddr:   r.str("DOCKERQOTD_HTTP_ADDR", DefaultHTTPAddr),
		PublicAddr: r.str("DOCKERQOTD_PUBLIC_ADDR", DefaultPublicAddr),
		Timezone:   r.str("DOCKERQOTD_TIMEZONE", "UTC"),
		Schedule:   r.str("DOCKERQOTD_SCHEDULE", "0 9 * * 1-5"),
		Grace:      r.duration("DOCKERQOTD_GRACE", DefaultGrace),
		LogLevel:   r.str("DOCKERQOTD_LOG_LEVEL", ""),
		Discord: Discord{
			Token:      r.secret("DISCORD_TOKEN"),
			GuildID:    r.str("DISCORD_GUILD_ID", ""),
			APIURL:     r.str("DISCORD_API_URL", ""),
			GatewayURL: r.str("DISCORD_GATEWAY_URL", ""),
			ShardID:    r.integer("DISCORD_SHARD_ID", 0),
			ShardCount: r.integer("DISCORD_SHARD_COUNT", 1),
			PublicKey:  strings.ToLower(r.str("DISCORD_PUBLIC_KEY", "")),
			Gateway:    r.onOff("DISCORD_GATEWAY", true),
		},
		Slack: Slack{
			BotToken:      r.secret("SLACK_BOT_TOKEN"),
			AppToken:      r.secret("SLACK_APP_TOKEN"),
			SigningSecret: r.secret("SLACK_SIGNING_SECRET"),
			APIURL:        r.str("SLACK_API_URL", ""),
			AdminUsers:    strings.FieldsFunc(r.str("SLACK_ADMIN_USERS", ""), func(c rune) bool { return c == ',' || c == ' ' }),
		},
	}
	switch {
	case c.DB == "" && getenv("DOCKERQOTD_DB_FILE") != "":
		// Falling back to the local bbolt file would give each replica a
		// private database.
		r.problems = append(r.problems, fmt.Errorf("DOCKERQOTD_DB_FILE: %s is empty", getenv("DOCKERQOTD_DB_FILE")))
	case c.DB == "":
		c.DB = DefaultDB
	}
	return c, errors.Join(r.problems...)
}

// Bind registers the flags that override the configuration on fs. Secrets
// have no flags (command lines are visible to every user of the host);
// they come from the environment or from files.
func (c *Config) Bind(fs *pflag.FlagSet) {
	fs.StringVar(&c.DB, "db", c.DB, "database: a bbolt file, or a postgres:// URL (DOCKERQOTD_DB; put a URL with a password in DOCKERQOTD_DB or DOCKERQOTD_DB_FILE, not on the command line)")
	fs.StringVar(&c.Questions, "questions", c.Questions, "directory of extra question files (DOCKERQOTD_QUESTIONS)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn or error; default info, error in the terminal (DOCKERQOTD_LOG_LEVEL)")
}

// BindServe registers the flags only serve takes.
func (c *Config) BindServe(fs *pflag.FlagSet) {
	fs.StringVar(&c.HTTPAddr, "http-addr", c.HTTPAddr, "address of the health, metrics and backup endpoints (DOCKERQOTD_HTTP_ADDR)")
	fs.StringVar(&c.PublicAddr, "public-addr", c.PublicAddr, "address of the Slack HTTP mode and Discord HTTP interactions endpoints (DOCKERQOTD_PUBLIC_ADDR)")
	fs.StringVar(&c.Timezone, "timezone", c.Timezone, "timezone of new teams (DOCKERQOTD_TIMEZONE)")
	fs.StringVar(&c.Schedule, "schedule", c.Schedule, "cron schedule of new teams (DOCKERQOTD_SCHEDULE)")
	fs.DurationVar(&c.Grace, "grace", c.Grace, "how late a missed post is still sent at start (DOCKERQOTD_GRACE)")
}

// Validate lists every problem with the configuration at once.
func (c Config) Validate() error {
	var problems []error
	add := func(format string, args ...any) { problems = append(problems, fmt.Errorf(format, args...)) }
	if c.DB == "" {
		add("DOCKERQOTD_DB: empty database path")
	}
	if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
		add("DOCKERQOTD_HTTP_ADDR: %q is not host:port (e.g. 127.0.0.1:8080)", c.HTTPAddr)
	}
	if _, _, err := net.SplitHostPort(c.PublicAddr); err != nil && c.PublicEndpoints() {
		add("DOCKERQOTD_PUBLIC_ADDR: %q is not host:port (e.g. 0.0.0.0:8081)", c.PublicAddr)
	}
	if c.PublicEndpoints() && c.PublicAddr == c.HTTPAddr {
		add("DOCKERQOTD_PUBLIC_ADDR and DOCKERQOTD_HTTP_ADDR are both %s: the platforms' callbacks must be served apart from /backup and /metrics", c.HTTPAddr)
	}
	if c.Postgres() {
		if u, err := url.Parse(c.DB); err != nil || u.Host == "" {
			add("DOCKERQOTD_DB: not a valid postgres:// URL (postgres://user:password@host:5432/database)")
		}
	}
	if _, err := time.LoadLocation(c.Timezone); err != nil || c.Timezone == "" || c.Timezone == "Local" {
		add("DOCKERQOTD_TIMEZONE: %q is not an IANA timezone (e.g. Europe/Berlin)", c.Timezone)
	}
	if c.Grace < 0 {
		add("DOCKERQOTD_GRACE: must not be negative")
	}
	if !slices.Contains([]string{"", "debug", "info", "warn", "error"}, strings.ToLower(c.LogLevel)) {
		add("DOCKERQOTD_LOG_LEVEL: %q is not debug, info, warn or error", c.LogLevel)
	}
	for name, u := range map[string]string{"DISCORD_API_URL": c.Discord.APIURL, "DISCORD_GATEWAY_URL": c.Discord.GatewayURL, "SLACK_API_URL": c.Slack.APIURL} {
		if u == "" {
			continue
		}
		if p, err := url.Parse(u); err != nil || p.Scheme == "" || p.Host == "" {
			add("%s: %q is not an absolute URL", name, u)
		}
	}
	if c.Discord.ShardCount < 1 || c.Discord.ShardID < 0 || c.Discord.ShardID >= c.Discord.ShardCount {
		add("DISCORD_SHARD_ID/DISCORD_SHARD_COUNT: shard %d of %d; want 0 ≤ id < count", c.Discord.ShardID, c.Discord.ShardCount)
	}
	if c.Discord.GuildID != "" && !c.Discord.Enabled() {
		add("DISCORD_GUILD_ID is set but DISCORD_TOKEN is not")
	}
	if k := c.Discord.PublicKey; k != "" {
		if b, err := hex.DecodeString(k); err != nil || len(b) != ed25519.PublicKeySize {
			add("DISCORD_PUBLIC_KEY: want the application's public key, 64 hex digits, from the Developer Portal's General Information page")
		}
	}
	if c.Discord.Enabled() && !c.Discord.Gateway && c.Discord.PublicKey == "" {
		add("DISCORD_GATEWAY=off needs DISCORD_PUBLIC_KEY: without the gateway, interactions arrive over HTTP only")
	}
	s := c.Slack
	switch {
	case s.Enabled() && !strings.HasPrefix(s.BotToken.Value(), "xoxb-"):
		add("SLACK_BOT_TOKEN: a bot token starts with xoxb-")
	case !s.Enabled() && (s.AppToken != "" || s.SigningSecret != ""):
		add("SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is not")
	case s.Enabled() && s.AppToken == "" && s.SigningSecret == "":
		add("SLACK_BOT_TOKEN needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)")
	}
	if s.AppToken != "" && !strings.HasPrefix(s.AppToken.Value(), "xapp-") {
		add("SLACK_APP_TOKEN: an app-level token starts with xapp-")
	}
	return errors.Join(problems...)
}

// LogValue lists the configuration with secrets redacted.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("db", redactedDB(c.DB)),
		slog.String("public_addr", c.PublicAddr),
		slog.String("questions", c.Questions),
		slog.String("http_addr", c.HTTPAddr),
		slog.String("timezone", c.Timezone),
		slog.String("schedule", c.Schedule),
		slog.String("grace", c.Grace.String()),
		slog.Group("discord", "token", c.Discord.Token, "guild_id", c.Discord.GuildID, "api_url", c.Discord.APIURL, "gateway_url", c.Discord.GatewayURL,
			"shard_id", c.Discord.ShardID, "shard_count", c.Discord.ShardCount, "gateway", c.Discord.Gateway, "http_interactions", c.Discord.HTTPInteractions()),
		slog.Group("slack", "bot_token", c.Slack.BotToken, "app_token", c.Slack.AppToken, "signing_secret", c.Slack.SigningSecret, "api_url", c.Slack.APIURL, "admin_users", c.Slack.AdminUsers),
	)
}

// redactedDB is the database for logs: a URL's password replaced.
func redactedDB(db string) string {
	if u, err := url.Parse(db); err == nil && u.User != nil {
		return u.Redacted()
	}
	return db
}

type reader struct {
	getenv   func(string) string
	problems []error
}

func (r *reader) str(name, def string) string {
	if v := strings.TrimSpace(r.getenv(name)); v != "" {
		return v
	}
	return def
}

func (r *reader) duration(name string, def time.Duration) time.Duration {
	v := r.getenv(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		r.problems = append(r.problems, fmt.Errorf("%s: %q is not a duration (e.g. 2h, 90m)", name, v))
		return def
	}
	return d
}

func (r *reader) integer(name string, def int) int {
	v := strings.TrimSpace(r.getenv(name))
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		r.problems = append(r.problems, fmt.Errorf("%s: %q is not a whole number", name, v))
		return def
	}
	return n
}

// secret reads NAME, or the file NAME_FILE names; setting both is a mistake.
// An empty token file turns its platform off.
func (r *reader) secret(name string) Secret {
	v, file := r.getenv(name), r.getenv(name+"_FILE")
	switch {
	case v != "" && file != "":
		r.problems = append(r.problems, fmt.Errorf("%s and %s_FILE are both set: use one", name, name))
		return ""
	case file != "":
		data, err := os.ReadFile(file)
		if err != nil {
			r.problems = append(r.problems, fmt.Errorf("%s_FILE: cannot read %s: %w", name, file, unwrapPathError(err)))
			return ""
		}
		return Secret(strings.TrimSpace(string(data)))
	}
	return Secret(strings.TrimSpace(v))
}

// onOff reads on/off (also true/false, 1/0, yes/no).
func (r *reader) onOff(name string, def bool) bool {
	switch v := strings.ToLower(strings.TrimSpace(r.getenv(name))); v {
	case "":
		return def
	case "on", "true", "1", "yes":
		return true
	case "off", "false", "0", "no":
		return false
	default:
		r.problems = append(r.problems, fmt.Errorf("%s: %q is not on or off", name, v))
		return def
	}
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
