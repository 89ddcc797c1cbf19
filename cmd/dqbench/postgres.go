package main

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/botproc"
	"github.com/dockerqotd/dockerqotd/internal/pgstore"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// replicas is how many bot cores share the PostgreSQL database, each with
// its own connection pool, as replica processes would.
const replicas = 3

// benchPostgres measures the PostgreSQL store as three replicas use it,
// beside bbolt in one process in the same run: durable answers per second
// (64 clickers on one post, spread over the replicas, through the bot
// core) and leaderboard latency on the big database copied into
// PostgreSQL.
func benchPostgres(e *env) ([]row, error) {
	db, drop, err := botproc.FreshSchema(ctx, "dqbench")
	if err != nil {
		return nil, err
	}
	defer drop()
	var stores []*pgstore.Store
	defer func() {
		for _, s := range stores {
			s.Close()
		}
	}()
	for range replicas {
		s, err := pgstore.Open(ctx, db)
		if err != nil {
			return nil, err
		}
		stores = append(stores, s)
	}

	pg, err := pgClickRate(e, stores)
	if err != nil {
		return nil, err
	}
	bolt, err := clickRate(e, "beside-postgres", e.clicks, false)
	if err != nil {
		return nil, err
	}
	rows := []row{{
		figure:   fmt.Sprintf("durable answers/s, 64 clickers on one post over %d replicas, %d members, core + PostgreSQL", replicas, e.clicks),
		value:    fmt.Sprintf("%.0f/s", pg),
		target:   "reported",
		baseline: fmt.Sprintf("%.0f/s (bbolt, one process)", bolt),
		result:   "-",
	}}

	path, err := e.bigDB()
	if err != nil {
		return nil, err
	}
	src, err := boltstore.Open(path, boltstore.Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer src.Close()
	start := time.Now()
	imp, err := stores[0].Importer(ctx)
	if err != nil {
		return nil, err
	}
	if err := src.Export(ctx, imp); err != nil {
		return nil, err
	}
	copied := time.Since(start)
	at := time.Date(2026, 11, 13, 18, 0, 0, 0, time.UTC)
	for _, period := range []quiz.Period{quiz.Week, quiz.All} {
		pgLat, err := boardLatency(e, period, at, func(i int) quiz.Store { return stores[i%replicas] })
		if err != nil {
			return nil, err
		}
		boltLat, err := boardLatency(e, period, at, func(int) quiz.Store { return src })
		if err != nil {
			return nil, err
		}
		rows = append(rows, row{
			figure:   fmt.Sprintf("leaderboard %s on PostgreSQL over %d replicas, %d users, p50 / p99", period, replicas, e.users),
			value:    fmt.Sprintf("%v / %v", pgLat[0].Round(10*time.Microsecond), pgLat[1].Round(10*time.Microsecond)),
			target:   "p99 < 10ms",
			baseline: fmt.Sprintf("%v / %v (bbolt)", boltLat[0].Round(time.Microsecond), boltLat[1].Round(time.Microsecond)),
			result:   atMost(float64(pgLat[1].Microseconds())/1000, 10, "ms"),
		})
	}
	rows = append(rows, row{
		figure: fmt.Sprintf("migrate-store of the big database (%d answers) into PostgreSQL", e.users*e.posts),
		value:  copied.Round(100 * time.Millisecond).String(),
		target: "reported",
		result: "-",
	})
	return rows, nil
}

// pgClickRate is clickRate on PostgreSQL: a bot core per store, the
// clickers taking turns among them.
func pgClickRate(e *env, stores []*pgstore.Store) (float64, error) {
	var bots []*bot.Bot
	for _, s := range stores {
		b := bot.New(bot.Config{Store: s, Bank: e.bank()})
		b.SetPublisher("slack", nullPublisher{})
		bots = append(bots, b)
	}
	team, err := bots[0].EnsureTeam(ctx, "slack:TBENCH", "bench")
	if err != nil {
		return 0, err
	}
	team.Channel = "C1"
	p, err := bots[0].PostNow(ctx, team, nullPublisher{})
	if err != nil {
		return 0, err
	}
	buttons := bots[0].PostMessage(team, p).Buttons
	var next, recorded atomic.Int64
	var wg sync.WaitGroup
	var firstErr atomic.Value
	start := time.Now()
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= e.clicks {
					return
				}
				c := bot.Caller{Team: team.ID, User: scattered(i), Name: "bench", Channel: "C1"}
				m := bots[i%len(bots)].Button(ctx, c, buttons[i%len(buttons)].ID)
				if !strings.Contains(m.Text, "points") && !strings.Contains(m.Text, "Not quite") {
					firstErr.CompareAndSwap(nil, fmt.Errorf("click %d: %q", i, m.Text))
					return
				}
				recorded.Add(1)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	for _, b := range bots {
		b.Flush()
	}
	if err, _ := firstErr.Load().(error); err != nil {
		return 0, err
	}
	return float64(recorded.Load()) / elapsed.Seconds(), nil
}

// boardLatency returns the p50 and p99 of 2,000 leaderboard queries for
// random callers, the i-th on store(i).
func boardLatency(e *env, period quiz.Period, at time.Time, store func(i int) quiz.Store) ([2]time.Duration, error) {
	var lat []time.Duration
	for i := range 2000 {
		caller := scattered(int(uint64(i)*7919) % e.users)
		start := time.Now()
		lb, err := store(i).Leaderboard(ctx, quiz.LocalTeam, period, at, caller, 10)
		lat = append(lat, time.Since(start))
		if err != nil {
			return [2]time.Duration{}, err
		}
		if len(lb.Top) != 10 || lb.Caller == nil {
			return [2]time.Duration{}, fmt.Errorf("%s board: %d listed, caller %v", period, len(lb.Top), lb.Caller)
		}
	}
	slices.Sort(lat)
	return [2]time.Duration{lat[len(lat)/2], lat[len(lat)*99/100]}, nil
}
