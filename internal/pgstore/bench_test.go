package pgstore_test

import (
	"testing"

	"github.com/dockerqotd/dockerqotd/internal/quiz/storetest"
)

// BenchmarkRecordAnswer records answers from 64 concurrent clickers on one
// post (see storetest.BenchRecordAnswer), each committed before it
// returns; they share the post's row and queue only on a shard of its
// counters.
func BenchmarkRecordAnswer(b *testing.B) {
	storetest.BenchRecordAnswer(b, openTest(b))
}
