package slack

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// dailyTeam gives the env's team a daily channel.
func (e *env) dailyTeam(channel string) quiz.Team {
	e.t.Helper()
	if _, err := e.bot.EnsureTeam(bg, e.team, "Acme"); err != nil {
		e.t.Fatal(err)
	}
	team, err := e.store.UpdateTeam(bg, e.team, func(t *quiz.Team) error { t.Channel = channel; return nil })
	if err != nil {
		e.t.Fatal(err)
	}
	return team
}

func TestRateLimitedPostIsWaitedOut(t *testing.T) {
	e := newEnv(t, envOptions{})
	f := e.fake
	f.rateLimited, f.retryAfter = 1, "1"
	team := e.dailyTeam(daily)
	start := time.Now()
	ctx, cancel := context.WithTimeout(bg, 30*time.Second)
	defer cancel()
	p, err := e.bot.PostOccurrence(ctx, team, quiz.Occurrence{Key: "2026-11-23T09:00", At: time.Now()})
	if err != nil {
		t.Fatalf("PostOccurrence: %v", err)
	}
	took := time.Since(start)
	f.mu.Lock()
	posts, calls := len(f.posts), f.postCalls
	f.mu.Unlock()
	if posts != 1 || calls != 2 {
		t.Errorf("posts %d after %d chat.postMessage calls; want 1 after 2 (one 429)", posts, calls)
	}
	if want := daily + "/1700000000.000001"; p.MessageID != want {
		t.Errorf("MessageID = %q; want %q", p.MessageID, want)
	}
	if took < time.Second {
		t.Errorf("post took %v; want at least the Retry-After of 1s", took)
	}
	if e.metrics.rateLimited != 1 {
		t.Errorf("RateLimited() calls = %d; want 1", e.metrics.rateLimited)
	}
	t.Logf("429 waited out in %v", took)
}

