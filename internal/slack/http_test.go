package slack

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// slackRequest is a request as Slack sends it in HTTP mode.
type slackRequest struct {
	path, body string
	// at is the timestamp signed and sent; zero means now.
	at time.Time
	// secret signs the request; empty means the right one.
	secret string
	// signedBody, when set, is signed instead of body (a tampered request).
	signedBody string
	header     map[string]string
	unsigned   bool
}

func (e *env) do(srv *httptest.Server, req slackRequest) (int, string) {
	e.t.Helper()
	at, secret, signed := req.at, req.secret, req.signedBody
	if at.IsZero() {
		at = time.Now()
	}
	if secret == "" {
		secret = fakeSigningSecret
	}
	if signed == "" {
		signed = req.body
	}
	ts := strconv.FormatInt(at.Unix(), 10)
	r, err := http.NewRequest(http.MethodPost, srv.URL+req.path, strings.NewReader(req.body))
	if err != nil {
		e.t.Fatal(err)
	}
	if strings.HasPrefix(req.body, "{") {
		r.Header.Set("Content-Type", "application/json")
	} else {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if !req.unsigned {
		r.Header.Set("X-Slack-Request-Timestamp", ts)
		r.Header.Set("X-Slack-Signature", sign(secret, ts, []byte(signed)))
	}
	for k, v := range req.header {
		r.Header.Set(k, v)
	}
	resp, err := srv.Client().Do(r)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// commandForm is a slash command's form body.
func commandForm(sc slackapi.SlashCommand) string {
	return url.Values{
		"token": {"legacy-verification-token"}, "team_id": {sc.TeamID}, "team_domain": {sc.TeamDomain},
		"channel_id": {sc.ChannelID}, "channel_name": {sc.ChannelName}, "user_id": {sc.UserID}, "user_name": {sc.UserName},
		"command": {sc.Command}, "text": {sc.Text}, "response_url": {sc.ResponseURL}, "trigger_id": {sc.TriggerID},
		"api_app_id": {sc.APIAppID},
	}.Encode()
}

func jsonBody(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestHTTPMode(t *testing.T) {
	start := time.Now()
	e := newEnv(t, envOptions{})
	f := e.fake
	f.admins["UADMIN"] = true
	srv := httptest.NewServer(e.a.Handler())
	defer srv.Close()

	t.Run("a signed command is answered in the ack", func(t *testing.T) {
		status, body := e.do(srv, slackRequest{path: "/slack/commands", body: commandForm(e.slash("U1", "alice", daily, "help", "help"))})
		var msg slackapi.WebhookMessage
		if err := json.Unmarshal([]byte(body), &msg); status != http.StatusOK || err != nil {
			t.Fatalf("help = %d %q (%v); want 200 and a message", status, body, err)
		}
		if msg.ResponseType != ephemeral || !strings.Contains(body, "/docker quiz [count] [topic] [level]") {
			t.Errorf("help = %s; want the ephemeral help", body)
		}
	})

	refused := []struct {
		name string
		req  slackRequest
	}{
		{"forged signature", slackRequest{secret: "not-the-secret"}},
		{"stale timestamp", slackRequest{at: time.Now().Add(-6 * time.Minute)}},
		{"timestamp in the future", slackRequest{at: time.Now().Add(6 * time.Minute)}},
		{"no signature", slackRequest{unsigned: true}},
		{"tampered body", slackRequest{signedBody: commandForm(e.slash("U1", "alice", daily, "help", "forged"))}},
	}
	for _, tc := range refused {
		t.Run("refused: "+tc.name, func(t *testing.T) {
			tc.req.path = "/slack/commands"
			tc.req.body = commandForm(e.slash("UADMIN", "ada", daily, "post-now", "forged"))
			if status, body := e.do(srv, tc.req); status != http.StatusUnauthorized {
				t.Errorf("%s: status %d %q; want 401", tc.name, status, body)
			}
		})
	}
	if n := f.count(func() int { return len(f.posts) + f.userLookups["UADMIN"] }); n != 0 {
		t.Errorf("refused requests made %d Web API calls; want 0", n)
	}

	t.Run("the URL check is answered", func(t *testing.T) {
		status, body := e.do(srv, slackRequest{path: "/slack/events", body: `{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`})
		if status != http.StatusOK || !strings.Contains(body, `"challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"`) {
			t.Errorf("url_verification = %d %q; want the challenge back", status, body)
		}
	})

	t.Run("post-now is acked empty and answered through response_url", func(t *testing.T) {
		status, body := e.do(srv, slackRequest{path: "/slack/commands", body: commandForm(e.slash("UADMIN", "ada", daily, "post-now", "http-post-now"))})
		if status != http.StatusOK || body != "" {
			t.Errorf("post-now = %d %q; want 200 and no body", status, body)
		}
		if r := f.responseTo("http-post-now"); !strings.Contains(r.raw, "Posted question") {
			t.Errorf("post-now reply = %s; want \"Posted question\"", r.raw)
		}
	})

	t.Run("a signed click is answered", func(t *testing.T) {
		p, ok, err := e.bot.OpenPost(bg, e.team)
		if err != nil || !ok {
			t.Fatalf("OpenPost = %v, %v", ok, err)
		}
		id := "v1:answer:1:" + quiz.Letter(p.Correct)
		payload := url.Values{"payload": {jsonBody(t, e.click("U1", "alice", daily, id, "answers-v1:answer:1", "http-click", false))}}.Encode()
		if status, body := e.do(srv, slackRequest{path: "/slack/interactions", body: payload}); status != http.StatusOK || body != "" {
			t.Errorf("click = %d %q; want 200 and no body", status, body)
		}
		if r := f.responseTo("http-click"); !strings.Contains(r.raw, "Right!") || r.msg.ResponseType != ephemeral {
			t.Errorf("click reply = %s; want an ephemeral \"Right!\"", r.raw)
		}
	})

	t.Run("an event is handled once, its redelivery ignored", func(t *testing.T) {
		event := jsonBody(t, homeOpened("U1", "Ev-http-1"))
		if status, _ := e.do(srv, slackRequest{path: "/slack/events", body: event}); status != http.StatusOK {
			t.Fatalf("event status %d; want 200", status)
		}
		f.waitFor("views.publish", func() bool { return len(f.views) == 1 })
		retry := map[string]string{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
		if status, _ := e.do(srv, slackRequest{path: "/slack/events", body: event, header: retry}); status != http.StatusOK {
			t.Errorf("redelivery status %d; want 200 (acknowledged)", status)
		}
		if status, _ := e.do(srv, slackRequest{path: "/slack/events", body: event, at: time.Now().Add(-10 * time.Minute), header: retry}); status != http.StatusUnauthorized {
			t.Errorf("replay of an old delivery: status %d; want 401", status)
		}
		e.a.Close()
		if n := f.count(func() int { return len(f.views) }); n != 1 {
			t.Errorf("views.publish calls = %d; want 1", n)
		}
	})

	t.Run("closed, it refuses work", func(t *testing.T) {
		status, _ := e.do(srv, slackRequest{path: "/slack/commands", body: commandForm(e.slash("U1", "alice", daily, "help", "closed"))})
		if status != http.StatusServiceUnavailable || e.a.Ready() {
			t.Errorf("after Close: status %d, Ready %t; want 503, false", status, e.a.Ready())
		}
	})
	t.Logf("HTTP mode suite: %v; %s", time.Since(start), e.metrics)
}
