package console

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/testutil"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

var ctx = context.Background()

func testBank() *quiz.Bank {
	var qs []quiz.Question
	for _, topic := range []quiz.Topic{"images", "volumes", "networking"} {
		qs = append(qs, quiz.Question{
			ID: string(topic) + "-q", Topic: topic, Level: quiz.Basic,
			Prompt:      "Which is right about " + string(topic) + "?",
			Choices:     [4]string{"the right one", "wrong one", "wrong two", "wrong three"},
			Explanation: "It is **right** because of `" + string(topic) + "`.",
			Answer:      "Model answer.\n\n```sh\ndocker " + string(topic) + " ls\n```",
		})
	}
	return quiz.NewBank(qs)
}

func newConsole(t *testing.T, color bool) (*Console, *bytes.Buffer, *boltstore.Store) {
	t.Helper()
	s, err := boltstore.Open(filepath.Join(t.TempDir(), "c.db"), boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	b := bot.New(bot.Config{Store: s, Bank: testBank(), Now: func() time.Time { return now }, Seed: 3})
	out := &bytes.Buffer{}
	return New(b, out, Options{User: "tester", Color: color}), out, s
}

func choiceLine(choice string) *regexp.Regexp {
	return regexp.MustCompile(`(?m)^  ([A-D])\) ` + regexp.QuoteMeta(choice) + `$`)
}

// letterOf finds the letter shown for the choice text in out's last card.
func letterOf(t *testing.T, out, choice string) string {
	t.Helper()
	m := choiceLine(choice).FindAllStringSubmatch(out, -1)
	if len(m) == 0 {
		t.Fatalf("no choice %q in output:\n%s", choice, out)
	}
	return m[len(m)-1][1]
}

func TestStartPostsAndAnswerIsPrivateVerdict(t *testing.T) {
	c, out, s := newConsole(t, false)
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Docker question of the day") {
		t.Fatalf("start shows no daily question:\n%s", out)
	}
	right := letterOf(t, out.String(), "the right one")
	script := strings.ToLower(right) + "\n" + right + "\nleaderboard\n/docker stats\nfrobnicate\ne\nquit\nnever read\n"
	if err := c.Run(ctx, strings.NewReader(script)); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"(only you can see this)\n✅ Right! " + right + ". the right one",
		"+10 points · streak 1",
		"It is right because of `", // bold and code stay readable without colour
		"You already answered " + right + ".",
		"1. tester · 10 points",
		"Stats for tester",
		`Unknown command "frobnicate". Try ` + "`/docker help`.",
		`"E" is not an answer: pick A, B, C or D`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "\x1b[") {
		t.Error("plain output contains ANSI escapes")
	}
	posts, err := s.Posts(ctx, quiz.LocalTeam)
	if err != nil || len(posts) != 1 || posts[0].Answers != 1 {
		t.Fatalf("posts after the session = %+v, %v; want one post with one answer", posts, err)
	}

	// A restart shows the open question again instead of posting another.
	c2 := New(c.bot, out, Options{User: "tester"})
	out.Reset()
	if err := c2.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if posts, _ := s.Posts(ctx, quiz.LocalTeam); len(posts) != 1 {
		t.Errorf("restart made %d posts; want the one open post shown again", len(posts))
	}
	if !strings.Contains(out.String(), "1 answered") {
		t.Errorf("restart does not show the open post with its count:\n%s", out)
	}
}

func TestColourOnTerminal(t *testing.T) {
	c, out, _ := newConsole(t, true)
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), ansiBold+"🐳 Docker question of the day") {
		t.Errorf("terminal output has no bold title:\n%q", out)
	}
}

func TestPlayRound(t *testing.T) {
	c, _, s := newConsole(t, false)
	out := &testutil.Buffer{}
	c.out = out
	err := c.Play(ctx, &answerer{out: out}, bot.Command{Name: bot.CmdQuiz, Count: 3})
	if err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if !strings.Contains(got, "Round over: 3 of 3 right (100%)") {
		t.Errorf("round did not end with a full score:\n%s", got)
	}
	st, _ := s.UserStats(ctx, quiz.LocalTeam, "tester")
	if st.Practice.Answered != 3 || st.Points != 0 {
		t.Errorf("stats after play = %+v; want 3 practice answers and no points", st)
	}
}

// answerer is standard input typed by a person who knows the answers: it
// waits for each question to appear in out and types its right letter.
type answerer struct {
	out  *testutil.Buffer
	seen int
	buf  []byte
}

func (a *answerer) Read(p []byte) (int, error) {
	if len(a.buf) == 0 {
		deadline := time.Now().Add(5 * time.Second)
		for strings.Count(a.out.String(), "Answer with a letter") <= a.seen {
			if time.Now().After(deadline) {
				return 0, io.EOF
			}
			time.Sleep(time.Millisecond)
		}
		a.seen++
		m := choiceLine("the right one").FindAllStringSubmatch(a.out.String(), -1)
		a.buf = []byte(m[len(m)-1][1] + "\n")
	}
	n := copy(p, a.buf)
	a.buf = a.buf[n:]
	return n, nil
}
