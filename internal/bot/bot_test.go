package bot

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
	"github.com/dockerqotd/dockerqotd/internal/card"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

var ctx = context.Background()

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time      { return c.t }
func (c *clock) add(d time.Duration) { c.t = c.t.Add(d) }
func newClock(rfc3339 string) *clock { t, _ := time.Parse(time.RFC3339, rfc3339); return &clock{t} }
func teamCaller(user string) Caller {
	return Caller{Team: "slack:T1", TeamName: "Acme", User: user, Name: strings.ToUpper(user), Channel: "CGENERAL"}
}
func adminCaller(user string) Caller { c := teamCaller(user); c.Admin = true; return c }
func contains(t *testing.T, what, s, want string) {
	t.Helper()
	if !strings.Contains(s, want) {
		t.Errorf("%s = %q; want it to contain %q", what, s, want)
	}
}

func testQuestions() []quiz.Question {
	var qs []quiz.Question
	for i, topic := range []quiz.Topic{"images", "networking", "security", "compose", "volumes"} {
		for j, level := range quiz.Levels {
			qs = append(qs, quiz.Question{
				ID: fmt.Sprintf("%s-%d", topic, j), Topic: topic, Level: level,
				Prompt:      fmt.Sprintf("Question %d about %s?", i*3+j, topic),
				Choices:     [4]string{"right " + string(topic), "wrong one", "wrong two", "wrong three"},
				Correct:     0,
				Explanation: "Because " + string(topic) + ".",
				Answer:      "The model answer for " + string(topic) + ".",
			})
		}
	}
	return qs
}

type fixture struct {
	bot   *Bot
	store *boltstore.Store
	clock *clock
	pub   *recorder
	logs  *bytes.Buffer
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureWith(t, testQuestions())
}

func newFixtureWith(t *testing.T, qs []quiz.Question) *fixture {
	t.Helper()
	s, err := boltstore.Open(filepath.Join(t.TempDir(), "bot.db"), boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c := newClock("2026-11-23T09:00:00Z")
	logs := &bytes.Buffer{}
	b := New(Config{Store: s, Bank: quiz.NewBank(qs), Now: c.now, Seed: 1, Log: slog.New(slog.NewTextHandler(logs, nil))})
	return &fixture{bot: b, store: s, clock: c, pub: &recorder{}, logs: logs}
}

// recorder is a Publisher that keeps what it was asked to show. Live-count
// edits arrive from other goroutines; tests read after Bot.Wait.
type recorder struct {
	mu                   sync.Mutex
	sent, edits, replies []Message
	posts                []quiz.Post
	// dms are the direct messages by member; closed members refuse them.
	dms    map[string][]Message
	closed map[string]bool
}

func (r *recorder) Send(_ context.Context, p quiz.Post, m Message) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, m)
	r.posts = append(r.posts, p)
	return fmt.Sprintf("msg-%d", p.ID), nil
}

func (r *recorder) Edit(_ context.Context, _ quiz.Post, m Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.edits = append(r.edits, m)
	return nil
}

func (r *recorder) Reply(_ context.Context, _ quiz.Post, m Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.replies = append(r.replies, m)
	return nil
}

func (r *recorder) DirectMessage(_ context.Context, _ quiz.TeamID, user string, m Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed[user] {
		return fmt.Errorf("send to %s: %w", user, ErrDMClosed)
	}
	if r.dms == nil {
		r.dms = map[string][]Message{}
	}
	r.dms[user] = append(r.dms[user], m)
	return nil
}

func (f *fixture) team(t *testing.T) quiz.Team {
	t.Helper()
	team, err := f.bot.EnsureTeam(ctx, "slack:T1", "Acme")
	if err != nil {
		t.Fatal(err)
	}
	return team
}

// click presses the button with the given letter on m.
func (f *fixture) click(t *testing.T, c Caller, m Message, letter string) Message {
	t.Helper()
	i, err := quiz.ParseLetter(letter)
	if err != nil || len(m.Buttons) < 4 {
		t.Fatalf("cannot click %s on a message with %d buttons", letter, len(m.Buttons))
	}
	return f.bot.Button(ctx, c, m.Buttons[i].ID)
}

// rightLetter reads the right letter of a card from the test bank's choice
// texts, the way a person who knows the answer would.
func rightLetter(t *testing.T, m Message) string {
	t.Helper()
	for i, c := range m.Card.Choices {
		if strings.HasPrefix(c, "right ") {
			return quiz.Letter(i)
		}
	}
	t.Fatal("card has no right choice")
	return ""
}

