package schedule

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

var ctx = context.Background()

// world is a bot on a real store with a fake clock and a recording
// platform, and a way to start schedulers on it as restarts would.
type world struct {
	t     *testing.T
	store *boltstore.Store
	bot   *bot.Bot
	pub   *platform
	mu    sync.Mutex
	now   time.Time
	logs  bytes.Buffer
	team  quiz.Team
}

func (w *world) clock() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.now
}

func (w *world) set(rfc3339 string) {
	t, err := time.Parse(time.RFC3339, rfc3339)
	if err != nil {
		w.t.Fatal(err)
	}
	w.mu.Lock()
	w.now = t
	w.mu.Unlock()
}

func (w *world) advance(d time.Duration) {
	w.mu.Lock()
	w.now = w.now.Add(d)
	w.mu.Unlock()
}

// platform records what was sent and can fail sends on demand.
type platform struct {
	mu        sync.Mutex
	sent      []quiz.Post
	edits     []bot.Message
	replies   int
	failSends int
}

func (p *platform) Send(_ context.Context, post quiz.Post, _ bot.Message) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failSends > 0 {
		p.failSends--
		return "", errors.New("platform unavailable")
	}
	p.sent = append(p.sent, post)
	return fmt.Sprintf("m%d", post.ID), nil
}

func (p *platform) Edit(_ context.Context, _ quiz.Post, m bot.Message) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.edits = append(p.edits, m)
	return nil
}

func (p *platform) Reply(context.Context, quiz.Post, bot.Message) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.replies++
	return nil
}

func (p *platform) DirectMessage(context.Context, quiz.TeamID, string, bot.Message) error {
	return nil
}

func (p *platform) sends() []quiz.Post {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]quiz.Post(nil), p.sent...)
}

func questions(n int) []quiz.Question {
	var qs []quiz.Question
	for i := range n {
		qs = append(qs, quiz.Question{
			ID: fmt.Sprintf("q%02d", i), Level: quiz.Levels[i%3], Topic: quiz.Topics[i%4],
			Prompt: fmt.Sprintf("Question %d?", i), Choices: [4]string{"a", "b", "c", "d"}, Explanation: "e", Answer: "a",
		})
	}
	return qs
}

