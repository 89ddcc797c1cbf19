package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
	"github.com/dockerqotd/dockerqotd/internal/bot"
)

// benchAnswers measures durable answers per second: 64 concurrent clickers
// on one daily post, each click a different user, through the bot core
// (button id parsing, verdict, live count) and the real store, every
// answer committed and fsynced before its reply. The baseline is the same
// run with one db.Update per answer instead of DB.Batch.
//
// Throughput falls as the team grows: every answer rewrites its user's
// record, a page of its own in a larger tree, so a second row reports the
// same figure for a team three times the size.
func benchAnswers(e *env) ([]row, error) {
	batched, err := clickRate(e, "batched", e.clicks, false)
	if err != nil {
		return nil, err
	}
	solo, err := clickRate(e, "solo", e.clicks, true)
	if err != nil {
		return nil, err
	}
	result := atLeast(batched, 10000, "/s")
	if r := batched / solo; r < 3 {
		result += fmt.Sprintf("; %.1f× baseline, MISSED 3×", r)
	} else {
		result += fmt.Sprintf("; %.1f× baseline", r)
	}
	rows := []row{{
		figure:   fmt.Sprintf("durable answers/s, 64 clickers on one post, %d members, core + bbolt, fsynced", e.clicks),
		value:    fmt.Sprintf("%.0f/s", batched),
		target:   "≥ 10,000/s and ≥ 3× baseline (schema 3: ~9,070/s)",
		baseline: fmt.Sprintf("%.0f/s (one db.Update per answer)", solo),
		result:   result,
	}}
	if !e.quick {
		big, err := clickRate(e, "big", 32000, false)
		if err != nil {
			return nil, err
		}
		rows = append(rows, row{
			figure: "durable answers/s, the same with 32000 members",
			value:  fmt.Sprintf("%.0f/s", big),
			target: "reported",
			result: "-",
		})
	}
	return rows, nil
}

func clickRate(e *env, name string, clicks int, solo bool) (float64, error) {
	s, err := boltstore.Open(filepath.Join(e.dir, name+".db"), boltstore.Options{Solo: solo})
	if err != nil {
		return 0, err
	}
	defer s.Close()
	b := bot.New(bot.Config{Store: s, Bank: e.bank()})
	b.SetPublisher("slack", nullPublisher{})
	team, err := b.EnsureTeam(ctx, "slack:TBENCH", "bench")
	if err != nil {
		return 0, err
	}
	team.Channel = "C1"
	p, err := b.PostNow(ctx, team, nullPublisher{})
	if err != nil {
		return 0, err
	}
	buttons := b.PostMessage(team, p).Buttons
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
				if i >= clicks {
					return
				}
				c := bot.Caller{Team: team.ID, User: scattered(i), Name: "bench", Channel: "C1"}
				m := b.Button(ctx, c, buttons[i%len(buttons)].ID)
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
	b.Flush()
	if err, _ := firstErr.Load().(error); err != nil {
		return 0, err
	}
	return float64(recorded.Load()) / elapsed.Seconds(), nil
}
