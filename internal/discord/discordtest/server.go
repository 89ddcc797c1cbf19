// Package discordtest is a small fake Discord for tests and benchmarks: one
// httptest server on 127.0.0.1 serves the REST API under /api/v9 and the
// gateway websocket. It speaks enough of both for discordgo: HELLO,
// IDENTIFY→READY and GUILD_CREATE, heartbeats, RESUME→RESUMED with replay of
// missed events, op 7 on demand, INTERACTION_CREATE dispatches built from
// helpers, interaction callbacks, follow-ups and edits of the original
// response, channel messages with Discord's nonce de-duplication, threads,
// direct message channels (see CloseDMs and DMs) and bulk command
// registration. It records every REST call and can answer chosen calls with
// 429s, errors or delays (see Fault).
//
// Point discordgo at it by rewriting the scheme and host of
// https://discord.com to URL in Session.Client's transport; GET
// /api/v9/gateway returns the fake's own websocket URL.
//
// Like Discord, the fake refuses what Discord refuses: an interaction
// callback later than 3 s after the dispatch or a second one, an empty
// message, content over 2,000 characters, embeds over their limits, more
// than 5 action rows or buttons per row, a nonce over 25 characters, a
// direct message to a member who closed their direct messages, and a REST
// call without the bot token.
package discordtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Default ids of the fake's application, guild and channel.
const (
	DefaultAppID   = "100000000000000001"
	DefaultGuildID = "200000000000000001"
	DefaultChannel = "300000000000000001"
)

// Guild is a server the fake's bot is in; its GUILD_CREATE follows READY.
type Guild struct {
	ID       string
	Name     string
	Channels []string
}

// Options configure a Server. The zero value gives an application
// DefaultAppID in one guild DefaultGuildID ("Docker Fans") with one text
// channel DefaultChannel, accepting any token.
type Options struct {
	// Token is the bot token the fake accepts, without "Bot "; empty
	// accepts any.
	Token  string
	AppID  string
	Guilds []Guild
	// HeartbeatInterval is sent in HELLO; zero means Discord's 41.25 s.
	HeartbeatInterval time.Duration
	// ResponseWindow is how long after its dispatch an interaction takes
	// its first callback; zero means Discord's 3 s.
	ResponseWindow time.Duration
	// NonceWindow is how long a nonce sent with enforce_nonce returns the
	// first message instead of creating another; zero means 5 minutes.
	NonceWindow time.Duration
	// GlobalLimit, when set, enforces Discord's global rate limit: more
	// than GlobalLimit REST calls in any second get a global 429. As on
	// Discord, interaction responses and follow-ups are exempt.
	GlobalLimit int
}

// Server is a fake Discord. Its methods are safe for concurrent use.
type Server struct {
	// URL is the server's base URL (http://127.0.0.1:port): the REST API is
	// under URL+"/api/v9" and the gateway at URL+"/gateway".
	URL string

	opts Options
	http *httptest.Server
	done chan struct{}

	// gwMu orders the frames written to the gateway connection.
	gwMu sync.Mutex

	mu           sync.Mutex
	changed      chan struct{}
	nextID       uint64
	channels     map[string]*channel
	messages     map[string]*Message
	nonces       map[string]nonceEntry
	calls        []Call
	faults       []*Fault
	interactions map[string]*interaction
	byToken      map[string]*interaction
	// dms maps a member's id to their direct message channel's id;
	// closedDMs are the members who take no direct messages.
	dms       map[string]string
	closedDMs map[string]bool
	gw        gateway
	// recent holds the times of the REST calls of the last second that
	// count against GlobalLimit.
	recent []time.Time
}

type channel struct {
	id, guild, parent, name string
	thread                  bool
	// recipient is the member of a direct message channel.
	recipient string
}

type nonceEntry struct {
	messageID string
	at        time.Time
}

// Call is one REST request the fake received.
type Call struct {
	Method string
	// Path is the URL path, e.g. /api/v9/channels/300000000000000001/messages.
	Path  string
	Query string
	// Body is the request body: JSON, or for a multipart upload its
	// payload_json part.
	Body []byte
	// Files are a multipart upload's files[n] parts.
	Files []Attachment
	// Authorized reports whether the request carried the bot token.
	Authorized bool
	Status     int
	At         time.Time
}

