package schedule

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Poster publishes occurrences and reveals posts whose delay has passed;
// internal/bot's Bot implements it.
type Poster interface {
	PostOccurrence(ctx context.Context, team quiz.Team, occ quiz.Occurrence) (quiz.Post, error)
	RevealDue(ctx context.Context, now time.Time) error
}

// Teams is the part of the store the scheduler reads.
type Teams interface {
	Teams(ctx context.Context) ([]quiz.Team, error)
	Team(ctx context.Context, id quiz.TeamID) (quiz.Team, error)
	OccurrencePost(ctx context.Context, team quiz.TeamID, occurrence string) (quiz.Post, error)
}

// Scheduler posts every team's daily question on time, once per
// occurrence, across restarts: the bot claims an occurrence in the store
// before sending and records the message id after, so a restart retries a
// claimed but unsent post and never resends a sent one.
type Scheduler struct {
	poster Poster
	teams  Teams
	now    func() time.Time
	sleep  func(context.Context, time.Duration) error
	grace  time.Duration
	log    *slog.Logger
	cron   *cron.Cron

	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	entries map[quiz.TeamID]cron.EntryID
}

// Options configure a Scheduler.
type Options struct {
	Poster Poster
	Teams  Teams
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Sleep waits between retries; nil means a timer. Tests pass one that
	// moves their clock instead.
	Sleep func(context.Context, time.Duration) error
	// Grace is how late a missed or failed occurrence is still posted.
	Grace time.Duration
	Log   *slog.Logger
}

// Retry delays for a post the platform did not take.
const (
	firstRetry = 10 * time.Second
	maxRetry   = 5 * time.Minute
)

// New returns a scheduler; Start runs it.
func New(o Options) *Scheduler {
	s := &Scheduler{poster: o.Poster, teams: o.Teams, now: o.Now, sleep: o.Sleep, grace: o.Grace, log: o.Log, entries: map[quiz.TeamID]cron.EntryID{}}
	if s.now == nil {
		s.now = time.Now
	}
	if s.sleep == nil {
		s.sleep = sleepCtx
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.cron = cron.New(cron.WithChain(cron.Recover(cronLogger{s.log})), cron.WithLocation(time.UTC))
	return s
}

// Start catches up on what was missed while the bot was down, then runs
// every team's schedule, and once a minute reveals posts whose reveal
// delay has passed.
func (s *Scheduler) Start(ctx context.Context) error {
	teams, err := s.teams.Teams(ctx)
	if err != nil {
		return err
	}
	for _, t := range teams {
		s.CatchUp(ctx, t)
		s.Set(t)
	}
	s.cron.Schedule(cron.Every(time.Minute), cron.FuncJob(func() {
		if err := s.poster.RevealDue(s.ctx, s.now()); err != nil {
			s.log.Error("reveal", "err", err)
		}
	}))
	s.cron.Start()
	return nil
}

// Stop stops the schedules, cancels retries and waits for posts in flight.
func (s *Scheduler) Stop() {
	s.cancel()
	<-s.cron.Stop().Done()
}

// Set schedules team by its current settings, replacing what was scheduled
// before; a paused team or one without a channel or a valid schedule gets
// no posts. Admin changes take effect through it without a restart.
func (s *Scheduler) Set(team quiz.Team) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id, ok := s.entries[team.ID]; ok {
		s.cron.Remove(id)
		delete(s.entries, team.ID)
	}
	if team.Paused || team.Channel == "" {
		return
	}
	tt, err := Parse(team.Schedule, team.Timezone)
	if err != nil {
		s.log.Error("team schedule is invalid; no posts until an admin fixes it", "team", team.ID, "err", err)
		return
	}
	s.entries[team.ID] = s.cron.Schedule(cronSchedule{tt}, cron.FuncJob(func() { s.Run(s.ctx, team.ID) }))
	s.log.Info("team scheduled", "team", team.ID, "schedule", team.Schedule, "timezone", team.Timezone, "next", tt.Next(s.now()).At)
}

