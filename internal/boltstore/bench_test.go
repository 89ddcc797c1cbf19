package boltstore

import (
	"fmt"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
	"github.com/dockerqotd/dockerqotd/internal/quiz/storetest"
)

// BenchmarkRecordAnswer records answers from 64 concurrent clickers on one
// post (see storetest.BenchRecordAnswer), each committed and fsynced
// before it returns.
func BenchmarkRecordAnswer(b *testing.B) {
	s, _ := openTemp(b)
	storetest.BenchRecordAnswer(b, s)
}

func BenchmarkLeaderboard(b *testing.B) {
	s, _ := openTemp(b)
	storetest.EnsureTeam(b, s, "UTC")
	p := storetest.Post(b, s, 0)
	for i := range 2000 {
		storetest.Answer(b, s, p, fmt.Sprintf("u%05d", i), i%3 != 0, storetest.T0.Add(time.Duration(i)*time.Second))
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := s.Leaderboard(ctx, team, quiz.All, storetest.T0, fmt.Sprintf("u%05d", i%2000), 10); err != nil {
			b.Fatal(err)
		}
	}
}
