package questions

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Limits that keep every question displayable on both Discord and Slack
// (README, Adding questions): Slack caps section text at 3,000 characters.
const (
	MaxQuestion    = 300
	MaxChoice      = 150
	MaxExplanation = 600
	MaxAnswer      = 2800
)

// similarityLimit is the share of the shorter question's significant words
// (stop words dropped, endings stemmed) that, when the other question uses
// them too, makes two questions count as the same question in other words.
const similarityLimit = 0.8

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// catchAll matches choices that point at the other choices instead of
// standing on their own.
var catchAll = regexp.MustCompile(`(?i)\b(all|none|both) of the (above|others|options)\b`)

func lint(entries []located) Problems {
	var problems Problems
	seen := map[string]located{}
	for _, e := range entries {
		problems = append(problems, lintEntry(e)...)
		if e.ID == "" {
			continue
		}
		if first, dup := seen[e.ID]; dup {
			problems = append(problems, e.problem("id", "duplicate id, first used at %s:%d", first.file, first.line))
			continue
		}
		seen[e.ID] = e
	}
	return append(problems, nearDuplicates(entries)...)
}

func lintEntry(e located) Problems {
	var ps Problems
	add := func(key, format string, args ...any) { ps = append(ps, e.problem(key, format, args...)) }

	switch {
	case e.ID == "":
		add("id", "id is missing")
	case !idPattern.MatchString(e.ID):
		add("id", "id %q must be a lowercase slug such as networking-bridge-dns", e.ID)
	}
	if !quiz.Level(e.Level).Valid() {
		add("level", "unknown level %q: use basic, intermediate or advanced", e.Level)
	}
	if !quiz.Topic(e.Topic).Valid() {
		add("topic", "unknown topic %q", e.Topic)
	}
	for i, tag := range e.Tags {
		if strings.TrimSpace(tag) == "" {
			add("tags", "tag %d is empty", i+1)
		}
	}
	checkText := func(key, text string, limit int) {
		switch n := utf8.RuneCountInString(strings.TrimSpace(text)); {
		case n == 0:
			add(key, "%s is empty", key)
		case n > limit:
			add(key, "%s is %d characters, more than the limit of %d", key, n, limit)
		}
	}
	checkText("question", e.Question, MaxQuestion)
	checkText("explanation", e.Explanation, MaxExplanation)
	checkText("answer", e.Answer, MaxAnswer)
	if _, ok := e.lines["prompt"]; ok {
		checkText("prompt", e.Prompt, MaxQuestion)
	}

	if len(e.Choices) != quiz.NumChoices {
		add("choices", "want %d choices, got %d", quiz.NumChoices, len(e.Choices))
	}
	correct := 0
	texts := map[string]int{}
	for i, c := range e.Choices {
		label := fmt.Sprintf("choice %d", i+1)
		switch n := utf8.RuneCountInString(strings.TrimSpace(c.Text)); {
		case n == 0:
			add("choices", "%s is empty", label)
		case n > MaxChoice:
			add("choices", "%s is %d characters, more than the limit of %d", label, n, MaxChoice)
		}
		if catchAll.MatchString(c.Text) {
			add("choices", "%s refers to the other choices (%q); every choice must stand on its own", label, catchAll.FindString(c.Text))
		}
		key := strings.ToLower(strings.Join(strings.Fields(c.Text), " "))
		if j, dup := texts[key]; dup && key != "" {
			add("choices", "%s repeats choice %d", label, j+1)
		}
		texts[key] = i
		if c.Correct {
			correct++
		}
	}
	if correct != 1 {
		add("choices", "want exactly one correct choice, got %d", correct)
	}
	return append(ps, lintKeyPoints(e)...)
}

// nearDuplicates reports questions whose significant words mostly coincide
// with an earlier question's: the same question asked in other words.
func nearDuplicates(entries []located) Problems {
	var ps Problems
	words := make([]map[string]bool, len(entries))
	for i, e := range entries {
		words[i] = significantWords(e.Question)
	}
	for j := range entries {
		for i := range j {
			if s := similarity(words[i], words[j]); s >= similarityLimit {
				ps = append(ps, entries[j].problem("question",
					"question is nearly the same as %s (%s:%d): %.0f%% of its words are shared",
					entries[i].ID, entries[i].file, entries[i].line, s*100))
			}
		}
	}
	return ps
}

var stopWords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true,
	"be": true, "by": true, "can": true, "do": true, "does": true, "for": true,
	"from": true, "how": true, "in": true, "is": true, "it": true, "its": true,
	"of": true, "on": true, "or": true, "the": true, "to": true, "what": true,
	"when": true, "which": true, "why": true, "with": true, "you": true,
	"your": true, "this": true, "that": true, "docker": true,
}

func significantWords(s string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_'
	}) {
		if !stopWords[w] {
			set[stem(w)] = true
		}
	}
	return set
}

// stem strips the commonest English endings, so "lists" and "listing"
// count as the same word as "list".
func stem(w string) string {
	for _, suffix := range []string{"ing", "ed", "es", "s"} {
		if len(w) > len(suffix)+3 && strings.HasSuffix(w, suffix) {
			return strings.TrimSuffix(w, suffix)
		}
	}
	return w
}

// similarity is the share of the shorter question's significant words that
// the other question also uses; questions of fewer than four significant
// words are too short to judge and count as different.
func similarity(a, b map[string]bool) float64 {
	if len(a) < 4 || len(b) < 4 {
		return 0
	}
	shared := 0
	for w := range a {
		if b[w] {
			shared++
		}
	}
	return float64(shared) / float64(min(len(a), len(b)))
}
