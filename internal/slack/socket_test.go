package slack

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/testutil"

	slackapi "github.com/slack-go/slack"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// TestSocketModeDailyQuestion plays a day through the real slack-go Socket
// Mode client: an admin posts a question, a user answers it right, clicks
// again, looks at the leaderboard and their App Home, and a non-admin is
// refused an admin command.
func TestSocketModeDailyQuestion(t *testing.T) {
	start := time.Now()
	e := newEnv(t, envOptions{socket: true})
	f := e.fake
	f.admins["UADMIN"] = true

	var post sent
	t.Run("post-now posts a question with four buttons", func(t *testing.T) {
		f.send(envelope("env-post", "slash_commands", e.slash("UADMIN", "ada", daily, "post-now", "post-now")))
		if payload := f.ack("env-post"); payload != nil {
			t.Errorf("post-now ack payload = %s; want none (the reply follows through response_url)", payload)
		}
		r := f.responseTo("post-now")
		if r.msg.ResponseType != ephemeral || !strings.Contains(r.raw, "Posted question") {
			t.Errorf("post-now reply = %s; want an ephemeral \"Posted question\"", r.raw)
		}
		f.mu.Lock()
		posts, lookups := f.posts, f.userLookups["UADMIN"]
		f.mu.Unlock()
		if len(posts) != 1 {
			t.Fatalf("chat.postMessage calls = %d; want 1", len(posts))
		}
		post = posts[0]
		if ch := post.values.Get("channel"); ch != daily {
			t.Errorf("posted to %q; want %q", ch, daily)
		}
		blockID, btns := buttons(t, post.blocks(t))
		if len(btns) != 4 || blockID != "answers-v1:answer:1" {
			t.Fatalf("actions block %q with %d buttons; want answers-v1:answer:1 with 4", blockID, len(btns))
		}
		for i, b := range btns {
			if want := "v1:answer:1:" + quiz.Letter(i); b.ActionID != want || b.Text.Text != quiz.Letter(i) {
				t.Errorf("button %d = %s %q; want %s %q", i, b.ActionID, b.Text.Text, want, quiz.Letter(i))
			}
		}
		if lookups != 1 {
			t.Errorf("users.info lookups of UADMIN = %d; want 1", lookups)
		}
	})

	p, ok, err := e.bot.OpenPost(bg, e.team)
	if err != nil || !ok {
		t.Fatalf("OpenPost = %v, %v, %v; want the posted question", p, ok, err)
	}
	right, wrong := quiz.Letter(p.Correct), quiz.Letter((p.Correct+1)%quiz.NumChoices)

	t.Run("a right click gets an ephemeral verdict", func(t *testing.T) {
		sentAt := time.Now()
		f.send(envelope("env-click", "interactive", e.click("U1", "alice", daily, "v1:answer:1:"+right, "answers-v1:answer:1", "click-1", false)))
		if payload := f.ack("env-click"); payload != nil {
			t.Errorf("click ack payload = %s; want none", payload)
		}
		r := f.responseTo("click-1")
		t.Logf("click → response_url latency: %v", time.Since(sentAt))
		if r.msg.ResponseType != ephemeral || r.msg.ReplaceOriginal {
			t.Errorf("click reply response_type %q replace_original %t; want a new ephemeral message", r.msg.ResponseType, r.msg.ReplaceOriginal)
		}
		if !strings.Contains(r.raw, "Right!") || !strings.Contains(r.raw, "+10 points") {
			t.Errorf("click reply = %s; want the verdict with +10 points", r.raw)
		}
	})

	t.Run("a second click says already answered", func(t *testing.T) {
		f.send(envelope("env-click-2", "interactive", e.click("U1", "alice", daily, "v1:answer:1:"+wrong, "answers-v1:answer:1", "click-2", false)))
		f.ack("env-click-2")
		r := f.responseTo("click-2")
		if !strings.Contains(r.raw, "already answered") || !strings.Contains(r.raw, "*"+right+"*") {
			t.Errorf("second click reply = %s; want \"already answered *%s*\"", r.raw, right)
		}
	})

	t.Run("the live count edits the post", func(t *testing.T) {
		var u sent
		f.waitFor("chat.update with 1 answered", func() bool {
			for _, u = range f.updates {
				if strings.Contains(u.values.Get("blocks"), "1 answered") {
					return true
				}
			}
			return false
		})
		ch, ts := u.values.Get("channel"), u.values.Get("ts")
		if ch != daily || ts != "1700000000.000001" {
			t.Errorf("chat.update of %s/%s; want %s/1700000000.000001", ch, ts, daily)
		}
	})

	t.Run("leaderboard lists the user, in the channel", func(t *testing.T) {
		f.send(envelope("env-board", "slash_commands", e.slash("U1", "alice", daily, "leaderboard", "board")))
		var msg slackapi.WebhookMessage
		if err := json.Unmarshal(f.ack("env-board"), &msg); err != nil {
			t.Fatalf("leaderboard ack: %v", err)
		}
		if text := blockText(t, msg); msg.ResponseType != inChannel || !strings.Contains(text, "1. *alice* · 10 points") {
			t.Errorf("leaderboard ack = %s (%s); want in_channel with \"1. *alice* · 10 points\"", text, msg.ResponseType)
		}
		if n := f.count(func() int { return f.userLookups["U1"] }); n != 0 {
			t.Errorf("users.info lookups for leaderboard = %d; want 0", n)
		}
	})

	t.Run("App Home shows the user's stats", func(t *testing.T) {
		f.send(envelope("env-home", "events_api", homeOpened("U1", "Ev-home-1")))
		f.ack("env-home")
		var v slackapi.PublishViewContextRequest
		f.waitFor("views.publish", func() bool {
			if len(f.views) == 0 {
				return false
			}
			v = f.views[0]
			return true
		})
		text := blockText(t, v.View.Blocks)
		for _, want := range []string{"Stats for alice", "Points: 10 · rank #1 of 1", "Streak: 1 · best 1", "By topic:", "*1. alice · 10 points* (you)"} {
			if !strings.Contains(text, want) {
				t.Errorf("home view lacks %q: %s", want, text)
			}
		}
		if v.UserID != "U1" || v.View.Type != slackapi.VTHomeTab {
			t.Errorf("views.publish for %q type %q; want U1 home", v.UserID, v.View.Type)
		}
	})

	t.Run("a non-admin's admin command is refused", func(t *testing.T) {
		f.send(envelope("env-refused", "slash_commands", e.slash("U1", "alice", daily, "post-now", "refused")))
		if payload := f.ack("env-refused"); payload != nil {
			t.Errorf("post-now ack payload = %s; want none", payload)
		}
		if r := f.responseTo("refused"); !strings.Contains(r.raw, "Only admins") || r.msg.ResponseType != ephemeral {
			t.Errorf("non-admin post-now = %s; want an ephemeral refusal", r.raw)
		}
		if n := f.count(func() int { return len(f.posts) }); n != 1 {
			t.Errorf("chat.postMessage calls = %d; want still 1", n)
		}
	})

	t.Run("a redelivered event is acked and dropped", func(t *testing.T) {
		redelivery := envelope("env-home-retry", "events_api", homeOpened("U1", "Ev-home-1"))
		redelivery["retry_attempt"], redelivery["retry_reason"] = 1, "timeout"
		f.send(redelivery)
		f.ack("env-home-retry")
		f.send(envelope("env-home-2", "events_api", homeOpened("U2", "Ev-home-2")))
		f.ack("env-home-2")
		f.waitFor("the second home view", func() bool { return len(f.views) >= 2 })
		e.a.Close()
		if n := f.count(func() int { return len(f.views) }); n != 2 {
			t.Errorf("views.publish calls = %d; want 2 (the redelivery dropped)", n)
		}
	})

	t.Logf("Socket Mode daily question suite: %v; %s", time.Since(start), e.metrics)
}

