// Command dqfault injects faults into the running bot and checks that it
// loses nothing it acknowledged and never posts twice. Each case runs the
// real binary (built as the Dockerfile builds it) against a fake Discord
// and prints its result:
//
//   - kill -9 during a burst of clicks: every acknowledged answer survives,
//     and the database passes bbolt's consistency check
//
//   - restarts around a scheduled minute: exactly one post per occurrence,
//     and one recap of the week before
//
//   - the gateway dropped every 2 s during a burst: no delivered interaction
//     lost or answered twice
//
//   - a 429 storm on REST: bounded waits, every post delivered or reported
//
//   - a read-only database directory and a full disk, at start and while
//     running: a clear error and no corrupted file
//
//   - a second process on the same database: a clear error within the
//     timeout
//
//   - three replicas on one PostgreSQL database, served over Discord's
//     HTTP interactions, a question every minute for two minutes: one post
//     per minute, a storm of clicks with one replica killed half way loses
//     no acknowledged answer, and every replica shows the same board
//
//     go run ./cmd/dqfault             # full bounds
//     go run ./cmd/dqfault -quick      # CI's short bounds
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"regexp"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/botproc"
)

var ctx = context.Background()

type env struct {
	bin   string
	dir   string
	quick bool
}

type faultCase struct {
	name string
	run  func(*env) (string, error)
}

var cases = []faultCase{
	{"kill -9 during a burst of clicks", killDuringBurst},
	{"restarts around a scheduled minute", restartsAroundMinute},
	{"gateway dropped every 2 s during a burst", gatewayDrops},
	{"429 storm on REST", rateLimitStorm},
	{"read-only database directory at start", readOnlyDir},
	{"disk full at start", diskFullAtStart},
	{"disk full while running", diskFullWhileRunning},
	{"a second process on the database", secondProcess},
	{"three replicas on PostgreSQL", threeReplicas},
}

func main() {
	quick := flag.Bool("quick", false, "short bounds (CI)")
	only := flag.String("run", "", "only cases whose name matches this regexp")
	flag.Parse()
	match, err := regexp.Compile(*only)
	if err != nil {
		fail(err)
	}
	dir, err := os.MkdirTemp("", "dqfault-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	if err := os.Chmod(dir, 0o755); err != nil {
		fail(err)
	}
	bin, err := botproc.Build(dir)
	if err != nil {
		fail(err)
	}
	e := &env{bin: bin, dir: dir, quick: *quick}
	failed := 0
	for _, c := range cases {
		if !match.MatchString(c.name) {
			continue
		}
		start := time.Now()
		detail, err := c.run(e)
		took := time.Since(start).Round(100 * time.Millisecond)
		if err != nil {
			failed++
			fmt.Printf("FAIL  %-42s %v (%v)\n", c.name, err, took)
			continue
		}
		fmt.Printf("PASS  %-42s %s (%v)\n", c.name, detail, took)
	}
	if failed > 0 {
		fmt.Printf("%d case(s) failed\n", failed)
		os.Exit(1)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "dqfault:", err)
	os.Exit(1)
}

// scale picks the full or the quick bound.
func (e *env) scale(full, quick int) int {
	if e.quick {
		return quick
	}
	return full
}
