package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Interview mode: a member answers a question in their own words, the
// grader marks the key points covered, and the member rates themselves and
// may mark a point the grader missed.

// practiseButton is the button that asks q in interview mode.
func practiseButton(q quiz.Question, label string) Button {
	return Button{
		ID:        ButtonAction{Kind: ButtonInterview, QuestionID: q.ID}.String(),
		Label:     label,
		Style:     StyleSecondary,
		Word:      "interview " + q.ID,
		OpensForm: true,
	}
}

// interviewForm is the form that collects an answer to q.
func interviewForm(q quiz.Question) *Form {
	return &Form{
		ID:          ButtonAction{Kind: ButtonInterview, QuestionID: q.ID}.String(),
		Title:       "Interview practice",
		Prompt:      q.InterviewPrompt(),
		Label:       "Your answer, as you would say it",
		Placeholder: truncateRunes(q.InterviewPrompt(), 100),
		MaxLength:   quiz.MaxInterviewAnswer,
	}
}

// startInterview picks a question for interview mode (with the caller's
// topic and level) and asks it.
func (b *Bot) startInterview(c Caller, cmd Command) (Message, error) {
	f := quiz.Filter{}
	if cmd.Level != "" {
		f.Levels = []quiz.Level{cmd.Level}
	}
	if cmd.Topic != "" {
		f.Topics = []quiz.Topic{cmd.Topic}
	}
	var pool []quiz.Question
	for _, q := range b.bank.Select(f) {
		if len(q.KeyPoints) > 0 {
			pool = append(pool, q)
		}
	}
	if len(pool) == 0 {
		return Message{}, quiz.Errorf(quiz.EINVALID, "No questions match %s. Try another topic or level.", describeFilter(cmd))
	}
	q := pool[b.perm(len(pool), 1)[0]]
	return askInterview(q), nil
}

// askInterview is the private message that asks q: the open question, an
// Answer button for platforms whose forms cannot show it, and the form.
func askInterview(q quiz.Question) Message {
	text := joinParagraphs(
		fmt.Sprintf("🎤 **Interview practice** · %s · %s", q.Level, q.Topic),
		q.InterviewPrompt(),
		"Answer in your own words, as you would in an interview: a few sentences on what matters and why. The bot shows which key points of a strong answer you covered, then the model answer.",
	)
	return Message{Private: true, Text: text, Buttons: []Button{practiseButton(q, "✍️ Answer")}, Form: interviewForm(q)}
}

// interviewButton answers a click on a Practise answering button.
func (b *Bot) interviewButton(a ButtonAction) (Message, error) {
	q, ok := b.bank.Question(a.QuestionID)
	if !ok || len(q.KeyPoints) == 0 {
		return Message{}, quiz.Errorf(quiz.ENOTFOUND, "That question is no longer in the bank. Try `/docker interview` for another one.")
	}
	return askInterview(q), nil
}

// CheckAnswer says why an answer written in a form cannot be taken (empty,
// too long), nil when it can: an adapter whose form can show an error
// keeps it open with the message.
func (b *Bot) CheckAnswer(text string) error { return quiz.CheckAnswerText(text) }

// Submit grades a written answer sent back from a form.
func (b *Bot) Submit(ctx context.Context, c Caller, formID, text string) Message {
	m, err := b.submit(ctx, c, formID, text)
	if err != nil {
		return b.fail(ctx, "submit "+formID, c, err)
	}
	return m
}

func (b *Bot) submit(ctx context.Context, c Caller, formID, text string) (Message, error) {
	a, err := ParseButtonID(formID)
	if err == nil && a.Kind == ButtonNote {
		q, ok := b.bank.Question(a.QuestionID)
		if !ok {
			return Message{}, quiz.Errorf(quiz.ENOTFOUND, "That question is no longer in the bank.")
		}
		return b.saveReport(ctx, c, q, a.Reason, text)
	}
	if err != nil || a.Kind != ButtonInterview {
		return Message{}, errStaleButton
	}
	q, ok := b.bank.Question(a.QuestionID)
	if !ok || len(q.KeyPoints) == 0 {
		return Message{}, quiz.Errorf(quiz.ENOTFOUND, "That question is no longer in the bank. Try `/docker interview` for another one.")
	}
	if _, err := b.EnsureTeam(ctx, c.Team, c.TeamName); err != nil {
		return Message{}, err
	}
	r, err := quiz.NewInterviewResult(q, c.Team, c.User, text, b.now())
	if err != nil {
		return Message{}, err
	}
	if r, err = b.store.CreateInterview(ctx, r); err != nil {
		return Message{}, err
	}
	return b.interviewResult(q, r, ""), nil
}