func newWorld(t *testing.T, schedule, tz string) *world {
	t.Helper()
	s, err := boltstore.Open(filepath.Join(t.TempDir(), "s.db"), boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	w := &world{t: t, store: s, pub: &platform{}}
	w.set("2026-11-23T07:00:00Z")
	w.bot = bot.New(bot.Config{
		Store: s, Bank: quiz.NewBank(questions(12)), Now: w.clock, Seed: 1,
		Timetable: func(spec, tz string) (bot.Timetable, error) { return Parse(spec, tz) },
		AfterFunc: func(time.Duration, func()) {},
	})
	w.bot.SetPublisher("slack", w.pub)
	w.team, err = w.bot.EnsureTeam(ctx, "slack:T1", "Acme")
	if err != nil {
		t.Fatal(err)
	}
	w.team, err = s.UpdateTeam(ctx, w.team.ID, func(team *quiz.Team) error {
		team.Channel, team.Schedule, team.Timezone = "C1", schedule, tz
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// scheduler is one run of the process: a new Scheduler on the same store.
func (w *world) scheduler() *Scheduler {
	return New(Options{
		Poster: w.bot, Teams: w.store, Now: w.clock, Grace: 2 * time.Hour,
		Log:   slog.New(slog.NewTextHandler(&w.logs, nil)),
		Sleep: func(_ context.Context, d time.Duration) error { w.advance(d); return nil },
	})
}

func TestClaimThenCrashBeforeSendIsSentOnceOnRestart(t *testing.T) {
	w := newWorld(t, "0 9 * * 1-5", "Europe/Berlin")
	w.set("2026-11-23T08:00:00Z") // 09:00 in Berlin
	// The process claimed the occurrence and died before sending.
	p, _, err := w.store.ClaimPost(ctx, quiz.Claim{Team: w.team.ID, Channel: "C1", Occurrence: "2026-11-23T09:00", ScheduledAt: w.clock(), Candidates: questions(12), At: w.clock()})
	if err != nil {
		t.Fatal(err)
	}
	w.advance(20 * time.Minute)
	w.scheduler().CatchUp(ctx, w.team) // restart
	sent := w.pub.sends()
	if len(sent) != 1 || sent[0].ID != p.ID {
		t.Fatalf("restart sent %v; want the claimed post %d once", sent, p.ID)
	}
	stored, _ := w.store.Post(ctx, p.ID)
	if stored.MessageID != fmt.Sprintf("m%d", p.ID) {
		t.Errorf("message id not recorded: %+v", stored)
	}
	// Another restart, and the job firing again, send nothing more.
	w.advance(time.Minute)
	s := w.scheduler()
	s.CatchUp(ctx, w.team)
	s.Run(ctx, w.team.ID)
	if n := len(w.pub.sends()); n != 1 {
		t.Errorf("a post with a message id was sent again: %d sends", n)
	}
}

func TestCatchUpInsideAndOutsideGraceWindow(t *testing.T) {
	tests := []struct {
		name  string
		start string // when the process starts; the post was due at 08:00Z
		sends int
		log   string
	}{
		{"on time", "2026-11-23T08:00:00Z", 1, "catching up"},
		{"inside the window", "2026-11-23T09:59:00Z", 1, "catching up"},
		{"at the window's end", "2026-11-23T10:00:00Z", 1, "catching up"},
		{"outside the window", "2026-11-23T10:01:00Z", 0, "missed post is past the grace window; skipping to the next occurrence"},
		{"before the first occurrence today", "2026-11-23T07:59:00Z", 0, ""}, // Friday's is days old
		{"team created after the occurrence", "2026-11-23T08:30:00Z", 0, "created"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, "0 9 * * 1-5", "Europe/Berlin")
			w.set(tc.start)
			if tc.log == "created" {
				w.team.CreatedAt, tc.log = w.clock().Add(-time.Minute), ""
			}
			w.scheduler().CatchUp(ctx, w.team)
			if n := len(w.pub.sends()); n != tc.sends {
				t.Errorf("start at %s sent %d posts; want %d", tc.start, n, tc.sends)
			}
			if !strings.Contains(w.logs.String(), tc.log) {
				t.Errorf("logs lack %q:\n%s", tc.log, w.logs.String())
			}
		})
	}
}

func TestRetriesUntilDeliveredWithinGrace(t *testing.T) {
	w := newWorld(t, "0 9 * * *", "UTC")
	w.set("2026-11-23T09:00:00Z")
	w.pub.failSends = 3
	w.scheduler().Run(ctx, w.team.ID)
	sent := w.pub.sends()
	if len(sent) != 1 {
		t.Fatalf("after 3 failures: %d sends; want the post delivered once", len(sent))
	}
	if waited := w.clock().Sub(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)); waited != 70*time.Second {
		t.Errorf("retries waited %v; want 10s+20s+40s", waited)
	}

	w2 := newWorld(t, "0 9 * * *", "UTC")
	w2.set("2026-11-23T09:00:00Z")
	w2.pub.failSends = 1000
	w2.scheduler().Run(ctx, w2.team.ID)
	if len(w2.pub.sends()) != 0 || !strings.Contains(w2.logs.String(), "post not delivered; giving up") {
		t.Errorf("a platform that never takes the post: sends %d, logs:\n%s", len(w2.pub.sends()), w2.logs.String())
	}
	if late := w2.clock().Sub(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)); late > 2*time.Hour {
		t.Errorf("retries went on %v after the occurrence; want them bounded by the 2h grace window", late)
	}
	// The failed occurrence stays claimed but unsent; the next restart
	// inside the window delivers it.
	w2.pub.failSends = 0
	w2.set("2026-11-23T10:30:00Z")
	w2.scheduler().CatchUp(ctx, w2.team)
	if len(w2.pub.sends()) != 1 {
		t.Errorf("restart did not deliver the undelivered post")
	}
}

