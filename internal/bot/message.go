package bot

import (
	"github.com/dockerqotd/dockerqotd/internal/card"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Message is a platform-neutral reply or post. Adapters render it: an embed
// and components on Discord, Block Kit on Slack, text in the terminal.
type Message struct {
	// Private messages are shown only to the user who asked or clicked.
	Private bool
	// Replace asks the adapter to show the message in place of the one
	// whose button was pressed (practice rounds advance in place), where
	// the platform allows it.
	Replace bool
	// Text is shown first, in Markdown (bold, inline code, code blocks,
	// lists); adapters convert it to their platform's dialect.
	Text string
	// Card is a question with its choices, shown after Text.
	Card    *Card
	Buttons []Button
	// Note says in a line what a click did, for interfaces that show a new
	// message instead of replacing the clicked one (the terminal): the
	// rest of the message is what they already showed.
	Note string
	// Form asks for a written answer. Where the platform has forms the
	// adapter opens one (a Discord modal from a button, a Slack modal); a
	// text interface reads the answer as typed lines.
	Form *Form
	// Record is a member's record for interfaces that draw it: Discord
	// attaches it as a picture, the terminal and Slack show its calendar.
	// Text says the same in words.
	Record *card.Stats
}

// Form is a request for free text, sent back with Bot.Submit.
type Form struct {
	// ID identifies the form on its way back, like a button id.
	ID string
	// Title heads the form (Discord and Slack allow 24 to 45 characters).
	Title string
	// Prompt is the question, in Markdown, for forms that can show it.
	Prompt string
	// Label names the input (at most 45 characters).
	Label string
	// Placeholder hints at the answer inside the empty input.
	Placeholder string
	// MaxLength is the longest answer taken, in characters.
	MaxLength int
}

// Card is a question as shown to users.
type Card struct {
	Title   string
	Prompt  string
	Level   quiz.Level
	Topic   quiz.Topic
	Choices [quiz.NumChoices]string
	// Footer is a short status line: "12 answered", or the reveal.
	Footer string
	// Correct is the shown position of the right choice once revealed,
	// -1 before.
	Correct int
}

// ButtonStyle hints how a button looks.
type ButtonStyle int

// Button styles.
const (
	StylePrimary ButtonStyle = iota
	StyleSecondary
	StyleSuccess
)

// Button is one clickable answer. Its ID carries everything needed to act
// on a click (see ParseButtonID), so it keeps working after a restart.
type Button struct {
	ID       string
	Label    string
	Style    ButtonStyle
	Disabled bool
	// Word is what a text interface types to press the button: "a" for
	// answer A, "good" for a rating, "covered 2" for an appeal.
	Word string
	// OpensForm marks a button whose click asks for a written answer, so
	// that an adapter answers it with the form at once (a Discord modal
	// cannot follow a deferral).
	OpensForm bool
}

func private(text string) Message { return Message{Private: true, Text: text} }
