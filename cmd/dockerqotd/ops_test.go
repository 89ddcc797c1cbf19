package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/testutil"

	bolt "go.etcd.io/bbolt"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func TestRunningBotHealthBackupAndGracefulStop(t *testing.T) {
	e := newEnv(t)
	e.env["DOCKERQOTD_HTTP_ADDR"] = freeAddr(t)
	stdin, typed := io.Pipe()
	out, logs := &testutil.Buffer{}, &testutil.Buffer{}
	signals := make(chan os.Signal, 2)
	a := &app{stdin: stdin, stdout: out, stderr: logs, getenv: func(k string) string { return e.env[k] }, now: func() time.Time { return e.now }, signals: signals, exit: func(int) { t.Error("exited at once on the first signal") }}
	done := make(chan int)
	go func() { done <- a.main(context.Background(), nil) }()

	healthy := func() bool { return e.MustRunMain("", "healthcheck").code == 0 }
	testutil.Eventually(t, "the bot to be healthy", healthy)
	testutil.Eventually(t, "today's question", func() bool { return strings.Contains(out.String(), "Answer with a letter") })
	if _, err := io.WriteString(typed, "c\n"); err != nil {
		t.Fatal(err)
	}
	testutil.Eventually(t, "the verdict", func() bool { return strings.Contains(out.String(), "(only you can see this)") })

	resp, err := http.Get("http://" + e.env["DOCKERQOTD_HTTP_ADDR"] + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(metrics), `dockerqotd_answers_total{platform="local",result=`) {
		t.Errorf("/metrics does not count the answer:\n%s", metrics)
	}

	dest := filepath.Join(t.TempDir(), "backup.db")
	r := e.MustRunMain("", "backup", dest).must(t, 0)
	if !strings.Contains(r.stdout, "streamed from the running bot") {
		t.Errorf("backup of a running bot: %s", r.stdout)
	}
	if info, err := os.Stat(dest); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, %v; want mode 0600", info, err)
	}
	copyStore, err := boltstore.Open(dest, boltstore.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	posts, err := copyStore.Posts(context.Background(), quiz.LocalTeam)
	copyStore.Close()
	if err != nil || len(posts) != 1 || posts[0].Answers != 1 {
		t.Fatalf("backup holds posts %+v, %v; want the post with its answer", posts, err)
	}

	start := time.Now()
	signals <- syscall.SIGTERM
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit code after SIGTERM = %d; want 0\n%s", code, logs.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the bot did not stop within 10 s of SIGTERM")
	}
	t.Logf("stopped %v after SIGTERM", time.Since(start).Round(time.Millisecond))
	if healthy() {
		t.Error("healthcheck passes after the bot stopped")
	}
	db, err := bolt.Open(e.env["DOCKERQOTD_DB"], 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatalf("the database is still locked after the stop: %v", err)
	}
	if err := db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	}); err != nil {
		t.Errorf("the database fails bbolt's check after the stop: %v", err)
	}
	db.Close()

	// With the bot stopped, backup copies the file directly.
	r = e.MustRunMain("", "backup", filepath.Join(t.TempDir(), "direct.db")).must(t, 0)
	if !strings.Contains(r.stdout, "copied "+e.env["DOCKERQOTD_DB"]) {
		t.Errorf("backup of a stopped bot: %s", r.stdout)
	}
	e.MustRunMain("", "backup").must(t, 2)
	missing := newEnv(t)
	if r := missing.MustRunMain("", "backup", filepath.Join(t.TempDir(), "x.db")).must(t, 1); !strings.Contains(r.stderr, "no database at") {
		t.Errorf("backup without a database: %s", r.stderr)
	}
}

func TestSecondSignalExitsAtOnce(t *testing.T) {
	signals := make(chan os.Signal, 2)
	exited := make(chan int, 1)
	a := &app{signals: signals, exit: func(code int) { exited <- code }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go a.handleSignals(ctx, cancel, slog.New(slog.DiscardHandler))
	signals <- syscall.SIGTERM
	<-ctx.Done() // the first signal starts a graceful stop
	select {
	case code := <-exited:
		t.Fatalf("exited with %d on the first signal", code)
	default:
	}
	signals <- syscall.SIGINT
	if code := <-exited; code != 1 {
		t.Errorf("second signal exited with %d; want 1", code)
	}
}

// get returns the body of a GET that must answer 200.
func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", url, resp.StatusCode)
	}
	return string(body)
}

// TestCompactBackup fills a database with the churn of many answers and
// backs it up twice: the compacted copy is smaller than the plain one and
// holds the same posts and answers.
func TestCompactBackup(t *testing.T) {
	e := newEnv(t)
	s, err := boltstore.Open(e.env["DOCKERQOTD_DB"], boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	bank := quiz.NewBank([]quiz.Question{{ID: "q1", Topic: "images", Level: quiz.Basic, Choices: [4]string{"a", "b", "c", "d"}}})
	ctx := context.Background()
	if _, err := s.EnsureTeam(ctx, quiz.Team{ID: quiz.LocalTeam, Timezone: "UTC"}); err != nil {
		t.Fatal(err)
	}
	day := e.now
	for n := range 15 {
		p, _, err := s.ClaimPost(ctx, quiz.Claim{Team: quiz.LocalTeam, Occurrence: fmt.Sprint(n), ScheduledAt: day, Candidates: bank.All(), At: day})
		if err != nil {
			t.Fatal(err)
		}
		for u := range 100 {
			if _, err := s.RecordAnswer(ctx, quiz.AnswerInput{PostID: p.ID, User: fmt.Sprintf("user-%03d", u), Letter: u % 4, At: day}); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := s.RevealPost(ctx, p.ID, day); err != nil {
			t.Fatal(err)
		}
		day = day.Add(24 * time.Hour)
	}
	s.Close()

	dir := t.TempDir()
	plain, compact := filepath.Join(dir, "plain.db"), filepath.Join(dir, "compact.db")
	e.MustRunMain("", "backup", plain).must(t, 0)
	r := e.MustRunMain("", "backup", "--compact", compact).must(t, 0)
	if !strings.Contains(r.stdout, "compacted") {
		t.Errorf("backup --compact says %q; want it to say the copy is compacted", r.stdout)
	}
	size := func(path string) int64 {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return info.Size()
	}
	if size(compact) >= size(plain) {
		t.Errorf("compacted copy %d bytes, plain copy %d; want the compacted one smaller", size(compact), size(plain))
	}
	t.Logf("plain copy %d bytes, compacted %d", size(plain), size(compact))
	for _, path := range []string{plain, compact} {
		c, err := boltstore.Open(path, boltstore.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		posts, _ := c.Posts(ctx, quiz.LocalTeam)
		answers, _ := c.Answers(ctx, posts[len(posts)-1].ID)
		c.Close()
		if len(posts) != 15 || len(answers) != 100 {
			t.Errorf("%s holds %d posts and %d answers to the last; want 15 and 100", filepath.Base(path), len(posts), len(answers))
		}
	}
}
