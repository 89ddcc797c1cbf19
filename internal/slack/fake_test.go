package slack

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"
)

// Recognisable fake secrets: no log line may contain them.
const (
	fakeBotToken      = "xoxb-FAKE-bot-token-4f1c9a77"
	fakeAppToken      = "xapp-FAKE-app-token-8d2e7b11"
	fakeSigningSecret = "FAKE-signing-secret-3a9c5d42"
)

// The fake workspace.
const (
	fakeTeam   = "T0ACME"
	fakeDomain = "acme"
	daily      = "CDAILY"
	notIn      = "CNOTIN"
)

// fakeSlack is slack-go's slacktest server with the routes it lacks or
// that must record what they got:
//
//	auth.test, apps.connections.open  check the token, list the bot's scopes
//	/ws                               Socket Mode: hello, pings, envelopes out, acks in
//	chat.postMessage                  recorded; answers 429 while rateLimited > 0, 503 while unavailable;
//	                                  not_in_channel for CNOTIN; to a D channel only once opened
//	conversations.open                a member's direct message (im:write, one member): "D"+member;
//	                                  429 while openRateLimited > 0, 503 while unavailable; closeDMs refuses
//	chat.postEphemeral, chat.update   recorded (slacktest has no chat.update)
//	views.publish, views.open         recorded (slacktest has neither); views.open checks the modal's limits
//	users.info                        is_admin from admins
//	/response/…                       response_url posts, recorded
type fakeSlack struct {
	t   testing.TB
	srv *slacktest.Server

	mu          sync.Mutex
	changed     chan struct{}
	posts       []sent
	ephemerals  []sent
	updates     []sent
	views       []slackapi.PublishViewContextRequest
	modals      []openedView
	responses   []response
	acks        map[string]json.RawMessage
	userLookups map[string]int
	postCalls   int
	badTokens   int
	// rateLimited is how many chat.postMessage calls get 429 with
	// retryAfter; openRateLimited is the same for conversations.open.
	rateLimited     int
	openRateLimited int
	retryAfter      string
	// unavailable is how many calls of a method ("chat.postMessage")
	// get 503 Service Unavailable.
	unavailable map[string]int
	// opens counts conversations.open calls; dmMembers maps each opened
	// direct message channel to its member; refusals are the errors
	// closeDMs set, by member.
	opens     int
	dmMembers map[string]string
	refusals  map[string]string
	admins    map[string]bool
	// scopes are the bot token's scopes auth.test lists.
	scopes string
	ts     int

	// conns counts Socket Mode connections.
	conns int

	connMu sync.Mutex
	conn   *websocket.Conn
}

// sent is a recorded Web API form post.
type sent struct {
	at     time.Time
	values url.Values
}

func (s sent) blocks(t testing.TB) []slackapi.Block {
	t.Helper()
	var bs slackapi.Blocks
	if err := json.Unmarshal([]byte(s.values.Get("blocks")), &bs); err != nil {
		t.Fatalf("blocks of %v: %v", s.values, err)
	}
	return bs.BlockSet
}

// response is a recorded post to a response_url.
type response struct {
	path string
	msg  slackapi.WebhookMessage
	raw  string
}

func newFakeSlack(t testing.TB) *fakeSlack {
	t.Helper()
	f := &fakeSlack{
		t: t, changed: make(chan struct{}), acks: map[string]json.RawMessage{},
		userLookups: map[string]int{}, admins: map[string]bool{}, retryAfter: "1",
		unavailable: map[string]int{}, dmMembers: map[string]string{}, refusals: map[string]string{},
		scopes: "chat:write,commands,im:write,users:read",
	}
	f.srv = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/auth.test", f.authTest)
		c.Handle("/apps.connections.open", f.connectionsOpen)
		c.Handle("/ws", f.websocket)
		c.Handle("/chat.postMessage", f.postMessage)
		c.Handle("/conversations.open", f.conversationsOpen)
		c.Handle("/chat.postEphemeral", f.record("xoxb-", &f.ephemerals, `{"ok":true,"message_ts":"1700000000.999999"}`))
		c.Handle("/chat.update", f.update)
		c.Handle("/views.publish", f.viewsPublish)
		c.Handle("/views.open", f.viewsOpen)
		c.Handle("/users.info", f.usersInfo)
		c.Handle("/response/", f.response)
	})
	f.srv.Start()
	t.Cleanup(func() {
		f.connMu.Lock()
		if f.conn != nil {
			f.conn.Close()
		}
		f.connMu.Unlock()
		f.srv.Stop()
	})
	return f
}

