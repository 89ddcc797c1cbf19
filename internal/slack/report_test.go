package slack

import (
	"encoding/json"
	"strings"
	"testing"

	slackapi "github.com/slack-go/slack"
)

// TestSocketModeReport reports a question as a member does on Slack: the
// Report button under a practice verdict asks for a reason, the reason
// saves the report, Add a note opens a modal from the click's trigger_id,
// and its submission saves the note; the admin's reports command lists it.
func TestSocketModeReport(t *testing.T) {
	e := newEnv(t, envOptions{socket: true})
	f := e.fake
	f.send(envelope("env-quiz", "slash_commands", e.slash("U1", "alice", daily, "quiz 1 networking", "quiz")))
	var msg slackapi.WebhookMessage
	if err := json.Unmarshal(f.ack("env-quiz"), &msg); err != nil {
		t.Fatalf("quiz ack: %v", err)
	}
	blockID, btns := buttons(t, msg.Blocks.BlockSet)
	f.send(envelope("env-click", "interactive", e.click("U1", "alice", daily, btns[0].ActionID, blockID, "verdict", true)))
	f.ack("env-click")
	verdict := f.responseTo("verdict")
	blockID, btns = buttons(t, verdict.msg.Blocks.BlockSet)
	report := btns[len(btns)-1]
	if report.Text.Text != "🚩 Report" || !strings.HasPrefix(report.ActionID, "v1:report:") {
		t.Fatalf("the verdict's last button = %q %q; want Report", report.Text.Text, report.ActionID)
	}
	question := strings.TrimPrefix(report.ActionID, "v1:report:")

	f.send(envelope("env-report", "interactive", e.click("U1", "alice", daily, report.ActionID, blockID, "reasons", true)))
	f.ack("env-report")
	reasons := f.responseTo("reasons")
	blockID, btns = buttons(t, reasons.msg.Blocks.BlockSet)
	if reasons.msg.ResponseType != ephemeral || len(btns) != 5 || btns[1].Text.Text != "Unclear" {
		t.Fatalf("Report = %s; want a private choice of five reasons", reasons.raw)
	}
	f.send(envelope("env-reason", "interactive", e.click("U1", "alice", daily, btns[1].ActionID, blockID, "saved", true)))
	f.ack("env-reason")
	saved := f.responseTo("saved")
	if !saved.msg.ReplaceOriginal || !strings.Contains(saved.raw, "as unclear") {
		t.Fatalf("a reason = %s; want the choice replaced by the saved report", saved.raw)
	}
	blockID, btns = buttons(t, saved.msg.Blocks.BlockSet)
	if len(btns) != 1 || btns[0].Text.Text != "📝 Add a note" {
		t.Fatalf("saved report buttons = %+v; want Add a note", btns)
	}

	f.send(envelope("env-note", "interactive", e.click("U1", "alice", daily, btns[0].ActionID, blockID, "note", true)))
	f.ack("env-note")
	f.waitFor("views.open", func() bool { return len(f.modals) == 1 })
	f.mu.Lock()
	modal := f.modals[0]
	f.mu.Unlock()
	if modal.trigger != "1.2.3" || modal.view.CallbackID != "v1:reportnote:"+question+":unclear" {
		t.Fatalf("note modal = trigger %q, callback %q; want the click's trigger and the report", modal.trigger, modal.view.CallbackID)
	}
	f.send(envelope("env-submit", "interactive", e.viewSubmission("U1", "alice", modal.view, "Two of the choices read the same.")))
	f.ack("env-submit")
	f.waitFor("the saved note", func() bool { return len(f.ephemerals) == 1 })
	f.mu.Lock()
	note := f.ephemerals[0]
	f.mu.Unlock()
	if note.values.Get("user") != "U1" || !strings.Contains(note.values.Get("blocks"), "Your note is saved") {
		t.Errorf("after the note = %v; want alice told privately that it is saved", note.values)
	}

	f.mu.Lock()
	f.admins["UADMIN"] = true
	f.mu.Unlock()
	f.send(envelope("env-list", "slash_commands", e.slash("UADMIN", "boss", daily, "reports", "list")))
	if err := json.Unmarshal(f.ack("env-list"), &msg); err != nil {
		t.Fatalf("reports ack: %v", err)
	}
	if text := blockText(t, msg); !strings.Contains(text, "1 report in this team") || !strings.Contains(text, question) || !strings.Contains(text, "Two of the choices read the same.") {
		t.Errorf("reports = %s; want alice's report of %s with its note", text, question)
	}
}
