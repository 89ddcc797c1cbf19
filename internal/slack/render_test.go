package slack

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"

	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/card"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func answerButtons(prefix string) []bot.Button {
	bs := make([]bot.Button, quiz.NumChoices)
	for i := range bs {
		bs[i] = bot.Button{ID: prefix + ":" + quiz.Letter(i), Label: quiz.Letter(i), Style: bot.StylePrimary}
	}
	return bs
}

func sampleCard() *bot.Card {
	return &bot.Card{
		Title:  "🐳 Docker question of the day · Monday 23 November",
		Prompt: "Two containers on the default bridge cannot reach each other by name, but on a user-defined bridge they can. Why?",
		Level:  quiz.Intermediate, Topic: quiz.Topic("networking"),
		Choices: [quiz.NumChoices]string{
			"Only user-defined networks get Docker's embedded DNS server for container names.",
			"The default bridge blocks all traffic between containers unless `--icc` is set.",
			"Name resolution needs every container to publish its ports with `-p`.",
			"Container names are only registered in DNS when `--hostname` is set.",
		},
		Footer:  "3 answered",
		Correct: -1,
	}
}

func TestBlocksGolden(t *testing.T) {
	revealed := sampleCard()
	revealed.Correct, revealed.Footer = 0, "Answer: A · 66% right · 3 answered"
	revealedButtons := answerButtons("v1:answer:12")
	for i := range revealedButtons {
		revealedButtons[i].Disabled, revealedButtons[i].Style = true, bot.StyleSecondary
	}
	revealedButtons[0].Style = bot.StyleSuccess

	// A record ending on Wednesday 2 December 2026: right on Monday and
	// today, wrong on Tuesday, a freeze a week earlier, a miss before it.
	days := make([]card.Day, card.MaxDays)
	for back, d := range map[int]card.Day{0: card.Right, 1: card.Wrong, 2: card.Right, 7: card.Frozen, 8: card.Missed} {
		days[len(days)-1-back] = d
	}
	record := &card.Stats{Name: "Ann", Days: days, Today: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}

	practice := sampleCard()
	practice.Title, practice.Footer = "Practice quiz · question 2 of 5", ""
	tests := []struct {
		name string
		m    bot.Message
	}{
		{"daily", bot.Message{Card: sampleCard(), Buttons: answerButtons("v1:answer:12")}},
		{"revealed", bot.Message{Card: revealed, Buttons: revealedButtons}},
		{"practice-reply", bot.Message{Private: true, Replace: true,
			Text: "✅ **Right!** A. Only user-defined networks get Docker's embedded DNS server.\n\nThe default bridge predates the embedded DNS server; `--link` was the old way.",
			Card: practice, Buttons: answerButtons("v1:practice:7:1")}},
		{"stats", bot.Message{Private: true, Text: "📊 **Stats for Ann**\nPoints: 21 · rank #2 of 5\nStreak: 1 · best 2", Record: record}},
		{"model-answer", bot.Message{Text: "**Answer: A.** Only user-defined networks…\n\n**How to answer this in an interview**\n\n- user-defined bridges resolve `name` and aliases\n- compose creates one per project\n\n```sh\ndocker network create app\ndocker run -d --network app --name db postgres:16\n```"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := json.MarshalIndent(map[string]any{"text": fallbackText(tc.m), "blocks": blocks(tc.m)}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tc.name+".golden.json")
			if *update {
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(append(got, '\n'), want) {
				t.Errorf("blocks(%s) =\n%s\nwant (%s)\n%s", tc.name, got, golden, want)
			}
		})
	}
}

func TestRevealedPostHasNoButtons(t *testing.T) {
	card := sampleCard()
	card.Correct = 2
	bs := answerButtons("v1:answer:3")
	for i := range bs {
		bs[i].Disabled = true
	}
	text := blockText(t, blocks(bot.Message{Card: card, Buttons: bs}))
	if strings.Contains(text, `"actions"`) {
		t.Errorf("revealed post has an actions block: %s", text)
	}
	if !strings.Contains(text, "**C)** Name resolution needs every container to publish its ports with `-p`.  ✅") {
		t.Errorf("revealed post does not mark C: %s", text)
	}
}

// TestBankFitsSlack renders every question of the embedded bank as a
// daily post, revealed, and its model answer, and checks Slack's limits.
func TestBankFitsSlack(t *testing.T) {
	bank := embeddedBank(t)
	b := bot.New(bot.Config{Bank: bank})
	team := quiz.Team{ID: teamID(fakeTeam), Timezone: "Europe/Berlin"}
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	for i, q := range bank.All() {
		id := uint64(i + 1)
		p := quiz.Post{ID: id, Team: team.ID, QuestionID: q.ID, ScheduledAt: at, Order: quiz.NewPermutation(quiz.PostSeed(id)), Answers: 1234, Right: 617}
		p.Correct = p.Order.CorrectLetter(q)
		revealed := p
		revealed.Revealed = true
		for what, m := range map[string]bot.Message{"post": b.PostMessage(team, p), "revealed": b.PostMessage(team, revealed), "answer": b.ModelAnswer(p)} {
			checkLimits(t, q.ID+" "+what, m)
		}
	}
}

func checkLimits(t *testing.T, what string, m bot.Message) {
	t.Helper()
	bs := blocks(m)
	if len(bs) == 0 || len(bs) > 50 {
		t.Errorf("%s: %d blocks; want 1 to 50", what, len(bs))
	}
	if n := utf8.RuneCountInString(fallbackText(m)); n > fallbackLimit {
		t.Errorf("%s: fallback text of %d characters", what, n)
	}
	for _, b := range bs {
		switch b := b.(type) {
		case *slackapi.SectionBlock:
			if err := b.Text.Validate(); err != nil {
				t.Errorf("%s: section: %v", what, err)
			}
			if strings.Count(b.Text.Text, fenceMarker)%2 != 0 {
				t.Errorf("%s: section leaves a code block open", what)
			}
		case *slackapi.HeaderBlock:
			if n := utf8.RuneCountInString(b.Text.Text); n > headerLimit {
				t.Errorf("%s: header of %d characters", what, n)
			}
		case *slackapi.ActionBlock:
			if b.BlockID == "" {
				t.Errorf("%s: actions block without block_id", what)
			}
			for _, el := range b.Elements.ElementSet {
				if btn := el.(*slackapi.ButtonBlockElement); len(btn.ActionID) > 255 {
					t.Errorf("%s: action_id %q too long", what, btn.ActionID)
				}
			}
		}
	}
}
