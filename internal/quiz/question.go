package quiz

import (
	"fmt"
	"slices"
	"strings"
)

// Level is how hard a question is.
type Level string

// The levels, from easiest to hardest.
const (
	Basic        Level = "basic"
	Intermediate Level = "intermediate"
	Advanced     Level = "advanced"
)

// Levels lists every level in order of difficulty.
var Levels = []Level{Basic, Intermediate, Advanced}

// Valid reports whether l is one of Levels.
func (l Level) Valid() bool { return slices.Contains(Levels, l) }

// Topic is the part of Docker a question is about.
type Topic string

// Topics lists every topic a question may have.
var Topics = []Topic{
	"images", "containers", "dockerfile", "compose", "volumes", "networking",
	"registry", "security", "swarm", "orchestration", "internals",
	"operations", "debugging",
}

// Valid reports whether t is one of Topics.
func (t Topic) Valid() bool { return slices.Contains(Topics, t) }

// ParseLevel returns the level named s (case-insensitive).
func ParseLevel(s string) (Level, error) {
	l := Level(strings.ToLower(strings.TrimSpace(s)))
	if !l.Valid() {
		return "", Errorf(EINVALID, "unknown level %q: use basic, intermediate or advanced", s)
	}
	return l, nil
}

// ParseTopic returns the topic named s (case-insensitive).
func ParseTopic(s string) (Topic, error) {
	t := Topic(strings.ToLower(strings.TrimSpace(s)))
	if !t.Valid() {
		return "", Errorf(EINVALID, "unknown topic %q: use one of %s", s, topicList())
	}
	return t, nil
}

func topicList() string {
	names := make([]string, len(Topics))
	for i, t := range Topics {
		names[i] = string(t)
	}
	return strings.Join(names, ", ")
}

// NumChoices is how many choices every question has.
const NumChoices = 4

// Question is one entry of the question bank.
type Question struct {
	ID     string
	Level  Level
	Topic  Topic
	Tags   []string
	Prompt string
	// Choices holds the four choices in bank order; Correct indexes the right one.
	// Posts show them in a shuffled order (see Permutation).
	Choices     [NumChoices]string
	Correct     int
	Explanation string
	// Answer is the model interview answer, in Markdown.
	Answer string
	Source string
	// Open is the question as an interviewer asks it out loud, where the
	// multiple-choice stem does not read as one; empty means the stem.
	Open string
	// KeyPoints are what a strong spoken answer covers; interview mode
	// grades free-text answers against them.
	KeyPoints []KeyPoint
}

// InterviewPrompt is the question as interview mode asks it.
func (q Question) InterviewPrompt() string {
	if q.Open != "" {
		return q.Open
	}
	return q.Prompt
}

// Letters are the labels of the four choices as users see them.
const Letters = "ABCD"

// Letter returns the label of the choice shown at position i (0 → "A").
func Letter(i int) string { return Letters[i : i+1] }

// ParseLetter returns the position of letter s ("a" or "A" → 0).
func ParseLetter(s string) (int, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) == 1 {
		if i := strings.Index(Letters, s); i >= 0 {
			return i, nil
		}
	}
	return 0, Errorf(EINVALID, "%q is not an answer: pick A, B, C or D", s)
}

// Permutation maps shown positions to bank positions: shown choice i is
// Choices[p[i]]. It is derived from a seed, so a post always shows the same order.
type Permutation [NumChoices]int

// NewPermutation shuffles the four positions deterministically from seed.
func NewPermutation(seed uint64) Permutation {
	p := Permutation{0, 1, 2, 3}
	x := seed
	for i := NumChoices - 1; i > 0; i-- {
		x = splitmix64(x)
		j := int(x % uint64(i+1))
		p[i], p[j] = p[j], p[i]
	}
	return p
}

// Valid reports whether p holds each position exactly once.
func (p Permutation) Valid() bool {
	var seen [NumChoices]bool
	for _, v := range p {
		if v < 0 || v >= NumChoices || seen[v] {
			return false
		}
		seen[v] = true
	}
	return true
}

// CorrectLetter returns the shown position of q's correct choice under p.
func (p Permutation) CorrectLetter(q Question) int {
	for i, v := range p {
		if v == q.Correct {
			return i
		}
	}
	panic(fmt.Sprintf("quiz: invalid permutation %v", p))
}

// Shown returns q's choices in the order p shows them.
func (p Permutation) Shown(q Question) [NumChoices]string {
	var out [NumChoices]string
	for i, v := range p {
		out[i] = q.Choices[v]
	}
	return out
}

// splitmix64 is a small, well-mixed step function for deterministic shuffles.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
