package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// maxReview is the most cards one review round asks.
const maxReview = 10

func (b *Bot) startQuestion(ctx context.Context, c Caller, cmd Command) (Message, error) {
	return b.startRound(ctx, c, quiz.KindQuestion, cmd, 1)
}

func (b *Bot) startQuiz(ctx context.Context, c Caller, cmd Command) (Message, error) {
	n := cmd.Count
	switch {
	case n == 0:
		n = DefaultQuizCount
	case n < 1 || n > MaxQuizCount:
		return Message{}, errCount
	}
	return b.startRound(ctx, c, quiz.KindQuiz, cmd, n)
}

func (b *Bot) startRound(ctx context.Context, c Caller, kind quiz.RoundKind, cmd Command, n int) (Message, error) {
	f := quiz.Filter{}
	if cmd.Level != "" {
		f.Levels = []quiz.Level{cmd.Level}
	}
	if cmd.Topic != "" {
		f.Topics = []quiz.Topic{cmd.Topic}
	}
	pool := b.bank.Select(f)
	if len(pool) == 0 {
		return Message{}, quiz.Errorf(quiz.EINVALID, "No questions match %s. Try another topic or level.", describeFilter(cmd))
	}
	qs := make([]quiz.Question, 0, n)
	for _, i := range b.perm(len(pool), n) {
		qs = append(qs, pool[i])
	}
	return b.createRound(ctx, c, kind, qs)
}

func (b *Bot) startReview(ctx context.Context, c Caller, team quiz.Team) (Message, error) {
	cards, err := b.store.DueReviews(ctx, team.ID, c.User, b.now())
	if err != nil {
		return Message{}, err
	}
	var qs []quiz.Question
	for _, card := range cards {
		if q, ok := b.bank.Question(card.QuestionID); ok && len(qs) < maxReview {
			qs = append(qs, q)
		}
	}
	if len(qs) == 0 {
		return private("Nothing to review right now. Questions you get wrong come back here after 1, 2, 4, 8 and 16 days."), nil
	}
	return b.createRound(ctx, c, quiz.KindReview, qs)
}

func (b *Bot) createRound(ctx context.Context, c Caller, kind quiz.RoundKind, qs []quiz.Question) (Message, error) {
	r := quiz.Round{Team: c.Team, User: c.User, Kind: kind, CreatedAt: b.now()}
	for _, q := range qs {
		r.Items = append(r.Items, quiz.NewRoundItem(q, b.uint64()))
	}
	r, err := b.store.CreateRound(ctx, r)
	if err != nil {
		return Message{}, err
	}
	m := Message{Private: true}
	b.showNext(&m, r)
	return m, nil
}

// showNext puts the round's next question on m.
func (b *Bot) showNext(m *Message, r quiz.Round) {
	if r.Done() {
		return
	}
	item := r.Items[r.Next]
	q, ok := b.bank.Question(item.QuestionID)
	if !ok {
		m.Text = joinParagraphs(m.Text, "The next question was removed from the bank; start a new round with `/docker quiz`.")
		return
	}
	title := map[quiz.RoundKind]string{
		quiz.KindQuestion: "Practice question",
		quiz.KindQuiz:     fmt.Sprintf("Practice quiz · question %d of %d", r.Next+1, len(r.Items)),
		quiz.KindReview:   fmt.Sprintf("Review · question %d of %d", r.Next+1, len(r.Items)),
	}[r.Kind]
	m.Card = &Card{Title: title, Prompt: q.Prompt, Level: q.Level, Topic: q.Topic, Choices: item.Order.Shown(q), Correct: -1}
	m.Buttons = answerButtons(func(letter int) ButtonAction {
		return ButtonAction{Kind: ButtonPractice, ID: r.ID, Index: r.Next, Letter: letter}
	})
}

func (b *Bot) answerPractice(ctx context.Context, c Caller, a ButtonAction) (Message, error) {
	res, err := b.store.AnswerRound(ctx, quiz.RoundAnswer{
		RoundID: a.ID, User: c.User, Name: c.Name, Index: a.Index, Letter: a.Letter, At: b.now(),
	})
	if err != nil {
		return Message{}, err
	}
	r := res.Round
	switch res.Status {
	case quiz.RoundNotYours:
		return private("This practice round belongs to someone else. Start your own with `/docker quiz`."), nil
	case quiz.RoundAlreadyAnswered:
		return private(fmt.Sprintf("You already answered that one with **%s**. Only your first answer counts.",
			quiz.Letter(r.Items[a.Index].Letter))), nil
	}
	item := r.Items[a.Index]
	m := Message{Private: true, Replace: true}
	q, known := b.bank.Question(item.QuestionID)
	if known {
		m.Text = verdict(q, item.Order, a.Letter, res.Right)
	}
	if r.Done() && r.Kind != quiz.KindQuestion {
		m.Text = joinParagraphs(m.Text, roundSummary(r))
	}
	if r.Done() && r.Kind == quiz.KindQuestion {
		m.Text = joinParagraphs(m.Text, "Another one? `/docker question` or a round with `/docker quiz`.")
	}
	b.showNext(&m, r)
	if known && len(q.KeyPoints) > 0 {
		label := "🎤 Practise answering"
		if m.Card != nil {
			label = "🎤 Practise answering that one"
		}
		m.Buttons = append(m.Buttons, practiseButton(q, label))
	}
	if known {
		report := reportButton(q)
		if m.Card != nil {
			report.Label = "🚩 Report that one"
		}
		m.Buttons = append(m.Buttons, report)
	}
	return m, nil
}

// verdict tells a user whether their answer was right and why.
func verdict(q quiz.Question, order quiz.Permutation, letter int, right bool) string {
	correct := order.CorrectLetter(q)
	shown := order.Shown(q)
	var head string
	if right {
		head = fmt.Sprintf("✅ **Right!** %s. %s", quiz.Letter(correct), shown[correct])
	} else {
		head = fmt.Sprintf("❌ **Not quite.** You chose %s; the answer is **%s**. %s", quiz.Letter(letter), quiz.Letter(correct), shown[correct])
	}
	return joinParagraphs(head, q.Explanation)
}

func roundSummary(r quiz.Round) string {
	s := fmt.Sprintf("🏁 **Round over: %d of %d right (%d%%).**", r.Right, len(r.Items), r.Right*100/len(r.Items))
	if r.Right < len(r.Items) {
		s += " The ones you missed are in your review queue: `/docker review` from tomorrow."
	}
	return s
}

func describeFilter(cmd Command) string {
	var parts []string
	if cmd.Level != "" {
		parts = append(parts, "level "+string(cmd.Level))
	}
	if cmd.Topic != "" {
		parts = append(parts, "topic "+string(cmd.Topic))
	}
	if len(parts) == 0 {
		return "your request"
	}
	return strings.Join(parts, " and ")
}

func joinParagraphs(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}
