package discord

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// paragraphs returns n paragraphs of about 100 characters.
func paragraphs(n int) string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = fmt.Sprintf("Paragraph %d: %s", i+1, strings.Repeat("layers are cached ", 5))
	}
	return strings.Join(ps, "\n\n")
}

func TestRender(t *testing.T) {
	open := testCard()
	revealed := testCard()
	revealed.Card.Correct, revealed.Card.Footer = 2, "Answer: C · 50% right · 2 answered"
	for i := range revealed.Buttons {
		revealed.Buttons[i].Disabled, revealed.Buttons[i].Style = true, bot.StyleSecondary
	}
	revealed.Buttons[2].Style = bot.StyleSuccess
	practice := testCard()
	practice.Private, practice.Replace = true, true
	practice.Text = "✅ **Right!** B. two\n\nBecause `two`."
	practice.Card.Title, practice.Card.Footer = "Practice quiz · question 2 of 5", ""

	tests := []struct {
		name string
		m    bot.Message
		// content, embeds: what the message must come out as.
		content bool
		embeds  int
	}{
		{"text", bot.Message{Text: "🏆 **Leaderboard · this week**\n1. **Alice** · 10 points"}, true, 0},
		{"long text", bot.Message{Text: paragraphs(30)}, false, 1},
		{"text over one embed", bot.Message{Text: paragraphs(50)}, false, 2},
		{"text over every embed", bot.Message{Text: paragraphs(80)}, false, 2},
		{"open card", open, false, 1},
		{"revealed card", revealed, false, 1},
		{"practice card with verdict", practice, true, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := render(tc.m)
			if (r.Content != "") != tc.content || len(r.Embeds) != tc.embeds {
				t.Errorf("render: content %q, %d embeds; want content %v, %d embeds", r.Content, len(r.Embeds), tc.content, tc.embeds)
			}
			total := 0
			for _, e := range r.Embeds {
				if length(e.Description) > maxDescription || length(e.Title) > maxTitle {
					t.Errorf("embed over its limits: title %d, description %d", length(e.Title), length(e.Description))
				}
				total += embedSize(e)
			}
			if length(r.Content) > maxContent || total > maxEmbedsSize {
				t.Errorf("content %d, embeds %d characters; over Discord's limits", length(r.Content), total)
			}
			if r.Embeds == nil || r.Components == nil {
				t.Error("nil embeds or components: an edit would not clear them")
			}
			b, err := json.MarshalIndent(r, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(tc.name, "text") {
				golden(t, "render/"+strings.ReplaceAll(tc.name, " ", "-")+".json", append(b, '\n'))
			}
		})
	}
}

func TestSplit(t *testing.T) {
	code := "```sh\n" + strings.Repeat("docker image ls --filter dangling=true\n", 30) + "```"
	tests := []struct {
		name   string
		text   string
		limit  int
		chunks int
	}{
		{"fits", "short", 100, 1},
		{"at paragraphs", paragraphs(10), 500, 3},
		{"inside a code block", "Look:\n\n" + code + "\n\nDone.", 400, 4},
		{"no spaces", strings.Repeat("x", 250), 100, 3},
		{"wide runes", strings.Repeat("🐳", 120), 100, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			chunks := split(tc.text, tc.limit)
			if len(chunks) != tc.chunks {
				t.Errorf("split into %d chunks; want %d:\n%s", len(chunks), tc.chunks, strings.Join(chunks, "\n----\n"))
			}
			for i, c := range chunks {
				if length(c) > tc.limit {
					t.Errorf("chunk %d is %d long; limit %d", i, length(c), tc.limit)
				}
				if strings.Count(c, fence)%2 != 0 {
					t.Errorf("chunk %d leaves a code block open:\n%s", i, c)
				}
			}
			joined := strings.ReplaceAll(strings.Join(chunks, ""), fence+"\n"+fence+"\n", "")
			if strip(joined) != strip(tc.text) {
				t.Errorf("split lost text:\n%q\nwant\n%q", strip(joined), strip(tc.text))
			}
		})
	}
}

// strip drops whitespace and fences, which split may move.
func strip(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, fence, "")), "")
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in    string
		limit int
		want  string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"a bit too long", 8, "a bit t…"},
		{"🐳🐳🐳", 4, "🐳…"},
		{"anything", 0, ""},
	}
	for _, tc := range tests {
		if got := truncate(tc.in, tc.limit); got != tc.want {
			t.Errorf("truncate(%q, %d) = %q; want %q", tc.in, tc.limit, got, tc.want)
		}
	}
}

func TestCardShowsStateAndTopic(t *testing.T) {
	c := *testCard().Card
	e := cardEmbed(c)
	if e.Footer.Text != "basic · volumes · 0 answered" || e.Color != colourOpen {
		t.Errorf("open card footer %q colour %x", e.Footer.Text, e.Color)
	}
	c.Correct = 1
	e = cardEmbed(c)
	if !strings.Contains(e.Description, "✅ **B) two**") || e.Color != colourRevealed {
		t.Errorf("revealed card = %q colour %x; want B marked, green", e.Description, e.Color)
	}
	for i := range quiz.NumChoices {
		if !strings.Contains(e.Description, quiz.Letter(i)+")") {
			t.Errorf("card lacks choice %s: %q", quiz.Letter(i), e.Description)
		}
	}
}
