package console

import (
	"strings"
	"testing"

	"github.com/muesli/reflow/ansi"

	"github.com/dockerqotd/dockerqotd/internal/bot"
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
