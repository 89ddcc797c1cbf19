// Package botproc builds the bot's binary as the Dockerfile does and runs
// it as a process for the benchmarks and fault-injection tools: start it,
// wait until it is ready, type into the terminal bot, read its memory,
// stop it gracefully or kill it.
package botproc

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Build compiles ./cmd/dockerqotd of the module in the working directory
// into dir, static and stripped like the Dockerfile's build.
func Build(dir string) (string, error) {
	bin := filepath.Join(dir, "dockerqotd")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w -X main.version=botproc", "-o", bin, "./cmd/dockerqotd")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build: %v\n%s", err, out)
	}
	return bin, nil
}

// Proc is the bot running as a process.
type Proc struct {
	Cmd *exec.Cmd
	// Addr is the ops server's address.
	Addr string
	// Ready is how long the bot took from start to /readyz 200.
	Ready  time.Duration
	stdin  io.WriteCloser
	out    *syncBuffer
	exited chan error
}

// Options say how to run the bot.
type Options struct {
	// DB is the database file.
	DB string
	// Env is added to a clean environment.
	Env []string
	// Wrap runs the binary through another program (e.g. prlimit) given
	// as its arguments before the binary.
	Wrap []string
	// Credential runs the process as another user.
	Credential *syscall.Credential
	// NoWait returns right after the start instead of waiting for /readyz.
	NoWait bool
}

// Start runs `bin serve` with its ops server on a free port and waits
// until /readyz answers 200 (at most 30 s), unless o.NoWait.
func Start(bin string, o Options) (*Proc, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	args := append(append([]string{}, o.Wrap...), bin, "serve")
	p := &Proc{Addr: addr, out: &syncBuffer{}, exited: make(chan error, 1)}
	p.Cmd = exec.Command(args[0], args[1:]...)
	p.Cmd.Env = append([]string{"DOCKERQOTD_DB=" + o.DB, "DOCKERQOTD_HTTP_ADDR=" + addr, "USER=botproc", "PATH=" + os.Getenv("PATH")}, o.Env...)
	p.Cmd.Stdout, p.Cmd.Stderr = p.out, p.out
	if o.Credential != nil {
		p.Cmd.SysProcAttr = &syscall.SysProcAttr{Credential: o.Credential}
	}
	if p.stdin, err = p.Cmd.StdinPipe(); err != nil {
		return nil, err
	}
	start := time.Now()
	if err := p.Cmd.Start(); err != nil {
		return nil, err
	}
	go func() { p.exited <- p.Cmd.Wait() }()
	if o.NoWait {
		return p, nil
	}
	for {
		if p.Healthy("/readyz") {
			p.Ready = time.Since(start)
			return p, nil
		}
		select {
		case err := <-p.exited:
			p.exited <- err
			return nil, fmt.Errorf("the bot exited before it was ready (%v):\n%s", err, p.Output())
		default:
		}
		if time.Since(start) > 30*time.Second {
			p.Kill()
			return nil, fmt.Errorf("not ready after 30 s:\n%s", p.Output())
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// Healthy reports whether the ops endpoint at path answers 200.
func (p *Proc) Healthy(path string) bool {
	c := http.Client{Timeout: time.Second}
	resp, err := c.Get("http://" + p.Addr + path)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// Output returns everything the bot wrote so far.
func (p *Proc) Output() string { return p.out.String() }

// Type writes a line to the terminal bot and waits (at most 30 s) until it
// writes something in answer.
func (p *Proc) Type(line string) error {
	before := strings.Count(p.out.String(), "\n")
	if _, err := io.WriteString(p.stdin, line+"\n"); err != nil {
		return err
	}
	deadline := time.Now().Add(30 * time.Second)
	for strings.Count(p.out.String(), "\n") == before {
		if time.Now().After(deadline) {
			return fmt.Errorf("no answer to %q", line)
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	return nil
}

// RSS reads the process's resident memory and its peak from /proc.
func (p *Proc) RSS() (now, peak int64, err error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.Cmd.Process.Pid))
	if err != nil {
		return 0, 0, err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			now = kb * 1024
		case "VmHWM:":
			peak = kb * 1024
		}
	}
	return now, peak, nil
}

// Wait waits (at most d) for the process to exit and returns how it did.
func (p *Proc) Wait(d time.Duration) (error, bool) {
	select {
	case err := <-p.exited:
		p.exited <- err
		return err, true
	case <-time.After(d):
		return nil, false
	}
}

// Stop sends SIGTERM and waits for the exit (killing it after 10 s).
func (p *Proc) Stop() error {
	p.stdin.Close()
	p.Cmd.Process.Signal(syscall.SIGTERM)
	err, ok := p.Wait(10 * time.Second)
	if !ok {
		p.Kill()
		return fmt.Errorf("no exit within 10 s of SIGTERM")
	}
	return err
}

// Kill sends SIGKILL and waits for the exit.
func (p *Proc) Kill() {
	p.Cmd.Process.Kill()
	p.Wait(10 * time.Second)
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(b)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
