package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// buttonLabelled returns m's button whose label contains label.
func buttonLabelled(t *testing.T, m Message, label string) Button {
	t.Helper()
	for _, b := range m.Buttons {
		if strings.Contains(b.Label, label) {
			return b
		}
	}
	t.Fatalf("no %q button in %+v", label, m.Buttons)
	return Button{}
}

// TestReports: a member reports a revealed question with a reason, adds a
// note in a form, reports it again (which updates the report), and an
// admin lists the team's reports; the command works too, and bad input
// gets a hint.
func TestReports(t *testing.T) {
	f := newFixture(t)
	team := f.team(t)
	f.publishDay(t, team)
	f.clock.add(24 * time.Hour)
	f.publishDay(t, team)
	revealed := f.pub.edits[0]

	ask := f.bot.Button(ctx, teamCaller("ann"), buttonLabelled(t, revealed, "Report").ID)
	if !ask.Private || len(ask.Buttons) != len(quiz.ReportReasons) {
		t.Fatalf("Report = %+v; want a private choice of %d reasons", ask, len(quiz.ReportReasons))
	}
	saved := f.bot.Button(ctx, teamCaller("ann"), buttonLabelled(t, ask, "Unclear").ID)
	contains(t, "saved", saved.Text, "you reported")
	contains(t, "saved", saved.Text, "as unclear")
	note := buttonLabelled(t, saved, "Add a note")
	if !note.OpensForm {
		t.Error("Add a note does not open a form")
	}
	form := f.bot.Button(ctx, teamCaller("ann"), note.ID)
	if form.Form == nil || form.Form.MaxLength != quiz.MaxReportText {
		t.Fatalf("Add a note = %+v; want a form of up to %d characters", form, quiz.MaxReportText)
	}
	done := f.bot.Submit(ctx, teamCaller("ann"), form.Form.ID, "Does it mean the default bridge?")
	contains(t, "note saved", done.Text, "now says unclear")
	contains(t, "note saved", done.Text, "Your note is saved")

	qid := strings.TrimPrefix(buttonLabelled(t, revealed, "Report").Word, "report ")
	f.clock.add(time.Minute)
	typed := f.bot.CommandText(ctx, teamCaller("bob"), "report "+qid+" wrong-answer B is right since Engine 25")
	contains(t, "typed report", typed.Text, "the marked answer is wrong")
	contains(t, "no reason", f.bot.CommandText(ctx, teamCaller("bob"), "report "+qid).Text, "What is wrong with it?")
	contains(t, "bad reason", f.bot.CommandText(ctx, teamCaller("bob"), "report "+qid+" boring").Text, "Unknown reason \"boring\"")
	contains(t, "unknown id", f.bot.CommandText(ctx, teamCaller("bob"), "report no-such-question unclear").Text, "No question \"no-such-question\"")
	contains(t, "no id", f.bot.CommandText(ctx, teamCaller("bob"), "report").Text, "Name the question")

	list := f.bot.CommandText(ctx, adminCaller("boss"), "reports")
	contains(t, "reports", list.Text, "2 reports in this team")
	contains(t, "reports", list.Text, "BOB · 24 Nov: “B is right since Engine 25”")
	contains(t, "reports", list.Text, "unclear · ANN")
	if strings.Index(list.Text, "BOB") > strings.Index(list.Text, "ANN") {
		t.Errorf("reports are not newest first:\n%s", list.Text)
	}
	contains(t, "not admin", f.bot.CommandText(ctx, teamCaller("ann"), "reports").Text, "admin")

	// A practice verdict carries the Report button too.
	q := f.bot.CommandText(ctx, teamCaller("cat"), "question")
	verdict := f.click(t, teamCaller("cat"), q, rightLetter(t, q))
	buttonLabelled(t, verdict, "Report")
}

func TestReportButtonIDs(t *testing.T) {
	for _, id := range []string{"v1:report:networking-dns", "v1:report:networking-dns:typo", "v1:reportnote:networking-dns:other"} {
		a, err := ParseButtonID(id)
		if err != nil || a.String() != id {
			t.Errorf("ParseButtonID(%q) = %+v, %v; want it to round-trip", id, a, err)
		}
	}
	for _, id := range []string{"v1:report:", "v1:report:Bad_ID", "v1:report:q:boring", "v1:reportnote:q", "v1:report:q:typo:x"} {
		if _, err := ParseButtonID(id); err == nil {
			t.Errorf("ParseButtonID(%q) accepted a bad id", id)
		}
	}
}
