package main

import (
	"fmt"
	"slices"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// benchLeaderboard measures a leaderboard query (top 10 and the caller's
// rank) on the big database, for random callers, per period.
func benchLeaderboard(e *env) ([]row, error) {
	path, err := e.bigDB()
	if err != nil {
		return nil, err
	}
	s, err := boltstore.Open(path, boltstore.Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	at := time.Date(2026, 11, 13, 18, 0, 0, 0, time.UTC) // the second week's Friday
	var rows []row
	for _, period := range quiz.Periods {
		var lat []time.Duration
		for i := range 2000 {
			caller := scattered(int(uint64(i)*7919) % e.users)
			start := time.Now()
			lb, err := s.Leaderboard(ctx, quiz.LocalTeam, period, at, caller, 10)
			lat = append(lat, time.Since(start))
			if err != nil {
				return nil, err
			}
			if len(lb.Top) != 10 || lb.Caller == nil {
				return nil, fmt.Errorf("%s board: %d listed, caller %v", period, len(lb.Top), lb.Caller)
			}
		}
		slices.Sort(lat)
		p50, p99 := lat[len(lat)/2], lat[len(lat)*99/100]
		rows = append(rows, row{
			figure: fmt.Sprintf("leaderboard %s, top 10 + caller's rank, %d users, p50 / p99", period, e.users),
			value:  fmt.Sprintf("%v / %v", p50.Round(time.Microsecond), p99.Round(time.Microsecond)),
			target: "p99 < 2ms",
			result: atMost(float64(p99.Microseconds())/1000, 2, "ms"),
		})
	}
	return rows, nil
}
