// Package discord is the Discord adapter: it connects to the gateway with
// the Guilds intent only, registers the /docker and /docker-admin slash
// commands in bulk, turns interactions into bot commands and clicks, and
// renders the core's neutral messages as embeds with buttons. It delivers
// the daily posts (bot.Publisher): a message created with a nonce derived
// from the occurrence, edits for the live count and the reveal, and the
// model answer in a thread started from the post. It sends members direct
// messages (review reminders) in their DM channel with the bot.
//
// Every interaction gets its first response within Discord's 3 s: the
// reply itself when the core answers within deferAfter, otherwise a
// deferral followed by an edit or a follow-up. Every REST call runs under a
// context deadline, with discordgo's unbounded rate-limit retries turned off
// and retries honouring retry_after done here, so a 429 storm or a dead API
// ends in an error instead of a hang.
package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"

	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Platform is the platform name of Discord teams ("discord:<guild id>").
const Platform = "discord"

// Timing defaults.
const (
	// DefaultTimeout bounds each REST call, its rate-limit waits included.
	DefaultTimeout = 10 * time.Second
	// deferAfter is how long an interaction waits for the core before it
	// is deferred, well inside Discord's 3 s.
	deferAfter = 1500 * time.Millisecond
	// startTimeout bounds the gateway handshake in Start.
	startTimeout = 30 * time.Second
)

// Config is what the adapter needs to connect.
type Config struct {
	// Token is the bot token, with or without the "Bot " prefix.
	Token string
	// GuildID registers the commands in one guild (instant updates)
	// instead of globally.
	GuildID string
	// APIURL replaces https://discord.com as the base of REST calls
	// (tests, proxies): "http://127.0.0.1:8081" sends
	// https://discord.com/api/v9/gateway to http://127.0.0.1:8081/api/v9/gateway.
	APIURL string
	// GatewayURL is the websocket URL to dial instead of the one
	// GET /gateway returns.
	GatewayURL string
	// ShardID and ShardCount split the guilds over several connections;
	// zero values mean shard 0 of 1.
	ShardID    int
	ShardCount int
	// Timeout bounds each REST call; zero means DefaultTimeout.
	Timeout time.Duration
	// PublicKey is the application's Ed25519 public key, hex: it turns on
	// the HTTP interactions endpoint (InteractionsHandler).
	PublicKey string
	// NoGateway opens no gateway: REST and HTTP interactions only, as
	// replicas behind a load balancer run.
	NoGateway bool
}

// attrs are c's fields with the token hidden.
func (c Config) attrs() []slog.Attr {
	token := ""
	if c.Token != "" {
		token = "[redacted]"
	}
	return []slog.Attr{
		slog.String("token", token), slog.String("guild_id", c.GuildID),
		slog.String("api_url", c.APIURL), slog.String("gateway_url", c.GatewayURL),
		slog.Int("shard_id", c.ShardID), slog.Int("shard_count", c.ShardCount), slog.Duration("timeout", c.Timeout),
	}
}

// LogValue keeps the token out of logs.
func (c Config) LogValue() slog.Value { return slog.GroupValue(c.attrs()...) }

// String keeps the token out of printed configurations.
func (c Config) String() string {
	parts := make([]string, 0, 7)
	for _, a := range c.attrs() {
		parts = append(parts, a.String())
	}
	return "{" + strings.Join(parts, " ") + "}"
}

// Metrics counts what the adapter sees; internal/ops implements it.
type Metrics interface {
	// RateLimited counts a REST call answered with 429.
	RateLimited()
	// Reconnected counts a gateway connection after the first.
	Reconnected()
	// Interaction observes the time from an interaction's arrival to its
	// first response; kind is "command", "button" or "autocomplete".
	Interaction(kind string, d time.Duration)
}

type noMetrics struct{}

func (noMetrics) RateLimited()                             {}
func (noMetrics) Reconnected()                             {}
func (noMetrics) Interaction(kind string, d time.Duration) {}

// Adapter connects one bot to Discord.
type Adapter struct {
	cfg     Config
	bot     *bot.Bot
	log     *slog.Logger
	metrics Metrics
	session *discordgo.Session
	timeout time.Duration
	// global paces REST calls under Discord's global rate limit.
	global     *rate.Limiter
	deferAfter time.Duration

	connected atomic.Bool
	connects  atomic.Int64

	mu       sync.Mutex
	appID    string
	guilds   map[string]string // guild id → name, from GUILD_CREATE
	closed   bool
	inflight sync.WaitGroup

	// publicKey checks the signatures of HTTP interactions.
	publicKey ed25519.PublicKey
	// now reads the clock for signature ages (tests set it).
	now func() time.Time
	// started is true once Start succeeded without a gateway.
	started atomic.Bool
	// dms caches the members' direct message channels.
	dms *dmChannels
}

