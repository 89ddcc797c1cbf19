package discord

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/testutil"

	"github.com/dockerqotd/dockerqotd/internal/discord/discordtest"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// gatedStore holds chosen store calls until the test releases them, so a
// test can see an interaction deferred without racing a timer; it can also
// make calls fail or panic.
type gatedStore struct {
	quiz.Store
	armed atomic.Bool
	gate  chan struct{}
	// failBoards and panicStats break Leaderboard and UserStats.
	failBoards, panicStats atomic.Bool
}

func newGatedStore() *gatedStore { return &gatedStore{gate: make(chan struct{})} }

func (g *gatedStore) hold() {
	if g.armed.Load() {
		<-g.gate
	}
}

func (g *gatedStore) RecordAnswer(ctx context.Context, in quiz.AnswerInput) (quiz.AnswerResult, error) {
	g.hold()
	return g.Store.RecordAnswer(ctx, in)
}

func (g *gatedStore) AnswerRound(ctx context.Context, in quiz.RoundAnswer) (quiz.RoundResult, error) {
	g.hold()
	return g.Store.AnswerRound(ctx, in)
}

func (g *gatedStore) Leaderboard(ctx context.Context, team quiz.TeamID, p quiz.Period, at time.Time, caller string, limit int) (quiz.Leaderboard, error) {
	g.hold()
	if g.failBoards.Load() {
		return quiz.Leaderboard{}, errors.New("disk on fire")
	}
	return g.Store.Leaderboard(ctx, team, p, at, caller, limit)
}

func (g *gatedStore) UserStats(ctx context.Context, team quiz.TeamID, user string) (quiz.UserStats, error) {
	if g.panicStats.Load() {
		panic("stats exploded")
	}
	return g.Store.UserStats(ctx, team, user)
}

// slowly dispatches i with the gate armed, waits for the deferral, then
// lets the work finish and returns the final reply.
func slowly(f *fixture, g *gatedStore, i discordtest.Interaction) discordtest.Reply {
	f.t.Helper()
	g.armed.Store(true)
	id := f.srv.Interact(i)
	f.await("deferral", func() bool { return f.srv.Acknowledged(id) })
	g.armed.Store(false)
	g.gate <- struct{}{}
	return f.answer(id)
}

func TestSlowWorkIsDeferred(t *testing.T) {
	t.Parallel()
	g := newGatedStore()
	f := newFixture(t, fixtureOptions{deferAfter: 20 * time.Millisecond, store: func(s quiz.Store) quiz.Store { g.Store = s; return g }})
	f.interact(discordtest.Command("docker-admin", discordtest.Sub("post-now")).By(alice))
	post := f.srv.Posts(discordtest.DefaultChannel)[0]
	p := f.openPost()

	t.Run("daily click: a private deferral edited to the verdict", func(t *testing.T) {
		r := slowly(f, g, discordtest.Click(post, post.Buttons()[p.Correct].CustomID).By(bob))
		if r.Type != 5 || !r.Ephemeral() || r.Followup || !strings.Contains(r.Message.Text(), "Right!") {
			t.Errorf("reply = type %d, followup %v, %s; want a private deferral edited to the verdict", r.Type, r.Followup, r.Message)
		}
	})

	// Quick or deferred (20 ms is short under -race), the round starts
	// with a private question.
	round := f.interact(discordtest.Command("docker", discordtest.Sub("quiz", discordtest.Integer("count", 2))).By(bob))
	if !round.Ephemeral() || len(round.Message.Buttons()) != 4 {
		t.Fatalf("quiz = type %d, %s; want a private question with four buttons", round.Type, round.Message)
	}
	first := round.Message.Buttons()[0].CustomID

	t.Run("practice click: a deferred update of the practice message", func(t *testing.T) {
		r := slowly(f, g, discordtest.Click(round.Message, first).By(bob))
		if r.Type != 6 || r.Followup || r.Message.ID != round.Message.ID || !strings.Contains(r.Message.Text(), "question 2 of 2") {
			t.Errorf("reply = type %d, followup %v, %s; want the practice message updated in place", r.Type, r.Followup, r.Message)
		}
	})

	t.Run("practice click answered before: a private follow-up", func(t *testing.T) {
		r := slowly(f, g, discordtest.Click(round.Message, first).By(bob))
		if r.Type != 6 || !r.Followup || !r.Ephemeral() || !strings.Contains(r.Message.Text(), "already answered") {
			t.Errorf("reply = type %d, followup %v, %s; want a private follow-up", r.Type, r.Followup, r.Message)
		}
	})

	t.Run("public command with a private failure: follow-up, deferral deleted", func(t *testing.T) {
		g.failBoards.Store(true)
		defer g.failBoards.Store(false)
		r := slowly(f, g, discordtest.Command("docker", discordtest.Sub("leaderboard")).By(bob))
		if r.Type != 5 || !r.Followup || !r.Ephemeral() || !strings.Contains(r.Message.Text(), "Something went wrong") {
			t.Errorf("reply = type %d, followup %v, %s; want a private follow-up", r.Type, r.Followup, r.Message)
		}
		f.await("the deferred response deleted", func() bool {
			return !slices.ContainsFunc(f.srv.Messages(discordtest.DefaultChannel), func(m discordtest.Message) bool { return m.Thinking })
		})
	})

}

