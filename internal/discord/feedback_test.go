package discord

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/discord/discordtest"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// clock is a settable clock for the bot.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// TestFeedbackThroughTheGateway plays two weeks of a team on Discord as
// its members would: a report of a revealed question with a reason and a
// note, listed to the admin; the recap of the first week in the channel
// before the first question of the second; review reminders by direct
// message once a day, none for a member whose direct messages are closed,
// who has them turned off.
func TestFeedbackThroughTheGateway(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)} // Monday, 2026-W48
	f := newFixture(t, fixtureOptions{now: c.now})
	postNow := func() discordtest.Message {
		t.Helper()
		before := len(f.srv.Posts(discordtest.DefaultChannel))
		f.interact(discordtest.Command("docker-admin", discordtest.Sub("post-now")).By(alice))
		posts := f.srv.Posts(discordtest.DefaultChannel)
		if len(posts) == before {
			t.Fatal("post-now posted nothing")
		}
		return posts[len(posts)-1]
	}
	click := func(post discordtest.Message, who discordtest.Member, right bool) {
		t.Helper()
		p := f.openPost()
		letter := p.Correct
		if !right {
			letter = (letter + 1) % quiz.NumChoices
		}
		if r := f.interact(discordtest.Click(post, post.Buttons()[letter].CustomID).By(who)); !r.Ephemeral() {
			t.Fatalf("click = %s; want a private verdict", r.Message)
		}
	}
	recaps := func() []discordtest.Message {
		var out []discordtest.Message
		for _, m := range f.srv.Posts(discordtest.DefaultChannel) {
			if strings.Contains(m.Text(), "Last week in review") {
				out = append(out, m)
			}
		}
		return out
	}
	f.srv.CloseDMs(carol.ID)
	for _, who := range []discordtest.Member{bob, carol} {
		r := f.interact(discordtest.Command("docker", discordtest.Sub("remind", discordtest.String("state", "on"))).By(who))
		if !r.Ephemeral() || !strings.Contains(r.Message.Text(), "Review reminders are on") {
			t.Fatalf("/docker remind on = %s; want a private confirmation", r.Message)
		}
	}

	first := postNow()
	click(first, bob, true)
	click(first, carol, false)
	c.set(c.now().Add(24 * time.Hour))
	second := postNow() // reveals the first: Carol's card is due
	click(second, bob, false)
	if dms := f.srv.DMs(carol.ID); len(dms) != 0 {
		t.Errorf("carol, whose direct messages are closed, got %d", len(dms))
	}
	f.await("carol's reminders turned off", func() bool { return strings.Contains(f.logs.String(), "review reminders turned off") })
	if dms := f.srv.DMs(bob.ID); len(dms) != 0 {
		t.Errorf("bob, with nothing due, got a reminder: %s", dms[0])
	}

	// A report of the revealed question, with a reason, then a note.
	revealed, _ := f.srv.Message(first.ID)
	ask := f.interact(discordtest.Click(revealed, buttonLabelled(t, revealed, "🚩 Report").CustomID).By(bob))
	if !ask.Ephemeral() || !strings.Contains(ask.Message.Text(), "What is wrong with it?") {
		t.Fatalf("Report = %s; want a private choice of reasons", ask.Message)
	}
	saved := f.interact(discordtest.Click(ask.Message, buttonLabelled(t, ask.Message, "Unclear").CustomID).By(bob))
	if !strings.Contains(saved.Message.Text(), "you reported") || !strings.Contains(saved.Message.Text(), "as unclear") {
		t.Fatalf("a reason = %s; want the report saved", saved.Message)
	}
	form := f.interact(discordtest.Click(saved.Message, buttonLabelled(t, saved.Message, "📝 Add a note").CustomID).By(bob))
	if form.Type != 9 || form.Modal == nil || form.Modal.Inputs[0].MaxLength != quiz.MaxReportText {
		t.Fatalf("Add a note = type %d, modal %+v; want a modal taking %d characters", form.Type, form.Modal, quiz.MaxReportText)
	}
	noted := f.interact(discordtest.SubmitModal(*form.Modal, map[string]string{form.Modal.Inputs[0].CustomID: "Two of the choices read the same."}).By(bob))
	if !noted.Ephemeral() || !strings.Contains(noted.Message.Text(), "Your note is saved") {
		t.Fatalf("the note = %s; want it saved", noted.Message)
	}
	list := f.interact(discordtest.Command("docker-admin", discordtest.Sub("reports")).By(alice))
	text := list.Message.Text()
	if !list.Ephemeral() || !strings.Contains(text, "1 report in this team") || !strings.Contains(text, "unclear · Bob") ||
		!strings.Contains(text, "Two of the choices read the same.") {
		t.Errorf("/docker-admin reports = %s; want Bob's one report with its note", list.Message)
	}
	if len(recaps()) != 0 {
		t.Fatal("a recap went out in the middle of the week")
	}

	// Monday of 2026-W49: the recap, then the question, then Bob's
	// reminder of the question he missed on Tuesday; one a day, however
	// many posts.
	c.set(time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
	third := postNow()
	got := recaps()
	if len(got) != 1 {
		t.Fatalf("%d recaps on Monday; want 1", len(got))
	}
	posts := f.srv.Posts(discordtest.DefaultChannel)
	if posts[len(posts)-2].ID != got[0].ID || third.ID != posts[len(posts)-1].ID {
		t.Error("the recap is not right before the week's first question")
	}
	for _, want := range []string{"2026-W48", "2 players · 3 answers · 33% right", "1. **Bob**"} {
		if !strings.Contains(got[0].Text(), want) {
			t.Errorf("recap lacks %q:\n%s", want, got[0].Text())
		}
	}
	c.set(c.now().Add(time.Minute))
	postNow()
	dms := f.srv.DMs(bob.ID)
	if len(dms) != 1 || !strings.Contains(dms[0].Text(), "review question due") {
		t.Fatalf("bob's direct messages on Monday = %v; want one reminder", dms)
	}
	if len(recaps()) != 1 {
		t.Errorf("%d recaps after more posts in the week; want 1", len(recaps()))
	}
	c.set(c.now().Add(24 * time.Hour))
	postNow()
	if n := len(f.srv.DMs(bob.ID)); n != 2 {
		t.Errorf("bob got %d reminders over two days; want 2", n)
	}
	if n := len(f.srv.DMs(carol.ID)); n != 0 {
		t.Errorf("carol got %d reminders after hers were turned off", n)
	}
	// Off: no more.
	f.interact(discordtest.Command("docker", discordtest.Sub("remind", discordtest.String("state", "off"))).By(bob))
	c.set(c.now().Add(24 * time.Hour))
	postNow()
	if n := len(f.srv.DMs(bob.ID)); n != 2 {
		t.Errorf("bob got %d reminders after turning them off; want still 2", n)
	}
}
