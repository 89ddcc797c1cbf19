package slack

import (
	"fmt"
	"slices"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/card"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Block Kit limits the renderer keeps to.
const (
	headerLimit   = 150
	fallbackLimit = 3000
	// markdownLimit is the most text a markdown block takes.
	markdownLimit = 12000
)

// Response types of replies to commands and clicks.
const (
	ephemeral = "ephemeral"
	inChannel = "in_channel"
)

// blocks renders a message in Block Kit:
//
//	markdown…  the text, in pieces of at most 12,000 characters
//	header     the card's title
//	context    "level · topic"
//	markdown   the prompt and the choices "**A)** …", the right one marked ✅ once revealed
//	context    the footer ("3 answered", or the reveal line)
//	section    a record's calendar, an emoji grid (see calendarBlocks)
//	context    its legend
//	actions    buttons A–D, block_id "answers-<id>", action_id the core's button id
//
// The core writes standard Markdown, and a markdown block lets Slack render
// it, code blocks and lists included, so messages need no conversion; the
// mrkdwn conversion is left for the surfaces and fields that do not take
// markdown blocks (headers, context lines, the notification text, App Home).
// A markdown block carries no block id (Slack drops it).
//
// Slack buttons cannot be disabled, so disabled buttons are left out: a
// revealed post has no actions block, and its card marks the right choice
// and its footer tells the result.
func blocks(m bot.Message) []slackapi.Block {
	var bs []slackapi.Block
	for _, piece := range splitText(forMarkdownBlock(m.Text), markdownLimit) {
		bs = append(bs, slackapi.NewMarkdownBlock("", piece))
	}
	if c := m.Card; c != nil {
		bs = append(bs,
			slackapi.NewHeaderBlock(slackapi.NewTextBlockObject(slackapi.PlainTextType, truncate(c.Title, headerLimit), true, false)),
			contextBlock(fmt.Sprintf("%s · %s", c.Level, c.Topic)),
		)
		for _, piece := range splitText(forMarkdownBlock(cardBody(*c)), markdownLimit) {
			bs = append(bs, slackapi.NewMarkdownBlock("", piece))
		}
		if c.Footer != "" {
			bs = append(bs, contextBlock(mrkdwn(c.Footer)))
		}
	}
	if cal := calendarBlocks(m.Record); cal != nil {
		bs = append(bs, cal...)
	}
	if a := actions(m.Buttons); a != nil {
		bs = append(bs, a)
	}
	return bs
}

// slackWeeks is how many weeks the Slack calendar shows: a quarter, a line
// a week, which a phone shows without wrapping and without pushing the
// rest of the stats out of view.
const slackWeeks = 13

// calendarBlocks draws a record's daily questions as an emoji grid, a line
// per week from Monday to Sunday under the week's Monday, with a legend:
// nil for no record, or one without daily questions. Emoji and not an
// uploaded picture: a file upload needs the files:write scope, and a file
// shared in a channel is listed for everyone in it, while stats are
// private (an ephemeral message cannot carry an upload).
func calendarBlocks(rec *card.Stats) []slackapi.Block {
	if rec == nil || !slices.ContainsFunc(rec.Days, func(d card.Day) bool { return d != card.NoPost }) {
		return nil
	}
	emoji := map[card.Day]string{card.Right: "🟩", card.Wrong: "🟥", card.Missed: "⬜", card.Frozen: "🧊", card.NoPost: "▫️"}
	weeks := card.Weeks(rec.Days, rec.Today.Weekday(), slackWeeks)
	monday := rec.Today.AddDate(0, 0, -(int(rec.Today.Weekday())+6)%7-7*(slackWeeks-1))
	lines := []string{"*Daily questions · last 13 weeks*"}
	for i, week := range weeks {
		line := "`" + monday.AddDate(0, 0, 7*i).Format("Jan 02") + "` "
		for _, d := range week {
			line += emoji[d]
		}
		lines = append(lines, line)
	}
	return []slackapi.Block{
		sectionBlock(strings.Join(lines, "\n")),
		contextBlock("🟩 right · 🟥 wrong · ⬜ missed · 🧊 kept by a freeze · ▫️ no question"),
	}
}

// forMarkdownBlock fits the core's Markdown to what a markdown block
// renders. The core puts lines that belong apart (a board, stats, the
// choices) on lines of their own, which standard Markdown would join into
// one paragraph, so each such line ends in a hard break (two spaces). A
// markdown block does not highlight code, so a fence loses its language
// ("```sh" becomes "```") rather than show it. Code stays as it is.
func forMarkdownBlock(md string) string {
	lines := strings.Split(md, "\n")
	inCode := false
	for i, line := range lines {
		if strings.HasPrefix(strings.TrimSpace(line), fenceMarker) {
			inCode = !inCode
			lines[i] = fenceMarker
			continue
		}
		if !inCode && i+1 < len(lines) && strings.TrimSpace(line) != "" && strings.TrimSpace(lines[i+1]) != "" &&
			!strings.HasPrefix(strings.TrimSpace(lines[i+1]), fenceMarker) {
			lines[i] = strings.TrimRight(line, " ") + "  "
		}
	}
	return strings.Join(lines, "\n")
}

// cardBody is the prompt and the four choices, in Markdown.
func cardBody(c bot.Card) string {
	lines := []string{c.Prompt, ""}
	for i, choice := range c.Choices {
		line := fmt.Sprintf("**%s)** %s", quiz.Letter(i), choice)
		if i == c.Correct {
			line += "  ✅"
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func sectionBlock(text string) *slackapi.SectionBlock {
	return slackapi.NewSectionBlock(slackapi.NewTextBlockObject(slackapi.MarkdownType, text, false, false), nil, nil)
}

func contextBlock(text string) *slackapi.ContextBlock {
	return slackapi.NewContextBlock("", slackapi.NewTextBlockObject(slackapi.MarkdownType, text, false, false))
}

// actions renders the enabled buttons, or nil when there are none. The
// block id is named after the buttons' common id prefix ("answers-v1:answer:12"),
// so it is unique within a message and always present: slack-go reads an
// action without a block id as a legacy attachment action.
func actions(buttons []bot.Button) *slackapi.ActionBlock {
	var els []slackapi.BlockElement
	for _, b := range buttons {
		if b.Disabled {
			continue
		}
		btn := slackapi.NewButtonBlockElement(b.ID, b.ID, slackapi.NewTextBlockObject(slackapi.PlainTextType, b.Label, false, false))
		if b.Style == bot.StylePrimary || b.Style == bot.StyleSuccess {
			btn = btn.WithStyle(slackapi.StylePrimary)
		}
		els = append(els, btn)
	}
	if len(els) == 0 {
		return nil
	}
	return slackapi.NewActionBlock(actionsBlockID(buttons[0].ID), els...)
}

func actionsBlockID(buttonID string) string {
	if i := strings.LastIndexByte(buttonID, ':'); i > 0 {
		buttonID = buttonID[:i]
	}
	return "answers-" + buttonID
}

// fallbackText is the message's text field, which Slack shows in
// notifications and where blocks cannot be shown.
func fallbackText(m bot.Message) string {
	var parts []string
	if m.Text != "" {
		parts = append(parts, mrkdwn(m.Text))
	}
	if c := m.Card; c != nil {
		parts = append(parts, escape(c.Title), mrkdwn(c.Prompt))
	}
	text := truncate(strings.Join(parts, "\n\n"), fallbackLimit)
	if text == "" {
		text = " "
	}
	return text
}

// msgOptions are the chat.postMessage / chat.update options of m.
func msgOptions(m bot.Message) []slackapi.MsgOption {
	return []slackapi.MsgOption{
		slackapi.MsgOptionText(fallbackText(m), false),
		slackapi.MsgOptionBlocks(blocks(m)...),
	}
}

// webhookMessage is m as the body of a command's acknowledgement or of a
// post to a response_url.
func webhookMessage(m bot.Message, responseType string, replace bool) *slackapi.WebhookMessage {
	return &slackapi.WebhookMessage{
		Text:            fallbackText(m),
		Blocks:          &slackapi.Blocks{BlockSet: blocks(m)},
		ResponseType:    responseType,
		ReplaceOriginal: replace,
	}
}

// responseType is how a reply to a command shows: to the caller only, or
// to the channel (the leaderboard).
func responseType(m bot.Message) string {
	if m.Private {
		return ephemeral
	}
	return inChannel
}
