package quiz

import (
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"
)

// KeyPoint is one thing a strong spoken answer to a question says.
type KeyPoint struct {
	// Point is the label a member sees: "PID 1 ignores signals it has no
	// handler for".
	Point string
	// Match lists the alternatives that cover the point; an alternative is
	// a list of terms that must all appear, e.g. [["pid 1", "signal"],
	// ["sigterm", "handler"]].
	Match [][]string
}

// Limits of key points (the question linter enforces them).
const (
	MinKeyPoints   = 3
	MaxKeyPoints   = 6
	MaxPointLabel  = 80
	MaxTerm        = 40
	MaxAlternative = 4  // terms in one alternative
	MaxAlternates  = 10 // alternatives of one point
	// MaxInterviewAnswer is the longest answer the grader takes, in
	// characters: what Discord's paragraph input allows.
	MaxInterviewAnswer = 4000
)

// Grade is how an answer covers a question's key points.
type Grade struct {
	// Covered says, for each key point in order, whether the answer
	// covers it.
	Covered []bool
}

// CoveredCount returns how many points the answer covers.
func (g Grade) CoveredCount() int {
	n := 0
	for _, c := range g.Covered {
		if c {
			n++
		}
	}
	return n
}

// Score is the share of points covered, from 0 to 1.
func (g Grade) Score() float64 {
	if len(g.Covered) == 0 {
		return 0
	}
	return float64(g.CoveredCount()) / float64(len(g.Covered))
}

// Percent is the score in whole percent, rounded down.
func (g Grade) Percent() int {
	if len(g.Covered) == 0 {
		return 0
	}
	return g.CoveredCount() * 100 / len(g.Covered)
}

// GradeAnswer marks each key point covered or missed by answer. It is
// pure and deterministic: no I/O, no model, the same answer always gets the
// same grade.
//
// Both the answer and the terms are normalised the same way: lower case;
// punctuation, hyphens, dots and slashes become word breaks; words are
// reduced to their English stem (Snowball), so plurals and verb endings do
// not matter; a few spellings are made one (yml and yaml, k8s and
// kubernetes, control groups and cgroups, env var and environment
// variable, can't and cannot, doesn't and does not). A term of several words matches those words in a row, or the
// same letters written as one word ("pid 1" matches "PID1", "multi stage"
// matches "multistage"); so `--init`, `init` and `docker-init` all contain
// the term "init", and `compose.yaml` and `docker-compose.yml` both contain
// "compose yaml".
//
// Lenient to phrasing, strict about substance: an alternative matches only
// when all its terms fall within one passage of prose, that is one sentence
// or two sentences in a row, and a sentence is prose when at least one word
// in eight (and at least one) is an ordinary English function word such as
// "the", "is", "to" or "because". A bare list of Docker words has none, so
// it covers nothing, however many terms it names.
func GradeAnswer(points []KeyPoint, answer string) Grade {
	g := Grade{Covered: make([]bool, len(points))}
	if len([]rune(answer)) > MaxInterviewAnswer {
		answer = string([]rune(answer)[:MaxInterviewAnswer])
	}
	passages := prosePassages(answer)
	for i, p := range points {
		g.Covered[i] = coversPoint(p, passages)
	}
	return g
}

func coversPoint(p KeyPoint, passages [][]token) bool {
	for _, alt := range p.Match {
		terms := make([][]token, 0, len(alt))
		for _, t := range alt {
			if tt := tokenize(t); len(tt) > 0 {
				terms = append(terms, tt)
			}
		}
		if len(terms) == 0 {
			continue
		}
		for _, passage := range passages {
			if containsAll(passage, terms) {
				return true
			}
		}
	}
	return false
}

func containsAll(passage []token, terms [][]token) bool {
	for _, term := range terms {
		if !containsTerm(passage, term) {
			return false
		}
	}
	return true
}

// containsTerm reports whether term's words appear in text in a row, or
// written together as one word, or a one-word term is written in parts
// joined by hyphens or dots ("multi-stage" for "multistage").
func containsTerm(text, term []token) bool {
	joined := joinedStem(term)
	for i := range text {
		if i+len(term) <= len(text) && sameStems(text[i:i+len(term)], term) {
			return true
		}
		if len(term) > 1 && text[i].stem == joined {
			return true
		}
		for n := 2; n <= 3 && i+n <= len(text); n++ {
			if !text[i+n-1].tight {
				break
			}
			if joinedStem(text[i:i+n]) == joined {
				return true
			}
		}
	}
	return false
}

func sameStems(a, b []token) bool {
	for i := range a {
		if a[i].stem != b[i].stem {
			return false
		}
	}
	return true
}

func joinedStem(ts []token) string {
	if len(ts) == 1 {
		return ts[0].stem
	}
	var sb strings.Builder
	for _, t := range ts {
		sb.WriteString(t.word)
	}
	return stemWord(sb.String())
}

