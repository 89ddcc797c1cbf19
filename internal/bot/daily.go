package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// ErrTokenRejected matches (errors.Is) an adapter's start error when the
// platform refused its credentials: retrying cannot help, the operator must
// fix the token. Any other start error may pass when the platform returns.
var ErrTokenRejected = errors.New("the platform rejected the token")

// Publisher delivers daily posts to the platform a team lives on.
type Publisher interface {
	// Send posts m to p's channel and returns the platform's message id.
	// A retried Send of the same post must not show twice where the
	// platform allows (Discord: a nonce derived from p.Occurrence).
	Send(ctx context.Context, p quiz.Post, m Message) (string, error)
	// Edit replaces the message of a sent post (live count, reveal).
	Edit(ctx context.Context, p quiz.Post, m Message) error
	// Reply adds m under a sent post, in its thread where there is one.
	Reply(ctx context.Context, p quiz.Post, m Message) error
	// DirectMessage sends m to a member of team privately, outside any
	// channel (a direct message on Discord and Slack). ErrDMClosed when
	// the member does not take direct messages from the bot.
	DirectMessage(ctx context.Context, team quiz.TeamID, user string, m Message) error
}

// ErrDMClosed matches (errors.Is) a DirectMessage error when the member
// does not take direct messages from the bot (Discord: they turned off
// messages from server members; Slack: the app's Messages tab is off).
// Retrying cannot help.
var ErrDMClosed = errors.New("the member does not take direct messages from the bot")

// sendLease bounds how long a replica may take to send a post before
// another may try: longer than a send with its REST retries.
const sendLease = 30 * time.Second

// errSending says another replica holds the post's send lease; the
// scheduler retries, and finds the post sent.
var errSending = errors.New("another replica is sending this post")

// Publish makes sure occ's post is in the team's channel: it claims the
// occurrence (a no-op when it was claimed before), reveals the team's
// earlier posts that wait for the next one, and sends the post unless it
// was sent already. The post is sent at most once per occurrence.
func (b *Bot) Publish(ctx context.Context, team quiz.Team, occ quiz.Occurrence, pub Publisher) (quiz.Post, error) {
	candidates := b.bank.Select(team.Filter)
	p, _, err := b.store.ClaimPost(ctx, quiz.Claim{
		Team: team.ID, Channel: team.Channel, Occurrence: occ.Key, ScheduledAt: occ.At,
		Candidates: candidates, At: b.now(),
	})
	if err != nil {
		return p, err
	}
	if p.Sent() {
		return p, nil
	}
	posts, err := b.revealEarlier(ctx, team, p, pub)
	if err != nil {
		return p, err
	}
	b.announce(ctx, team, p, posts, pub)
	// Another replica may be sending this post right now: the lease makes
	// one of them send; the others leave it, and retry only if the lease
	// runs out with nothing sent.
	leased, err := b.store.LeaseSend(ctx, p.ID, b.replica, b.now(), sendLease)
	switch {
	case err != nil:
		return p, err
	case !leased:
		return p, errSending
	}
	id, err := pub.Send(ctx, p, b.PostMessage(team, p))
	if err != nil {
		b.metrics.Posted(team.ID.Platform(), "failed")
		return p, fmt.Errorf("send post %d of %s: %w", p.ID, team.ID, err)
	}
	b.metrics.Posted(team.ID.Platform(), "sent")
	if p, err = b.store.MarkSent(ctx, p.ID, id, b.now()); err != nil {
		return p, err
	}
	b.remindReviews(ctx, team, pub)
	return p, nil
}

// revealEarlier reveals the team's sent posts before p that are still open
// and wait for the next post to be revealed, and returns the team's posts
// as they were before.
func (b *Bot) revealEarlier(ctx context.Context, team quiz.Team, p quiz.Post, pub Publisher) ([]quiz.Post, error) {
	posts, err := b.store.Posts(ctx, team.ID)
	if err != nil {
		return nil, err
	}
	for _, old := range posts {
		if old.ID < p.ID && old.Sent() && !old.Revealed {
			if err := b.Reveal(ctx, team, old, pub); err != nil {
				return nil, err
			}
		}
	}
	return posts, nil
}