// NextRun returns when the team's scheduled job runs next, zero when it
// is not scheduled.
func (s *Scheduler) NextRun(team quiz.TeamID) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.entries[team]
	if !ok {
		return time.Time{}
	}
	return s.cron.Entry(id).Next
}

// Run posts the team's latest occurrence; the cron job calls it when the
// occurrence is due.
func (s *Scheduler) Run(ctx context.Context, id quiz.TeamID) {
	team, err := s.teams.Team(ctx, id)
	if err != nil {
		s.log.Error("scheduled post: load team", "team", id, "err", err)
		return
	}
	tt, err := Parse(team.Schedule, team.Timezone)
	if err != nil || team.Paused || team.Channel == "" {
		return
	}
	if occ, ok := tt.Latest(s.now()); ok {
		s.post(ctx, team, occ)
	}
}

// CatchUp posts the team's latest occurrence when the bot missed it (never
// claimed, or claimed but not sent) and it is no more than the grace
// window old; an older one is skipped, and logged. An occurrence from
// before the team existed was not missed.
func (s *Scheduler) CatchUp(ctx context.Context, team quiz.Team) {
	if team.Paused || team.Channel == "" {
		return
	}
	tt, err := Parse(team.Schedule, team.Timezone)
	if err != nil {
		return
	}
	now := s.now()
	occ, ok := tt.Latest(now)
	if !ok {
		return
	}
	if occ.At.Before(team.CreatedAt) {
		return // the team did not exist then: nothing was missed
	}
	p, err := s.teams.OccurrencePost(ctx, team.ID, occ.Key)
	switch {
	case err == nil && p.Sent():
		return
	case err != nil && quiz.ErrorCode(err) != quiz.ENOTFOUND:
		s.log.Error("catch-up: read occurrence", "team", team.ID, "occurrence", occ.Key, "err", err)
		return
	case now.Sub(occ.At) > s.grace:
		s.log.Warn("missed post is past the grace window; skipping to the next occurrence",
			"team", team.ID, "occurrence", occ.Key, "late", now.Sub(occ.At).Round(time.Second), "grace", s.grace, "next", tt.Next(now).Key)
		return
	}
	s.log.Info("catching up on a missed post", "team", team.ID, "occurrence", occ.Key)
	s.post(ctx, team, occ)
}

// post publishes occ, retrying with growing delays while the platform
// fails and the occurrence is inside its grace window.
func (s *Scheduler) post(ctx context.Context, team quiz.Team, occ quiz.Occurrence) {
	deadline := occ.At.Add(s.grace)
	delay := firstRetry
	for attempt := 1; ; attempt++ {
		p, err := s.poster.PostOccurrence(ctx, team, occ)
		if err == nil {
			s.log.Info("posted", "team", team.ID, "occurrence", occ.Key, "post", p.ID, "question", p.QuestionID)
			return
		}
		if quiz.ErrorCode(err) == quiz.EINVALID {
			s.log.Error("cannot post", "team", team.ID, "occurrence", occ.Key, "err", err)
			return
		}
		left := deadline.Sub(s.now())
		if left <= 0 || ctx.Err() != nil {
			s.log.Error("post not delivered; giving up", "team", team.ID, "occurrence", occ.Key, "attempts", attempt, "err", err)
			return
		}
		s.log.Warn("post not delivered; will retry", "team", team.ID, "occurrence", occ.Key, "attempt", attempt, "in", min(delay, left), "err", err)
		if s.sleep(ctx, min(delay, left)) != nil {
			return
		}
		delay = min(2*delay, maxRetry)
	}
}

// cronSchedule runs a cron job at a Timetable's occurrences.
type cronSchedule struct{ tt Timetable }

func (c cronSchedule) Next(t time.Time) time.Time { return c.tt.Next(t).At }

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// cronLogger passes cron's messages, among them recovered panics, to slog.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }

func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}

var _ cron.Schedule = cronSchedule{}