func TestPracticeRoundUpdatesInPlace(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fixtureOptions{})
	r := f.interact(discordtest.Command("docker", discordtest.Sub("quiz", discordtest.Integer("count", 2), discordtest.String("topic", "volumes"))).By(bob))
	msg := r.Message
	for i, want := range []string{"question 2 of 2", "Round over"} {
		r = f.interact(discordtest.Click(msg, msg.Buttons()[0].CustomID).By(bob))
		if r.Type != 7 || r.Message.ID != msg.ID || !r.Ephemeral() || !strings.Contains(r.Message.Text(), want) {
			t.Fatalf("click %d = type %d, %s; want the practice message updated (7) with %q", i+1, r.Type, r.Message, want)
		}
		msg = r.Message
	}
	if bs := msg.Buttons(); len(bs) != 1 || !strings.Contains(bs[0].Label, "Report") {
		t.Errorf("finished round = %s; want only the last verdict's Report button", msg)
	}
}

func TestPanicIsAnswered(t *testing.T) {
	t.Parallel()
	g := newGatedStore()
	g.panicStats.Store(true)
	f := newFixture(t, fixtureOptions{store: func(s quiz.Store) quiz.Store { g.Store = s; return g }})
	r := f.interact(discordtest.Command("docker", discordtest.Sub("stats")).By(bob))
	if !r.Ephemeral() || !strings.Contains(r.Message.Text(), "Something went wrong") {
		t.Errorf("reply = %s; want a private apology", r.Message)
	}
	if !strings.Contains(f.logs.String(), "stats exploded") {
		t.Errorf("the panic was not logged:\n%s", f.logs)
	}
	if r := f.interact(discordtest.Command("docker", discordtest.Sub("help")).By(bob)); !strings.Contains(r.Message.Text(), "/docker quiz") {
		t.Errorf("help after a panic = %s", r.Message)
	}
}

// interactionJSON is a valid /docker help interaction as raw JSON fields,
// for tests to break.
func interactionJSON(id string) map[string]any {
	return map[string]any{
		"id": id, "token": "raw-token-" + id, "application_id": discordtest.DefaultAppID, "type": 2, "version": 1,
		"guild_id": discordtest.DefaultGuildID, "channel_id": discordtest.DefaultChannel,
		"member": map[string]any{"user": map[string]any{"id": bob.ID, "username": "bob"}, "permissions": "0"},
		"data":   map[string]any{"id": "1", "name": "docker", "type": 1, "options": []any{map[string]any{"name": "help", "type": 1}}},
	}
}

