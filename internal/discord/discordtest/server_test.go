package discordtest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"
)

const token = "fake-token"

// do sends a REST call with the bot token and returns the status and the
// decoded body.
func do(t *testing.T, s *Server, method, path, body string) (int, map[string]any, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bot "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out, resp.Header
}

func newServer(t *testing.T) *Server {
	s := New(Options{Token: token})
	t.Cleanup(s.Close)
	return s
}

const messages = "/api/v9/channels/" + DefaultChannel + "/messages"

func TestMessagesAndNonces(t *testing.T) {
	s := newServer(t)
	tests := []struct {
		name   string
		body   string
		status int
		// same is the name of an earlier case whose message this one returns.
		same string
	}{
		{"first", `{"content":"hi","nonce":"n1","enforce_nonce":true}`, 200, ""},
		{"same nonce", `{"content":"hi again","nonce":"n1","enforce_nonce":true}`, 200, "first"},
		{"same nonce, not enforced", `{"content":"hi","nonce":"n1"}`, 200, ""},
		{"nonce too long", `{"content":"hi","nonce":"` + strings.Repeat("n", 26) + `"}`, 400, ""},
		{"empty", `{"content":""}`, 400, ""},
		{"content too long", `{"content":"` + strings.Repeat("x", 2001) + `"}`, 400, ""},
		{"six buttons in a row", `{"components":[{"type":1,"components":[` + strings.Repeat(`{"type":2,"style":1,"label":"x","custom_id":"x"},`, 5) + `{"type":2,"style":1,"label":"x","custom_id":"y"}]}]}`, 400, ""},
	}
	ids := map[string]string{}
	for _, tc := range tests {
		status, body, _ := do(t, s, "POST", messages, tc.body)
		if status != tc.status {
			t.Errorf("%s: status %d (%v); want %d", tc.name, status, body, tc.status)
			continue
		}
		if status != 200 {
			continue
		}
		ids[tc.name], _ = body["id"].(string)
		if tc.same != "" && ids[tc.name] != ids[tc.same] {
			t.Errorf("%s: message %s; want %s again", tc.name, ids[tc.name], ids[tc.same])
		}
	}
	if n := len(s.Posts(DefaultChannel)); n != 2 {
		t.Errorf("posts = %d; want 2", n)
	}
	if status, _, _ := do(t, s, "POST", "/api/v9/channels/1/messages", `{"content":"x"}`); status != 404 {
		t.Errorf("post to an unknown channel: %d; want 404", status)
	}
	id := ids["first"]
	if status, body, _ := do(t, s, "POST", messages+"/"+id+"/threads", `{"name":"Answer"}`); status != 200 || body["id"] != id {
		t.Errorf("thread start = %d %v; want a thread with the message's id", status, body)
	}
	if status, body, _ := do(t, s, "POST", messages+"/"+id+"/threads", `{"name":"Answer"}`); status != 400 || body["code"] != float64(codeThreadAlreadyCreated) {
		t.Errorf("second thread start = %d %v; want 160004", status, body)
	}
}

