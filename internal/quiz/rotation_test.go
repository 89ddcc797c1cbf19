package quiz

import (
	"fmt"
	"testing"
)

func bankOf(n int) []Question {
	qs := make([]Question, n)
	for i := range qs {
		qs[i] = Question{ID: fmt.Sprintf("q%03d", i)}
	}
	return qs
}

func TestRotationCoversBankBeforeRepeating(t *testing.T) {
	qs := bankOf(37)
	var r Rotation
	for cycle := 0; cycle < 3; cycle++ {
		seen := map[string]bool{}
		for range qs {
			q, ok := r.Next(qs, 42)
			if !ok {
				t.Fatal("Next found no question")
			}
			if seen[q.ID] {
				t.Fatalf("cycle %d repeated %s before using all %d questions", cycle, q.ID, len(qs))
			}
			seen[q.ID] = true
		}
		if len(seen) != len(qs) {
			t.Fatalf("cycle %d used %d questions; want %d", cycle, len(seen), len(qs))
		}
	}
}

func TestRotationIsShuffled(t *testing.T) {
	qs := bankOf(50)
	var r Rotation
	inOrder := 0
	for i := range qs {
		q, _ := r.Next(qs, 7)
		if q.ID == qs[i].ID {
			inOrder++
		}
	}
	if inOrder > 10 {
		t.Errorf("%d of %d picks followed bank order; want a shuffled order", inOrder, len(qs))
	}
}

func TestRotationFollowsBankChanges(t *testing.T) {
	qs := bankOf(10)
	var r Rotation
	for range 5 {
		r.Next(qs, 1)
	}
	// A release removes two questions that were not asked yet and adds three.
	used := map[string]bool{}
	for _, id := range r.Used {
		used[id] = true
	}
	var next []Question
	removed := 0
	for _, q := range qs {
		if !used[q.ID] && removed < 2 {
			removed++
			continue
		}
		next = append(next, q)
	}
	next = append(next, Question{ID: "z1"}, Question{ID: "z2"}, Question{ID: "z3"})
	asked := map[string]bool{}
	for range len(next) - 5 {
		q, ok := r.Next(next, 1)
		if !ok {
			t.Fatal("Next found no question")
		}
		if used[q.ID] || asked[q.ID] {
			t.Fatalf("asked %s twice in one cycle", q.ID)
		}
		asked[q.ID] = true
	}
	for _, id := range []string{"z1", "z2", "z3"} {
		if !asked[id] {
			t.Errorf("new question %s did not join the current cycle", id)
		}
	}
	if _, ok := r.Next(nil, 1); ok {
		t.Error("Next with no candidates reported a question")
	}
}
