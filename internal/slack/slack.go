// Package slack is the Slack adapter: it turns slash commands, button
// clicks and App Home visits into calls on the platform-neutral bot core and
// renders the core's replies in Block Kit. It delivers the daily posts and
// the members' direct messages too (it is the bot.Publisher of teams
// "slack:<team id>").
//
// Two transports feed one handler:
//
//   - Socket Mode, when Config.AppToken is set: the adapter dials Slack and
//     needs no public URL.
//   - HTTP mode, with Config.SigningSecret: Handler serves
//     POST /slack/commands, /slack/interactions and /slack/events, and checks
//     every request's signature and timestamp.
//
// Every command, click and event is acknowledged within Slack's 3 seconds.
// A command whose reply is ready within ackWait is answered in the
// acknowledgement itself; slower work (post-now, anything waiting on Slack)
// is acknowledged empty and answered through the command's response_url.
// Clicks are acknowledged at once and answered with an ephemeral message
// through their response_url.
package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Platform is the prefix of Slack team ids ("slack:T0123"), and the
// platform the core sends Slack teams' daily posts through.
const Platform = "slack"

// Timings. Slack wants an answer within 3 seconds; the rest bounds work so
// that nothing hangs.
const (
	// defaultAckWait is how long a command may run before its
	// acknowledgement goes out empty and the reply follows through
	// response_url.
	defaultAckWait = 1500 * time.Millisecond
	// defaultSendInterval spaces the messages sent to one channel.
	defaultSendInterval = time.Second
	// callTimeout bounds one Web API call.
	callTimeout = 10 * time.Second
	// sendTimeout bounds a publisher call with its queueing and 429 waits,
	// unless the caller's context ends sooner.
	sendTimeout = 60 * time.Second
	// workTimeout bounds the work of one command, click or event.
	workTimeout = 60 * time.Second
	// closeGrace is how long Close waits for in-flight work before it
	// cancels it.
	closeGrace = 5 * time.Second
	// ackTimeout bounds the queueing of a Socket Mode acknowledgement.
	ackTimeout = 3 * time.Second
)

// requiredScopes are the bot token scopes the adapter uses: commands for
// /docker, chat:write to post, update and send ephemeral messages,
// im:write to open a member's direct message (conversations.open), and
// users:read for the admin check (users.info). views.publish and auth.test
// need none. deploy/slack/manifest.yaml asks for exactly these.
var requiredScopes = []string{"chat:write", "commands", "im:write", "users:read"}

// Config is what the adapter needs to reach Slack. The tokens are the
// values of config.Secret; the adapter never logs them.
type Config struct {
	// BotToken is the xoxb- bot token.
	BotToken string
	// AppToken is the xapp- app-level token (scope connections:write);
	// when set, the adapter connects over Socket Mode.
	AppToken string
	// SigningSecret checks the requests Handler receives in HTTP mode.
	SigningSecret string
	// APIURL overrides the Web API base URL (tests, proxies); a missing
	// trailing "/" is added.
	APIURL string
	// AdminUsers are user ids treated as admins besides the workspace's
	// admins and owners.
	AdminUsers []string
}

// socketMode reports whether the adapter connects over Socket Mode.
func (c Config) socketMode() bool { return c.AppToken != "" }

func (c Config) mode() string {
	if c.socketMode() {
		return "Socket Mode"
	}
	return "HTTP mode"
}

// String describes the configuration without its secrets.
func (c Config) String() string {
	return fmt.Sprintf("slack %s, api %q, %d admin users", c.mode(), c.APIURL, len(c.AdminUsers))
}

// GoString keeps %#v from printing the secrets.
func (c Config) GoString() string { return "slack.Config{" + c.String() + "}" }

// LogValue keeps slog from printing the secrets.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("mode", c.mode()),
		slog.String("api_url", c.APIURL),
		slog.Bool("signing_secret", c.SigningSecret != ""),
		slog.Any("admin_users", c.AdminUsers),
	)
}

// Metrics counts what the operator wants to watch; internal/ops implements
// it.
type Metrics interface {
	// RateLimited counts a 429 answer from Slack.
	RateLimited()
	// Reconnected counts a Socket Mode reconnection.
	Reconnected()
	// Interaction records one command ("command"), click ("button") or
	// event ("event") and the time until its reply reached Slack (for an
	// event: until it was handled).
	Interaction(kind string, d time.Duration)
}

// noMetrics stands in when New is given no Metrics.
type noMetrics struct{}

func (noMetrics) RateLimited()                          {}
func (noMetrics) Reconnected()                          {}
func (noMetrics) Interaction(_ string, _ time.Duration) {}

// Adapter connects one Slack app to the bot.
type Adapter struct {
	cfg     Config
	bot     *bot.Bot
	log     *slog.Logger
	metrics Metrics
	api     *slackapi.Client
	// hooks posts to response_url, which takes no token.
	hooks  *http.Client
	admins map[string]bool
	// now is the clock that checks request timestamps.
	now func() time.Time

	// Tuning; tests shorten them.
	ackWait      time.Duration
	sendInterval time.Duration

	// ctx lives until Close; background work derives from it.
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	closing bool
	work    sync.WaitGroup

	ready  atomic.Bool
	queues *queues

	socket *socketmode.Client
	// socketDone and eventsDone close when the Socket Mode client and the
	// loop reading its events have stopped.
	socketDone, eventsDone chan struct{}
	// socketConnected closes when the client first connects; socketErr is
	// why its run ended, once socketDone is closed.
	socketConnected chan struct{}
	socketErr       error
}

