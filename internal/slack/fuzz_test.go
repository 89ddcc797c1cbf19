package slack

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// onlyHost refuses requests to any host but the fake's, so a fuzzed
// response_url cannot send the adapter out to the network.
type onlyHost struct {
	host string
	next http.RoundTripper
}

func (o onlyHost) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host != o.host {
		return nil, errors.New("fuzz: outside host refused")
	}
	return o.next.RoundTrip(r)
}

// fuzzEnv is an HTTP-mode adapter whose handler the fuzzers post signed
// requests to.
func fuzzEnv(f *testing.F) (*env, http.Handler) {
	e := newEnv(f, envOptions{})
	u, err := url.Parse(e.fake.apiURL())
	if err != nil {
		f.Fatal(err)
	}
	e.a.hooks = &http.Client{Timeout: time.Second, Transport: onlyHost{host: u.Host, next: http.DefaultTransport}}
	return e, e.a.Handler()
}

// post signs body as Slack would and returns the handler's status.
func post(h http.Handler, path, contentType, body string) int {
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	r.Header.Set("Content-Type", contentType)
	r.Header.Set("X-Slack-Request-Timestamp", ts)
	r.Header.Set("X-Slack-Signature", sign(fakeSigningSecret, ts, []byte(body)))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Code
}

// noPanic fails when the adapter recovered a panic while handling input.
func noPanic(t *testing.T, e *env, before int, input string) {
	t.Helper()
	e.bot.Wait()
	if logs := e.logs.String()[before:]; strings.Contains(logs, "panic") {
		t.Fatalf("handling %q panicked:\n%s", input, logs)
	}
}

// FuzzInteractionPayload posts correctly signed block_actions payloads of
// any shape: the adapter acks each one with 200 and never panics.
func FuzzInteractionPayload(f *testing.F) {
	e, h := fuzzEnv(f)
	resp := e.fake.responseURL("fuzz")
	for _, p := range []string{
		`{"type":"block_actions","team":{"id":"T0DQOTD","domain":"dq"},"user":{"id":"U1","name":"ann"},"channel":{"id":"C1"},"response_url":"` + resp + `","actions":[{"action_id":"v1:answer:1:A","block_id":"answers-v1:answer:1","type":"button"}]}`,
		`{"type":"block_actions","team":{"id":"T0DQOTD"},"user":{"id":"U1"},"actions":[{"action_id":"v1:practice:3:0:B","block_id":"b"}],"response_url":"` + resp + `"}`,
		`{"type":"block_actions","actions":[]}`,
		`{"type":"view_submission"}`,
		`{"type":"block_actions","team":{"id":"T0DQOTD"},"user":{"id":"U1"},"actions":[{"action_id":"v9:zzz","block_id":"b"}]}`,
		`[]`, `null`, `{`,
	} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, payload string) {
		before := len(e.logs.String())
		body := url.Values{"payload": {payload}}.Encode()
		if code := post(h, "/slack/interactions", "application/x-www-form-urlencoded", body); code != http.StatusOK && code != http.StatusBadRequest {
			t.Fatalf("payload %q: status %d; want 200 (or 400 for an unreadable one)", payload, code)
		}
		noPanic(t, e, before, payload)
	})
}

// FuzzEventPayload posts correctly signed Events API bodies of any shape.
func FuzzEventPayload(f *testing.F) {
	e, h := fuzzEnv(f)
	for _, p := range []string{
		`{"type":"url_verification","challenge":"abc"}`,
		`{"type":"event_callback","team_id":"T0DQOTD","event_id":"Ev1","event":{"type":"app_home_opened","user":"U1","tab":"home"}}`,
		`{"type":"event_callback","team_id":"T0DQOTD","event_id":"Ev2","event":{"type":"app_home_opened","user":"","tab":"messages"}}`,
		`{"type":"event_callback","event":{"type":"message","text":"hi"}}`,
		`{"type":"app_rate_limited"}`, `{}`, `"x"`,
	} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, body string) {
		before := len(e.logs.String())
		if code := post(h, "/slack/events", "application/json", body); code >= 500 {
			t.Fatalf("event %q: status %d", body, code)
		}
		noPanic(t, e, before, body)
	})
}