func TestSocketModeAdminRefused(t *testing.T) {
	e := newEnv(t, envOptions{socket: true})
	f := e.fake
	commands := []string{"schedule show", "schedule off", "schedule on", "schedule 0 9 * * * UTC", "config level=basic reveal=8h", "post-now"}
	for i, text := range commands {
		id := "env-admin-" + string(rune('a'+i))
		f.send(envelope(id, "slash_commands", e.slash("U2", "bob", daily, text, id)))
		ack := f.ack(id)
		if len(ack) == 0 {
			// post-now is acked empty and answered through response_url.
			r := f.responseTo(id)
			if !strings.Contains(r.raw, "Only admins") || r.msg.ResponseType != ephemeral {
				t.Errorf("non-admin %q = %s; want an ephemeral refusal", text, r.raw)
			}
			continue
		}
		var msg slackapi.WebhookMessage
		if err := json.Unmarshal(ack, &msg); err != nil {
			t.Fatalf("ack: %v", err)
		}
		if reply := blockText(t, msg); msg.ResponseType != ephemeral || !strings.Contains(reply, "Only admins") {
			t.Errorf("non-admin %q = %s (%s); want an ephemeral refusal", text, reply, msg.ResponseType)
		}
	}
	if n := f.count(func() int { return f.userLookups["U2"] }); n != len(commands) {
		t.Errorf("users.info lookups = %d; want %d, one per admin command", n, len(commands))
	}
	if n := f.count(func() int { return len(f.posts) }); n != 0 {
		t.Errorf("a refused post-now posted %d messages", n)
	}
	team, err := e.store.Team(bg, e.team)
	if err == nil && (team.Paused || team.Filter.Levels != nil || team.Reveal != 0 || team.Schedule != quiz.DefaultSchedule) {
		t.Errorf("refused admin commands changed the team: %+v", team)
	}
}

