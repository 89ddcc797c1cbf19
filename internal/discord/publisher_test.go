package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/discord/discordtest"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

var ctx = context.Background()

func testPost(occurrence string) quiz.Post {
	return quiz.Post{ID: 1, Team: team(discordtest.DefaultGuildID), Channel: discordtest.DefaultChannel, Occurrence: occurrence}
}

func testCard() bot.Message {
	return bot.Message{
		Card: &bot.Card{
			Title: "🐳 Docker question of the day · Monday 23 November", Prompt: "Which is right?",
			Level: quiz.Basic, Topic: "volumes", Choices: [4]string{"one", "two", "three", "four"}, Footer: "0 answered", Correct: -1,
		},
		Buttons: []bot.Button{{ID: "v1:answer:1:A", Label: "A"}, {ID: "v1:answer:1:B", Label: "B"}, {ID: "v1:answer:1:C", Label: "C"}, {ID: "v1:answer:1:D", Label: "D"}},
	}
}

func TestSendTwiceShowsOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fixtureOptions{noStart: true})
	p := testPost("2026-11-23T09:00")
	first, err := f.a.Send(ctx, p, testCard())
	if err != nil {
		t.Fatal(err)
	}
	again, err := f.a.Send(ctx, p, testCard())
	if err != nil || again != first {
		t.Fatalf("second Send = %q, %v; want %q (the nonce returns the first message)", again, err, first)
	}
	if !strings.HasPrefix(first, discordtest.DefaultChannel+"/") {
		t.Errorf("Send = %q; want <channel>/<message>", first)
	}
	if _, err := f.a.Send(ctx, testPost("2026-11-24T09:00"), testCard()); err != nil {
		t.Fatal(err)
	}
	posts := f.srv.Posts(discordtest.DefaultChannel)
	if len(posts) != 2 || posts[0].Nonce == posts[1].Nonce || len(posts[0].Nonce) > 25 {
		t.Errorf("posts = %v; want one per occurrence, with different nonces of at most 25 characters", posts)
	}
	for _, c := range f.srv.Calls("POST", "/api/v9/channels/*/messages") {
		var body struct {
			Nonce        string `json:"nonce"`
			EnforceNonce bool   `json:"enforce_nonce"`
		}
		if err := json.Unmarshal(c.Body, &body); err != nil || body.Nonce == "" || !body.EnforceNonce {
			t.Errorf("send body %s; want a nonce with enforce_nonce", c.Body)
		}
	}
}

func TestRESTCallsEndAtTheirDeadline(t *testing.T) {
	t.Parallel()
	const timeout = 300 * time.Millisecond
	tests := []struct {
		name        string
		fault       discordtest.Fault
		rateLimited bool
	}{
		{"always 429", discordtest.Fault{RetryAfter: 50 * time.Millisecond}, true},
		{"429 with a retry_after past the deadline", discordtest.Fault{RetryAfter: time.Minute}, true},
		{"global 429", discordtest.Fault{RetryAfter: time.Minute, Global: true}, true},
		{"dead API", discordtest.Fault{Delay: time.Minute}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, fixtureOptions{noStart: true, cfg: Config{Timeout: timeout}})
			tc.fault.Method, tc.fault.Path = "POST", "/api/v9/channels/*/messages"
			f.srv.Inject(tc.fault)
			start := time.Now()
			_, err := f.a.Send(ctx, testPost("2026-11-23T09:00"), testCard())
			took := time.Since(start)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("Send = %v; want a deadline error", err)
			}
			// Generous: the point is that it returns, not how fast.
			if took > 10*timeout {
				t.Errorf("Send took %v with a %v timeout", took, timeout)
			}
			if got := f.metrics.rateLimited.Load() > 0; got != tc.rateLimited {
				t.Errorf("RateLimited() called: %v; want %v", got, tc.rateLimited)
			}
			if len(f.srv.Posts(discordtest.DefaultChannel)) != 0 {
				t.Error("a post appeared")
			}
		})
	}
}

// postedFixture is a REST-only adapter whose team has a sent daily post.
func postedFixture(t *testing.T) (*fixture, quiz.Post) {
	t.Helper()
	f := newFixture(t, fixtureOptions{noStart: true})
	admin := bot.Caller{Team: team(discordtest.DefaultGuildID), User: alice.ID, Name: "Alice", Admin: true, Channel: discordtest.DefaultChannel}
	if m := f.bot.Command(ctx, admin, bot.Command{Name: bot.CmdPostNow}); !strings.Contains(m.Text, "Posted") {
		t.Fatalf("post-now = %q", m.Text)
	}
	return f, f.openPost()
}

