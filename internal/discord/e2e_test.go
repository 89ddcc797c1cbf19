package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dockerqotd/dockerqotd/internal/discord/discordtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// documented lists the commands as the README's Discord section shows
// them; required options in <>, optional ones in [].
var documented = []string{
	"/docker question [topic] [level]",
	"/docker quiz [count] [topic] [level]",
	"/docker review",
	"/docker interview [topic] [level]",
	"/docker leaderboard [period] [season]",
	"/docker stats [user]",
	"/docker remind [state]",
	"/docker report <question> [reason] [note]",
	"/docker help",
	"/docker-admin schedule set <channel> <cron> <timezone>",
	"/docker-admin schedule show",
	"/docker-admin schedule off",
	"/docker-admin schedule on",
	"/docker-admin config [level] [topics] [reveal] [season] [freezes] [recap]",
	"/docker-admin post-now",
	"/docker-admin reports",
	"/docker-admin insight",
}

// usages lists the subcommands of registered commands in the README's
// notation.
func usages(cmds []*discordgo.ApplicationCommand) []string {
	var out []string
	var walk func(prefix string, opts []*discordgo.ApplicationCommandOption)
	walk = func(prefix string, opts []*discordgo.ApplicationCommandOption) {
		line := prefix
		for _, o := range opts {
			switch {
			case o.Type == discordgo.ApplicationCommandOptionSubCommand || o.Type == discordgo.ApplicationCommandOptionSubCommandGroup:
				walk(prefix+" "+o.Name, o.Options)
				line = ""
			case o.Required:
				line += " <" + o.Name + ">"
			default:
				line += " [" + o.Name + "]"
			}
		}
		if line != "" {
			out = append(out, line)
		}
	}
	for _, c := range cmds {
		walk("/"+c.Name, c.Options)
	}
	return out
}

