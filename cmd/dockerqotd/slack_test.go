package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/testutil"

	"github.com/slack-go/slack/slacktest"
)

// TestSlackHTTPModeThroughMain starts the whole program with Slack in HTTP
// mode against slacktest: the signed slash command arrives on the ops
// server, /readyz includes Slack, and the debug logs hold no secret.
func TestSlackHTTPModeThroughMain(t *testing.T) {
	const (
		botToken = "xoxb-test-4242-SECRETBOTTOKEN"
		secret   = "fake-signing-secret-ABCDEF"
	)
	api := slacktest.NewTestServer()
	api.Start()
	defer api.Stop()

	e := newEnv(t)
	e.env["DOCKERQOTD_HTTP_ADDR"] = freeAddr(t)
	e.env["DOCKERQOTD_PUBLIC_ADDR"] = freeAddr(t)
	e.env["DOCKERQOTD_LOG_LEVEL"] = "debug"
	e.env["SLACK_BOT_TOKEN"] = botToken
	e.env["SLACK_SIGNING_SECRET"] = secret
	e.env["SLACK_API_URL"] = api.GetAPIURL()
	out, logs := &testutil.Buffer{}, &testutil.Buffer{}
	signals := make(chan os.Signal, 1)
	a := &app{stdin: strings.NewReader(""), stdout: out, stderr: logs, getenv: func(k string) string { return e.env[k] }, now: time.Now, signals: signals, exit: func(int) {}}
	done := make(chan int)
	go func() { done <- a.main(context.Background(), nil) }()

	base := "http://" + e.env["DOCKERQOTD_HTTP_ADDR"]
	testutil.Eventually(t, "/readyz", func() bool {
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			return false
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK && strings.Contains(string(body), `"slack":"ok"`)
	})

	public := "http://" + e.env["DOCKERQOTD_PUBLIC_ADDR"]
	form := url.Values{"team_id": {"T1"}, "team_domain": {"acme"}, "channel_id": {"C1"}, "user_id": {"U1"}, "user_name": {"ann"},
		"command": {"/docker"}, "text": {"help"}, "response_url": {public + "/nowhere"}}.Encode()
	var sendTo func(t *testing.T, base, sig string) *http.Response
	send := func(sig string) *http.Response {
		return sendTo(t, public, sig)
	}
	sendTo = func(t *testing.T, base, sig string) *http.Response {
		req, _ := http.NewRequest(http.MethodPost, base+"/slack/commands", strings.NewReader(form))
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		if sig == "" {
			mac := hmac.New(sha256.New, []byte(secret))
			io.WriteString(mac, "v0:"+ts+":"+form)
			sig = "v0=" + hex.EncodeToString(mac.Sum(nil))
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Slack-Request-Timestamp", ts)
		req.Header.Set("X-Slack-Signature", sig)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	resp := send("")
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "/docker quiz") {
		t.Errorf("signed /docker help = %d %s; want the help text", resp.StatusCode, body)
	}
	if resp := send("v0=" + strings.Repeat("0", 64)); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("forged signature = %d; want 401", resp.StatusCode)
	}
	// The ops listener serves no platform callback, and the public one
	// none of the ops endpoints.
	if resp := sendTo(t, base, ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/slack/commands on the ops listener = %d; want 404", resp.StatusCode)
	}
	for _, path := range []string{"/backup", "/metrics", "/readyz", "/healthz"} {
		resp, err := http.Get(public + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s on the public listener = %d; want 404", path, resp.StatusCode)
		}
	}

	metrics := get(t, "http://"+e.env["DOCKERQOTD_HTTP_ADDR"]+"/metrics")
	signals <- os.Interrupt
	if code := <-done; code != 0 {
		t.Errorf("exit %d\n%s", code, logs.String())
	}
	all := out.String() + logs.String() + metrics
	for _, s := range []string{botToken, secret, "SECRETBOTTOKEN"} {
		if strings.Contains(all, s) {
			t.Errorf("a secret appears in the output: %q", s)
		}
	}
	if !strings.Contains(logs.String(), "slack adapter started") {
		t.Errorf("logs lack the Slack start:\n%s", logs.String())
	}
}

// TestSlackRejectedTokenStops: Slack answering auth.test with invalid_auth
// stops the bot with a message that names Slack once and not the token.
func TestSlackRejectedTokenStops(t *testing.T) {
	api := slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/auth.test", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"ok":false,"error":"invalid_auth"}`)
		})
	})
	api.Start()
	defer api.Stop()
	e := newEnv(t)
	e.env["DOCKERQOTD_HTTP_ADDR"] = freeAddr(t)
	e.env["SLACK_BOT_TOKEN"] = "xoxb-revoked-SECRET"
	e.env["SLACK_SIGNING_SECRET"] = "s3cret"
	e.env["SLACK_API_URL"] = api.GetAPIURL()
	r := e.MustRunMain("")
	r.must(t, 1)
	if !strings.Contains(r.stderr, "slack: auth.test: the platform rejected the token: invalid_auth; check the token") {
		t.Errorf("stderr = %q; want the rejection, one prefix per layer", r.stderr)
	}
	if strings.Contains(r.stderr, "SECRET") {
		t.Errorf("stderr shows the token: %q", r.stderr)
	}
}

// TestSlackOutageAtStart: Slack's API failing at start leaves the bot
// running and /readyz naming Slack, until Slack answers again.
func TestSlackOutageAtStart(t *testing.T) {
	var down atomic.Bool
	down.Store(true)
	api := slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/auth.test", func(w http.ResponseWriter, _ *http.Request) {
			if down.Load() {
				http.Error(w, "upstream unavailable", http.StatusServiceUnavailable)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"ok":true,"team":"acme","team_id":"T1","user_id":"UBOT"}`)
		})
	})
	api.Start()
	defer api.Stop()
	e := newEnv(t)
	addr := freeAddr(t)
	e.env["DOCKERQOTD_HTTP_ADDR"] = addr
	e.env["SLACK_BOT_TOKEN"] = "xoxb-1"
	e.env["SLACK_SIGNING_SECRET"] = "s3cret"
	e.env["SLACK_API_URL"] = api.GetAPIURL()
	logs := &testutil.Buffer{}
	signals := make(chan os.Signal, 1)
	a := &app{stdin: strings.NewReader(""), stdout: &testutil.Buffer{}, stderr: logs, getenv: func(k string) string { return e.env[k] },
		now: time.Now, signals: signals, exit: func(int) {}, reconnectBase: 20 * time.Millisecond}
	done := make(chan int, 1)
	go func() { done <- a.main(context.Background(), nil) }()
	readyz := func() (int, string) {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	testutil.Eventually(t, "a failed try logged", func() bool { return strings.Contains(logs.String(), "platform not reachable") })
	if code, body := readyz(); code != http.StatusServiceUnavailable || !strings.Contains(body, "slack") {
		t.Errorf("/readyz while Slack is down = %d %s; want 503 naming slack", code, body)
	}
	down.Store(false)
	testutil.Eventually(t, "/readyz 200 after Slack came back", func() bool { code, _ := readyz(); return code == http.StatusOK })
	signals <- os.Interrupt
	if code := <-done; code != 0 {
		t.Errorf("exit %d\n%s", code, logs.String())
	}
}