func wrongLetter(t *testing.T, m Message) string {
	t.Helper()
	right, _ := quiz.ParseLetter(rightLetter(t, m))
	return quiz.Letter((right + 1) % 4)
}

func TestDailyPostAnswerAndReveal(t *testing.T) {
	f := newFixture(t)
	team := f.team(t)
	p, err := f.bot.PostNow(ctx, team, f.pub)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.pub.sent) != 1 || p.MessageID != fmt.Sprintf("msg-%d", p.ID) {
		t.Fatalf("post-now sent %d messages, post %+v; want one, with its message id stored", len(f.pub.sent), p)
	}
	post := f.pub.sent[0]
	if post.Private || post.Card == nil || len(post.Buttons) != 4 {
		t.Fatalf("daily post = %+v; want a public card with four buttons", post)
	}
	for i, b := range post.Buttons {
		if want := fmt.Sprintf("v1:answer:%d:%s", p.ID, quiz.Letter(i)); b.ID != want || b.Label != quiz.Letter(i) {
			t.Errorf("button %d = %q %q; want id %q", i, b.Label, b.ID, want)
		}
	}
	contains(t, "footer", post.Card.Footer, "0 answered")

	right := f.click(t, teamCaller("ann"), post, rightLetter(t, post))
	if !right.Private {
		t.Error("the verdict is public; want it private")
	}
	contains(t, "right verdict", right.Text, "✅ **Right!**")
	contains(t, "right verdict", right.Text, "**+10 points** · streak 1")
	contains(t, "right verdict", right.Text, "Because")

	again := f.click(t, teamCaller("ann"), post, wrongLetter(t, post))
	contains(t, "second click", again.Text, "You already answered **"+rightLetter(t, post)+"**")

	f.clock.add(time.Minute)
	wrong := f.click(t, teamCaller("bob"), post, wrongLetter(t, post))
	contains(t, "wrong verdict", wrong.Text, "the answer is **"+rightLetter(t, post)+"**")
	contains(t, "wrong verdict", wrong.Text, "No points this time")

	board := f.bot.CommandText(ctx, teamCaller("bob"), "leaderboard")
	if board.Private {
		t.Error("the leaderboard is private; want it public")
	}
	contains(t, "leaderboard", board.Text, "1. **ANN** · 10 points\n2. **BOB** · 0 points")

	// The next day's post reveals this one first.
	f.clock.add(24 * time.Hour)
	if _, err := f.bot.Publish(ctx, team, quiz.Occurrence{Key: "2026-11-24T09:00", At: f.clock.now()}, f.pub); err != nil {
		t.Fatal(err)
	}
	if len(f.pub.edits) != 1 || len(f.pub.replies) != 1 || len(f.pub.sent) != 2 {
		t.Fatalf("next post: %d edits, %d replies, %d sent; want the reveal's edit and reply, then the post", len(f.pub.edits), len(f.pub.replies), len(f.pub.sent))
	}
	revealed := f.pub.edits[0]
	correct, _ := quiz.ParseLetter(rightLetter(t, post))
	if revealed.Card.Correct != correct {
		t.Errorf("revealed card marks %d; want %d", revealed.Card.Correct, correct)
	}
	contains(t, "revealed footer", revealed.Card.Footer, "Answer: "+rightLetter(t, post)+" · 50% right · 2 answered")
	for i, b := range revealed.Buttons[:quiz.NumChoices] {
		if !b.Disabled {
			t.Errorf("button %d still enabled after the reveal", i)
		}
	}
	if report := revealed.Buttons[len(revealed.Buttons)-1]; report.Disabled || !strings.Contains(report.Label, "Report") {
		t.Errorf("the revealed post's last button = %+v; want Report, enabled", report)
	}
	if revealed.Buttons[correct].Style != StyleSuccess {
		t.Errorf("the right button's style is %v; want StyleSuccess", revealed.Buttons[correct].Style)
	}
	contains(t, "model answer", f.pub.replies[0].Text, "The model answer for")

	late := f.click(t, teamCaller("cat"), post, rightLetter(t, post))
	contains(t, "answer after the reveal", late.Text, "This question is closed")

	// Publishing the same occurrence again sends nothing.
	if _, err := f.bot.Publish(ctx, team, quiz.Occurrence{Key: "2026-11-24T09:00", At: f.clock.now()}, f.pub); err != nil {
		t.Fatal(err)
	}
	if len(f.pub.sent) != 2 {
		t.Errorf("publishing an occurrence twice sent %d posts; want 2 in all", len(f.pub.sent))
	}
}

