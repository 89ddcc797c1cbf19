package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/card"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// benchCard measures drawing a busy member's stats card: 26 weeks of daily
// questions in every state, every topic answered. The figure is the time
// a /docker stats reply waits for its picture, and the PNG's size.
func benchCard(e *env) ([]row, error) {
	n := 1000
	if e.quick {
		n = 100
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var lat []time.Duration
	largest := 0
	for i := range n {
		s := card.Stats{
			Name: fmt.Sprintf("Member %d", i), Points: rng.IntN(5000), Rank: 1 + rng.IntN(500), Players: 500,
			Streak: rng.IntN(40), Best: 40, FreezesHeld: rng.IntN(3), FreezesUsed: rng.IntN(10),
			Today:     time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC),
			Interview: card.Interview{Answered: rng.IntN(50), MeanPercent: rng.IntN(101)},
		}
		for range card.MaxDays {
			s.Days = append(s.Days, card.Day(rng.IntN(int(card.Frozen)+1)))
		}
		for _, t := range quiz.Topics {
			answered := 1 + rng.IntN(40)
			s.Topics = append(s.Topics, card.Topic{Name: string(t), Answered: answered, Right: rng.IntN(answered + 1)})
		}
		start := time.Now()
		png, err := card.StatsPNG(s)
		lat = append(lat, time.Since(start))
		if err != nil {
			return nil, err
		}
		largest = max(largest, len(png))
	}
	slices.Sort(lat)
	p50, p99 := lat[len(lat)/2], lat[len(lat)*99/100]
	return []row{{
		figure: fmt.Sprintf("stats card, busy member, %d renders, p50 / p99", n),
		value:  fmt.Sprintf("%v / %v", p50.Round(100*time.Microsecond), p99.Round(100*time.Microsecond)),
		target: "p99 < 100ms",
		result: atMost(float64(p99.Microseconds())/1000, 100, "ms"),
	}, {
		figure: "stats card PNG, largest of those",
		value:  fmt.Sprintf("%.1f KB", float64(largest)/1024),
		target: "< 150 KB",
		result: atMost(float64(largest)/1024, 150, " KB"),
	}}, nil
}