// Reveal closes a post: the store resets missed streaks, the message is
// edited to show the answer and the model answer goes in its thread. Of
// several replicas revealing the same post, only the one whose store call
// revealed it touches the message.
func (b *Bot) Reveal(ctx context.Context, team quiz.Team, p quiz.Post, pub Publisher) error {
	p, revealed, err := b.store.RevealPost(ctx, p.ID, b.now())
	if err != nil {
		return err
	}
	b.live.forget(p.ID)
	if !revealed {
		return nil
	}
	if err := pub.Edit(ctx, p, b.PostMessage(team, p)); err != nil {
		return fmt.Errorf("edit revealed post %d: %w", p.ID, err)
	}
	if err := pub.Reply(ctx, p, b.ModelAnswer(p)); err != nil {
		return fmt.Errorf("reply to revealed post %d: %w", p.ID, err)
	}
	return nil
}

// PostMessage renders a daily post: the question, the live count, and after
// the reveal the right letter, the share right and buttons off.
func (b *Bot) PostMessage(team quiz.Team, p quiz.Post) Message {
	q, ok := b.bank.Question(p.QuestionID)
	if !ok {
		return Message{Text: "This question was removed from the bank."}
	}
	date := p.ScheduledAt.In(team.Location()).Format("Monday 2 January")
	card := &Card{
		Title:   "🐳 Docker question of the day · " + date,
		Prompt:  q.Prompt,
		Level:   q.Level,
		Topic:   q.Topic,
		Choices: p.Order.Shown(q),
		Footer:  answeredLine(p.Answers),
		Correct: -1,
	}
	buttons := answerButtons(func(letter int) ButtonAction {
		return ButtonAction{Kind: ButtonAnswer, ID: p.ID, Letter: letter}
	})
	if p.Revealed {
		card.Correct = p.Correct
		card.Footer = fmt.Sprintf("Answer: %s · %d%% right · %s", quiz.Letter(p.Correct), p.PercentRight(), answeredLine(p.Answers))
		for i := range buttons {
			buttons[i].Disabled = true
			buttons[i].Style = StyleSecondary
		}
		buttons[p.Correct].Style = StyleSuccess
		if len(q.KeyPoints) > 0 {
			buttons = append(buttons, practiseButton(q, "🎤 Practise answering"))
		}
		buttons = append(buttons, reportButton(q))
	}
	return Message{Card: card, Buttons: buttons}
}

// ModelAnswer is the thread reply a reveal adds: the right choice and the
// full model answer.
func (b *Bot) ModelAnswer(p quiz.Post) Message {
	q, ok := b.bank.Question(p.QuestionID)
	if !ok {
		return Message{Text: "This question was removed from the bank."}
	}
	shown := p.Order.Shown(q)
	return Message{Text: joinParagraphs(
		fmt.Sprintf("**Answer: %s.** %s", quiz.Letter(p.Correct), shown[p.Correct]),
		q.Explanation,
		"**How to answer this in an interview**",
		q.Answer,
	)}
}

func answeredLine(n int) string {
	if n == 1 {
		return "1 answered"
	}
	return fmt.Sprintf("%d answered", n)
}

