package quiz

import (
	"hash/fnv"
	"slices"
)

// Rotation is a team's way through the bank: every candidate question is
// asked once, in a shuffled order, before any is asked again.
type Rotation struct {
	Cycle int
	// Used holds the questions asked in the current cycle.
	Used []string
}

// Next picks the next question among candidates (ordered by id) and marks it
// used. Questions added to the bank join the current cycle; questions no
// longer among the candidates are ignored. ok is false when there are no
// candidates.
func (r *Rotation) Next(candidates []Question, seed uint64) (q Question, ok bool) {
	if len(candidates) == 0 {
		return Question{}, false
	}
	unused := r.unused(candidates)
	if len(unused) == 0 {
		r.Cycle++
		r.Used = nil
		unused = candidates
	}
	x := splitmix64(seed ^ splitmix64(uint64(r.Cycle)<<32|uint64(len(r.Used))))
	q = unused[x%uint64(len(unused))]
	r.Used = append(r.Used, q.ID)
	return q, true
}

func (r *Rotation) unused(candidates []Question) []Question {
	var out []Question
	for _, q := range candidates {
		if !slices.Contains(r.Used, q.ID) {
			out = append(out, q)
		}
	}
	return out
}

// TeamSeed derives a team's rotation seed from its id, so two teams walk
// the bank in different orders.
func TeamSeed(id TeamID) uint64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()
}
