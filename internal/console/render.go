package console

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/muesli/reflow/indent"
	"github.com/muesli/reflow/wordwrap"
	"github.com/muesli/reflow/wrap"

	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/card"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// ANSI styles, used only when writing to a terminal.
const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
	ansiCyan  = "\x1b[36m"
	ansiGreen = "\x1b[32m"
	ansiRed   = "\x1b[31m"
	ansiBlue  = "\x1b[34m"
	ansiGrey  = "\x1b[90m"
)

type renderer struct {
	color bool
	// width wraps prose at word boundaries; 0 leaves lines as they are.
	width int
}

func (r renderer) style(code, s string) string {
	if !r.color || s == "" {
		return s
	}
	return code + s + ansiReset
}

var (
	boldRE = regexp.MustCompile(`\*\*(.+?)\*\*`)
	codeRE = regexp.MustCompile("`([^`\n]+)`")
)

// markdown turns the bot's Markdown into terminal text: bold and code in
// colour (or plain), fenced code blocks indented.
func (r renderer) markdown(text string) string {
	var out []string
	inCode := false
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inCode = !inCode
			continue
		}
		if inCode {
			out = append(out, "    "+r.style(ansiCyan, line))
			continue
		}
		out = append(out, r.wrap(r.inline(line), 0))
	}
	return strings.Join(out, "\n")
}

// inline styles bold and code spans of one line.
func (r renderer) inline(line string) string {
	line = boldRE.ReplaceAllStringFunc(line, func(m string) string {
		return r.style(ansiBold, boldRE.FindStringSubmatch(m)[1])
	})
	if r.color {
		line = codeRE.ReplaceAllStringFunc(line, func(m string) string {
			return r.style(ansiCyan, codeRE.FindStringSubmatch(m)[1])
		})
	}
	return line
}

// wrap breaks s at word boundaries to fit the width, indenting the lines
// after the first by hang columns.
func (r renderer) wrap(s string, hang int) string {
	if r.width <= hang+20 {
		return s
	}
	// reflow breaks after a hyphen but does not count the hyphen in the
	// line's width, so every hyphen made a line one column too wide and the
	// terminal broke it again mid-word: break at spaces only.
	w := wordwrap.NewWriter(r.width - hang)
	w.Breakpoints = nil
	w.Write([]byte(s))
	w.Close()
	// A word longer than the line (a long flag or path) is broken where
	// the line ends.
	wrapped := wrap.String(w.String(), r.width-hang)
	first, rest, ok := strings.Cut(wrapped, "\n")
	if !ok || hang == 0 {
		return wrapped
	}
	return first + "\n" + indent.String(rest, uint(hang))
}

// message renders a whole message: its text, then its question card.
func (r renderer) message(m bot.Message) string {
	var parts []string
	if m.Private {
		parts = append(parts, r.style(ansiDim, "(only you can see this)"))
	}
	if m.Text != "" {
		parts = append(parts, r.markdown(m.Text))
	}
	if m.Card != nil {
		parts = append(parts, r.card(*m.Card, len(m.Buttons) > 0 && !m.Buttons[0].Disabled))
	}
	if m.Record != nil && slices.ContainsFunc(m.Record.Days, func(d card.Day) bool { return d != card.NoPost }) {
		parts = append(parts, r.calendar(*m.Record))
	}
	if words := buttonWords(m); len(words) > 0 {
		parts = append(parts, r.style(ansiDim, "Type "+strings.Join(words, " · ")))
	}
	return strings.Join(parts, "\n") + "\n"
}

// buttonWords lists what to type for the message's buttons other than the
// answer letters; a button that opens the form the message already opens
// is left out.
func buttonWords(m bot.Message) []string {
	var words []string
	for _, b := range m.Buttons {
		if b.Disabled || len(b.Word) <= 1 || (b.OpensForm && m.Form != nil) {
			continue
		}
		label := strings.ToLower(strings.TrimLeftFunc(b.Label, func(r rune) bool { return !unicode.IsLetter(r) }))
		if first, _, _ := strings.Cut(b.Word, " "); strings.Contains(label, first) {
			words = append(words, b.Word)
		} else {
			words = append(words, fmt.Sprintf("%s (%s)", b.Word, label))
		}
	}
	return words
}

func (r renderer) card(c bot.Card, answerable bool) string {
	lines := []string{
		"",
		r.style(ansiBold, c.Title),
		r.style(ansiDim, fmt.Sprintf("[%s · %s]", c.Level, c.Topic)),
		r.markdown(c.Prompt),
		"",
	}
	for i, choice := range c.Choices {
		line := fmt.Sprintf("  %s) %s", quiz.Letter(i), r.inline(choice))
		if i == c.Correct {
			line = r.style(ansiGreen, line+"  ✔")
		}
		lines = append(lines, r.wrap(line, 5))
	}
	if c.Footer != "" {
		lines = append(lines, "", r.style(ansiDim, c.Footer))
	}
	if answerable {
		lines = append(lines, "Answer with a letter: A, B, C or D.")
	}
	return strings.Join(lines, "\n")
}

// calendarWeeks is how many weeks the terminal calendar shows: all of the
// record's 26 and the week they started in, 58 columns with the labels.
const calendarWeeks = card.MaxDays/7 + 1

// calendar draws the record's daily questions as a grid, a column per week
// and a row per weekday: coloured squares in a terminal, distinct plain
// characters in a pipe or with NO_COLOR.
func (r renderer) calendar(rec card.Stats) string {
	type look struct{ code, glyph, plain, name string }
	looks := map[card.Day]look{
		card.Right:  {ansiGreen, "■", "#", "right"},
		card.Wrong:  {ansiRed, "■", "x", "wrong"},
		card.Missed: {ansiGrey, "□", "o", "missed"},
		card.Frozen: {ansiBlue, "■", "*", "frozen"},
		card.NoPost: {ansiDim, "·", ".", "no question"},
	}
	cell := func(d card.Day) string {
		l, ok := looks[d]
		switch {
		case !ok:
			return " "
		case r.color:
			return r.style(l.code, l.glyph)
		}
		return l.plain
	}
	weeks := card.Weeks(rec.Days, rec.Today.Weekday(), calendarWeeks)
	lines := []string{"", r.style(ansiBold, "Daily questions · last 26 weeks")}
	for row, name := range []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"} {
		cells := make([]string, len(weeks))
		for col, week := range weeks {
			cells[col] = cell(week[row])
		}
		lines = append(lines, strings.TrimRight(name+" "+strings.Join(cells, " "), " "))
	}
	var legend []string
	for _, d := range []card.Day{card.Right, card.Wrong, card.Missed, card.Frozen, card.NoPost} {
		legend = append(legend, cell(d)+" "+looks[d].name)
	}
	return strings.Join(append(lines, "    "+strings.Join(legend, "  ")), "\n")
}