func TestLiveCountAndRevealCalls(t *testing.T) {
	t.Parallel()
	f, p := postedFixture(t)
	channel, message, _ := strings.Cut(p.MessageID, "/")
	bobCaller := bot.Caller{Team: p.Team, User: bob.ID, Name: "Bob", Channel: channel}
	f.bot.Button(ctx, bobCaller, bot.ButtonAction{Kind: bot.ButtonAnswer, ID: p.ID, Letter: p.Correct}.String())
	f.bot.Wait()

	edits := f.srv.Calls("PATCH", "/api/v9/channels/"+channel+"/messages/"+message)
	if len(edits) != 1 || !strings.Contains(string(edits[0].Body), "1 answered") {
		t.Fatalf("live-count edits = %v; want one PATCH with 1 answered", edits)
	}

	tm, err := f.store.Team(ctx, p.Team)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.bot.Reveal(ctx, tm, p, f.a); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range f.srv.Calls("", "") {
		if c.Method != "GET" {
			got = append(got, c.Method+" "+strings.NewReplacer(channel, "{channel}", message, "{post}").Replace(c.Path))
		}
	}
	want := []string{
		"POST /api/v9/channels/{channel}/messages",
		"PATCH /api/v9/channels/{channel}/messages/{post}",
		"PATCH /api/v9/channels/{channel}/messages/{post}",
		"POST /api/v9/channels/{channel}/messages/{post}/threads",
		"POST /api/v9/channels/{post}/messages",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("REST calls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	revealed, _ := f.srv.Message(message)
	for _, b := range revealed.Buttons()[:quiz.NumChoices] {
		if !b.Disabled {
			t.Errorf("button %s enabled after the reveal", b.Label)
		}
	}
	if bs := revealed.Buttons(); bs[len(bs)-1].Disabled || !strings.Contains(bs[len(bs)-1].Label, "Report") {
		t.Errorf("the revealed post's last button = %+v; want Report, enabled", bs[len(bs)-1])
	}
	if b := revealed.Buttons()[p.Correct]; b.Style != 3 {
		t.Errorf("right button style = %d; want success (3)", b.Style)
	}
	if !strings.Contains(revealed.Text(), "100% right") || !strings.Contains(revealed.Text(), "✅") {
		t.Errorf("revealed post = %s", revealed)
	}
	name, ok := f.srv.Thread(message)
	answer := f.srv.Messages(message)
	if !ok || !strings.HasPrefix(name, "Answer: "+quiz.Letter(p.Correct)) || len(answer) != 1 || !strings.Contains(answer[0].Text(), "model answer") {
		t.Errorf("thread %q (%v) with %v; want the model answer", name, ok, answer)
	}
}

func TestReplyFallsBackAndIsNotRepeated(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// fault hits the thread start.
		fault *discordtest.Fault
		// replies is how often Reply is called.
		replies   int
		inThread  bool
		wantError bool
	}{
		{name: "thread", replies: 1, inThread: true},
		{name: "retried reveal uses the thread once", replies: 2, inThread: true},
		{name: "no permission for threads", replies: 1,
			fault: &discordtest.Fault{Status: http.StatusForbidden, Body: `{"message":"Missing Permissions","code":50013}`}},
		{name: "server error is reported", replies: 1, wantError: true,
			fault: &discordtest.Fault{Status: http.StatusInternalServerError}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, p := postedFixture(t)
			channel, message, _ := strings.Cut(p.MessageID, "/")
			if tc.fault != nil {
				tc.fault.Method, tc.fault.Path = "POST", "/api/v9/channels/*/messages/*/threads"
				f.srv.Inject(*tc.fault)
			}
			var err error
			for range tc.replies {
				err = f.a.Reply(ctx, p, bot.Message{Text: "**Answer: B.** The model answer."})
			}
			if (err != nil) != tc.wantError {
				t.Fatalf("Reply = %v; want error %v", err, tc.wantError)
			}
			inThread, inChannel := f.srv.Messages(message), f.srv.Posts(channel)[1:]
			switch {
			case tc.wantError:
				if len(inThread)+len(inChannel) != 0 {
					t.Errorf("messages after a failed reply: %v %v", inThread, inChannel)
				}
			case tc.inThread:
				if len(inThread) != 1 || len(inChannel) != 0 {
					t.Errorf("thread %v, channel %v; want one message in the thread", inThread, inChannel)
				}
			default:
				if len(inThread) != 0 || len(inChannel) != 1 || inChannel[0].MessageReference == nil || inChannel[0].MessageReference.MessageID != message {
					t.Errorf("thread %v, channel %v; want one reply to the post", inThread, inChannel)
				}
			}
		})
	}
}