func TestStreakBonusAndMissedPostReset(t *testing.T) {
	f := newFixture(t)
	team := f.team(t)
	var points []string
	for day := range 4 {
		occ := quiz.Occurrence{Key: fmt.Sprintf("day-%d", day), At: f.clock.now()}
		if _, err := f.bot.Publish(ctx, team, occ, f.pub); err != nil {
			t.Fatal(err)
		}
		post := f.pub.sent[len(f.pub.sent)-1]
		if day < 3 {
			m := f.click(t, teamCaller("ann"), post, rightLetter(t, post))
			points = append(points, m.Text[strings.Index(m.Text, "**+"):strings.Index(m.Text, " points**")+9])
		}
		f.clock.add(24 * time.Hour)
	}
	if want := []string{"**+10 points**", "**+11 points**", "**+12 points**"}; strings.Join(points, ",") != strings.Join(want, ",") {
		t.Errorf("points over three right days = %v; want %v", points, want)
	}
	// Ann skipped day 3's post; her streak stands until that post is
	// revealed, which happens when day 4's post goes out.
	stats := f.bot.CommandText(ctx, teamCaller("ann"), "stats")
	contains(t, "stats before the reveal", stats.Text, "Streak: 3 · best 3")
	if _, err := f.bot.Publish(ctx, team, quiz.Occurrence{Key: "day-4", At: f.clock.now()}, f.pub); err != nil {
		t.Fatal(err)
	}
	stats = f.bot.CommandText(ctx, teamCaller("ann"), "stats")
	contains(t, "stats after the missed post was revealed", stats.Text, "Streak: 0 · best 3")
	contains(t, "stats", stats.Text, "Points: 33 · rank #1 of 1")
	// The record to draw has the same days: three right, one missed, and
	// today's post still open.
	rec := stats.Record
	if rec == nil || rec.Points != 33 || rec.Rank != 1 || rec.Best != 3 || len(rec.Days) != card.MaxDays {
		t.Fatalf("stats record = %+v; want 33 points, rank 1, best 3 and %d days", rec, card.MaxDays)
	}
	last := rec.Days[len(rec.Days)-5:]
	if want := []card.Day{card.Right, card.Right, card.Right, card.Missed, card.NoPost}; !slices.Equal(last, want) {
		t.Errorf("the calendar's last five days = %v; want %v", last, want)
	}

	// A member whose only answer was wrong has no points and no rank yet.
	post := f.pub.sent[len(f.pub.sent)-1]
	f.click(t, teamCaller("bob"), post, wrongLetter(t, post))
	stats = f.bot.CommandText(ctx, teamCaller("bob"), "stats")
	contains(t, "stats with no points", stats.Text, "Points: 0 · no rank until your first right daily answer")
	if strings.Contains(stats.Text, "rank #") {
		t.Errorf("stats of a member with 0 points show a rank:\n%s", stats.Text)
	}
}

func TestPracticeRound(t *testing.T) {
	f := newFixture(t)
	m := f.bot.CommandText(ctx, teamCaller("ann"), "quiz 3 networking")
	if !m.Private || m.Card == nil || len(m.Buttons) != 4 {
		t.Fatalf("quiz reply = %+v; want a private card with buttons", m)
	}
	contains(t, "title", m.Card.Title, "question 1 of 3")
	if m.Card.Topic != "networking" {
		t.Errorf("quiz networking asked a %s question", m.Card.Topic)
	}
	if !strings.HasPrefix(m.Buttons[0].ID, "v1:practice:") {
		t.Errorf("practice button id %q; want v1:practice:…", m.Buttons[0].ID)
	}
	other := f.click(t, teamCaller("bob"), m, "A")
	contains(t, "someone else's click", other.Text, "belongs to someone else")

	first := m
	m = f.click(t, teamCaller("ann"), m, wrongLetter(t, m))
	if !m.Replace {
		t.Error("a practice answer does not replace the question; want the round to advance in place")
	}
	contains(t, "verdict", m.Text, "❌ **Not quite.**")
	contains(t, "next title", m.Card.Title, "question 2 of 3")
	again := f.click(t, teamCaller("ann"), first, "A")
	contains(t, "second click on question 1", again.Text, "You already answered that one")

	m = f.click(t, teamCaller("ann"), m, rightLetter(t, m))
	m = f.click(t, teamCaller("ann"), m, rightLetter(t, m))
	contains(t, "summary", m.Text, "Round over: 2 of 3 right (66%)")
	if m.Card != nil || len(m.Buttons) != 1 || !strings.Contains(m.Buttons[0].Label, "Report") {
		t.Errorf("after the last answer the reply = %+v; want the verdict with only its Report button", m)
	}

	stats := f.bot.CommandText(ctx, teamCaller("ann"), "stats")
	contains(t, "stats", stats.Text, "Points: 0")
	contains(t, "stats", stats.Text, "Practice: 2 of 3 right (66%)")
	contains(t, "stats", stats.Text, "- networking: 2 of 3 right (66%)")

	review := f.bot.CommandText(ctx, teamCaller("ann"), "review")
	contains(t, "review today", review.Text, "Nothing to review right now")
	f.clock.add(24 * time.Hour)
	review = f.bot.CommandText(ctx, teamCaller("ann"), "review")
	if review.Card == nil || review.Card.Topic != "networking" {
		t.Fatalf("review tomorrow = %+v; want the missed networking question", review)
	}
	contains(t, "review title", review.Card.Title, "Review · question 1 of 1")
	done := f.click(t, teamCaller("ann"), review, rightLetter(t, review))
	contains(t, "review done", done.Text, "Round over: 1 of 1 right")
}

