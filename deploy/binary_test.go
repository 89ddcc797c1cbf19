package deploy

import (
	"bytes"
	"debug/elf"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	bolt "go.etcd.io/bbolt"
)

// testVersion is the VERSION build argument the tests build with.
const testVersion = "v0.0.0-deploytest"

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// builtBinary builds the bot by running the go build line of the
// Dockerfile's build stage itself, with the build arguments Docker would
// pass for this machine.
func builtBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		var line string
		for _, run := range commands[*instructions.RunCommand](parseDockerfile(t)[0]) {
			if l := strings.Join(run.CmdLine, " "); strings.Contains(l, "go build") {
				line = l
			}
		}
		dir, err := os.MkdirTemp("", "dockerqotd-build-")
		if err != nil {
			buildErr = err
			return
		}
		line = strings.ReplaceAll(line, "/out/", dir+"/")
		cmd := exec.Command("sh", "-c", line)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "TARGETOS="+runtime.GOOS, "TARGETARCH="+runtime.GOARCH, "VERSION="+testVersion)
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("%s: %v\n%s", line, err, out)
			return
		}
		binary = filepath.Join(dir, "dockerqotd")
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

func TestBinaryIsStaticAndStamped(t *testing.T) {
	bin := builtBinary(t)
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary has an ELF interpreter: it is dynamically linked")
		}
	}
	if f.Section(".symtab") != nil {
		t.Error("the binary has a symbol table: -s was not applied")
	}
	info, _ := os.Stat(bin)
	t.Logf("static binary: %.1f MiB", float64(info.Size())/(1<<20))
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil || !strings.Contains(string(out), testVersion) {
		t.Errorf("version = %q, %v; want the stamped %s", out, err, testVersion)
	}
}

// proc is the bot running as a process.
type proc struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	out    *syncBuffer
	addr   string
	db     string
	exited chan error
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startBot runs `dockerqotd serve` with env added to a clean environment.
func startBot(t *testing.T, env ...string) *proc {
	t.Helper()
	p := &proc{out: &syncBuffer{}, addr: freePort(t), db: filepath.Join(t.TempDir(), "data", "bot.db"), exited: make(chan error, 1)}
	p.cmd = exec.Command(builtBinary(t), "serve")
	p.cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "USER=deploytest", "DOCKERQOTD_DB=" + p.db, "DOCKERQOTD_HTTP_ADDR=" + p.addr}, env...)
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	var err error
	if p.stdin, err = p.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.exited <- p.cmd.Wait() }()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.exited
	})
	return p
}

func (p *proc) run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(builtBinary(t), args...)
	cmd.Env = []string{"DOCKERQOTD_DB=" + p.db, "DOCKERQOTD_HTTP_ADDR=" + p.addr}
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestServeHealthMetricsBackupAndSIGTERM(t *testing.T) {
	p := startBot(t)
	waitUntil(t, "healthcheck to pass", func() bool { _, err := p.run(t, "healthcheck"); return err == nil })
	waitUntil(t, "the daily question", func() bool { return strings.Contains(p.out.String(), "Answer with a letter") })
	io.WriteString(p.stdin, "b\n")
	waitUntil(t, "the verdict", func() bool { return strings.Contains(p.out.String(), "(only you can see this)") })

	resp, err := http.Get("http://" + p.addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("/metrics does not parse: %v", err)
	}
	for _, name := range []string{"dockerqotd_answers_total", "dockerqotd_posts_total", "dockerqotd_build_info", "process_resident_memory_bytes"} {
		if families[name] == nil {
			t.Errorf("/metrics lacks %s", name)
		}
	}

	dest := filepath.Join(t.TempDir(), "backup.db")
	if out, err := p.run(t, "backup", dest); err != nil || !strings.Contains(out, "streamed from the running bot") {
		t.Fatalf("backup of the running bot: %s %v", out, err)
	}
	hist, err := runWithDB(t, dest, "history", "--json")
	if err != nil || !strings.Contains(hist, `"answers": 1`) {
		t.Errorf("the backup's history = %s, %v; want the post with its answer", hist, err)
	}

	start := time.Now()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.exited:
		p.exited <- err
		if err != nil {
			t.Errorf("exit after SIGTERM: %v\n%s", err, p.out.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no exit within 10 s of SIGTERM")
	}
	t.Logf("exited %v after SIGTERM", time.Since(start).Round(time.Millisecond))
	if _, err := p.run(t, "healthcheck"); err == nil {
		t.Error("healthcheck passes after the bot stopped")
	}
	db, err := bolt.Open(p.db, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatalf("the database does not open after the stop: %v", err)
	}
	defer db.Close()
	if err := db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	}); err != nil {
		t.Errorf("bbolt's check fails after the stop: %v", err)
	}
}

func runWithDB(t *testing.T, db string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(builtBinary(t), args...)
	cmd.Env = []string{"DOCKERQOTD_DB=" + db}
	out, err := cmd.CombinedOutput()
	return string(out), err
}
