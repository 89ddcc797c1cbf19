package slack

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	slackapi "github.com/slack-go/slack"
)

// viewSubmission is the payload Slack sends when a member submits the
// interview modal with text in its input.
func (e *env) viewSubmission(user, name string, view slackapi.ModalViewRequest, text string) map[string]any {
	return map[string]any{
		"type": "view_submission",
		"team": map[string]string{"id": fakeTeam, "domain": fakeDomain},
		"user": map[string]string{"id": user, "username": name, "name": name, "team_id": fakeTeam},
		"view": map[string]any{
			"id": "VMODAL", "type": "modal", "callback_id": view.CallbackID, "private_metadata": view.PrivateMetadata,
			"state": map[string]any{"values": map[string]any{formBlock: map[string]any{formAction: map[string]any{"type": "plain_text_input", "value": text}}}},
		},
		"api_app_id": "A0DQOTD", "token": "legacy-verification-token", "trigger_id": "4.5.6",
	}
}

// TestSocketModeInterview runs interview mode as a member does on Slack:
// /docker interview opens a modal from the command's trigger_id, an empty
// answer keeps it open with an error, a real one closes it and the graded
// result arrives privately in the channel, and its rating button updates
// it in place.
func TestSocketModeInterview(t *testing.T) {
	e := newEnv(t, envOptions{socket: true})
	f := e.fake
	f.send(envelope("env-iv", "slash_commands", e.slash("U1", "alice", daily, "interview containers", "iv")))
	if ack := f.ack("env-iv"); len(ack) != 0 && string(ack) != "null" {
		t.Errorf("interview ack = %s; want an empty acknowledgement (the modal is the reply)", ack)
	}
	f.waitFor("views.open", func() bool { return len(f.modals) == 1 })
	f.mu.Lock()
	modal := f.modals[0]
	f.mu.Unlock()
	if modal.trigger != "1.2.3" || !strings.HasPrefix(modal.view.CallbackID, "v1:interview:") || modal.view.PrivateMetadata != daily {
		t.Fatalf("modal = trigger %q, callback %q, metadata %q; want the command's trigger, the question, the channel", modal.trigger, modal.view.CallbackID, modal.view.PrivateMetadata)
	}
	q, ok := embeddedBank(t).Question(strings.TrimPrefix(modal.view.CallbackID, "v1:interview:"))
	if !ok {
		t.Fatalf("the modal names no question of the bank: %q", modal.view.CallbackID)
	}
	body, _ := json.Marshal(modal.view.Blocks)
	if !strings.Contains(string(body), `"type":"input"`) || !strings.Contains(string(body), `"multiline":true`) || !strings.Contains(string(body), `"max_length":4000`) {
		t.Errorf("modal blocks = %s; want a multi-line input of up to 4,000 characters", body)
	}

	f.send(envelope("env-empty", "interactive", e.viewSubmission("U1", "alice", modal.view, "  ")))
	var errs slackapi.ViewSubmissionResponse
	if err := json.Unmarshal(f.ack("env-empty"), &errs); err != nil || errs.ResponseAction != slackapi.RAErrors || !strings.Contains(errs.Errors[formBlock], "Write your answer first") {
		t.Errorf("empty answer ack = %+v, %v; want the modal kept open with an error under the input", errs, err)
	}

	f.send(envelope("env-answer", "interactive", e.viewSubmission("U1", "alice", modal.view, q.Answer)))
	if ack := f.ack("env-answer"); len(ack) != 0 && string(ack) != "null" {
		t.Errorf("answer ack = %s; want empty, closing the modal", ack)
	}
	f.waitFor("the result", func() bool { return len(f.ephemerals) == 1 })
	f.mu.Lock()
	result := f.ephemerals[0]
	f.mu.Unlock()
	text := result.values.Get("blocks")
	if result.values.Get("channel") != daily || result.values.Get("user") != "U1" || !strings.Contains(text, "key points") || !strings.Contains(text, "(100%)") {
		t.Fatalf("result = %v; want alice's private result in the channel, every point covered by the model answer", result.values)
	}
	blockID, btns := buttons(t, result.blocks(t))
	if len(btns) != 4 || btns[2].Text.Text != "Good" {
		t.Fatalf("result buttons = %+v; want the four ratings (nothing to appeal)", btns)
	}
	f.send(envelope("env-rate", "interactive", e.click("U1", "alice", daily, btns[2].ActionID, blockID, "rate", true)))
	f.ack("env-rate")
	if r := f.responseTo("rate"); !r.msg.ReplaceOriginal || !strings.Contains(r.raw, "Rated **Good**") {
		t.Errorf("rating reply = %s; want the result replaced, rated Good", r.raw)
	}
	// Practise answering on a revealed post or a verdict opens the modal
	// from the click's trigger_id.
	f.send(envelope("env-practise", "interactive", e.click("U1", "alice", daily, modal.view.CallbackID, "answers-v1:answer:9", "practise", false)))
	f.ack("env-practise")
	f.waitFor("a second views.open", func() bool { return len(f.modals) == 2 })
	st, _ := e.store.UserStats(bg, e.team, "U1")
	if st.Interview.Answered != 1 || st.Interview.Mean() != 100 || st.Points != 0 {
		t.Errorf("stats = %+v; want one interview answer at 100%% and no points", st.Interview)
	}
}

// TestHTTPModeViewSubmission: the same modal submission through HTTP mode's
// signed endpoint, where the errors go in the response body.
func TestHTTPModeViewSubmission(t *testing.T) {
	e := newEnv(t, envOptions{})
	srv := httptest.NewServer(e.a.Handler())
	defer srv.Close()
	view := slackapi.ModalViewRequest{CallbackID: "v1:interview:containers-init-process-pid1", PrivateMetadata: daily}
	payload := func(text string) string {
		raw, _ := json.Marshal(e.viewSubmission("U1", "alice", view, text))
		return url.Values{"payload": {string(raw)}}.Encode()
	}
	code, body := e.do(srv, slackRequest{path: "/slack/interactions", body: payload("")})
	if code != 200 || !strings.Contains(body, `"response_action":"errors"`) || !strings.Contains(body, "Write your answer first") {
		t.Errorf("empty answer = %d %s; want 200 with the error for the input", code, body)
	}
	code, body = e.do(srv, slackRequest{path: "/slack/interactions", body: payload("PID 1 ignores SIGTERM without a handler.")})
	if code != 200 || body != "" {
		t.Errorf("answer = %d %q; want an empty 200 that closes the modal", code, body)
	}
	e.fake.waitFor("the result", func() bool { return len(e.fake.ephemerals) == 1 })
}