func (f *fakeSlack) apiURL() string { return f.srv.GetAPIURL() }

// responseURL is a response_url served by the fake.
func (f *fakeSlack) responseURL(name string) string { return f.apiURL() + "response/" + name }

// bump wakes the tests waiting for a change; call with f.mu held.
func (f *fakeSlack) bump() {
	close(f.changed)
	f.changed = make(chan struct{})
}

// waitFor polls cond, which runs with f.mu held, until it holds or 10 s
// pass.
func (f *fakeSlack) waitFor(what string, cond func() bool) {
	f.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		f.mu.Lock()
		ok, changed := cond(), f.changed
		f.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			f.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// authorized checks the token of a request, sent as a Bearer header or
// as the form field token (v); a wrong one is answered invalid_auth.
func (f *fakeSlack) authorized(w http.ResponseWriter, r *http.Request, v url.Values, prefix string) bool {
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if token == "" {
		token = v.Get("token")
	}
	want := fakeBotToken
	if prefix == "xapp-" {
		want = fakeAppToken
	}
	if token != want {
		f.mu.Lock()
		f.badTokens++
		f.bump()
		f.mu.Unlock()
		fmt.Fprint(w, `{"ok":false,"error":"invalid_auth"}`)
		return false
	}
	return true
}

func (f *fakeSlack) authTest(w http.ResponseWriter, r *http.Request) {
	if !f.authorized(w, r, form(r), "xoxb-") {
		return
	}
	w.Header().Set("X-OAuth-Scopes", f.scopes)
	fmt.Fprintf(w, `{"ok":true,"url":"https://acme.slack.com/","team":"Acme","user":"dockerqotd","team_id":%q,"user_id":"UBOT","bot_id":"BBOT"}`, fakeTeam)
}

func (f *fakeSlack) connectionsOpen(w http.ResponseWriter, r *http.Request) {
	if !f.authorized(w, r, form(r), "xapp-") {
		return
	}
	fmt.Fprintf(w, `{"ok":true,"url":%q}`, f.srv.GetWSURL())
}

// websocket is Socket Mode's connection: it says hello, pings every 100 ms
// (slacktest's /ws never pings, so slack-go would reconnect every 30 s,
// and it spins on a connection closed under it), and records every ack.
func (f *fakeSlack) websocket(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	conn, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()
	f.connMu.Lock()
	f.conn = conn
	err = conn.WriteJSON(map[string]any{"type": "hello", "num_connections": 1, "connection_info": map[string]string{"app_id": "A0DQOTD"}})
	f.connMu.Unlock()
	if err != nil {
		return
	}
	f.mu.Lock()
	f.conns++
	f.bump()
	f.mu.Unlock()
	done := make(chan struct{})
	defer close(done)
	go func() {
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				f.connMu.Lock()
				err := conn.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second))
				f.connMu.Unlock()
				if err != nil {
					return
				}
			}
		}
	}()
	for {
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if err := conn.ReadJSON(&ack); err != nil {
			return
		}
		f.mu.Lock()
		f.acks[ack.EnvelopeID] = ack.Payload
		f.bump()
		f.mu.Unlock()
	}
}

// send pushes a Socket Mode envelope to the connected client.
func (f *fakeSlack) send(envelope any) {
	f.t.Helper()
	f.waitFor("a Socket Mode connection", func() bool { return f.conns > 0 })
	f.connMu.Lock()
	defer f.connMu.Unlock()
	if f.conn == nil {
		f.t.Fatal("no Socket Mode connection")
	}
	if err := f.conn.WriteJSON(envelope); err != nil {
		f.t.Fatalf("send envelope: %v", err)
	}
}

// ack waits for the acknowledgement of an envelope and returns its
// payload (nil when there is none).
func (f *fakeSlack) ack(envelopeID string) json.RawMessage {
	f.t.Helper()
	var payload json.RawMessage
	f.waitFor("ack of "+envelopeID, func() bool {
		p, ok := f.acks[envelopeID]
		payload = p
		return ok
	})
	if string(payload) == "null" {
		return nil
	}
	return payload
}

