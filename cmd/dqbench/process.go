package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/discord/discordtest"
)

// benchProcess runs the built binary: its memory when idle and with the
// big database after leaderboard and stats queries, how long it takes from
// start to ready with the big database, and the database's size.
func benchProcess(e *env) ([]row, error) {
	bin, err := e.binary()
	if err != nil {
		return nil, err
	}
	fake := discordtest.New(discordtest.Options{})
	defer fake.Close()
	idle, err := startProc(bin, e.dir+"/idle.db", "DISCORD_TOKEN=bench-token", "DISCORD_API_URL="+fake.URL, "DISCORD_GUILD_ID="+discordtest.DefaultGuildID)
	if err != nil {
		return nil, err
	}
	time.Sleep(2 * time.Second) // let start-up garbage be collected
	idleRSS, _, err := idle.rss()
	idle.stop()
	if err != nil {
		return nil, err
	}
	if !fake.Connected() && fake.Identifies() == 0 {
		return nil, fmt.Errorf("the bot never connected to the fake Discord")
	}

	path, err := e.bigDB()
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	answers := e.users * e.posts
	big, err := startProc(bin, path)
	if err != nil {
		return nil, err
	}
	defer big.stop()
	ready := big.ready
	for _, cmd := range []string{"leaderboard", "leaderboard month", "leaderboard all", "stats " + scattered(12345%e.users), "stats"} {
		if err := big.send(cmd); err != nil {
			return nil, err
		}
	}
	bigRSS, peak, err := big.rss()
	if err != nil {
		return nil, err
	}
	mb := func(b int64) string { return fmt.Sprintf("%.1f MB", float64(b)/1e6) }
	return []row{
		{figure: "resident memory, idle and connected (Discord gateway to the fake, empty database)", value: mb(idleRSS), target: "< 30 MB", result: atMost(float64(idleRSS)/1e6, 30, " MB")},
		{figure: fmt.Sprintf("resident memory, %d users and %d answers, after leaderboards and stats (peak)", e.users, answers),
			value: mb(bigRSS) + " (" + mb(peak) + ")", target: "< 150 MB", result: atMost(float64(peak)/1e6, 150, " MB")},
		{figure: fmt.Sprintf("start to ready (/readyz 200) with %d answers", answers), value: ready.Round(time.Millisecond).String(), target: "< 1s", result: atMost(ready.Seconds(), 1, "s")},
		{figure: "database size per 1,000,000 answers", value: fmt.Sprintf("%.0f MB (%s for %d answers; built in %v)", float64(info.Size())/1e6*1e6/float64(answers), mb(info.Size()), answers, e.bigGen.Round(time.Second)), target: "reported", result: "-"},
	}, nil
}

// proc is the bot running in the terminal, driven through its standard
// input, with its ops endpoints on a free port.
type proc struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *syncBuffer
	ready time.Duration
}

// startProc runs the binary on db with env added; without chat tokens it
// is the terminal bot, driven through its standard input.
func startProc(bin, db string, env ...string) (*proc, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	p := &proc{out: &syncBuffer{}, cmd: exec.Command(bin)}
	p.cmd.Env = append([]string{"DOCKERQOTD_DB=" + db, "DOCKERQOTD_HTTP_ADDR=" + addr, "USER=bench", "PATH=" + os.Getenv("PATH")}, env...)
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if p.stdin, err = p.cmd.StdinPipe(); err != nil {
		return nil, err
	}
	start := time.Now()
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	for {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				p.ready = time.Since(start)
				return p, nil
			}
		}
		if time.Since(start) > 30*time.Second {
			p.stop()
			return nil, fmt.Errorf("not ready after 30 s:\n%s", p.out.String())
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// send types a command and waits until the bot has answered it.
func (p *proc) send(cmd string) error {
	before := strings.Count(p.out.String(), "\n")
	if _, err := io.WriteString(p.stdin, cmd+"\n"); err != nil {
		return err
	}
	deadline := time.Now().Add(30 * time.Second)
	for strings.Count(p.out.String(), "\n") == before {
		if time.Now().After(deadline) {
			return fmt.Errorf("no answer to %q", cmd)
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	return nil
}

// rss reads the process's resident memory and its peak from /proc.
func (p *proc) rss() (now, peak int64, err error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
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

func (p *proc) stop() {
	p.stdin.Close()
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		<-done
	}
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