var _ bot.Publisher = (*Adapter)(nil)

// New returns an adapter for b and registers it as the publisher of
// Discord teams. m may be nil.
func New(cfg Config, b *bot.Bot, log *slog.Logger, m Metrics) (*Adapter, error) {
	token := strings.TrimSpace(cfg.Token)
	if rest, ok := strings.CutPrefix(token, "Bot "); ok {
		token = strings.TrimSpace(rest)
	}
	if token == "" {
		return nil, errors.New("discord: no bot token")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if m == nil {
		m = noMetrics{}
	}
	if cfg.ShardCount == 0 {
		cfg.ShardCount = 1
	}
	if cfg.ShardID < 0 || cfg.ShardID >= cfg.ShardCount {
		return nil, fmt.Errorf("discord: shard id %d is not below the shard count %d", cfg.ShardID, cfg.ShardCount)
	}
	transport, err := newTransport(cfg.APIURL, cfg.GatewayURL)
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, errors.New("discord: no bot")
	}
	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	// The calls discordgo makes on its own (GET /gateway when it
	// reconnects) take no context: the client's timeout bounds them.
	s.Client = &http.Client{Transport: transport, Timeout: 2 * timeout}
	s.Dialer = &websocket.Dialer{Proxy: http.ProxyFromEnvironment, HandshakeTimeout: DefaultTimeout}
	s.Identify.Intents = discordgo.IntentsGuilds
	s.ShardID, s.ShardCount = cfg.ShardID, cfg.ShardCount
	// Rate limits are waited out here, under each call's deadline.
	s.ShouldRetryOnRateLimit = false
	// Only what the adapter uses is kept: guild names, from its own map.
	s.StateEnabled = false
	// Events arrive in order on the gateway's goroutine; the interaction
	// handler starts its own goroutine at once.
	s.SyncEvents = true
	a := &Adapter{
		cfg: cfg, bot: b, log: log.With("platform", Platform), metrics: m, session: s,
		timeout: timeout, deferAfter: deferAfter, guilds: map[string]string{}, global: newGlobalLimiter(),
		now: time.Now, dms: newDMChannels(maxDMChannels),
	}
	if cfg.PublicKey != "" {
		key, err := hex.DecodeString(cfg.PublicKey)
		if err != nil || len(key) != ed25519.PublicKeySize {
			return nil, errors.New("the public key must be 64 hex digits")
		}
		a.publicKey = key
	}
	s.AddHandler(a.onReady)
	s.AddHandler(a.onConnect)
	s.AddHandler(a.onDisconnect)
	s.AddHandler(a.onGuildCreate)
	s.AddHandler(a.onGuildUpdate)
	s.AddHandler(a.onEvent)
	return a, nil
}

// Start connects to the gateway, waits for READY, registers the commands
// and logs the invite URL. On error nothing stays connected. Without a
// gateway it reads the application's id over REST instead.
func (a *Adapter) Start(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	if a.cfg.NoGateway {
		return a.startWithoutGateway(ctx)
	}
	opened := make(chan error, 1)
	go func() { opened <- a.session.Open() }()
	select {
	case err := <-opened:
		if err != nil {
			return fmt.Errorf("connect to the gateway: %w", rejected(cleanURLError(err)))
		}
	case <-ctx.Done():
		go func() {
			if <-opened == nil {
				a.session.Close()
			}
		}()
		return fmt.Errorf("connect to the gateway: %w", ctx.Err())
	}
	appID := a.applicationID()
	if appID == "" {
		a.session.Close()
		return errors.New("READY carried no application id")
	}
	if err := a.registerCommands(ctx); err != nil {
		a.session.Close()
		return rejected(err)
	}
	a.started.Store(true)
	return nil
}

// registerCommands overwrites the application's commands and logs the
// invite URL.
func (a *Adapter) registerCommands(ctx context.Context) error {
	appID := a.applicationID()
	err := a.do(ctx, "register commands", func(opts ...discordgo.RequestOption) error {
		_, err := a.session.ApplicationCommandBulkOverwrite(appID, a.cfg.GuildID, Commands(), opts...)
		return err
	})
	if err != nil {
		return err
	}
	scope := "global"
	if a.cfg.GuildID != "" {
		scope = "guild " + a.cfg.GuildID
	}
	a.log.Info("discord ready", "application", appID, "commands", scope, "gateway", !a.cfg.NoGateway, "invite", InviteURL(appID))
	return nil
}

// rejected marks err as bot.ErrTokenRejected when Discord refused the
// token: the gateway closed with 4004 (authentication failed) or a REST call
// got 401.
func rejected(err error) error {
	var closeErr *websocket.CloseError
	var restErr *discordgo.RESTError
	switch {
	case errors.As(err, &closeErr) && closeErr.Code == 4004,
		errors.As(err, &restErr) && restErr.Response != nil && restErr.Response.StatusCode == http.StatusUnauthorized:
		return fmt.Errorf("%w: %w", bot.ErrTokenRejected, err)
	}
	return err
}