// form reads a Web API form post.
func form(r *http.Request) url.Values {
	body, _ := io.ReadAll(r.Body)
	v, _ := url.ParseQuery(string(body))
	return v
}

func (f *fakeSlack) postMessage(w http.ResponseWriter, r *http.Request) {
	v := form(r)
	if !f.authorized(w, r, v, "xoxb-") {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	defer f.bump()
	f.postCalls++
	if f.rateLimited > 0 {
		f.rateLimited--
		f.tooManyRequests(w)
		return
	}
	if f.unavailableNow(w, "chat.postMessage") {
		return
	}
	channel := v.Get("channel")
	if channel == notIn {
		fmt.Fprint(w, `{"ok":false,"error":"not_in_channel"}`)
		return
	}
	if strings.HasPrefix(channel, "D") {
		member, opened := f.dmMembers[channel]
		switch {
		case !opened:
			fmt.Fprint(w, `{"ok":false,"error":"channel_not_found"}`)
			return
		case f.refusals[member] == "messages_tab_disabled":
			fmt.Fprint(w, `{"ok":false,"error":"messages_tab_disabled"}`)
			return
		}
	}
	f.ts++
	ts := fmt.Sprintf("1700000000.%06d", f.ts)
	f.posts = append(f.posts, sent{at: time.Now(), values: v})
	fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":%q,"message":{"type":"message","text":"","ts":%q}}`, v.Get("channel"), ts, ts)
}

// tooManyRequests answers 429 with retryAfter; the caller holds f.mu.
func (f *fakeSlack) tooManyRequests(w http.ResponseWriter) {
	w.Header().Set("Retry-After", f.retryAfter)
	w.WriteHeader(http.StatusTooManyRequests)
	fmt.Fprint(w, `{"ok":false,"error":"ratelimited"}`)
}

// unavailableNow answers 503 when method has failures left in
// unavailable; the caller holds f.mu.
func (f *fakeSlack) unavailableNow(w http.ResponseWriter, method string) bool {
	if f.unavailable[method] == 0 {
		return false
	}
	f.unavailable[method]--
	http.Error(w, "service unavailable", http.StatusServiceUnavailable)
	return true
}

// conversationsOpen opens a member's direct message with the app as Slack
// does: it needs im:write, and the same member gets the same channel every
// time. The fake opens no group messages, so it refuses more than one
// member. A member closed with closeDMs gets their error here, except
// messages_tab_disabled, which Slack answers to chat.postMessage.
func (f *fakeSlack) conversationsOpen(w http.ResponseWriter, r *http.Request) {
	v := form(r)
	if !f.authorized(w, r, v, "xoxb-") {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	defer f.bump()
	f.opens++
	if f.openRateLimited > 0 {
		f.openRateLimited--
		f.tooManyRequests(w)
		return
	}
	if f.unavailableNow(w, "conversations.open") {
		return
	}
	member := v.Get("users")
	switch refusal := f.refusals[member]; {
	case !slices.Contains(strings.Split(f.scopes, ","), "im:write"):
		fmt.Fprintf(w, `{"ok":false,"error":"missing_scope","needed":"im:write","provided":%q}`, f.scopes)
	case member == "":
		fmt.Fprint(w, `{"ok":false,"error":"users_list_not_supplied"}`)
	case strings.Contains(member, ","):
		fmt.Fprint(w, `{"ok":false,"error":"invalid_arguments"}`)
	case refusal != "" && refusal != "messages_tab_disabled":
		fmt.Fprintf(w, `{"ok":false,"error":%q}`, refusal)
	default:
		channel := "D" + member
		f.dmMembers[channel] = member
		fmt.Fprintf(w, `{"ok":true,"channel":{"id":%q}}`, channel)
	}
}

// closeDMs makes Slack refuse the member's direct messages with slackErr:
// a conversations.open error (user_disabled, cannot_dm_bot, …) or
// messages_tab_disabled, which chat.postMessage answers. On Slack the
// Messages tab is the app's, for every member; the fake sets it per member
// so that one test can try each error.
func (f *fakeSlack) closeDMs(member, slackErr string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refusals[member] = slackErr
}

// dms returns the messages posted to the member's direct message.
func (f *fakeSlack) dms(member string) []sent {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []sent
	for _, p := range f.posts {
		if p.values.Get("channel") == "D"+member {
			out = append(out, p)
		}
	}
	return out
}

func (f *fakeSlack) update(w http.ResponseWriter, r *http.Request) {
	v := form(r)
	if !f.authorized(w, r, v, "xoxb-") {
		return
	}
	f.mu.Lock()
	f.updates = append(f.updates, sent{at: time.Now(), values: v})
	f.bump()
	f.mu.Unlock()
	fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":%q,"text":""}`, v.Get("channel"), v.Get("ts"))
}

// record is a handler that keeps the form posts in *into.
func (f *fakeSlack) record(prefix string, into *[]sent, answer string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v := form(r)
		if !f.authorized(w, r, v, prefix) {
			return
		}
		f.mu.Lock()
		*into = append(*into, sent{at: time.Now(), values: v})
		f.bump()
		f.mu.Unlock()
		fmt.Fprint(w, answer)
	}
}

func (f *fakeSlack) viewsPublish(w http.ResponseWriter, r *http.Request) {
	if !f.authorized(w, r, nil, "xoxb-") {
		return
	}
	var req slackapi.PublishViewContextRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		fmt.Fprint(w, `{"ok":false,"error":"invalid_arguments"}`)
		return
	}
	f.mu.Lock()
	f.views = append(f.views, req)
	f.bump()
	f.mu.Unlock()
	fmt.Fprint(w, `{"ok":true,"view":{"id":"VHOME","type":"home"}}`)
}

