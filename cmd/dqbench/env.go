package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/botproc"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
	"github.com/dockerqotd/dockerqotd/questions"
)

var ctx = context.Background()

// env holds what several benches share: a scratch directory, the built
// binary, the question bank and the big database.
type env struct {
	dir       string
	quick     bool
	host      string
	cpus      int
	goVersion string

	// Sizes.
	clicks int // members answering one post in the throughput bench
	users  int // users in the big database
	posts  int // daily posts in the big database, each answered by every user

	bankOnce sync.Once
	bankQs   *quiz.Bank

	binOnce sync.Once
	bin     string
	binErr  error

	bigOnce sync.Once
	big     string
	bigErr  error
	bigGen  time.Duration
}

func newEnv(quick bool) (*env, error) {
	dir, err := os.MkdirTemp("", "dqbench-")
	if err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	e := &env{dir: dir, quick: quick, host: host, cpus: runtime.NumCPU(), goVersion: runtime.Version(),
		clicks: 10_000, users: 100_000, posts: 10}
	if quick {
		e.clicks, e.users = 64*100, 10_000
	}
	return e, nil
}

func (e *env) close() { os.RemoveAll(e.dir) }

func (e *env) sizes() string {
	return fmt.Sprintf("%d clicks; %d users × %d posts = %d answers", e.clicks, e.users, e.posts, e.users*e.posts)
}

func (e *env) bank() *quiz.Bank {
	e.bankOnce.Do(func() {
		qs, err := questions.Embedded()
		if err != nil {
			fail(err)
		}
		e.bankQs = quiz.NewBank(qs)
	})
	return e.bankQs
}

// binary builds the bot as the Dockerfile does (static, trimmed, stripped).
func (e *env) binary() (string, error) {
	e.binOnce.Do(func() { e.bin, e.binErr = botproc.Build(e.dir) })
	return e.bin, e.binErr
}

// scattered makes user ids that arrive in no particular order, as platform
// ids do.
func scattered(i int) string { return fmt.Sprintf("U%016X", uint64(i+1)*0x9E3779B97F4A7C15) }

// bigDB builds the database of the memory, start-up, size and leaderboard
// figures, through the real store: e.users users of the terminal's team
// answer e.posts daily posts (about 70% right), each post revealed before
// the next, on the working days of November 2026.
func (e *env) bigDB() (string, error) {
	e.bigOnce.Do(func() {
		start := time.Now()
		e.big = filepath.Join(e.dir, "big.db")
		e.bigErr = e.fillBig()
		e.bigGen = time.Since(start)
	})
	return e.big, e.bigErr
}

func (e *env) fillBig() error {
	s, err := boltstore.Open(e.big, boltstore.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	team := quiz.Team{ID: quiz.LocalTeam, Name: "terminal", Channel: "terminal", Schedule: quiz.DefaultSchedule, Timezone: "UTC"}
	if _, err := s.EnsureTeam(ctx, team); err != nil {
		return err
	}
	day := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) // a Monday
	for n := 0; n < e.posts; n++ {
		for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
			day = day.AddDate(0, 0, 1)
		}
		p, _, err := s.ClaimPost(ctx, quiz.Claim{Team: team.ID, Channel: "terminal", Occurrence: day.Format(quiz.OccurrenceKeyLayout), ScheduledAt: day, Candidates: e.bank().All(), At: day})
		if err != nil {
			return err
		}
		if _, err := s.MarkSent(ctx, p.ID, fmt.Sprintf("terminal-%d", p.ID), day); err != nil {
			return err
		}
		if err := answerAll(s, p, e.users, day); err != nil {
			return err
		}
		if _, _, err := s.RevealPost(ctx, p.ID, day.Add(23*time.Hour)); err != nil {
			return err
		}
		day = day.AddDate(0, 0, 1)
	}
	return nil
}

// answerAll has every user answer p, 128 at a time.
func answerAll(s *boltstore.Store, p quiz.Post, users int, day time.Time) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 128)
	for range 128 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= users {
					return
				}
				letter := p.Correct
				if (uint64(i)*2654435761+p.ID)%10 >= 7 {
					letter = (letter + 1) % quiz.NumChoices
				}
				at := day.Add(time.Duration(i) * 300 * time.Millisecond)
				if _, err := s.RecordAnswer(ctx, quiz.AnswerInput{PostID: p.ID, User: scattered(i), Name: fmt.Sprintf("User %d", i), Letter: letter, At: at}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// nullPublisher takes posts and edits and shows them nowhere.
type nullPublisher struct{}

func (nullPublisher) Send(_ context.Context, p quiz.Post, _ bot.Message) (string, error) {
	return fmt.Sprintf("m%d", p.ID), nil
}
func (nullPublisher) Edit(context.Context, quiz.Post, bot.Message) error  { return nil }
func (nullPublisher) Reply(context.Context, quiz.Post, bot.Message) error { return nil }
func (nullPublisher) DirectMessage(context.Context, quiz.TeamID, string, bot.Message) error {
	return nil
}
