package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// BenchRecordAnswer records b.N answers to s from 64 concurrent clickers,
// all on one post and each a different user: the daily post's busiest
// minute. Each answer is durable before RecordAnswer returns. It reports
// answers per second.
func BenchRecordAnswer(b *testing.B, s quiz.Store) {
	EnsureTeam(b, s, "UTC")
	p := Post(b, s, 0)
	const clickers = 64
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for w := range clickers {
		wg.Go(func() {
			for i := w; i < b.N; i += clickers {
				// Scattered ids, as platforms hand them out: no B-tree luck.
				user := fmt.Sprintf("U%016X", uint64(i)*0x9E3779B97F4A7C15)
				in := quiz.AnswerInput{PostID: p.ID, User: user, Name: "n", Letter: i % 4, At: time.Now()}
				if _, err := s.RecordAnswer(ctx, in); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "answers/s")
}
