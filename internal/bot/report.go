package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Reports: a member flags a question that is wrong, unclear, outdated or
// has a typo. A Report button on revealed daily posts and practice
// verdicts asks for a reason with one button each (a reason is required,
// and buttons work alike on every platform); the reason saves the report
// at once, and an optional note follows in a form.

// reportButton is the Report button for q.
func reportButton(q quiz.Question) Button {
	return Button{
		ID:    ButtonAction{Kind: ButtonReport, QuestionID: q.ID}.String(),
		Label: "🚩 Report", Style: StyleSecondary, Word: "report " + q.ID,
	}
}

// reasonLabels are the reason buttons' labels.
var reasonLabels = map[quiz.ReportReason]string{
	quiz.ReasonWrongAnswer: "Wrong answer", quiz.ReasonUnclear: "Unclear", quiz.ReasonOutdated: "Outdated",
	quiz.ReasonTypo: "Typo", quiz.ReasonOther: "Other",
}

// askReason asks why the member reports q.
func askReason(q quiz.Question) Message {
	m := private(fmt.Sprintf("🚩 **Report a question** (`%s`)\nWhat is wrong with it? Pick a reason; you can add a note after.", q.ID))
	for _, r := range quiz.ReportReasons {
		m.Buttons = append(m.Buttons, Button{
			ID:    ButtonAction{Kind: ButtonReport, QuestionID: q.ID, Reason: r}.String(),
			Label: reasonLabels[r], Style: StyleSecondary, Word: string(r),
		})
	}
	return m
}

// noteForm asks for a note on a report.
func noteForm(q quiz.Question, reason quiz.ReportReason) *Form {
	return &Form{
		ID:          ButtonAction{Kind: ButtonNote, QuestionID: q.ID, Reason: reason}.String(),
		Title:       "Report: add a note",
		Prompt:      fmt.Sprintf("What is %s about `%s`? The bank's editors read every note.", reason.Describe(), q.ID),
		Label:       "What should change, and why",
		Placeholder: "e.g. since Compose v2 the file is compose.yaml",
		MaxLength:   quiz.MaxReportText,
	}
}

// reportButtonClick answers the Report button (asks for a reason), a
// reason button (saves the report) and the Add a note button (opens the
// form).
func (b *Bot) reportButtonClick(ctx context.Context, c Caller, a ButtonAction) (Message, error) {
	q, ok := b.bank.Question(a.QuestionID)
	if !ok {
		return Message{}, quiz.Errorf(quiz.ENOTFOUND, "That question is no longer in the bank.")
	}
	switch {
	case a.Kind == ButtonNote:
		return Message{Private: true, Text: "📝 Add a note to your report.", Form: noteForm(q, a.Reason)}, nil
	case a.Reason == "":
		return askReason(q), nil
	}
	return b.saveReport(ctx, c, q, a.Reason, "")
}

// saveReport stores the caller's report of q and thanks them.
func (b *Bot) saveReport(ctx context.Context, c Caller, q quiz.Question, reason quiz.ReportReason, note string) (Message, error) {
	if _, err := b.EnsureTeam(ctx, c.Team, c.TeamName); err != nil {
		return Message{}, err
	}
	note = strings.TrimSpace(note)
	r := quiz.Report{Team: c.Team, User: c.User, Name: c.Name, QuestionID: q.ID, Reason: reason, Text: note, At: b.now()}
	if err := quiz.CheckReport(r); err != nil {
		return Message{}, err
	}
	updated, err := b.store.SaveReport(ctx, r)
	if err != nil {
		return Message{}, err
	}
	b.log.InfoContext(ctx, "question reported", "question", q.ID, "reason", reason, "team", c.Team, "note", note != "")
	text := fmt.Sprintf("🚩 Thanks: you reported `%s` as %s.", q.ID, reason.Describe())
	if updated {
		text = fmt.Sprintf("🚩 Thanks: your report of `%s` now says %s.", q.ID, reason.Describe())
	}
	m := Message{Private: true, Replace: true, Note: text}
	if note == "" {
		m.Text = text + " Whoever looks after the question bank reads every report; a note helps them fix it."
		m.Buttons = []Button{{
			ID:    ButtonAction{Kind: ButtonNote, QuestionID: q.ID, Reason: reason}.String(),
			Label: "📝 Add a note", Style: StyleSecondary, Word: "note", OpensForm: true,
		}}
		return m, nil
	}
	m.Text = text + " Your note is saved with it."
	return m, nil
}

// report runs "report <question id> [reason] [note…]" typed as a command.
func (b *Bot) report(ctx context.Context, c Caller, cmd Command) (Message, error) {
	q, ok := b.bank.Question(cmd.QuestionID)
	if !ok {
		return Message{}, quiz.Errorf(quiz.ENOTFOUND, "No question %q in the bank. %s", cmd.QuestionID, usage(CmdReport))
	}
	if cmd.Reason == "" {
		return askReason(q), nil
	}
	reason, err := quiz.ParseReportReason(cmd.Reason)
	if err != nil {
		return Message{}, err
	}
	return b.saveReport(ctx, c, q, reason, cmd.Note)
}

// maxListedReports is how many reports /docker reports lists.
const maxListedReports = 25

// reports lists the team's reports for its admins, newest first.
func (b *Bot) reports(ctx context.Context, team quiz.Team) (Message, error) {
	rs, err := b.store.Reports(ctx, team.ID)
	if err != nil {
		return Message{}, err
	}
	if len(rs) == 0 {
		return private("🚩 No reports in this team yet. Members report a question with the 🚩 Report button under a revealed post or a practice verdict."), nil
	}
	lines := []string{fmt.Sprintf("🚩 **%d %s in this team**, newest first", len(rs), plural(len(rs), "report", "reports"))}
	for i, r := range rs {
		if i == maxListedReports {
			lines = append(lines, fmt.Sprintf("… and %d more: `dockerqotd questions reports` lists every one.", len(rs)-i))
			break
		}
		line := fmt.Sprintf("- `%s` · %s · %s · %s", r.QuestionID, r.Reason.Describe(), displayName(r.Name, r.User), r.At.In(team.Location()).Format("2 Jan"))
		if r.Text != "" {
			line += ": “" + truncateRunes(r.Text, 200) + "”"
		}
		lines = append(lines, line)
	}
	return private(strings.Join(lines, "\n")), nil
}