func TestUnauthorized(t *testing.T) {
	s := newServer(t)
	resp, err := http.Post(s.URL+messages, "application/json", strings.NewReader(`{"content":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("POST without a token: %d; want 401", resp.StatusCode)
	}
}

func TestFaults(t *testing.T) {
	s := newServer(t)
	s.RateLimit("POST", "/api/v9/channels/*/messages", 2, 1500*time.Millisecond)
	for i, want := range []int{429, 429, 200} {
		status, body, h := do(t, s, "POST", messages, `{"content":"x"}`)
		if status != want {
			t.Fatalf("call %d: %d; want %d", i+1, status, want)
		}
		if status == 429 && (body["retry_after"] != 1.5 || body["global"] != false || h.Get("X-RateLimit-Reset-After") != "1.500" || h.Get("Retry-After") != "2") {
			t.Errorf("429 = %v %v; want retry_after 1.5 with Discord's headers", body, h)
		}
	}
	s.Clear()
	s.Inject(Fault{Method: "PATCH", Status: 500})
	if status, _, _ := do(t, s, "PATCH", messages+"/1", `{}`); status != 500 {
		t.Errorf("injected 500: %d", status)
	}
	if s.Hits() != 1 {
		t.Errorf("Hits() = %d; want 1", s.Hits())
	}
}

func TestInteractionCallbacks(t *testing.T) {
	s := newServer(t)
	id := s.Interact(Command("docker", Sub("help")).By(Member{ID: "1", Name: "Ann"}))
	s.mu.Lock()
	tok := s.interactions[id].token
	s.mu.Unlock()
	callback := "/api/v9/interactions/" + id + "/" + tok + "/callback"
	webhook := "/api/v9/webhooks/" + DefaultAppID + "/" + tok
	if status, _, _ := do(t, s, "POST", webhook, `{"content":"early"}`); status != 404 {
		t.Errorf("follow-up before the callback: %d; want 404", status)
	}
	if status, _, _ := do(t, s, "POST", callback, `{"type":5,"data":{"flags":64}}`); status != 204 {
		t.Fatalf("deferral: %d", status)
	}
	if status, body, _ := do(t, s, "POST", callback, `{"type":4,"data":{"content":"x"}}`); status != 400 || body["code"] != float64(codeAlreadyAcknowledged) {
		t.Errorf("second callback: %d %v; want 40060", status, body)
	}
	if status, _, _ := do(t, s, "PATCH", webhook+"/messages/@original", `{"content":"done"}`); status != 200 {
		t.Errorf("edit of the original: %d", status)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r, err := s.Answer(ctx, id)
	if err != nil || r.Type != 5 || !r.Ephemeral() || r.Message.Content != "done" {
		t.Errorf("Answer = %+v, %v; want the edited private deferral", r, err)
	}
	if status, _, _ := do(t, s, "POST", "/api/v9/interactions/1/nope/callback", `{"type":4,"data":{"content":"x"}}`); status != 404 {
		t.Errorf("callback of an unknown interaction: %d; want 404", status)
	}
	if !bytes.Contains(s.Calls("POST", "/api/v9/interactions/*/*/callback")[0].Body, []byte(`"flags":64`)) {
		t.Error("the call's body was not recorded")
	}
}

func TestGlobalLimit(t *testing.T) {
	s := New(Options{GlobalLimit: 5})
	defer s.Close()
	status := func(path string) int {
		resp, err := http.Post(s.URL+path, "application/json", strings.NewReader(`{"content":"x"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for i := range 5 {
		if got := status("/api/v9/channels/" + DefaultChannel + "/messages"); got == http.StatusTooManyRequests {
			t.Fatalf("call %d of 5 within a second was rate limited", i+1)
		}
	}
	if got := status("/api/v9/channels/" + DefaultChannel + "/messages"); got != http.StatusTooManyRequests {
		t.Errorf("sixth call within a second = %d; want 429", got)
	}
	if got := status("/api/v9/interactions/1/tok/callback"); got == http.StatusTooManyRequests {
		t.Error("an interaction callback counted against the global limit")
	}
}

// TestUploads: a multipart upload carries the message in payload_json and
// the files in files[n]; the files become the message's attachments.
func TestUploads(t *testing.T) {
	s := newServer(t)
	upload := func(parts map[string]string) (int, map[string]any) {
		t.Helper()
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for name, value := range parts {
			var w io.Writer
			if strings.HasPrefix(name, "files[") {
				w, _ = mw.CreateFormFile(name, "card.png")
			} else {
				w, _ = mw.CreateFormField(name)
			}
			io.WriteString(w, value)
		}
		mw.Close()
		req, _ := http.NewRequest("POST", s.URL+messages, &body)
		req.Header.Set("Authorization", "Bot "+token)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	status, out := upload(map[string]string{"payload_json": `{"content":"look"}`, "files[0]": "PNG bytes"})
	if status != 200 {
		t.Fatalf("upload: %d %v", status, out)
	}
	m, ok := s.Message(out["id"].(string))
	if !ok || m.Content != "look" || len(m.Attachments) != 1 || string(m.Attachments[0].Data) != "PNG bytes" || m.Attachments[0].Filename != "card.png" {
		t.Errorf("stored message = %+v; want the content and the file", m)
	}
	if status, _ := upload(map[string]string{"files[0]": "PNG bytes"}); status != 400 {
		t.Errorf("an upload without payload_json: %d; want 400", status)
	}
	if status, _ := upload(map[string]string{"payload_json": `{}`, "file": "x"}); status != 400 {
		t.Errorf("an upload with a stray part: %d; want 400", status)
	}
}

// TestDirectMessages: POST /users/@me/channels opens one channel per
// member, messages to it are stored and checked like channel messages, and
// a member who closed their direct messages gets Discord's 50007.
func TestDirectMessages(t *testing.T) {
	s := newServer(t)
	const member, other = "500000000000000001", "500000000000000002"
	open := func(recipient string) (int, map[string]any) {
		t.Helper()
		status, body, _ := do(t, s, "POST", "/api/v9/users/@me/channels", `{"recipient_id":"`+recipient+`"}`)
		return status, body
	}
	status, ch := open(member)
	if status != 200 || ch["type"] != float64(1) {
		t.Fatalf("open = %d %v; want a DM channel (type 1)", status, ch)
	}
	if rs, _ := ch["recipients"].([]any); len(rs) != 1 || rs[0].(map[string]any)["id"] != member {
		t.Errorf("recipients = %v; want [%s]", ch["recipients"], member)
	}
	id, _ := ch["id"].(string)
	if _, again := open(member); again["id"] != id {
		t.Errorf("second open = %v; want channel %s again", again["id"], id)
	}
	if _, o := open(other); o["id"] == id {
		t.Errorf("another member got channel %s too", id)
	}
	if status, _ := open("not-a-snowflake"); status != 400 {
		t.Errorf("open with a bad recipient_id = %d; want 400", status)
	}
	resp, err := http.Post(s.URL+"/api/v9/users/@me/channels", "application/json", strings.NewReader(`{"recipient_id":"`+member+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("open without a token = %d; want 401", resp.StatusCode)
	}

	dm := "/api/v9/channels/" + id + "/messages"
	if status, body, _ := do(t, s, "POST", dm, `{"content":"3 questions to review"}`); status != 200 {
		t.Fatalf("DM = %d %v", status, body)
	}
	if status, _, _ := do(t, s, "POST", dm, `{"content":""}`); status != 400 {
		t.Errorf("empty DM = %d; want 400", status)
	}
	if got := s.DMs(member); len(got) != 1 || got[0].Content != "3 questions to review" {
		t.Errorf("DMs(member) = %v; want the one message", got)
	}
	if got := s.DMs(other); len(got) != 0 {
		t.Errorf("DMs(other) = %v; want none", got)
	}
	if got := s.DMs("500000000000000009"); got != nil {
		t.Errorf("DMs of a member never written to = %v; want nil", got)
	}

	s.CloseDMs(member)
	status, body, _ := do(t, s, "POST", dm, `{"content":"again"}`)
	if status != 403 || body["code"] != float64(codeCannotMessageUser) || body["message"] != "Cannot send messages to this user" {
		t.Errorf("DM to a closed member = %d %v; want 403 with code 50007", status, body)
	}
	if status, _ := open(member); status != 200 {
		t.Errorf("open after CloseDMs = %d; want 200 (Discord refuses the message, not the channel)", status)
	}
	if got := s.DMs(member); len(got) != 1 {
		t.Errorf("DMs(member) after a refused message = %v; want the first only", got)
	}

	s.RateLimit("POST", "/api/v9/users/@me/channels", 1, 10*time.Millisecond)
	if status, _ := open(other); status != 429 {
		t.Errorf("open under an injected rate limit = %d; want 429", status)
	}
}