// TestSocketModePractice answers a practice round in place: the reply to a
// click on an ephemeral question replaces it.
func TestSocketModePractice(t *testing.T) {
	e := newEnv(t, envOptions{socket: true})
	f := e.fake
	f.send(envelope("env-quiz", "slash_commands", e.slash("U1", "alice", daily, "quiz 2 networking", "quiz")))
	var msg slackapi.WebhookMessage
	if err := json.Unmarshal(f.ack("env-quiz"), &msg); err != nil {
		t.Fatalf("quiz ack: %v", err)
	}
	if msg.ResponseType != ephemeral || msg.Blocks == nil {
		t.Fatalf("quiz ack = %+v; want an ephemeral question", msg)
	}
	blockID, btns := buttons(t, msg.Blocks.BlockSet)
	if len(btns) != 4 || blockID != "answers-v1:practice:1:0" {
		t.Fatalf("quiz buttons: block %q, %d buttons; want answers-v1:practice:1:0 with 4", blockID, len(btns))
	}
	f.send(envelope("env-quiz-click", "interactive", e.click("U1", "alice", daily, btns[0].ActionID, blockID, "quiz-1", true)))
	f.ack("env-quiz-click")
	r := f.responseTo("quiz-1")
	if !r.msg.ReplaceOriginal || r.msg.ResponseType != ephemeral {
		t.Errorf("practice reply replace_original %t response_type %q; want true, ephemeral", r.msg.ReplaceOriginal, r.msg.ResponseType)
	}
	next, btns := buttons(t, r.msg.Blocks.BlockSet)
	if next != "answers-v1:practice:1:1" || len(btns) != 6 || !strings.HasPrefix(btns[4].ActionID, "v1:interview:") || !strings.HasPrefix(btns[5].ActionID, "v1:report:") {
		t.Errorf("practice reply buttons: block %q, %d buttons; want the second question's four, Practise answering and Report", next, len(btns))
	}
}