// TestEndToEnd plays the story through the real discordgo client
// against the fake: each step builds on the ones before.
func TestEndToEnd(t *testing.T) {
	t.Parallel()
	start := time.Now()
	f := newFixture(t, fixtureOptions{cfg: Config{GuildID: discordtest.DefaultGuildID}, bank: embeddedBank(t)})
	channel := discordtest.DefaultChannel
	var post discordtest.Message

	step := func(name string, fn func(t *testing.T)) {
		if !t.Run(name, fn) {
			t.FailNow()
		}
	}

	step("ready", func(t *testing.T) {
		if !f.a.Ready() || f.srv.Identifies() != 1 {
			t.Fatalf("Ready() = %v, identifies = %d; want connected once", f.a.Ready(), f.srv.Identifies())
		}
		if got := f.srv.Intents(); got != int(discordgo.IntentsGuilds) {
			t.Errorf("IDENTIFY intents = %d; want %d (Guilds only)", got, discordgo.IntentsGuilds)
		}
		if !strings.Contains(f.logs.String(), InviteURL(discordtest.DefaultAppID)) {
			t.Errorf("logs lack the invite URL:\n%s", f.logs)
		}
	})

	step("registered commands match the README", func(t *testing.T) {
		puts := f.srv.Calls("PUT", "/api/v9/applications/*/guilds/*/commands")
		if len(puts) != 1 || puts[0].Status != 200 {
			t.Fatalf("command registrations = %v; want one PUT to the guild", puts)
		}
		var cmds []*discordgo.ApplicationCommand
		if err := json.Unmarshal(puts[0].Body, &cmds); err != nil {
			t.Fatal(err)
		}
		if got := usages(cmds); !slices.Equal(got, documented) {
			t.Errorf("registered commands:\n%s\nwant (as documented):\n%s", strings.Join(got, "\n"), strings.Join(documented, "\n"))
		}
		section := readmeSection(t, "## Discord")
		for _, u := range documented {
			if !strings.Contains(section, "`"+u+"`") {
				t.Errorf("the README's Discord section does not document `%s`", u)
			}
		}
		golden(t, "commands.json", indent(t, puts[0].Body))
	})

	step("post-now posts four buttons with a nonce", func(t *testing.T) {
		r := f.interact(discordtest.Command("docker-admin", discordtest.Sub("post-now")).By(alice))
		if r.Type != 5 || !r.Ephemeral() || !strings.Contains(r.Message.Text(), "Posted question") {
			t.Fatalf("post-now reply = type %d, %v; want a private deferral edited to the confirmation", r.Type, r.Message)
		}
		posts := f.srv.Posts(channel)
		if len(posts) != 1 {
			t.Fatalf("channel posts = %v; want 1", posts)
		}
		post = posts[0]
		if b := post.Buttons(); len(b) != 4 || b[0].Label != "A" || b[3].Label != "D" || !strings.HasPrefix(b[0].CustomID, "v1:answer:") {
			t.Errorf("post buttons = %+v; want A-D with v1:answer ids", b)
		}
		if len(post.Nonce) == 0 || len(post.Nonce) > 25 {
			t.Errorf("post nonce = %q; want 1-25 characters", post.Nonce)
		}
		if !strings.Contains(post.Text(), "Docker question of the day") || !strings.Contains(post.Text(), "**A)**") {
			t.Errorf("post = %s; want the question card", post)
		}
		sent := f.srv.Calls("POST", "/api/v9/channels/"+channel+"/messages")
		if len(sent) != 1 || !bytes.Contains(sent[0].Body, []byte(`"enforce_nonce":true`)) {
			t.Errorf("send calls = %v; want one with enforce_nonce", sent)
		}
	})

	p := f.openPost()
	right := post.Buttons()[p.Correct]
	wrong := post.Buttons()[(p.Correct+1)%4]

	step("a right click gets a private verdict with points", func(t *testing.T) {
		r := f.interact(discordtest.Click(post, right.CustomID).By(alice))
		if r.Type != 4 || !r.Ephemeral() {
			t.Fatalf("click reply type %d, ephemeral %v; want a new private message (4)", r.Type, r.Ephemeral())
		}
		for _, want := range []string{"Right!", "+10 points", "streak 1"} {
			if !strings.Contains(r.Message.Text(), want) {
				t.Errorf("verdict = %q; want %q", r.Message.Text(), want)
			}
		}
		t.Logf("click→response latency on the fake: %v", r.Latency)
		f.bot.Wait()
		if m, _ := f.srv.Message(post.ID); !strings.Contains(m.Text(), "1 answered") {
			t.Errorf("post after the first answer = %s; want the live count 1 answered", m)
		}
	})

	step("a second click is already answered", func(t *testing.T) {
		r := f.interact(discordtest.Click(post, wrong.CustomID).By(alice))
		if !r.Ephemeral() || !strings.Contains(r.Message.Text(), "already answered") {
			t.Errorf("second click = %v; want a private already answered", r.Message)
		}
	})

	step("another member answers wrong", func(t *testing.T) {
		r := f.interact(discordtest.Click(post, wrong.CustomID).By(bob))
		if !r.Ephemeral() || !strings.Contains(r.Message.Text(), "Not quite") {
			t.Errorf("wrong click = %v; want a private Not quite", r.Message)
		}
		f.flushLiveCount()
		if m, _ := f.srv.Message(post.ID); !strings.Contains(m.Text(), "2 answered") {
			t.Errorf("post after the debounced edit = %s; want 2 answered", m)
		}
	})

	step("the leaderboard lists both in order, publicly", func(t *testing.T) {
		r := f.interact(discordtest.Command("docker", discordtest.Sub("leaderboard", discordtest.String("period", "all"))).By(bob))
		text := r.Message.Text()
		if r.Type != 4 || r.Ephemeral() {
			t.Errorf("leaderboard reply type %d, ephemeral %v; want a public message", r.Type, r.Ephemeral())
		}
		a, b := strings.Index(text, "1. **Alice** · 10 points"), strings.Index(text, "**Bob** · 0 points")
		if a < 0 || b < a {
			t.Errorf("leaderboard = %q; want Alice with 10 points, then Bob with 0", text)
		}
	})

	step("a non-admin is refused an admin command", func(t *testing.T) {
		r := f.interact(discordtest.Command("docker-admin", discordtest.Sub("config", discordtest.String("level", "basic"))).By(bob))
		if !r.Ephemeral() || !strings.Contains(r.Message.Text(), "Only admins") {
			t.Errorf("non-admin config = %v; want a private refusal", r.Message)
		}
		r = f.interact(discordtest.Command("docker-admin", discordtest.Group("schedule", discordtest.Sub("show"))).By(carol))
		if !r.Ephemeral() || !strings.Contains(r.Message.Text(), "Daily question") {
			t.Errorf("administrator schedule show = %v; want the settings", r.Message)
		}
	})

	step("op 7: the bot resumes and keeps answering", func(t *testing.T) {
		f.srv.Reconnect()
		// Dispatched while the client reconnects: replayed on RESUME.
		id := f.srv.Interact(discordtest.Click(post, right.CustomID).By(carol))
		f.await("resume", func() bool { return f.srv.Resumes() == 1 && f.srv.Connected() })
		if r := f.answer(id); !strings.Contains(r.Message.Text(), "Right!") {
			t.Errorf("click across the reconnect = %v; want Right!", r.Message)
		}
		f.await("ready again", func() bool { return f.a.Ready() })
		if got := f.metrics.reconnected.Load(); got != 1 {
			t.Errorf("Reconnected() calls = %d; want 1", got)
		}
		if f.srv.Identifies() != 1 {
			t.Errorf("identifies = %d; want 1 (a resume, not a new session)", f.srv.Identifies())
		}
		r := f.interact(discordtest.Command("docker", discordtest.Sub("help")).By(bob))
		if !strings.Contains(r.Message.Text(), "/docker quiz") {
			t.Errorf("help after the resume = %v", r.Message)
		}
	})

	step("a 429 on the daily post is waited out and the post appears once", func(t *testing.T) {
		f.srv.RateLimit("POST", "/api/v9/channels/"+channel+"/messages", 1, 200*time.Millisecond)
		r := f.interact(discordtest.Command("docker-admin", discordtest.Sub("post-now")).By(alice))
		if !strings.Contains(r.Message.Text(), "Posted question") {
			t.Fatalf("post-now under a 429 = %v", r.Message)
		}
		posts := f.srv.Posts(channel)
		if len(posts) != 2 || posts[1].Nonce == post.Nonce {
			t.Fatalf("channel posts = %v; want the first post and one new one", posts)
		}
		sends := f.srv.Calls("POST", "/api/v9/channels/"+channel+"/messages")
		var statuses []int
		for _, c := range sends[1:] {
			statuses = append(statuses, c.Status)
		}
		if !slices.Equal(statuses, []int{429, 200}) {
			t.Errorf("second send statuses = %v; want [429 200]", statuses)
		}
		if got := f.metrics.rateLimited.Load(); got != 1 {
			t.Errorf("RateLimited() calls = %d; want 1", got)
		}
		// The first post was revealed: buttons off, the answer in a thread.
		old, _ := f.srv.Message(post.ID)
		if b := old.Buttons(); !b[0].Disabled || !strings.Contains(old.Text(), "✅") {
			t.Errorf("revealed post = %s; want disabled buttons and the right choice marked", old)
		}
		if _, ok := f.srv.Thread(post.ID); !ok || len(f.srv.Messages(post.ID)) != 1 {
			t.Errorf("thread of the revealed post: %v messages; want the model answer", len(f.srv.Messages(post.ID)))
		}
	})

	step("a button of an unknown version gets a polite private reply", func(t *testing.T) {
		r := f.interact(discordtest.Click(post, "v0:answer:1:A").By(bob))
		if r.Type != 4 || !r.Ephemeral() || !strings.Contains(r.Message.Text(), "another version") {
			t.Errorf("stale button = type %d, %v; want a private explanation", r.Type, r.Message)
		}
		dave := discordtest.Member{ID: "500000000000000004", Name: "Dave"}
		r = f.interact(discordtest.Click(post, right.CustomID).By(dave))
		if !r.Ephemeral() || !strings.Contains(r.Message.Text(), "closed") {
			t.Errorf("click on the revealed post = %v; want a private closed", r.Message)
		}
	})
	t.Logf("end-to-end story: %v (Close adds discordgo's 1 s)", time.Since(start))
}