// New starts a fake Discord on 127.0.0.1. Close it when done.
func New(opts Options) *Server {
	if opts.AppID == "" {
		opts.AppID = DefaultAppID
	}
	if len(opts.Guilds) == 0 {
		opts.Guilds = []Guild{{ID: DefaultGuildID, Name: "Docker Fans", Channels: []string{DefaultChannel}}}
	}
	if opts.HeartbeatInterval == 0 {
		opts.HeartbeatInterval = 41250 * time.Millisecond
	}
	if opts.ResponseWindow == 0 {
		opts.ResponseWindow = 3 * time.Second
	}
	if opts.NonceWindow == 0 {
		opts.NonceWindow = 5 * time.Minute
	}
	s := &Server{
		opts:         opts,
		done:         make(chan struct{}),
		changed:      make(chan struct{}),
		nextID:       900000000000000000,
		channels:     map[string]*channel{},
		messages:     map[string]*Message{},
		nonces:       map[string]nonceEntry{},
		interactions: map[string]*interaction{},
		byToken:      map[string]*interaction{},
		dms:          map[string]string{},
		closedDMs:    map[string]bool{},
	}
	for _, g := range opts.Guilds {
		for _, c := range g.Channels {
			s.channels[c] = &channel{id: c, guild: g.ID, name: "channel-" + c}
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/v9/", s.serveREST)
	mux.HandleFunc("/gateway", s.serveGateway)
	mux.HandleFunc("/gateway/", s.serveGateway)
	s.http = httptest.NewServer(mux)
	s.URL = s.http.URL
	return s
}

// Close disconnects the gateway and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	select {
	case <-s.done:
		s.mu.Unlock()
		return
	default:
	}
	close(s.done)
	conn := s.gw.conn
	s.mu.Unlock()
	if conn != nil {
		conn.ws.Close()
	}
	s.http.CloseClientConnections()
	s.http.Close()
}

// AppID returns the application id READY announces.
func (s *Server) AppID() string { return s.opts.AppID }

// Guilds returns the guilds the bot is in.
func (s *Server) Guilds() []Guild { return s.opts.Guilds }

// Await blocks until cond reports true or ctx ends. cond is checked at
// once and after every change of the fake's state (a call, a message, a
// connection); it may call the Server's methods.
func (s *Server) Await(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("discordtest: waiting: %w", ctx.Err())
		}
	}
}

// notify wakes the waiters of Await; the caller holds s.mu.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// newID returns a fresh snowflake-like id; the caller holds s.mu.
func (s *Server) newID() string {
	s.nextID++
	return strconv.FormatUint(s.nextID, 10)
}

// Calls returns the REST calls received so far whose method matches
// (empty matches any) and whose path matches pattern (see Fault.Path; empty
// matches any), in order.
func (s *Server) Calls(method, pattern string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if matches(method, pattern, c.Method, c.Path) {
			out = append(out, c)
		}
	}
	return out
}

// restError is Discord's JSON error body.
type restError struct {
	Message string `json:"message"`
	Code    int    `json:"code"`
}

// Discord's error codes the fake returns.
const (
	codeUnknownChannel       = 10003
	codeUnknownMessage       = 10008
	codeUnknownWebhook       = 10015
	codeUnknownInteraction   = 10062
	codeAlreadyAcknowledged  = 40060
	codeEmptyMessage         = 50006
	codeInvalidFormBody      = 50035
	codeThreadAlreadyCreated = 160004
)

func errorf(status, code int, format string, args ...any) response {
	return response{status: status, body: restError{Message: fmt.Sprintf(format, args...), Code: code}}
}

// response is what a route answers: a status and a JSON body (none for 204).
type response struct {
	status int
	body   any
	header http.Header
}

func ok(body any) response { return response{status: http.StatusOK, body: body} }

var noContent = response{status: http.StatusNoContent}