// startWithoutGateway reads the application over REST and registers the
// commands; interactions then arrive over HTTP only.
func (a *Adapter) startWithoutGateway(ctx context.Context) error {
	var app discordgo.Application
	err := a.do(ctx, "read the application", func(opts ...discordgo.RequestOption) error {
		endpoint := discordgo.EndpointOAuth2Application("@me")
		body, err := a.session.RequestWithBucketID("GET", endpoint, nil, discordgo.EndpointOAuth2Application(""), opts...)
		if err != nil {
			return err
		}
		return json.Unmarshal(body, &app)
	})
	if err != nil {
		return fmt.Errorf("read the application: %w", rejected(err))
	}
	if app.ID == "" {
		return errors.New("read the application: no id in the answer")
	}
	a.mu.Lock()
	a.appID = app.ID
	a.mu.Unlock()
	if err := a.registerCommands(ctx); err != nil {
		return rejected(err)
	}
	a.started.Store(true)
	return nil
}

// Ready reports whether the adapter started (its commands are registered)
// and, with a gateway, whether the gateway is connected right now.
func (a *Adapter) Ready() bool {
	return a.started.Load() && (a.cfg.NoGateway || a.connected.Load())
}

// Close disconnects from the gateway, so no new interactions arrive, and
// waits for the interactions in progress to be answered.
func (a *Adapter) Close() error {
	var err error
	if !a.cfg.NoGateway {
		err = a.session.Close()
	}
	a.mu.Lock()
	a.closed = true
	a.mu.Unlock()
	a.inflight.Wait()
	return err
}

func (a *Adapter) applicationID() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.appID
}

func (a *Adapter) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case r.Application != nil && r.Application.ID != "":
		a.appID = r.Application.ID
	case r.User != nil:
		a.appID = r.User.ID
	}
}

func (a *Adapter) onConnect(*discordgo.Session, *discordgo.Connect) {
	a.connected.Store(true)
	if a.connects.Add(1) > 1 {
		a.metrics.Reconnected()
		a.log.Info("discord gateway reconnected")
	}
}

func (a *Adapter) onDisconnect(*discordgo.Session, *discordgo.Disconnect) {
	a.connected.Store(false)
}

func (a *Adapter) onGuildCreate(_ *discordgo.Session, g *discordgo.GuildCreate) {
	if g.Guild != nil && g.Name != "" {
		a.mu.Lock()
		a.guilds[g.ID] = g.Name
		a.mu.Unlock()
	}
}

func (a *Adapter) onGuildUpdate(_ *discordgo.Session, g *discordgo.GuildUpdate) {
	if g.Guild != nil && g.Name != "" {
		a.mu.Lock()
		a.guilds[g.ID] = g.Name
		a.mu.Unlock()
	}
}

// guildName returns the guild's name when GUILD_CREATE told it, else its id.
func (a *Adapter) guildName(id string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	if name, ok := a.guilds[id]; ok {
		return name
	}
	return id
}

// team returns the team id of a guild.
func team(guildID string) quiz.TeamID { return quiz.TeamID(Platform + ":" + guildID) }

// Permissions are what the bot needs in a daily channel: see it, post and
// embed, read the history its replies point to, and start and post in the
// thread of the model answer.
const Permissions = discordgo.PermissionViewChannel |
	discordgo.PermissionSendMessages |
	discordgo.PermissionEmbedLinks |
	discordgo.PermissionReadMessageHistory |
	discordgo.PermissionCreatePublicThreads |
	discordgo.PermissionSendMessagesInThreads

// InviteURL returns the URL that adds the application's bot to a server
// with the bot and applications.commands scopes and Permissions.
func InviteURL(appID string) string {
	return fmt.Sprintf("https://discord.com/oauth2/authorize?client_id=%s&scope=bot+applications.commands&permissions=%d",
		url.QueryEscape(appID), Permissions)
}

// LogLibraryTo sends discordgo's own log lines, which it writes with the
// standard log package, to log. discordgo's logger is a package variable,
// so this is for main to call once.
func LogLibraryTo(log *slog.Logger) {
	discordgo.Logger = func(level, _ int, format string, args ...any) {
		l := slog.LevelDebug
		switch level {
		case discordgo.LogError:
			l = slog.LevelError
		case discordgo.LogWarning:
			l = slog.LevelWarn
		case discordgo.LogInformational:
			l = slog.LevelInfo
		}
		log.Log(context.Background(), l, fmt.Sprintf(format, args...), "lib", "discordgo")
	}
}