// openedView is a recorded views.open call.
type openedView struct {
	trigger string
	view    slackapi.ModalViewRequest
}

// viewsOpen records a modal, refusing what Slack refuses: no trigger_id, a
// title or button label over 24 characters, more than 100 blocks.
func (f *fakeSlack) viewsOpen(w http.ResponseWriter, r *http.Request) {
	if !f.authorized(w, r, nil, "xoxb-") {
		return
	}
	var req struct {
		TriggerID string                    `json:"trigger_id"`
		View      slackapi.ModalViewRequest `json:"view"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		fmt.Fprint(w, `{"ok":false,"error":"invalid_arguments"}`)
		return
	}
	short := func(t *slackapi.TextBlockObject) bool { return t != nil && len([]rune(t.Text)) <= 24 }
	switch {
	case req.TriggerID == "":
		fmt.Fprint(w, `{"ok":false,"error":"invalid_trigger_id"}`)
		return
	case req.View.Type != slackapi.VTModal || !short(req.View.Title) || (req.View.Submit != nil && !short(req.View.Submit)) || len(req.View.Blocks.BlockSet) > 100:
		fmt.Fprint(w, `{"ok":false,"error":"invalid_arguments"}`)
		return
	}
	f.mu.Lock()
	f.modals = append(f.modals, openedView{trigger: req.TriggerID, view: req.View})
	f.bump()
	f.mu.Unlock()
	fmt.Fprint(w, `{"ok":true,"view":{"id":"VMODAL","type":"modal"}}`)
}

func (f *fakeSlack) usersInfo(w http.ResponseWriter, r *http.Request) {
	v := form(r)
	if !f.authorized(w, r, v, "xoxb-") {
		return
	}
	user := v.Get("user")
	f.mu.Lock()
	f.userLookups[user]++
	admin := f.admins[user]
	f.bump()
	f.mu.Unlock()
	fmt.Fprintf(w, `{"ok":true,"user":{"id":%q,"team_id":%q,"name":%q,"is_admin":%t,"is_owner":false}}`, user, fakeTeam, strings.ToLower(user), admin)
}

func (f *fakeSlack) response(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var msg slackapi.WebhookMessage
	if err := json.Unmarshal(body, &msg); err != nil {
		http.Error(w, "invalid_payload", http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.responses = append(f.responses, response{path: strings.TrimPrefix(r.URL.Path, "/response/"), msg: msg, raw: string(body)})
	f.bump()
	f.mu.Unlock()
	fmt.Fprint(w, "ok")
}

// responseTo waits for the post to the response_url named name and
// returns it.
func (f *fakeSlack) responseTo(name string) response {
	f.t.Helper()
	var got response
	f.waitFor("a post to response_url "+name, func() bool {
		for _, r := range f.responses {
			if r.path == name {
				got = r
				return true
			}
		}
		return false
	})
	return got
}

// count returns len of a recorded list, under the lock.
func (f *fakeSlack) count(list func() int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return list()
}