var _ bot.Publisher = (*Adapter)(nil)

// New returns an adapter for cfg and registers it as the publisher of
// Slack teams. m may be nil. It does not connect; Start does.
func New(cfg Config, b *bot.Bot, log *slog.Logger, m Metrics) (*Adapter, error) {
	var problems []error
	if cfg.BotToken == "" {
		problems = append(problems, errors.New("slack: a bot token is required"))
	}
	if cfg.AppToken == "" && cfg.SigningSecret == "" {
		problems = append(problems, errors.New("slack: an app token (Socket Mode) or a signing secret (HTTP mode) is required"))
	}
	if b == nil {
		problems = append(problems, errors.New("slack: no bot"))
	}
	if err := errors.Join(problems...); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if m == nil {
		m = noMetrics{}
	}
	// The client's own timeout is a safety net for calls whose context has
	// no deadline, such as Socket Mode's apps.connections.open.
	opts := []slackapi.Option{slackapi.OptionHTTPClient(&http.Client{Timeout: 2 * callTimeout})}
	if cfg.APIURL != "" {
		if !strings.HasSuffix(cfg.APIURL, "/") {
			cfg.APIURL += "/"
		}
		opts = append(opts, slackapi.OptionAPIURL(cfg.APIURL))
	}
	if cfg.AppToken != "" {
		opts = append(opts, slackapi.OptionAppLevelToken(cfg.AppToken))
	}
	admins := map[string]bool{}
	for _, id := range cfg.AdminUsers {
		if id = strings.TrimSpace(id); id != "" {
			admins[id] = true
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	a := &Adapter{
		cfg:          cfg,
		bot:          b,
		log:          log.With("adapter", Platform),
		metrics:      m,
		api:          slackapi.New(cfg.BotToken, opts...),
		hooks:        &http.Client{Timeout: callTimeout},
		admins:       admins,
		now:          time.Now,
		ackWait:      defaultAckWait,
		sendInterval: defaultSendInterval,
		ctx:          ctx,
		cancel:       cancel,
	}
	a.queues = newQueues(a)
	return a, nil
}

// Start checks the bot token and, in Socket Mode, connects; it returns once
// the adapter takes requests or on error. ctx bounds the start only; Close
// ends the adapter.
func (a *Adapter) Start(ctx context.Context) error {
	actx, cancel := context.WithTimeout(ctx, callTimeout)
	auth, err := a.api.AuthTestContext(actx)
	cancel()
	if err != nil {
		return fmt.Errorf("auth.test: %w", rejected(err))
	}
	a.checkScopes(auth.Header)
	if a.cfg.socketMode() {
		if err := a.startSocket(ctx); err != nil {
			return err
		}
	} else {
		a.ready.Store(true)
	}
	a.log.Info("slack adapter started", "mode", a.cfg.mode(), "team", auth.Team, "team_id", auth.TeamID, "bot_user", auth.UserID, "config", a.cfg)
	return nil
}

// rejected marks err as bot.ErrTokenRejected when Slack refused the token.
func rejected(err error) error {
	var resp slackapi.SlackErrorResponse
	if errors.As(err, &resp) {
		switch resp.Err {
		case "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type":
			return fmt.Errorf("%w: %w", bot.ErrTokenRejected, err)
		}
	}
	return err
}

// checkScopes warns about required scopes the bot token lacks, when Slack
// lists the token's scopes.
func (a *Adapter) checkScopes(h http.Header) {
	have := h.Get("X-OAuth-Scopes")
	if have == "" {
		return
	}
	granted := strings.Split(strings.ReplaceAll(have, " ", ""), ",")
	var missing []string
	for _, s := range requiredScopes {
		if !slices.Contains(granted, s) {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 {
		a.log.Warn("the slack bot token lacks scopes; reinstall the app from deploy/slack/manifest.yaml", "missing", missing)
	}
}

// Ready reports whether the adapter takes requests right now: connected
// in Socket Mode, started and not closed in HTTP mode.
func (a *Adapter) Ready() bool { return a.ready.Load() }

// Close stops taking new work, waits a little for in-flight interactions,
// cancels what is left and disconnects.
func (a *Adapter) Close() error {
	a.mu.Lock()
	if a.closing {
		a.mu.Unlock()
		return nil
	}
	a.closing = true
	a.mu.Unlock()
	a.ready.Store(false)

	done := make(chan struct{})
	go func() {
		a.work.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(closeGrace):
		a.log.Warn("slack work still running at close; cancelling it")
	}
	a.cancel()
	<-done
	if a.socket != nil {
		<-a.socketDone
		<-a.eventsDone
	}
	a.queues.wait()
	return nil
}

// goWork runs f in the background with a bounded context, unless the
// adapter is closing. It reports whether f was started.
func (a *Adapter) goWork(f func(ctx context.Context)) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closing {
		return false
	}
	a.work.Add(1)
	go func() {
		defer a.work.Done()
		defer a.recoverPanic("background work")
		ctx, cancel := context.WithTimeout(a.ctx, workTimeout)
		defer cancel()
		f(ctx)
	}()
	return true
}

// recoverPanic logs a panic instead of crashing the bot.
func (a *Adapter) recoverPanic(what string) {
	if v := recover(); v != nil {
		a.log.Error("slack panic recovered", "in", what, "panic", fmt.Sprint(v))
	}
}

// teamID is the bot's id of a Slack workspace.
func teamID(id string) quiz.TeamID { return quiz.TeamID(Platform + ":" + id) }
