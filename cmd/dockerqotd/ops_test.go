package main

import (
	"context"
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
