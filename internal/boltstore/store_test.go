package boltstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

var (
	ctx  = context.Background()
	t0   = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	team = quiz.TeamID("slack:T1")
)

func openTemp(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data", "test.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func testBank(n int) []quiz.Question {
	qs := make([]quiz.Question, n)
	for i := range qs {
		qs[i] = quiz.Question{
			ID:      fmt.Sprintf("q%02d", i),
			Topic:   quiz.Topics[i%len(quiz.Topics)],
			Level:   quiz.Basic,
			Choices: [4]string{"a", "b", "c", "d"},
			Correct: i % 4,
		}
	}
	return qs
}

func ensureTeam(t testing.TB, s *Store, tz string) {
	t.Helper()
	if _, err := s.EnsureTeam(ctx, quiz.Team{ID: team, Timezone: tz, Channel: "C1"}); err != nil {
		t.Fatal(err)
	}
}

// post claims and sends the post of day n after t0.
func post(t testing.TB, s *Store, n int) quiz.Post {
	t.Helper()
	at := t0.AddDate(0, 0, n)
	p, _, err := s.ClaimPost(ctx, quiz.Claim{Team: team, Channel: "C1", Occurrence: at.Format("2006-01-02T15:04"), ScheduledAt: at, Candidates: testBank(20), At: at})
	if err != nil {
		t.Fatal(err)
	}
	if p, err = s.MarkSent(ctx, p.ID, fmt.Sprintf("m%d", p.ID), at); err != nil {
		t.Fatal(err)
	}
	return p
}

func answer(t testing.TB, s *Store, p quiz.Post, user string, right bool, at time.Time) quiz.AnswerResult {
	t.Helper()
	letter := p.Correct
	if !right {
		letter = (p.Correct + 1) % 4
	}
	res, err := s.RecordAnswer(ctx, quiz.AnswerInput{PostID: p.ID, User: user, Name: strings.ToUpper(user), Letter: letter, At: at})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestOpenCreatesDirectoryAndPrivateFile(t *testing.T) {
	_, path := openTemp(t)
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("database file mode = %v; want 0600", mode)
	}
}

func TestSecondOpenFailsClearly(t *testing.T) {
	_, path := openTemp(t)
	start := time.Now()
	_, err := Open(path, Options{Timeout: 200 * time.Millisecond})
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("second Open error = %v; want ErrInUse", err)
	}
	if want := "database " + path + " is in use by another process"; !strings.Contains(err.Error(), want) {
		t.Errorf("error = %q; want it to say %q", err, want)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("second Open took %v; want it bounded by the timeout", elapsed)
	}
}