// TestSendsStayUnderTheGlobalLimit sends a burst of daily posts to a fake
// that enforces Discord's 50 requests a second: the adapter paces itself,
// so none is refused.
func TestSendsStayUnderTheGlobalLimit(t *testing.T) {
	f := newFixture(t, fixtureOptions{noStart: true, globalLimit: 50})
	const posts = 80
	var wg sync.WaitGroup
	errs := make(chan error, posts)
	for i := range posts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := testPost(fmt.Sprintf("2026-11-23T09:%02d", i))
			p.ID = uint64(i + 1)
			_, err := f.a.Send(ctx, p, testCard())
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range f.srv.Calls("", "") {
		if c.Status == http.StatusTooManyRequests {
			t.Fatalf("a call was refused by the global limit: %s %s", c.Method, c.Path)
		}
	}
	if got := len(f.srv.Posts(discordtest.DefaultChannel)); got != posts {
		t.Errorf("%d posts arrived; want %d", got, posts)
	}
	if f.metrics.rateLimited.Load() != 0 {
		t.Errorf("%d rate-limited calls counted; want none", f.metrics.rateLimited.Load())
	}
}

// reminder is a direct message as the core sends one: text and a button.
func reminder(text string) bot.Message {
	return bot.Message{Text: text, Buttons: []bot.Button{{ID: "v1:review", Label: "Review now"}}}
}

func TestDirectMessageArrivesRenderedAsAPost(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fixtureOptions{noStart: true})
	m := testCard()
	m.Text = "**3 questions** wait for your review, <@" + alice.ID + ">."
	if err := f.a.DirectMessage(ctx, team(discordtest.DefaultGuildID), bob.ID, m); err != nil {
		t.Fatal(err)
	}
	if _, err := f.a.Send(ctx, testPost("2026-11-23T09:00"), m); err != nil {
		t.Fatal(err)
	}
	dms, posts := f.srv.DMs(bob.ID), f.srv.Posts(discordtest.DefaultChannel)
	if len(dms) != 1 || len(posts) != 1 {
		t.Fatalf("DMs = %v, posts = %v; want one of each", dms, posts)
	}
	dm, post := dms[0], posts[0]
	if dm.Text() != post.Text() || !strings.Contains(dm.Text(), "3 questions") || len(dm.Buttons()) != len(post.Buttons()) || len(dm.Buttons()) != 4 {
		t.Errorf("DM %s; want it rendered as the post %s", dm, post)
	}
	if dm.ChannelID == discordtest.DefaultChannel || dm.Ephemeral() {
		t.Errorf("DM %s; want a plain message in the member's DM channel", dm)
	}
	calls := f.srv.Calls("POST", "/api/v9/channels/"+dm.ChannelID+"/messages")
	if len(calls) != 1 {
		t.Fatalf("calls to the DM channel = %v; want one", calls)
	}
	var body struct {
		AllowedMentions *struct {
			Parse []string `json:"parse"`
		} `json:"allowed_mentions"`
	}
	if err := json.Unmarshal(calls[0].Body, &body); err != nil || body.AllowedMentions == nil || body.AllowedMentions.Parse == nil || len(body.AllowedMentions.Parse) != 0 {
		t.Errorf("DM body %s; want allowed_mentions with an empty parse list", calls[0].Body)
	}
}

func TestDirectMessageOpensTheChannelOnceAndShowsARetryOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fixtureOptions{noStart: true})
	for _, text := range []string{"Review 3 questions", "Review 3 questions", "Review 4 questions"} {
		if err := f.a.DirectMessage(ctx, team(discordtest.DefaultGuildID), bob.ID, reminder(text)); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, m := range f.srv.DMs(bob.ID) {
		got = append(got, m.Content)
	}
	if want := []string{"Review 3 questions", "Review 4 questions"}; !slices.Equal(got, want) {
		t.Errorf("DMs = %q; want %q (the repeated message's nonce returns the first)", got, want)
	}
	if opens := f.srv.Calls("POST", "/api/v9/users/@me/channels"); len(opens) != 1 || !strings.Contains(string(opens[0].Body), `"recipient_id":"`+bob.ID+`"`) {
		t.Errorf("channel opens = %v; want one, for %s", opens, bob.ID)
	}
}

