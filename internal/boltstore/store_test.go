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
	"github.com/dockerqotd/dockerqotd/internal/quiz/storetest"
)

var ctx = context.Background()

// team is the team storetest's helpers play in.
const team = storetest.Team

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

// TestStoreContract runs the contract of quiz.Store on bbolt files.
func TestStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) quiz.Store {
		s, _ := openTemp(t)
		return s
	})
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

func TestEverythingSurvivesReopen(t *testing.T) {
	s, path := openTemp(t)
	storetest.EnsureTeam(t, s, "Europe/Berlin")
	p := storetest.Post(t, s, 0)
	storetest.Answer(t, s, p, "ann", true, storetest.T0.Add(time.Minute))
	r, err := s.CreateRound(ctx, quiz.Round{Team: team, User: "ann", Kind: quiz.KindQuiz, Items: []quiz.RoundItem{quiz.NewRoundItem(storetest.Bank(1)[0], 3)}})
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
	lb, err := s2.Leaderboard(ctx, team, quiz.Week, storetest.T0, "ann", 10)
	if err != nil || len(lb.Top) != 1 || lb.Top[0].Points != 10 {
		t.Errorf("after reopen leaderboard = %+v, %v", lb, err)
	}
	res, err := s2.AnswerRound(ctx, quiz.RoundAnswer{RoundID: r.ID, User: "ann", Index: 0, Letter: r.Items[0].Correct, At: storetest.T0})
	if err != nil || res.Status != quiz.RoundRecorded || !res.Right {
		t.Errorf("answering a round created before reopen: %+v, %v", res, err)
	}
}

func TestBackupIsConsistentCopy(t *testing.T) {
	s, _ := openTemp(t)
	storetest.EnsureTeam(t, s, "UTC")
	p := storetest.Post(t, s, 0)
	for i := range 20 {
		storetest.Answer(t, s, p, fmt.Sprintf("u%d", i), i%2 == 0, storetest.T0.Add(time.Minute))
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