func TestClaimPostOncePerOccurrence(t *testing.T) {
	s, _ := openTemp(t)
	ensureTeam(t, s, "UTC")
	c := quiz.Claim{Team: team, Channel: "C1", Occurrence: "2026-11-23T09:00", ScheduledAt: t0, Candidates: testBank(5), At: t0}
	p1, created, err := s.ClaimPost(ctx, c)
	if err != nil || !created {
		t.Fatalf("first claim = %v, created %v; want a new post", err, created)
	}
	p2, created, err := s.ClaimPost(ctx, c)
	if err != nil || created || p2.ID != p1.ID || p2.QuestionID != p1.QuestionID {
		t.Fatalf("second claim = post %d (%s), created %v, %v; want post %d again", p2.ID, p2.QuestionID, created, err, p1.ID)
	}
	if got, err := s.OccurrencePost(ctx, team, c.Occurrence); err != nil || got.ID != p1.ID {
		t.Errorf("OccurrencePost = %d, %v; want post %d", got.ID, err, p1.ID)
	}
	if _, err := s.OccurrencePost(ctx, team, "2030-01-01T09:00"); quiz.ErrorCode(err) != quiz.ENOTFOUND {
		t.Errorf("OccurrencePost of an unclaimed occurrence: %v; want ENOTFOUND", err)
	}
	if !p1.Order.Valid() || p1.Order != quiz.NewPermutation(quiz.PostSeed(p1.ID)) {
		t.Errorf("post order %v is not derived from its id", p1.Order)
	}
	q := testBank(5)[0]
	for _, cand := range testBank(5) {
		if cand.ID == p1.QuestionID {
			q = cand
		}
	}
	if p1.Correct != p1.Order.CorrectLetter(q) {
		t.Errorf("post's correct letter %d; want %d", p1.Correct, p1.Order.CorrectLetter(q))
	}
	// The rotation does not repeat a question until all were asked.
	seen := map[string]bool{p1.QuestionID: true}
	for i := 1; i < 5; i++ {
		c.Occurrence = fmt.Sprintf("2026-11-%dT09:00", 23+i)
		p, _, err := s.ClaimPost(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		if seen[p.QuestionID] {
			t.Fatalf("question %s repeated within the rotation", p.QuestionID)
		}
		seen[p.QuestionID] = true
	}
	if _, _, err := s.ClaimPost(ctx, quiz.Claim{Team: team, Occurrence: "x", At: t0}); quiz.ErrorCode(err) != quiz.EINVALID {
		t.Errorf("claim with no candidates: %v; want EINVALID", err)
	}
}

func TestSecondAnswerDoesNotCount(t *testing.T) {
	s, _ := openTemp(t)
	ensureTeam(t, s, "UTC")
	p := post(t, s, 0)
	first := answer(t, s, p, "ann", false, t0.Add(time.Minute))
	if first.Status != quiz.Recorded {
		t.Fatalf("first answer status %v; want Recorded", first.Status)
	}
	second := answer(t, s, p, "ann", true, t0.Add(2*time.Minute))
	if second.Status != quiz.AlreadyAnswered || second.Answer.Letter != first.Answer.Letter {
		t.Fatalf("second answer = status %v letter %d; want AlreadyAnswered with the first letter %d", second.Status, second.Answer.Letter, first.Answer.Letter)
	}
	st, _ := s.UserStats(ctx, team, "ann")
	if st.Points != 0 || st.Daily.Answered != 1 {
		t.Errorf("stats after a wrong then a right click = %d points, %d answered; want 0 and 1", st.Points, st.Daily.Answered)
	}
	got, _ := s.Post(ctx, p.ID)
	if got.Answers != 1 || got.Right != 0 {
		t.Errorf("post counters = %d answered, %d right; want 1, 0", got.Answers, got.Right)
	}
}

func TestRevealClosesPostAndResetsMissedStreaks(t *testing.T) {
	s, _ := openTemp(t)
	ensureTeam(t, s, "UTC")
	p1 := post(t, s, 0)
	answer(t, s, p1, "keeps", true, t0.Add(time.Minute))
	answer(t, s, p1, "misses", true, t0.Add(time.Minute))
	if _, _, err := s.RevealPost(ctx, p1.ID, t0.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	p2 := post(t, s, 1)
	answer(t, s, p2, "keeps", true, t0.Add(25*time.Hour))
	revealed, first, err := s.RevealPost(ctx, p2.ID, t0.Add(48*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if !revealed.Revealed || !first {
		t.Fatal("RevealPost did not mark the post revealed")
	}
	if _, again, err := s.RevealPost(ctx, p2.ID, t0.Add(49*time.Hour)); err != nil || again {
		t.Errorf("a second reveal = %v, %v; want it to report that it revealed nothing", again, err)
	}
	for user, want := range map[string]int{"keeps": 2, "misses": 0} {
		st, _ := s.UserStats(ctx, team, user)
		if st.Streak != want || st.BestStreak < 1 {
			t.Errorf("%s: streak %d, best %d; want streak %d and the best kept", user, st.Streak, st.BestStreak, want)
		}
	}
	if res := answer(t, s, p2, "late", true, t0.Add(49*time.Hour)); res.Status != quiz.Closed {
		t.Errorf("answer after reveal: status %v; want Closed", res.Status)
	}
	if st, _ := s.UserStats(ctx, team, "late"); st.Daily.Answered != 0 {
		t.Errorf("an answer after the reveal was counted")
	}
}

func TestEverythingSurvivesReopen(t *testing.T) {
	s, path := openTemp(t)
	ensureTeam(t, s, "Europe/Berlin")
	p := post(t, s, 0)
	answer(t, s, p, "ann", true, t0.Add(time.Minute))
	r, err := s.CreateRound(ctx, quiz.Round{Team: team, User: "ann", Kind: quiz.KindQuiz, Items: []quiz.RoundItem{quiz.NewRoundItem(testBank(1)[0], 3)}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	st, err := s2.UserStats(ctx, team, "ann")
	if err != nil || st.Points != 10 || st.Streak != 1 {
		t.Errorf("after reopen: %+v, %v; want 10 points and streak 1", st, err)
	}
	got, err := s2.Post(ctx, p.ID)
	if err != nil || got.MessageID != p.MessageID || got.Answers != 1 {
		t.Errorf("after reopen post = %+v, %v", got, err)
	}
	lb, err := s2.Leaderboard(ctx, team, quiz.Week, t0, "ann", 10)
	if err != nil || len(lb.Top) != 1 || lb.Top[0].Points != 10 {
		t.Errorf("after reopen leaderboard = %+v, %v", lb, err)
	}
	res, err := s2.AnswerRound(ctx, quiz.RoundAnswer{RoundID: r.ID, User: "ann", Index: 0, Letter: r.Items[0].Correct, At: t0})
	if err != nil || res.Status != quiz.RoundRecorded || !res.Right {
		t.Errorf("answering a round created before reopen: %+v, %v", res, err)
	}
}

func TestBackupIsConsistentCopy(t *testing.T) {
	s, _ := openTemp(t)
	ensureTeam(t, s, "UTC")
	p := post(t, s, 0)
	for i := range 20 {
		answer(t, s, p, fmt.Sprintf("u%d", i), i%2 == 0, t0.Add(time.Minute))
	}
	var buf bytes.Buffer
	if _, err := s.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(copyPath, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Open(copyPath, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	answers, err := c.Answers(ctx, p.ID)
	if err != nil || len(answers) != 20 {
		t.Fatalf("backup holds %d answers, %v; want 20", len(answers), err)
	}
	if err := c.DB().View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	}); err != nil {
		t.Errorf("backup fails bbolt's consistency check: %v", err)
	}
}

// TestCutOffFileIsRefused: dqfault's disk-full case checks the other half,
// that a creation cut off by a file-size limit leaves no file behind.
func TestCutOffFileIsRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.db")
	// A creation cut short by a full disk leaves a file shorter than a
	// database; opening it is refused with advice instead of crashing.
	if err := os.WriteFile(path, make([]byte, 8192), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path, Options{})
	if err == nil || !strings.Contains(err.Error(), "too short to be a database") {
		t.Fatalf("opening a cut-off file: %v; want a refusal that explains it", err)
	}
}

func TestEnsureTeamKeepsSettingsAndFollowsRenames(t *testing.T) {
	s, _ := openTemp(t)
	first, err := s.EnsureTeam(ctx, quiz.Team{ID: team, Name: "Acme", Schedule: "0 9 * * *", Timezone: "UTC"})
	if err != nil || first.Name != "Acme" {
		t.Fatalf("EnsureTeam = %+v, %v", first, err)
	}
	if _, err := s.UpdateTeam(ctx, team, func(tm *quiz.Team) error { tm.Schedule = "30 8 * * 1-5"; return nil }); err != nil {
		t.Fatal(err)
	}
	got, _ := s.EnsureTeam(ctx, quiz.Team{ID: team, Name: "Acme", Schedule: quiz.DefaultSchedule})
	if got.Schedule != "30 8 * * 1-5" {
		t.Errorf("EnsureTeam of a known team reset its schedule to %q", got.Schedule)
	}
	got, _ = s.EnsureTeam(ctx, quiz.Team{ID: team, Name: "Acme Corp"})
	if got.Name != "Acme Corp" || got.Schedule != "30 8 * * 1-5" {
		t.Errorf("after a rename: %+v; want the new name and the same schedule", got)
	}
	got, _ = s.EnsureTeam(ctx, quiz.Team{ID: team})
	if got.Name != "Acme Corp" {
		t.Errorf("a caller that does not know the name erased it: %q", got.Name)
	}
}