// token is one word of a text: as written (lower case, after spelling
// normalisation) and its stem. tight means it follows the previous word
// with no space between them ("stage" in "multi-stage").
type token struct {
	word, stem string
	tight      bool
}

// prosePassages splits text into sentences, keeps those that read as prose,
// and returns each kept sentence alone and joined with the next kept one
// when the two follow each other.
func prosePassages(text string) [][]token {
	sentences := splitSentences(text)
	var passages [][]token
	for i, s := range sentences {
		if !isProse(s) {
			continue
		}
		passages = append(passages, s)
		if i+1 < len(sentences) && isProse(sentences[i+1]) {
			passages = append(passages, append(append([]token(nil), s...), sentences[i+1]...))
		}
	}
	return passages
}

// splitSentences breaks text at line ends and at . ! ? ; followed by a
// space or the end; a dot inside a word (compose.yaml, 0.0.0.0) does not
// end a sentence.
func splitSentences(text string) [][]token {
	var out [][]token
	start := 0
	runes := []rune(text)
	flush := func(end int) {
		if ts := tokenize(string(runes[start:end])); len(ts) > 0 {
			out = append(out, ts)
		}
		start = end + 1
	}
	for i, r := range runes {
		switch {
		case r == '\n':
			flush(i)
		case strings.ContainsRune(".!?;", r) && (i+1 == len(runes) || unicode.IsSpace(runes[i+1])):
			flush(i)
		}
	}
	if start < len(runes) {
		flush(len(runes))
	}
	return out
}

// isProse reports whether a sentence reads as words put together rather
// than a list of terms: at least one function word in eight.
func isProse(s []token) bool {
	function := 0
	for _, t := range s {
		if english.IsStopWord(t.word) {
			function++
		}
	}
	return function > 0 && function*8 >= len(s)
}

// tokenize lower-cases text, breaks it into words at every character that
// is not a letter or a digit, and normalises spellings.
func tokenize(text string) []token {
	var (
		words []token
		cur   strings.Builder
		tight bool
		gap   bool // a space since the last word
	)
	emit := func() {
		if cur.Len() == 0 {
			return
		}
		words = append(words, token{word: cur.String(), tight: tight})
		cur.Reset()
		gap = false
	}
	for _, r := range strings.ToLower(text) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if cur.Len() == 0 {
				tight = len(words) > 0 && !gap
			}
			cur.WriteRune(r)
		case unicode.IsSpace(r):
			emit()
			gap = true
		default:
			emit()
		}
	}
	emit()
	words = respell(words)
	for i := range words {
		words[i].stem = stemWord(words[i].word)
	}
	return words
}

// spellings makes different ways of writing one thing the same words.
var spellings = []struct{ from, to []string }{
	{[]string{"yml"}, []string{"yaml"}},
	{[]string{"k8s"}, []string{"kubernetes"}},
	{[]string{"control", "groups"}, []string{"cgroups"}},
	{[]string{"control", "group"}, []string{"cgroup"}},
	{[]string{"env", "vars"}, []string{"environment", "variables"}},
	{[]string{"env", "var"}, []string{"environment", "variable"}},
	{[]string{"envs"}, []string{"environment", "variables"}},
	// Contractions split at the apostrophe; "can't" and "cannot" are one.
	{[]string{"can", "t"}, []string{"cannot"}},
	{[]string{"don", "t"}, []string{"do", "not"}},
	{[]string{"doesn", "t"}, []string{"does", "not"}},
	{[]string{"isn", "t"}, []string{"is", "not"}},
	{[]string{"aren", "t"}, []string{"are", "not"}},
	{[]string{"won", "t"}, []string{"will", "not"}},
	{[]string{"didn", "t"}, []string{"did", "not"}},
	{[]string{"wasn", "t"}, []string{"was", "not"}},
	// Snowball stems "alias" as a plural.
	{[]string{"aliases"}, []string{"alias"}},
}

func respell(words []token) []token {
	out := make([]token, 0, len(words))
	for i := 0; i < len(words); {
		matched := false
		for _, s := range spellings {
			if i+len(s.from) > len(words) || !wordsAre(words[i:i+len(s.from)], s.from) {
				continue
			}
			for j, w := range s.to {
				out = append(out, token{word: w, tight: j > 0 || words[i].tight})
			}
			i += len(s.from)
			matched = true
			break
		}
		if !matched {
			out = append(out, words[i])
			i++
		}
	}
	return out
}

func wordsAre(ts []token, words []string) bool {
	for i, w := range words {
		if ts[i].word != w {
			return false
		}
	}
	return true
}

func stemWord(w string) string { return english.Stem(w, false) }

// TermKey is the normalised form of a match term: the stems of its words,
// separated by spaces ("Signals" → "signal"); "" for a term with no word.
// Two terms with the same key match the same text.
func TermKey(term string) string {
	ts := tokenize(term)
	stems := make([]string, len(ts))
	for i, t := range ts {
		stems[i] = t.stem
	}
	return strings.Join(stems, " ")
}