func TestMalformedInteractions(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fixtureOptions{})
	tests := []struct {
		name   string
		mangle func(map[string]any)
		// want is in the private reply; empty means no reply is possible.
		want string
	}{
		{"valid", func(map[string]any) {}, "/docker quiz"},
		{"permissions as a number", func(d map[string]any) { d["member"].(map[string]any)["permissions"] = 8 }, "could not read"},
		{"data of the wrong shape", func(d map[string]any) { d["data"] = []int{1} }, "could not read"},
		{"no data", func(d map[string]any) { delete(d, "data") }, "could not read"},
		{"no subcommand", func(d map[string]any) { d["data"].(map[string]any)["options"] = nil }, "could not read"},
		{"option of the wrong type", func(d map[string]any) {
			d["data"].(map[string]any)["options"] = []any{map[string]any{"name": "quiz", "type": 1,
				"options": []any{map[string]any{"name": "count", "type": 4, "value": "five"}}}}
		}, "could not read"},
		{"unknown command", func(d map[string]any) { d["data"].(map[string]any)["name"] = "frobnicate" }, "Unknown command"},
		{"unknown subcommand", func(d map[string]any) {
			d["data"].(map[string]any)["options"] = []any{map[string]any{"name": "frob", "type": 1}}
		}, "Unknown command"},
		{"no member", func(d map[string]any) { delete(d, "member") }, "could not read"},
		{"member without user", func(d map[string]any) { delete(d["member"].(map[string]any), "user") }, "could not read"},
		{"outside a server", func(d map[string]any) { delete(d, "guild_id") }, "works in servers"},
		{"component without custom_id", func(d map[string]any) {
			d["type"], d["data"] = 3, map[string]any{"component_type": 2}
		}, "could not read"},
		{"modal submit with an unknown form", func(d map[string]any) { d["type"], d["data"] = 5, map[string]any{"custom_id": "x"} }, "another version of the bot"},
		{"unknown type", func(d map[string]any) { d["type"] = 42 }, "does not handle"},
		{"id as a number", func(d map[string]any) { d["id"] = 5 }, ""},
		{"no token", func(d map[string]any) { delete(d, "token") }, ""},
	}
	for i, tc := range tests {
		d := interactionJSON(strings.Repeat("7", 17) + string(rune('a'+i)))
		tc.mangle(d)
		raw, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		id := f.srv.InteractJSON(raw)
		if tc.want == "" {
			if id != "" {
				t.Errorf("%s: the fake registered %s", tc.name, id)
			}
			continue
		}
		r := f.answer(id)
		if !r.Ephemeral() && tc.name != "valid" || !strings.Contains(r.Message.Text(), tc.want) {
			t.Errorf("%s: reply = %s; want a private message with %q", tc.name, r.Message, tc.want)
		}
	}
	f.srv.InteractJSON(json.RawMessage(`[1, 2, 3]`))
	f.srv.InteractJSON(json.RawMessage(`"not an interaction"`))
	if r := f.interact(discordtest.Command("docker", discordtest.Sub("help")).By(bob)); !strings.Contains(r.Message.Text(), "/docker quiz") {
		t.Errorf("help after malformed payloads = %s", r.Message)
	}
}

func TestAutocompleteThroughTheGateway(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fixtureOptions{})
	r := f.interact(discordtest.Autocomplete("docker", discordtest.Sub("quiz", discordtest.Focused(discordtest.String("topic", "net")))).By(bob))
	if r.Type != 8 || len(r.Choices) != 1 || r.Choices[0].Value != "networking" || r.Choices[0].Name != "networking (3 questions)" {
		t.Errorf("topic suggestions = type %d, %+v; want networking (3 questions)", r.Type, r.Choices)
	}
	r = f.interact(discordtest.Autocomplete("docker-admin", discordtest.Group("schedule", discordtest.Sub("set",
		discordtest.String("cron", "0 9 * * 1-5"), discordtest.Focused(discordtest.String("timezone", "berl"))))).By(alice))
	if r.Type != 8 || len(r.Choices) == 0 || r.Choices[0].Value != "Europe/Berlin" {
		t.Errorf("timezone suggestions = %+v; want Europe/Berlin first", r.Choices)
	}
	testutil.Eventually(t, "two autocomplete interactions counted", func() bool { return f.metrics.count("autocomplete") == 2 })
}

// TestEveryAdminCommandRefusedToNonAdmins: Discord hides /docker-admin from
// members without Manage Server, but a server can change that; the bot
// checks every call and refuses privately, changing nothing.
func TestEveryAdminCommandRefusedToNonAdmins(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fixtureOptions{})
	admin := func(o discordtest.Option) discordtest.Interaction { return discordtest.Command("docker-admin", o) }
	for name, i := range map[string]discordtest.Interaction{
		"schedule set": admin(discordtest.Group("schedule", discordtest.Sub("set",
			discordtest.Channel("channel", discordtest.DefaultChannel), discordtest.String("cron", "0 9 * * *"), discordtest.String("timezone", "UTC")))),
		"schedule show": admin(discordtest.Group("schedule", discordtest.Sub("show"))),
		"schedule off":  admin(discordtest.Group("schedule", discordtest.Sub("off"))),
		"schedule on":   admin(discordtest.Group("schedule", discordtest.Sub("on"))),
		"config":        admin(discordtest.Sub("config", discordtest.String("level", "basic"), discordtest.String("reveal", "8h"))),
		"post-now":      admin(discordtest.Sub("post-now")),
	} {
		r := f.interact(i.By(bob))
		if !r.Ephemeral() || !strings.Contains(r.Message.Text(), "Only admins") {
			t.Errorf("%s by a non-admin = %q; want a private refusal", name, r.Message.Text())
		}
	}
	if n := len(f.srv.Posts(discordtest.DefaultChannel)); n != 0 {
		t.Errorf("a refused post-now posted %d messages", n)
	}
	if stored, err := f.store.Team(ctx, team(discordtest.DefaultGuildID)); err == nil && (stored.Paused || stored.Channel != "" || stored.Reveal != 0) {
		t.Errorf("refused admin commands changed the team: %+v", stored)
	}
}
