package pgstore_test

import (
	"testing"

	"github.com/dockerqotd/dockerqotd/internal/quiz/storetest"
)

// BenchmarkRecordAnswer records answers from 64 concurrent clickers on one
// post (see storetest.BenchRecordAnswer), each committed before it
// returns; they queue on the post's row.
func BenchmarkRecordAnswer(b *testing.B) {
	storetest.BenchRecordAnswer(b, openTest(b))
}