func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	// The arrival time comes first: the global limit counts arrivals, not
	// when a busy machine got round to reading the body.
	arrived := time.Now()
	body, _ := io.ReadAll(io.LimitReader(r.Body, 32<<20))
	call := Call{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Body: body, Authorized: s.authorized(r), At: arrived}
	resp, decided := s.overGlobalLimit(call)
	if !decided && strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		var bad *response
		if call.Body, call.Files, bad = readMultipart(r.Header.Get("Content-Type"), body); bad != nil {
			resp, decided = *bad, true
		}
	}
	if !decided {
		resp, decided = s.injected(r.Context(), call)
	}
	if !decided {
		resp = s.route(call)
	}
	call.Status = resp.status
	s.mu.Lock()
	s.calls = append(s.calls, call)
	s.notify()
	s.mu.Unlock()
	for k, v := range resp.header {
		w.Header()[k] = v
	}
	if resp.status == http.StatusNoContent || resp.body == nil {
		w.WriteHeader(resp.status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(resp.status)
	json.NewEncoder(w).Encode(resp.body)
}

// overGlobalLimit answers a call that would exceed Options.GlobalLimit with
// a global 429 whose retry_after is when the oldest call of the window
// leaves it.
func (s *Server) overGlobalLimit(c Call) (response, bool) {
	if s.opts.GlobalLimit == 0 || strings.Contains(c.Path, "/interactions/") || strings.Contains(c.Path, "/webhooks/") {
		return response{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cutoff := c.At.Add(-time.Second)
	i := 0
	for i < len(s.recent) && !s.recent[i].After(cutoff) {
		i++
	}
	s.recent = s.recent[i:]
	if len(s.recent) >= s.opts.GlobalLimit {
		return rateLimited(Fault{RetryAfter: s.recent[0].Sub(cutoff), Global: true}), true
	}
	s.recent = append(s.recent, c.At)
	return response{}, false
}

func (s *Server) authorized(r *http.Request) bool {
	auth := r.Header.Get("Authorization")
	if s.opts.Token == "" {
		return strings.HasPrefix(auth, "Bot ")
	}
	return auth == "Bot "+s.opts.Token
}

// route answers one REST call.
func (s *Server) route(c Call) response {
	p := strings.Split(strings.TrimPrefix(c.Path, "/api/v9/"), "/")
	at := func(i int) string {
		if i < len(p) {
			return p[i]
		}
		return ""
	}
	// Interaction callbacks and webhooks authenticate with the token in
	// the URL; everything else needs the bot token.
	if at(0) != "interactions" && at(0) != "webhooks" && !c.Authorized {
		return errorf(http.StatusUnauthorized, 0, "401: Unauthorized")
	}
	switch {
	case c.Method == "GET" && len(p) == 1 && at(0) == "gateway",
		c.Method == "GET" && len(p) == 2 && at(0) == "gateway" && at(1) == "bot":
		return ok(map[string]any{"url": "ws" + strings.TrimPrefix(s.URL, "http") + "/gateway", "shards": 1})
	case c.Method == "GET" && at(0) == "oauth2" && at(1) == "applications" && at(2) == "@me" && len(p) == 3:
		return ok(map[string]any{"id": s.opts.AppID, "name": "dockerqotd", "bot_public": true})
	case c.Method == "POST" && at(0) == "users" && at(1) == "@me" && at(2) == "channels" && len(p) == 3:
		return s.openDM(c.Body)
	case c.Method == "PUT" && at(0) == "applications" && at(2) == "commands" && len(p) == 3:
		return s.putCommands(at(1), "", c.Body)
	case c.Method == "PUT" && at(0) == "applications" && at(2) == "guilds" && at(4) == "commands" && len(p) == 5:
		return s.putCommands(at(1), at(3), c.Body)
	case at(0) == "channels" && at(2) == "messages" && len(p) == 3 && c.Method == "POST":
		return s.createMessage(at(1), c.Body, c.Files)
	case at(0) == "channels" && at(2) == "messages" && len(p) == 4:
		return s.channelMessage(c.Method, at(1), at(3), c.Body, c.Files)
	case at(0) == "channels" && at(2) == "messages" && at(4) == "threads" && len(p) == 5 && c.Method == "POST":
		return s.startThread(at(1), at(3), c.Body)
	case at(0) == "interactions" && at(3) == "callback" && len(p) == 4 && c.Method == "POST":
		return s.callback(at(1), at(2), c.Body, c.Files)
	case at(0) == "webhooks" && len(p) == 3 && c.Method == "POST":
		return s.followup(at(1), at(2), c.Query, c.Body, c.Files)
	case at(0) == "webhooks" && at(3) == "messages" && len(p) == 5:
		return s.webhookMessage(c.Method, at(1), at(2), at(4), c.Body, c.Files)
	}
	return errorf(http.StatusNotFound, 0, "404: Not Found")
}

// putCommands answers a bulk overwrite: the commands with ids.
func (s *Server) putCommands(app, guild string, body []byte) response {
	if app != s.opts.AppID {
		return errorf(http.StatusForbidden, 50001, "Missing Access")
	}
	var cmds []map[string]any
	if err := json.Unmarshal(body, &cmds); err != nil {
		return errorf(http.StatusBadRequest, codeInvalidFormBody, "Invalid Form Body: %v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range cmds {
		c["id"] = s.newID()
		c["application_id"] = app
		c["version"] = s.newID()
		if guild != "" {
			c["guild_id"] = guild
		}
	}
	return ok(cmds)
}