func TestDailyRunsRotateRevealAndResetStreaks(t *testing.T) {
	w := newWorld(t, "0 9 * * *", "UTC")
	if _, err := w.store.UpdateTeam(ctx, w.team.ID, func(team *quiz.Team) error {
		team.Filter = quiz.Filter{Topics: []quiz.Topic{quiz.Topics[0], quiz.Topics[1]}}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	filtered := 0
	for _, q := range questions(12) {
		if q.Topic == quiz.Topics[0] || q.Topic == quiz.Topics[1] {
			filtered++
		}
	}
	s := w.scheduler()
	w.set("2026-11-23T09:00:00Z")
	seen := map[string]bool{}
	for day := range filtered {
		s.Run(ctx, w.team.ID)
		sent := w.pub.sends()
		p := sent[len(sent)-1]
		if seen[p.QuestionID] {
			t.Fatalf("day %d repeated %s before the %d filtered questions were used", day, p.QuestionID, filtered)
		}
		if p.Topic != quiz.Topics[0] && p.Topic != quiz.Topics[1] {
			t.Fatalf("posted a %s question; the team filters topics", p.Topic)
		}
		seen[p.QuestionID] = true
		if day == 0 {
			res, err := w.store.RecordAnswer(ctx, quiz.AnswerInput{PostID: p.ID, User: "U1", Letter: p.Correct, At: w.clock()})
			if err != nil || res.Stats.Streak != 1 {
				t.Fatalf("answer: %+v, %v", res.Stats, err)
			}
		}
		w.advance(24 * time.Hour)
	}
	if len(w.pub.edits) != filtered-1 || w.pub.replies != filtered-1 {
		t.Errorf("%d posts made %d reveal edits and %d answer replies; want %d each", filtered, len(w.pub.edits), w.pub.replies, filtered-1)
	}
	if c := w.pub.edits[0].Card; c == nil || c.Correct < 0 {
		t.Errorf("the first reveal edit does not mark the right answer: %+v", c)
	}
	st, _ := w.store.UserStats(ctx, w.team.ID, "U1")
	if st.Streak != 0 || st.BestStreak != 1 {
		t.Errorf("after missing day 2: streak %d, best %d; want 0 and 1", st.Streak, st.BestStreak)
	}
}

func TestRevealDelay(t *testing.T) {
	w := newWorld(t, "0 9 * * *", "UTC")
	w.store.UpdateTeam(ctx, w.team.ID, func(team *quiz.Team) error { team.Reveal = 8 * time.Hour; return nil })
	w.set("2026-11-23T09:00:00Z")
	w.scheduler().Run(ctx, w.team.ID)
	w.advance(7*time.Hour + 59*time.Minute)
	if err := w.bot.RevealDue(ctx, w.clock()); err != nil {
		t.Fatal(err)
	}
	if len(w.pub.edits) != 0 {
		t.Fatalf("revealed before the 8h delay")
	}
	w.advance(time.Minute)
	if err := w.bot.RevealDue(ctx, w.clock()); err != nil {
		t.Fatal(err)
	}
	if len(w.pub.edits) != 1 || w.pub.replies != 1 {
		t.Errorf("after 8h: %d edits, %d replies; want the reveal", len(w.pub.edits), w.pub.replies)
	}
}

func TestAdminChangesTakeEffectWithoutRestart(t *testing.T) {
	w := newWorld(t, "0 9 * * 1-5", "Europe/Berlin")
	s := w.scheduler()
	w.bot.OnTeamChange(s.Set)
	if err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	want := mustParse(t, "0 9 * * 1-5", "Europe/Berlin").Next(time.Now()).At
	if got := s.NextRun(w.team.ID); !got.Equal(want) {
		t.Errorf("NextRun = %v; want %v", got, want)
	}
	admin := bot.Caller{Team: w.team.ID, User: "UADMIN", Admin: true, Channel: "C2"}
	m := w.bot.CommandText(ctx, admin, "schedule off")
	if !strings.Contains(m.Text, "paused") || !s.NextRun(w.team.ID).IsZero() {
		t.Errorf("after schedule off: %q, next run %v; want paused and nothing scheduled", m.Text, s.NextRun(w.team.ID))
	}
	m = w.bot.CommandText(ctx, admin, "schedule 30 7 * * * America/New_York")
	want = mustParse(t, "30 7 * * *", "America/New_York").Next(time.Now()).At
	if got := s.NextRun(w.team.ID); !got.Equal(want) {
		t.Errorf("after a new schedule NextRun = %v; want %v (%s)", got, want, m.Text)
	}
	team, _ := w.store.Team(ctx, w.team.ID)
	if team.Channel != "C2" {
		t.Errorf("schedule without a channel set channel %q; want the caller's channel C2", team.Channel)
	}
}