// TestSocketModeNothingDropped: stale buttons, unknown commands and a
// panic in the core all get an ephemeral answer.
func TestSocketModeNothingDropped(t *testing.T) {
	e := newEnv(t, envOptions{socket: true, store: func(s quiz.Store) quiz.Store { return panicky{s} }})
	f := e.fake
	tests := []struct {
		name, actionID, want string
	}{
		{"old version", "v0:answer:1:A", "another version of the bot"},
		{"unknown post", "v1:answer:999:A", "no longer available"},
		{"panic in the core", "v1:answer:1:A", "Something went wrong"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id := "env-" + tc.name
			user := "U1"
			if tc.name == "panic in the core" {
				user = "UPANIC"
			}
			f.send(envelope(id, "interactive", e.click(user, "x", daily, tc.actionID, "answers-x", tc.name, false)))
			f.ack(id)
			if r := f.responseTo(tc.name); !strings.Contains(r.raw, tc.want) || r.msg.ResponseType != ephemeral {
				t.Errorf("click %d %s = %s; want an ephemeral %q", i, tc.actionID, r.raw, tc.want)
			}
		})
	}
	t.Run("unknown command", func(t *testing.T) {
		f.send(envelope("env-qiuz", "slash_commands", e.slash("U1", "alice", daily, "qiuz", "qiuz")))
		if text := string(f.ack("env-qiuz")); !strings.Contains(text, "Unknown command") {
			t.Errorf("qiuz ack = %s; want the hint", text)
		}
	})
	if logs := e.logs.String(); !strings.Contains(logs, "slack panic recovered") {
		t.Errorf("logs lack the recovered panic:\n%s", logs)
	}
}

// panicky is a store that panics when UPANIC answers.
type panicky struct{ quiz.Store }

func (p panicky) RecordAnswer(ctx context.Context, in quiz.AnswerInput) (quiz.AnswerResult, error) {
	if in.User == "UPANIC" {
		panic("boom")
	}
	return p.Store.RecordAnswer(ctx, in)
}

// TestSocketModeReconnects: Slack asks the client to reconnect; it does,
// counts it, and keeps answering.
func TestSocketModeReconnects(t *testing.T) {
	e := newEnv(t, envOptions{socket: true})
	f := e.fake
	f.send(map[string]any{"type": "disconnect", "reason": "refresh_requested", "debug_info": map[string]string{"host": "fake"}})
	f.waitFor("a second connection", func() bool { return f.conns == 2 })
	testutil.Eventually(t, "Reconnected() and Ready()", func() bool {
		e.metrics.mu.Lock()
		defer e.metrics.mu.Unlock()
		return e.metrics.reconnected == 1 && e.a.Ready()
	})
	f.send(envelope("env-help", "slash_commands", e.slash("U1", "alice", daily, "help", "help")))
	if text := string(f.ack("env-help")); !strings.Contains(text, "/docker quiz") {
		t.Errorf("help after reconnecting = %s; want the help", text)
	}
}

// TestSlowCommandIsAnsweredAfterTheAck: a command that takes longer than
// ackWait is acknowledged empty, and its reply goes through response_url.
func TestSlowCommandIsAnsweredAfterTheAck(t *testing.T) {
	gate := make(chan struct{})
	e := newEnv(t, envOptions{socket: true, store: func(s quiz.Store) quiz.Store { return slowBoard{s, gate} }})
	e.a.ackWait = 50 * time.Millisecond
	f := e.fake
	f.send(envelope("env-slow", "slash_commands", e.slash("U1", "alice", daily, "leaderboard all", "slow")))
	if payload := f.ack("env-slow"); payload != nil {
		t.Errorf("slow command ack payload = %s; want none", payload)
	}
	close(gate)
	if r := f.responseTo("slow"); r.msg.ResponseType != inChannel || !strings.Contains(r.raw, "Leaderboard") {
		t.Errorf("slow command reply = %s; want the leaderboard, in the channel", r.raw)
	}
}

// slowBoard is a store whose leaderboards wait for the gate to open.
type slowBoard struct {
	quiz.Store
	gate chan struct{}
}

func (s slowBoard) Leaderboard(ctx context.Context, team quiz.TeamID, p quiz.Period, at time.Time, caller string, limit int) (quiz.Leaderboard, error) {
	select {
	case <-s.gate:
	case <-ctx.Done():
	}
	return s.Store.Leaderboard(ctx, team, p, at, caller, limit)
}