func TestUserMistakesGetPrivateHints(t *testing.T) {
	f := newFixture(t)
	tests := []struct{ in, want string }{
		{"frobnicate", "Unknown command \"frobnicate\". Try `/docker help`."},
		{"question topic=kubernetes", "unknown topic"},
		{"quiz 3 dockerfile", "No questions match topic dockerfile"},
		{"quiz 21", fmt.Sprintf("count must be a number from 1 to %d", MaxQuizCount)},
		{"quiz count=0", "count must be a number from 1"},
		{"quiz -3", "count must be a number from 1"},
	}
	for _, tc := range tests {
		m := f.bot.CommandText(ctx, teamCaller("ann"), tc.in)
		if !m.Private {
			t.Errorf("%q: reply is public; want a private hint", tc.in)
		}
		contains(t, tc.in, m.Text, tc.want)
	}
	m := f.bot.Button(ctx, teamCaller("ann"), "v0:answer:1:A")
	contains(t, "old button", m.Text, "comes from another version of the bot")
	m = f.bot.Button(ctx, teamCaller("ann"), fmt.Sprintf("v1:practice:1:%d:A", MaxQuizCount))
	contains(t, "an index no round has", m.Text, "comes from another version of the bot")
	m = f.bot.Button(ctx, teamCaller("ann"), "v1:answer:999:A")
	contains(t, "unknown post", m.Text, "no longer available")
	if f.logs.Len() != 0 {
		t.Errorf("user mistakes were logged as errors:\n%s", f.logs)
	}
}

func TestQuizCountIsCheckedByTheCore(t *testing.T) {
	f := newFixture(t)
	for _, n := range []int{-1, MaxQuizCount + 1, 1000} {
		m := f.bot.Command(ctx, teamCaller("ann"), Command{Name: CmdQuiz, Count: n})
		if m.Card != nil || !m.Private {
			t.Errorf("quiz of %d questions from typed options: started a round; want a private hint", n)
		}
		contains(t, fmt.Sprint(n), m.Text, "count must be a number from 1")
	}
	m := f.bot.Command(ctx, teamCaller("ann"), Command{Name: CmdQuiz, Count: MaxQuizCount})
	if m.Card == nil {
		t.Errorf("quiz of %d questions: %q; want the first question", MaxQuizCount, m.Text)
	}
}

func TestInternalErrorsAreLoggedNotShown(t *testing.T) {
	f := newFixture(t)
	f.store.Close()
	m := f.bot.CommandText(ctx, teamCaller("ann"), "stats")
	if !m.Private || m.Text != "Something went wrong, try again." {
		t.Errorf("reply to a broken store = %q; want the generic private apology", m.Text)
	}
	contains(t, "log", f.logs.String(), "database not open")
}

func TestHelpShowsExamples(t *testing.T) {
	f := newFixture(t)
	m := f.bot.CommandText(ctx, teamCaller("ann"), "help")
	for _, cmd := range Commands {
		contains(t, "help", m.Text, "`/docker "+cmd)
	}
	contains(t, "help", m.Text, "e.g. `/docker quiz 10 security`")
}