// readmeSection returns the README's section under heading.
func readmeSection(t *testing.T, heading string) string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n"+heading+"\n")
	if !ok {
		t.Fatalf("the README has no %q section", heading)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	return section
}

func indent(t *testing.T, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		t.Fatal(err)
	}
	return append(out.Bytes(), '\n')
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n%s", name, got)
	}
}

// BenchmarkClick measures clicks on a daily post by distinct members, from
// the fake's dispatch to the adapter's callback, through the real
// discordgo client, bot core and bbolt store; it reports the median and
// 99th percentile of that latency.
func BenchmarkClick(b *testing.B) {
	f := newFixture(b, fixtureOptions{})
	f.interact(discordtest.Command("docker-admin", discordtest.Sub("post-now")).By(alice))
	post := f.srv.Posts(discordtest.DefaultChannel)[0]
	var (
		n         atomic.Int64
		mu        sync.Mutex
		latencies []time.Duration
	)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			m := discordtest.Member{ID: fmt.Sprintf("6%017d", i), Name: "member"}
			id := f.srv.Interact(discordtest.Click(post, post.Buttons()[i%4].CustomID).By(m))
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			r, err := f.srv.Answer(ctx, id)
			cancel()
			if err != nil {
				b.Error(err)
				return
			}
			mu.Lock()
			latencies = append(latencies, r.Latency)
			mu.Unlock()
		}
	})
	b.StopTimer()
	slices.Sort(latencies)
	if len(latencies) > 0 {
		b.ReportMetric(float64(latencies[len(latencies)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds())/1000, "p99-ms")
	}
}
