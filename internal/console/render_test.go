package console

import (
	"strings"
	"testing"
	"time"

	"github.com/muesli/reflow/ansi"

	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/card"
	"github.com/dockerqotd/dockerqotd/questions"
)

// TestWrapFitsTheTerminal renders every question of the bank, with its
// verdict text, at several widths: no line may be wider than the terminal,
// or the terminal breaks it again mid-word. Hyphenated words ("multi-stage",
// "--init") are where the wrapper used to count one column short.
func TestWrapFitsTheTerminal(t *testing.T) {
	qs, err := questions.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, width := range []int{40, 61, 80, 110, 132} {
		for _, color := range []bool{false, true} {
			r := renderer{width: width, color: color}
			for _, q := range qs {
				m := bot.Message{
					Private: true,
					Text:    q.Explanation + "\n\n" + q.Answer,
					Card:    &bot.Card{Title: "Practice question", Prompt: q.Prompt, Level: q.Level, Topic: q.Topic, Choices: q.Choices, Correct: -1},
				}
				for _, line := range strings.Split(r.message(m), "\n") {
					if strings.HasPrefix(line, "    ") && !strings.Contains(q.Prompt, line) {
						continue // code blocks are shown as written
					}
					if n := ansi.PrintableRuneWidth(line); n > width {
						t.Fatalf("width %d (colour %v), %s: a line of %d columns:\n%q", width, color, q.ID, n, line)
					}
				}
			}
		}
	}
}

func TestWrapKeepsWordsWhole(t *testing.T) {
	r := renderer{width: 30}
	text := "Use a multi-stage build with --mount=type=cache and docker-init as PID 1."
	got := r.markdown(text)
	if strings.Join(strings.Fields(got), " ") != text {
		t.Errorf("wrapping changed the words:\n%s", got)
	}
	for _, word := range []string{"multi-stage", "--mount=type=cache", "docker-init"} {
		if !strings.Contains(got, word) {
			t.Errorf("%q was broken across lines:\n%s", word, got)
		}
	}
}

func TestCalendar(t *testing.T) {
	wednesday := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	days := make([]card.Day, card.MaxDays)
	days[len(days)-1] = card.Right  // today, a Wednesday
	days[len(days)-2] = card.Wrong  // Tuesday
	days[len(days)-3] = card.Frozen // Monday
	days[len(days)-9] = card.Missed // last Tuesday
	m := bot.Message{Text: "📊 **Stats for Ann**", Record: &card.Stats{Days: days, Today: wednesday}}

	plain := renderer{}.message(m)
	rows := map[string]string{}
	for _, line := range strings.Split(plain, "\n") {
		if name, cells, ok := strings.Cut(line, " "); ok && len(name) == 3 {
			rows[name] = strings.TrimRight(cells, " ")
		}
	}
	ends := map[string]string{"Mon": ". *", "Tue": "o x", "Wed": ". #", "Thu": "."}
	for day, want := range ends {
		if !strings.HasSuffix(rows[day], want) {
			t.Errorf("%s row ends %q; want %q\n%s", day, rows[day], want, plain)
		}
	}
	if n := len(strings.Fields(rows["Mon"])); n != calendarWeeks {
		t.Errorf("the Monday row has %d weeks; want %d", n, calendarWeeks)
	}
	if strings.Contains(plain, "\x1b[") {
		t.Errorf("plain output has ANSI codes:\n%q", plain)
	}

	coloured := renderer{color: true}.message(m)
	if !strings.Contains(coloured, ansiGreen+"■"+ansiReset) || !strings.Contains(coloured, ansiBlue+"■"+ansiReset) {
		t.Errorf("the colour calendar lacks green and blue squares:\n%q", coloured)
	}

	m.Record.Days = make([]card.Day, card.MaxDays)
	if out := (renderer{}).message(m); strings.Contains(out, "Mon") {
		t.Errorf("a record with no daily answers drew an empty calendar:\n%s", out)
	}
}
