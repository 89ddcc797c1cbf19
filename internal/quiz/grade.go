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
	// Matched is, for each key point, the index of the first of its
	// alternatives the answer matched, -1 when none did: why a point
	// counts, for operators tuning the terms.
	Matched []int
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
// variable, can't and cannot, doesn't and does not). A term of several
// words matches its words in order, up to two other words apart, with its
// articles, pronouns and auxiliaries free to differ ("keep the data"
// matches "keeps all its data") but not its negations or words such as
// "only" and "again"; or the same letters written as one word
// ("pid 1" matches "PID1", "multi stage" matches "multistage"). So
// `--init`, `init` and `docker-init` all contain the term "init", and
// `compose.yaml` and `docker-compose.yml` both contain "compose yaml".
//
// Lenient to phrasing, strict about substance: an alternative matches only
// when all its terms fall within one sentence or two sentences in a row,
// and a sentence of six words or more counts only when at least one word in
// eight is an ordinary English function word such as "the", "is", "to" or
// "because". An answer in which fewer than one word in eight is one is a
// bare list of Docker words and covers nothing, however many terms it names;
// so does such a list inside an answer. Short fragments ("Reaps zombies.")
// count, as people write them in lists.
func GradeAnswer(points []KeyPoint, answer string) Grade {
	g := Grade{Covered: make([]bool, len(points)), Matched: make([]int, len(points))}
	if len([]rune(answer)) > MaxInterviewAnswer {
		answer = string([]rune(answer)[:MaxInterviewAnswer])
	}
	passages := prosePassages(answer)
	for i, p := range points {
		g.Matched[i] = matchPoint(p, passages)
		g.Covered[i] = g.Matched[i] >= 0
	}
	return g
}

// matchPoint returns the index of the first alternative of p that a passage
// matches, -1 when none does.
func matchPoint(p KeyPoint, passages [][]token) int {
	for a, alt := range p.Match {
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
				return a
			}
		}
	}
	return -1
}

func containsAll(passage []token, terms [][]token) bool {
	for _, term := range terms {
		if !containsTerm(passage, term) {
			return false
		}
	}
	return true
}

// containsTerm reports whether term appears in text: its words in order,
// with up to maxGap other words between two of them ("removes all the
// containers" for "removes the containers"), where the term's glue words
// may be left out or changed ("keeps its data" for "keep the data"); or the
// term written as one word ("PID1" for "pid 1"); or a one-word term written
// in parts joined by hyphens or dots ("multi-stage" for "multistage").
func containsTerm(text, term []token) bool {
	joined := joinedStem(term)
	words := contentWords(term)
	for i := range text {
		if inOrder(text[i:], words) {
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

// maxGap is how many words, glue not counted, may come between two words
// of a term.
const maxGap = 2

// inOrder reports whether text starts with words[0] and holds the other
// words after it, in order, each within maxGap words (glue not counted) of
// the one before.
func inOrder(text, words []token) bool {
	if len(text) == 0 || text[0].stem != words[0].stem {
		return false
	}
	at := 0
	for _, w := range words[1:] {
		found, skipped := false, 0
		for j := at + 1; j < len(text) && skipped <= maxGap; j++ {
			if text[j].stem == w.stem {
				at, found = j, true
				break
			}
			if !glue[text[j].word] {
				skipped++
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// glue are the words a term may leave out or change: articles, pronouns,
// auxiliaries and the commonest prepositions, which carry no substance.
// Negations and words such as "only", "all", "same" or "again" are not glue:
// "not restart" must not match "restart", nor "runs again" "runs".
var glue = map[string]bool{
	"a": true, "an": true, "the": true, "this": true, "that": true, "these": true, "those": true,
	"it": true, "its": true, "they": true, "them": true, "their": true, "you": true, "your": true,
	"we": true, "our": true, "my": true, "his": true, "her": true,
	"is": true, "are": true, "was": true, "were": true, "be": true, "been": true, "being": true,
	"has": true, "have": true, "had": true, "do": true, "does": true, "did": true,
	"will": true, "would": true, "can": true, "could": true, "should": true, "may": true,
	"of": true, "to": true, "in": true, "on": true, "at": true, "for": true, "with": true,
	"by": true, "from": true, "as": true, "and": true, "or": true, "so": true,
}

// contentWords drops a term's glue words; a term of glue only is kept whole.
func contentWords(term []token) []token {
	var out []token
	for _, t := range term {
		if !glue[t.word] {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return term
	}
	return out
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

// prosePassages splits text into sentences, drops those that are lists of
// words, and returns each kept sentence alone and joined with the next
// kept one when the two follow each other. An answer that is a list of
// words as a whole has no passage at all.
func prosePassages(text string) [][]token {
	sentences := splitSentences(text)
	var all []token
	for _, s := range sentences {
		all = append(all, s...)
	}
	if isList(all, 1) {
		return nil
	}
	var passages [][]token
	for i, s := range sentences {
		if isList(s, listMinWords) {
			continue
		}
		passages = append(passages, s)
		if i+1 < len(sentences) && !isList(sentences[i+1], listMinWords) {
			passages = append(passages, append(append([]token(nil), s...), sentences[i+1]...))
		}
	}
	return passages
}

// listMinWords is the shortest sentence that is judged by its function
// words: a shorter one ("Reaps zombies.", "One unified hierarchy.") is a
// fragment a person writes, and counts.
const listMinWords = 6

// endsSentence reports whether the text after a full stop ends the
// sentence: a space or the end, after any closing marks ("**", "`", ")").
func endsSentence(after []rune) bool {
	for _, r := range after {
		switch {
		case unicode.IsSpace(r):
			return true
		case !strings.ContainsRune("*_`)\"'”’]", r):
			return false
		}
	}
	return true
}

// isList reports whether words, when there are at least minWords of them,
// are a list of terms rather than prose: fewer than one function word
// ("the", "is", "to", "because"…) in eight. Parts joined without a space
// (/sys/fs/cgroup, docker-init) are one word.
func isList(words []token, minWords int) bool {
	if len(words) < minWords {
		return false
	}
	function, n := 0, 0
	for _, t := range words {
		if t.tight {
			continue // part of a word such as /sys/fs/cgroup or docker-init
		}
		n++
		if english.IsStopWord(t.word) {
			function++
		}
	}
	return n >= minWords && function*8 < n
}

// splitSentences breaks text at line ends and at . ! ? ; followed by a
// space or the end (closing marks such as "**" may come between); a dot
// inside a word (compose.yaml, 0.0.0.0) does not end a sentence.
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
		case strings.ContainsRune(".!?;", r) && endsSentence(runes[i+1:]):
			flush(i)
		}
	}
	if start < len(runes) {
		flush(len(runes))
	}
	return out
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
	// Words people use for the same thing.
	{[]string{"get", "rid", "of"}, []string{"remove"}},
	{[]string{"gets", "rid", "of"}, []string{"removes"}},
	{[]string{"more", "than", "one"}, []string{"multiple"}},
}

// sameStem makes stems of words that mean the same thing in an answer about
// Docker one stem: removing, keeping, several, and comparatives.
var sameStem = map[string]string{
	"delet": "remov", "destroy": "remov", "eras": "remov",
	"retain": "keep", "preserv": "keep", "kept": "keep",
	"persist": "surviv", "remain": "surviv",
	"sever": "multipl", "mani": "multipl",
	"smaller": "small", "bigger": "big", "larger": "larg", "faster": "fast", "slower": "slow",
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

func stemWord(w string) string {
	st := english.Stem(w, false)
	if same, ok := sameStem[st]; ok {
		return same
	}
	return st
}

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