func TestRateLimitBeyondDeadlineIsReported(t *testing.T) {
	e := newEnv(t, envOptions{})
	f := e.fake
	f.rateLimited, f.retryAfter = 5, "30"
	team := e.dailyTeam(daily)
	ctx, cancel := context.WithTimeout(bg, 2*time.Second)
	defer cancel()
	start := time.Now()
	_, err := e.bot.PostOccurrence(ctx, team, quiz.Occurrence{Key: "2026-11-23T09:00", At: time.Now()})
	if err == nil || !strings.Contains(err.Error(), "rate limit") {
		t.Errorf("PostOccurrence = %v; want a rate limit error", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("gave up after %v; want at once, the wait being past the deadline", took)
	}
	p, err := e.store.OccurrencePost(bg, e.team, "2026-11-23T09:00")
	if err != nil || p.Sent() {
		t.Errorf("occurrence post = %+v, %v; want claimed and not sent, for the scheduler to retry", p, err)
	}
}

func TestNotInChannelTellsTheAdmin(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.admins["UADMIN"] = true
	e.dailyTeam(notIn)
	m := e.a.runCommand(bg, e.slash("UADMIN", "ada", notIn, "post-now", "x"))
	if !strings.Contains(m.Text, "/invite @dockerqotd") {
		t.Errorf("post-now to a channel without the bot = %q; want the /invite hint", m.Text)
	}
}

func TestRevealEditsThePostAndRepliesInItsThread(t *testing.T) {
	e := newEnv(t, envOptions{socket: true})
	f := e.fake
	team := e.dailyTeam(daily)
	p, err := e.bot.PostNow(bg, team, e.a)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.bot.Reveal(bg, team, p, e.a); err != nil {
		t.Fatalf("Reveal: %v", err)
	}
	f.mu.Lock()
	updates, posts := f.updates, f.posts
	f.mu.Unlock()
	if len(updates) != 1 || len(posts) != 2 {
		t.Fatalf("%d updates, %d posts; want 1 update (the reveal) and 2 posts (question, model answer)", len(updates), len(posts))
	}
	u := updates[0]
	if u.values.Get("channel") != daily || u.values.Get("ts") != "1700000000.000001" {
		t.Errorf("chat.update of %s/%s; want the post", u.values.Get("channel"), u.values.Get("ts"))
	}
	if _, btns := buttons(t, u.blocks(t)); len(btns) != 2 || !strings.HasPrefix(btns[0].ActionID, "v1:interview:") || !strings.HasPrefix(btns[1].ActionID, "v1:report:") {
		t.Errorf("revealed post has buttons %+v; want only Practise answering and Report (Slack cannot disable the letters)", btns)
	}
	if text := u.values.Get("blocks"); !strings.Contains(text, "✅") || !strings.Contains(text, "Answer: "+quiz.Letter(p.Correct)) {
		t.Errorf("revealed post does not show the answer: %s", text)
	}
	reply := posts[1]
	if reply.values.Get("thread_ts") != "1700000000.000001" || !strings.Contains(reply.values.Get("blocks"), "How to answer this in an interview") {
		t.Errorf("model answer thread_ts %q, blocks %s; want a thread reply with the model answer", reply.values.Get("thread_ts"), reply.values.Get("blocks"))
	}

	f.send(envelope("env-late", "interactive", e.click("U1", "alice", daily, "v1:answer:1:A", "answers-v1:answer:1", "late", false)))
	f.ack("env-late")
	if r := f.responseTo("late"); !strings.Contains(r.raw, "This question is closed") || r.msg.ResponseType != ephemeral {
		t.Errorf("click on a revealed post = %s; want an ephemeral \"closed\"", r.raw)
	}
}

func TestChannelQueueSpacesMessages(t *testing.T) {
	const interval = 200 * time.Millisecond
	e := newEnv(t, envOptions{sendInterval: interval})
	f := e.fake
	send := func(channel string) {
		if _, err := e.a.Send(bg, quiz.Post{ID: 1, Channel: channel}, bot.Message{Text: "hello " + channel}); err != nil {
			t.Error(err)
		}
	}
	done := make(chan struct{})
	for _, ch := range []string{"C1", "C1", "C1", "C2"} {
		go func() { send(ch); done <- struct{}{} }()
	}
	for range 4 {
		<-done
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	byChannel := map[string][]time.Time{}
	for _, p := range f.posts {
		byChannel[p.values.Get("channel")] = append(byChannel[p.values.Get("channel")], p.at)
	}
	c1 := byChannel["C1"]
	if len(c1) != 3 || len(byChannel["C2"]) != 1 {
		t.Fatalf("posts by channel = %v; want 3 in C1 and 1 in C2", byChannel)
	}
	for i := 1; i < len(c1); i++ {
		if gap := c1[i].Sub(c1[i-1]); gap < interval {
			t.Errorf("gap between messages %d and %d in C1 = %v; want at least %v", i-1, i, gap, interval)
		}
	}
	if first := byChannel["C2"][0]; first.Sub(c1[0]) >= 2*interval {
		t.Errorf("C2 waited for C1's queue (%v)", first.Sub(c1[0]))
	}
}

func TestSendAfterCloseFails(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.a.Close()
	if _, err := e.a.Send(bg, quiz.Post{ID: 1, Channel: daily}, bot.Message{Text: "late"}); err == nil {
		t.Error("Send after Close = nil error; want an error")
	}
}

// reminder is a direct message as the core sends one: text and a button.
func reminder(text string) bot.Message {
	return bot.Message{Text: text, Buttons: []bot.Button{{ID: "v1:review:start", Label: "Review now"}}}
}

func TestDirectMessageArrivesRenderedAsAPost(t *testing.T) {
	e := newEnv(t, envOptions{})
	m := reminder("**3 questions** wait for your review.")
	if err := e.a.DirectMessage(bg, e.team, "U1", m); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.Send(bg, quiz.Post{ID: 1, Channel: daily}, m); err != nil {
		t.Fatal(err)
	}
	dms := e.fake.dms("U1")
	if len(dms) != 1 {
		t.Fatalf("DMs to U1 = %d; want 1", len(dms))
	}
	dm := dms[0].values
	if !strings.Contains(dm.Get("text"), "*3 questions*") {
		t.Errorf("DM text = %q; want the Markdown as mrkdwn", dm.Get("text"))
	}
	e.fake.mu.Lock()
	post := e.fake.posts[len(e.fake.posts)-1].values
	e.fake.mu.Unlock()
	if dm.Get("text") != post.Get("text") || dm.Get("blocks") != post.Get("blocks") {
		t.Errorf("DM text %q, blocks %s; want them as the post's: %q, %s", dm.Get("text"), dm.Get("blocks"), post.Get("text"), post.Get("blocks"))
	}
	if _, btns := buttons(t, dms[0].blocks(t)); len(btns) != 1 || btns[0].ActionID != "v1:review:start" {
		t.Errorf("DM buttons = %+v; want Review now", btns)
	}
}

func TestDirectMessageToAClosedMemberIsErrDMClosed(t *testing.T) {
	tests := []struct {
		refusal string
		// scopes replaces the bot token's scopes.
		scopes string
		closed bool
	}{
		{refusal: "user_disabled", closed: true},
		{refusal: "user_not_visible", closed: true},
		{refusal: "cannot_dm_bot", closed: true},
		{refusal: "messages_tab_disabled", closed: false},
		{refusal: "user_not_found"},
		{refusal: "missing_scope", scopes: "chat:write,commands,users:read"},
	}
	for _, tc := range tests {
		t.Run(tc.refusal, func(t *testing.T) {
			e := newEnv(t, envOptions{})
			if tc.scopes != "" {
				e.fake.scopes = tc.scopes
			} else {
				e.fake.closeDMs("U1", tc.refusal)
			}
			err := e.a.DirectMessage(bg, e.team, "U1", reminder("Review 3 questions"))
			if err == nil || !strings.Contains(err.Error(), tc.refusal) {
				t.Fatalf("DirectMessage = %v; want Slack's %s", err, tc.refusal)
			}
			if got := errors.Is(err, bot.ErrDMClosed); got != tc.closed {
				t.Errorf("DirectMessage = %v; errors.Is ErrDMClosed = %v, want %v", err, got, tc.closed)
			}
			if dms := e.fake.dms("U1"); len(dms) != 0 {
				t.Errorf("%d DMs stored; want none", len(dms))
			}
			if err := e.a.DirectMessage(bg, e.team, "U2", reminder("Review 3 questions")); err != nil && tc.scopes == "" {
				t.Errorf("DirectMessage to another member = %v; want it delivered", err)
			}
		})
	}
}

// TestDeactivatedMemberIsClosedOnTheNextMessage: the DM channel is opened
// for every message, since only conversations.open tells that a member was
// deactivated.
func TestDeactivatedMemberIsClosedOnTheNextMessage(t *testing.T) {
	e := newEnv(t, envOptions{})
	if err := e.a.DirectMessage(bg, e.team, "U1", reminder("Review 3 questions")); err != nil {
		t.Fatal(err)
	}
	e.fake.closeDMs("U1", "user_disabled")
	if err := e.a.DirectMessage(bg, e.team, "U1", reminder("Review 4 questions")); !errors.Is(err, bot.ErrDMClosed) {
		t.Errorf("DirectMessage after the member was deactivated = %v; want ErrDMClosed", err)
	}
	if dms := e.fake.dms("U1"); len(dms) != 1 {
		t.Errorf("%d DMs stored; want the first only", len(dms))
	}
}

func TestDirectMessageWaitsOutRateLimits(t *testing.T) {
	e := newEnv(t, envOptions{})
	f := e.fake
	f.mu.Lock()
	f.openRateLimited, f.rateLimited, f.retryAfter = 1, 1, "1"
	f.mu.Unlock()
	start := time.Now()
	if err := e.a.DirectMessage(bg, e.team, "U1", reminder("Review 3 questions")); err != nil {
		t.Fatalf("DirectMessage = %v; want the 429s waited out", err)
	}
	if took := time.Since(start); took < 2*time.Second {
		t.Errorf("DirectMessage took %v; want two Retry-After waits of 1s", took)
	}
	f.mu.Lock()
	opens, calls := f.opens, f.postCalls
	f.mu.Unlock()
	if opens != 2 || calls != 2 || len(f.dms("U1")) != 1 {
		t.Errorf("%d opens, %d posts, %d DMs; want 2, 2 (one 429 each) and 1", opens, calls, len(f.dms("U1")))
	}
	if e.metrics.rateLimited != 2 {
		t.Errorf("RateLimited() calls = %d; want 2", e.metrics.rateLimited)
	}
}

// TestDirectMessageReportsServerErrors: as for a daily post, a 5xx is
// reported for the caller to try again, and is not ErrDMClosed.
func TestDirectMessageReportsServerErrors(t *testing.T) {
	for _, method := range []string{"conversations.open", "chat.postMessage"} {
		t.Run(method, func(t *testing.T) {
			e := newEnv(t, envOptions{})
			e.fake.mu.Lock()
			e.fake.unavailable[method] = 1
			e.fake.mu.Unlock()
			err := e.a.DirectMessage(bg, e.team, "U1", reminder("Review 3 questions"))
			if err == nil || errors.Is(err, bot.ErrDMClosed) || !strings.Contains(err.Error(), method) {
				t.Errorf("DirectMessage = %v; want a %s error that is not ErrDMClosed", err, method)
			}
			if err := e.a.DirectMessage(bg, e.team, "U1", reminder("Review 3 questions")); err != nil {
				t.Errorf("DirectMessage tried again = %v; want it delivered", err)
			}
			if dms := e.fake.dms("U1"); len(dms) != 1 {
				t.Errorf("%d DMs stored; want 1", len(dms))
			}
		})
	}
}