func TestDirectMessageToAClosedMemberIsErrDMClosed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		close  bool
		fault  *discordtest.Fault
		closed bool
	}{
		{name: "member turned DMs off", close: true, closed: true},
		{name: "missing permissions", fault: &discordtest.Fault{Status: http.StatusForbidden, Body: `{"message":"Missing Permissions","code":50013}`}},
		{name: "server error", fault: &discordtest.Fault{Status: http.StatusInternalServerError}},
		{name: "open refused", fault: &discordtest.Fault{Path: "/api/v9/users/@me/channels", Status: http.StatusBadRequest, Body: `{"message":"Invalid Recipient(s)","code":50033}`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, fixtureOptions{noStart: true})
			if tc.close {
				f.srv.CloseDMs(bob.ID)
			}
			if tc.fault != nil {
				tc.fault.Method = "POST"
				if tc.fault.Path == "" {
					tc.fault.Path = "/api/v9/channels/*/messages"
				}
				f.srv.Inject(*tc.fault)
			}
			err := f.a.DirectMessage(ctx, team(discordtest.DefaultGuildID), bob.ID, reminder("Review 3 questions"))
			if err == nil {
				t.Fatal("DirectMessage = nil; want an error")
			}
			if errors.Is(err, bot.ErrDMClosed) != tc.closed {
				t.Errorf("DirectMessage = %v; errors.Is ErrDMClosed = %v, want %v", err, !tc.closed, tc.closed)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("error %q holds the token", err)
			}
			if dms := f.srv.DMs(bob.ID); len(dms) != 0 {
				t.Errorf("DMs = %v; want none", dms)
			}
		})
	}
}

func TestDirectMessageRetriesTransientErrors(t *testing.T) {
	t.Parallel()
	const (
		open = "/api/v9/users/@me/channels"
		send = "/api/v9/channels/*/messages"
	)
	tests := []struct {
		name        string
		fault       discordtest.Fault
		rateLimited bool
	}{
		{"429 on open", discordtest.Fault{Path: open, RetryAfter: 20 * time.Millisecond}, true},
		{"429 on send", discordtest.Fault{Path: send, RetryAfter: 20 * time.Millisecond}, true},
		{"502 on open", discordtest.Fault{Path: open, Status: http.StatusBadGateway}, false},
		{"502 on send", discordtest.Fault{Path: send, Status: http.StatusBadGateway}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, fixtureOptions{noStart: true})
			tc.fault.Method, tc.fault.Times = "POST", 1
			f.srv.Inject(tc.fault)
			if err := f.a.DirectMessage(ctx, team(discordtest.DefaultGuildID), bob.ID, reminder("Review 3 questions")); err != nil {
				t.Fatalf("DirectMessage = %v; want the fault retried", err)
			}
			if f.srv.Hits() != 1 {
				t.Errorf("fault hits = %d; want 1", f.srv.Hits())
			}
			if dms := f.srv.DMs(bob.ID); len(dms) != 1 {
				t.Errorf("DMs = %v; want one", dms)
			}
			if got := f.metrics.rateLimited.Load() > 0; got != tc.rateLimited {
				t.Errorf("RateLimited() called: %v; want %v", got, tc.rateLimited)
			}
		})
	}
}

func (c *dmChannels) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.ids)
}

func TestDMChannelCacheIsBounded(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fixtureOptions{noStart: true})
	const max, members = 3, 8
	f.a.dms = newDMChannels(max)
	for i := range members {
		user := fmt.Sprintf("5100000000000000%02d", i)
		if err := f.a.DirectMessage(ctx, team(discordtest.DefaultGuildID), user, reminder("Review")); err != nil {
			t.Fatal(err)
		}
		if len(f.srv.DMs(user)) != 1 {
			t.Errorf("member %s got %d DMs; want 1", user, len(f.srv.DMs(user)))
		}
	}
	if n := f.a.dms.size(); n != max {
		t.Errorf("cache holds %d channels after %d members; want %d", n, members, max)
	}
	opens := len(f.srv.Calls("POST", "/api/v9/users/@me/channels"))
	if opens != members {
		t.Fatalf("%d channel opens for %d members", opens, members)
	}
	var cached string
	for i := range members {
		if user := fmt.Sprintf("5100000000000000%02d", i); cached == "" {
			if _, ok := f.a.dms.get(user); ok {
				cached = user
			}
		}
	}
	if err := f.a.DirectMessage(ctx, team(discordtest.DefaultGuildID), cached, reminder("Review again")); err != nil {
		t.Fatal(err)
	}
	if got := len(f.srv.Calls("POST", "/api/v9/users/@me/channels")); got != opens {
		t.Errorf("a cached member's DM opened the channel again (%d opens; want %d)", got, opens)
	}
}