func (b *Bot) answerDaily(ctx context.Context, c Caller, a ButtonAction) (Message, error) {
	res, err := b.store.RecordAnswer(ctx, quiz.AnswerInput{
		PostID: a.ID, User: c.User, Name: c.Name, Letter: a.Letter, At: b.now(),
	})
	if err != nil {
		return Message{}, err
	}
	platform := c.Team.Platform()
	switch res.Status {
	case quiz.AlreadyAnswered:
		b.metrics.Answered(platform, "duplicate")
		return private(fmt.Sprintf("You already answered **%s**. Only your first answer counts.", quiz.Letter(res.Answer.Letter))), nil
	case quiz.Closed:
		b.metrics.Answered(platform, "closed")
		return private("This question is closed: its answer has been revealed. Answer the newest daily question, or practise with `/docker question`."), nil
	}
	if res.Answer.Correct {
		b.metrics.Answered(platform, "right")
	} else {
		b.metrics.Answered(platform, "wrong")
	}
	b.live.answered(res.Post)
	p, st := res.Post, res.Stats
	q, ok := b.bank.Question(p.QuestionID)
	if !ok {
		return private("Answer saved."), nil
	}
	var score string
	if res.Answer.Correct {
		score = fmt.Sprintf("**+%d points** · streak %d 🔥 · best %d · %d points in all", res.Answer.Points, st.Streak, st.BestStreak, st.Points)
		if res.EarnedFreeze {
			score += fmt.Sprintf("\n🧊 %d right in a row earn a **streak freeze** (%d of %d held): a day you miss will not end your streak.", st.Streak, st.Freezes, quiz.MaxFreezes)
		}
	} else {
		score = fmt.Sprintf("No points this time; your streak starts again. %d points in all.", st.Points)
	}
	return private(joinParagraphs(verdict(q, p.Order, a.Letter, res.Answer.Correct), score)), nil
}

// FirstDelivery reports whether a platform event (a Slack event_id) is
// delivered for the first time, across every replica. When the store
// cannot tell, the event counts as new: handling one twice is better than
// dropping it.
func (b *Bot) FirstDelivery(ctx context.Context, eventID string) bool {
	first, err := b.store.SeenEvent(ctx, eventID, b.now())
	if err != nil {
		b.log.WarnContext(ctx, "event de-duplication failed; handling the event", "event", eventID, "err", err)
		return true
	}
	return first
}

// OpenPost returns the team's newest sent post that still takes answers.
func (b *Bot) OpenPost(ctx context.Context, team quiz.TeamID) (quiz.Post, bool, error) {
	posts, err := b.store.Posts(ctx, team)
	if err != nil {
		return quiz.Post{}, false, err
	}
	for i := len(posts) - 1; i >= 0; i-- {
		if p := posts[i]; p.Sent() && !p.Revealed {
			return p, true, nil
		}
	}
	return quiz.Post{}, false, nil
}

// PostNow publishes the team's next daily question at once, as its own
// occurrence.
func (b *Bot) PostNow(ctx context.Context, team quiz.Team, pub Publisher) (quiz.Post, error) {
	now := b.now()
	return b.Publish(ctx, team, quiz.Occurrence{Key: "now:" + now.UTC().Format(time.RFC3339Nano), At: now}, pub)
}

// PostOccurrence publishes a scheduled occurrence through the publisher of
// the team's platform. It is what the scheduler runs.
func (b *Bot) PostOccurrence(ctx context.Context, team quiz.Team, occ quiz.Occurrence) (quiz.Post, error) {
	pub := b.publisher(team.ID)
	if pub == nil {
		return quiz.Post{}, fmt.Errorf("no publisher for %s", team.ID)
	}
	return b.Publish(ctx, team, occ, pub)
}

// RevealDue reveals the sent posts of teams with a reveal delay whose delay
// has passed at now.
func (b *Bot) RevealDue(ctx context.Context, now time.Time) error {
	teams, err := b.store.Teams(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, team := range teams {
		pub := b.publisher(team.ID)
		if team.Reveal == 0 || pub == nil {
			continue
		}
		p, ok, err := b.OpenPost(ctx, team.ID)
		switch {
		case err != nil:
			errs = append(errs, err)
		case ok && !now.Before(p.PostedAt.Add(team.Reveal)):
			if err := b.Reveal(ctx, team, p, pub); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}
