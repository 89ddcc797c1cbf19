package questions

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// lintKeyPoints checks an entry's key points: how many, their labels and
// terms, that the model answer covers every one, that the question alone
// covers at most one, and that no two points can be covered by the same
// words.
func lintKeyPoints(e located) Problems {
	var ps Problems
	add := func(format string, args ...any) { ps = append(ps, e.problem("key_points", format, args...)) }
	if n := len(e.KeyPoints); n < quiz.MinKeyPoints || n > quiz.MaxKeyPoints {
		add("want %d to %d key points, got %d", quiz.MinKeyPoints, quiz.MaxKeyPoints, n)
		if n == 0 {
			return ps
		}
	}
	valid := true
	for i, kp := range e.KeyPoints {
		label := fmt.Sprintf("key point %d", i+1)
		switch n := utf8.RuneCountInString(strings.TrimSpace(kp.Point)); {
		case n == 0:
			add("%s has no point (the label a member sees)", label)
		case n > quiz.MaxPointLabel:
			add("%s's point is %d characters, more than the limit of %d", label, n, quiz.MaxPointLabel)
		}
		if len(kp.Match) == 0 {
			add("%s has no match terms", label)
			valid = false
		}
		if len(kp.Match) > quiz.MaxAlternates {
			add("%s has %d alternatives, more than the limit of %d", label, len(kp.Match), quiz.MaxAlternates)
		}
		for j, alt := range kp.Match {
			if len(alt) == 0 || len(alt) > quiz.MaxAlternative {
				add("%s, alternative %d: want 1 to %d terms, got %d", label, j+1, quiz.MaxAlternative, len(alt))
				valid = false
			}
			for _, term := range alt {
				switch {
				case quiz.TermKey(term) == "":
					add("%s, alternative %d: term %q has no word in it", label, j+1, term)
					valid = false
				case utf8.RuneCountInString(term) > quiz.MaxTerm:
					add("%s, alternative %d: term %q is longer than %d characters", label, j+1, term, quiz.MaxTerm)
				}
			}
		}
	}
	if !valid {
		return ps
	}
	// Grade the texts as the bot shows them (wrapped lines joined).
	q := e.question()
	points := q.KeyPoints
	for i, covered := range quiz.GradeAnswer(points, q.Answer).Covered {
		if !covered {
			add("the model answer does not cover key point %d (%q): say it in the answer, or match the answer's words", i+1, points[i].Point)
		}
	}
	// Interview mode shows the prompt, or the stem when there is none.
	key := "question"
	if q.Open != "" {
		key = "prompt"
	}
	if g := quiz.GradeAnswer(points, q.InterviewPrompt()); g.CoveredCount() > 1 {
		add("the %s alone covers %d key points (%s): a copied question must not score; use terms it does not give away",
			key, g.CoveredCount(), coveredList(g))
	}
	return append(ps, overlappingPoints(e, points)...)
}

func coveredList(g quiz.Grade) string {
	var nums []string
	for i, c := range g.Covered {
		if c {
			nums = append(nums, fmt.Sprint(i+1))
		}
	}
	return "points " + strings.Join(nums, ", ")
}

// overlappingPoints reports two points of which one has an alternative
// whose terms include all of an alternative of the other: any answer that
// covers the first covers the second as well.
func overlappingPoints(e located, points []quiz.KeyPoint) Problems {
	var ps Problems
	keys := make([][][]string, len(points))
	for i, p := range points {
		for _, alt := range p.Match {
			var k []string
			for _, term := range alt {
				k = append(k, quiz.TermKey(term))
			}
			keys[i] = append(keys[i], k)
		}
	}
	for i := range points {
		for j := i + 1; j < len(points); j++ {
			for a, altI := range keys[i] {
				for b, altJ := range keys[j] {
					if subset(altI, altJ) || subset(altJ, altI) {
						ps = append(ps, e.problem("key_points",
							"key points %d and %d match the same words (alternative %d of point %d: %q, alternative %d of point %d: %q): make them distinct",
							i+1, j+1, a+1, i+1, points[i].Match[a], b+1, j+1, points[j].Match[b]))
					}
				}
			}
		}
	}
	return ps
}

// subset reports whether every term of a is also in b.
func subset(a, b []string) bool {
	for _, t := range a {
		if !slices.Contains(b, t) {
			return false
		}
	}
	return true
}