// appealButton marks a missed key point covered and shows the result again.
func (b *Bot) appealButton(ctx context.Context, c Caller, a ButtonAction) (Message, error) {
	r, err := b.store.AppealInterview(ctx, quiz.AppealInput{ResultID: a.ID, User: c.User, Point: a.Index, At: b.now()})
	if err != nil {
		return Message{}, err
	}
	q, ok := b.bank.Question(r.QuestionID)
	if !ok {
		return private("Marked as covered; the question has since left the bank."), nil
	}
	covered, total := r.Points()
	note := fmt.Sprintf("☑️ Marked point %d as covered: %d of %d, self-assessed. Your appeal helps us improve the grader.", a.Index+1, covered, total)
	m := b.interviewResult(q, r, note)
	m.Replace, m.Note = true, note
	return m, nil
}

// rateButton records a self-rating and schedules the question for review.
func (b *Bot) rateButton(ctx context.Context, c Caller, a ButtonAction) (Message, error) {
	t, err := b.store.RateInterview(ctx, quiz.RateInput{ResultID: a.ID, User: c.User, Rating: a.Rating, At: b.now()})
	if err != nil {
		return Message{}, err
	}
	var note string
	switch {
	case t.Card != nil:
		team, err := b.store.Team(ctx, t.Result.Team)
		if err != nil {
			return Message{}, err
		}
		note = fmt.Sprintf("Rated **%s**. The question comes back in `/docker review` on %s (box %d of %d).",
			capitalize(string(a.Rating)), t.Card.Due.In(team.Location()).Format("Monday 2 January"), t.Card.Box, len(quiz.ReviewDays))
	default:
		note = fmt.Sprintf("Rated **%s**. You know this one: it leaves your review queue.", capitalize(string(a.Rating)))
	}
	q, ok := b.bank.Question(t.Result.QuestionID)
	if !ok {
		return private(note), nil
	}
	m := b.interviewResult(q, t.Result, note)
	m.Replace, m.Note = true, note
	return m, nil
}

// interviewResult shows a graded answer: the score, each key point covered
// (✅), marked covered by the member (☑️) or missed (⬜), the model answer,
// then the rating buttons (until rated) and an appeal button per missed
// point.
func (b *Bot) interviewResult(q quiz.Question, r quiz.InterviewResult, note string) Message {
	covered, total := r.Points()
	head := fmt.Sprintf("🎤 **%d of %d key points** (%d%%)", covered, total, r.Percent())
	if r.SelfAssessed() {
		head += " · self-assessed"
	}
	lines := []string{head}
	var appeals []Button
	for i, kp := range q.KeyPoints {
		if i >= len(r.Covered) {
			break
		}
		switch {
		case r.Covered[i]:
			lines = append(lines, "✅ "+kp.Point)
		case i < len(r.Appealed) && r.Appealed[i]:
			lines = append(lines, "☑️ "+kp.Point+" (you say you covered it)")
		default:
			lines = append(lines, fmt.Sprintf("⬜ %d. %s", i+1, kp.Point))
			appeals = append(appeals, Button{
				ID:    ButtonAction{Kind: ButtonAppeal, ID: r.ID, Index: i}.String(),
				Label: fmt.Sprintf("I covered %d", i+1), Style: StyleSecondary, Word: fmt.Sprintf("covered %d", i+1),
			})
		}
	}
	parts := []string{strings.Join(lines, "\n"), "**Model answer**", q.Answer}
	var buttons []Button
	if r.Rating == "" {
		parts = append(parts, "How did it go? Rate yourself to schedule a review; if the grader missed a point you made, mark it covered.")
		for _, rating := range quiz.Ratings {
			buttons = append(buttons, Button{
				ID:    ButtonAction{Kind: ButtonRate, ID: r.ID, Rating: rating}.String(),
				Label: capitalize(string(rating)), Style: StylePrimary, Word: string(rating),
			})
		}
	}
	parts = append(parts, note)
	return Message{Private: true, Text: joinParagraphs(parts...), Buttons: append(buttons, appeals...)}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
