package quiz

import (
	"slices"
	"sort"
)

// Bank is the set of questions the bot can ask, indexed by id.
type Bank struct {
	all  []Question
	byID map[string]int
}

// NewBank indexes qs. The ids must be unique; the question loader checks that.
func NewBank(qs []Question) *Bank {
	b := &Bank{all: slices.Clone(qs), byID: make(map[string]int, len(qs))}
	sort.SliceStable(b.all, func(i, j int) bool { return b.all[i].ID < b.all[j].ID })
	for i, q := range b.all {
		b.byID[q.ID] = i
	}
	return b
}

// Len returns the number of questions.
func (b *Bank) Len() int { return len(b.all) }

// All returns every question, ordered by id.
func (b *Bank) All() []Question { return b.all }

// Question returns the question with the given id.
func (b *Bank) Question(id string) (Question, bool) {
	i, ok := b.byID[id]
	if !ok {
		return Question{}, false
	}
	return b.all[i], true
}

// Filter selects questions by level and topic; an empty list allows all.
type Filter struct {
	Levels []Level
	Topics []Topic
}

// Match reports whether q passes the filter.
func (f Filter) Match(q Question) bool {
	return (len(f.Levels) == 0 || slices.Contains(f.Levels, q.Level)) &&
		(len(f.Topics) == 0 || slices.Contains(f.Topics, q.Topic))
}

// Select returns the questions that pass f, ordered by id.
func (b *Bank) Select(f Filter) []Question {
	var out []Question
	for _, q := range b.all {
		if f.Match(q) {
			out = append(out, q)
		}
	}
	return out
}

// IDs returns the ids of qs in order.
func IDs(qs []Question) []string {
	ids := make([]string, len(qs))
	for i, q := range qs {
		ids[i] = q.ID
	}
	return ids
}
