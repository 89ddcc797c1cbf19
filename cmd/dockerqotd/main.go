// Command dockerqotd is a Docker interview question of the day bot for
// Discord, Slack and the terminal. See the README for its commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/term"
)

// version is stamped at build time: -ldflags "-X main.version=v1.2.3".
var version = "dev"

// app is the process's view of the world, injected so tests run main's
// code on their own inputs, clock and files.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
	// stdinTTY, stdoutTTY and stderrTTY report whether the streams are
	// terminals.
	stdinTTY, stdoutTTY, stderrTTY bool
	// width is the terminal's width in columns, 0 when not a terminal.
	width int
	// signals delivers SIGINT and SIGTERM.
	signals <-chan os.Signal
	// exit ends the process at once (a second signal).
	exit func(code int)
	// reconnectBase is the first delay before connecting again to a
	// platform that could not be reached; zero means 2 s.
	reconnectBase time.Duration
	// connecting counts the goroutines connecting to platforms.
	connecting sync.WaitGroup
}

func main() {
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	a := &app{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		getenv: os.Getenv, now: time.Now,
		stdinTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		stdoutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		stderrTTY: term.IsTerminal(int(os.Stderr.Fd())),
		signals:   sig,
		exit:      os.Exit,
	}
	if a.stdoutTTY {
		a.width, _, _ = term.GetSize(int(os.Stdout.Fd()))
	}
	os.Exit(a.main(context.Background(), os.Args[1:]))
}

// main runs one command and returns the process's exit code.
func (a *app) main(ctx context.Context, args []string) int {
	err := a.run(ctx, args)
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(a.stderr, "dockerqotd: %v\nRun 'dockerqotd help' for usage.\n", err)
		return 2
	default:
		fmt.Fprintf(a.stderr, "dockerqotd: %v\n", err)
		return 1
	}
}

func (a *app) run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return a.serve(ctx, nil)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return a.serve(ctx, rest)
	case "play":
		return a.play(ctx, rest)
	case "questions":
		return a.questions(ctx, rest)
	case "leaderboard":
		return a.leaderboard(ctx, rest)
	case "history":
		return a.history(ctx, rest)
	case "schedule":
		return a.schedule(rest)
	case "backup":
		return a.backup(ctx, rest)
	case "migrate-store":
		return a.migrateStore(ctx, rest)
	case "healthcheck":
		return a.healthcheck(ctx, rest)
	case "version", "--version":
		fmt.Fprintln(a.stdout, versionString())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(a.stdout, usageText)
		return nil
	}
	if len(cmd) > 0 && cmd[0] == '-' {
		return a.serve(ctx, args)
	}
	return usagef("unknown command %q", cmd)
}

const usageText = `dockerqotd: a Docker interview question of the day, on Discord, Slack or in the terminal.

Usage:
  dockerqotd [serve]                  run the bot: Discord and/or Slack when their tokens are set, else the terminal
  dockerqotd play                     a private practice round in the terminal
  dockerqotd questions list [--level L] [--topic T] [--json]
  dockerqotd questions show ID
  dockerqotd questions lint [FILE|DIR...]
  dockerqotd questions grade ID [--json]    grade an answer read on standard input
  dockerqotd questions appeals [--json]     key points members marked covered, most appealed first
  dockerqotd questions stats [ID...] [--flagged] [--json]
                                      per-question figures across teams, outliers flagged
  dockerqotd questions reports [--json]     members' reports of questions, most reported first
  dockerqotd leaderboard [--team T] [--period week|month|season|all] [--season ID] [--json]
  dockerqotd history [--team T] [--json]
  dockerqotd schedule preview CRON [--timezone TZ] [--from DATE] [--count N]
  dockerqotd backup FILE [--compact]  consistent copy of the bbolt database, also while the bot runs
  dockerqotd migrate-store --from FILE [--to URL] [--resume]
                                      copy a bbolt database into PostgreSQL and compare the counts
  dockerqotd healthcheck              exit 0 when the local bot's /healthz answers 200
  dockerqotd version

Run 'dockerqotd COMMAND --help' for a command's flags. Configuration comes
from flags and environment variables; see the README.
`

func versionString() string {
	v, rev := version, ""
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				rev = s.Value[:12]
			}
		}
		if v == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		return strings.TrimSpace(fmt.Sprintf("dockerqotd %s %s %s", v, rev, info.GoVersion))
	}
	return "dockerqotd " + v
}
