package discord

import (
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/bwmarrin/discordgo"

	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Discord's message limits, counted in UTF-16 code units here, which is
// never less than Discord's own count.
const (
	maxContent     = 2000
	maxTitle       = 256
	maxDescription = 4096
	maxFooter      = 2048
	maxEmbedsSize  = 6000
	maxButtonsRow  = 5
	maxRows        = 5
	maxModalTitle  = 45
	maxModalLabel  = 45
	maxPlaceholder = 100
	maxTextInput   = 4000
)

// Embed colours by state.
const (
	colourOpen     = 0x1D63ED // Docker blue: a question that takes answers
	colourRevealed = 0x2EA043 // green: the answer is out
	colourText     = 0x5865F2 // a long text moved into an embed
)

// rendered is a message in Discord's parts. Empty slices are empty, not
// nil, so an edit clears what the message had.
type rendered struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
}

// noMentions keeps names and texts from pinging anyone.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// render turns a neutral message into content, embeds and one action row:
// the text as content when it fits in 2,000 characters, else in embed
// descriptions; then the card as an embed; then the buttons.
func render(m bot.Message) rendered {
	r := rendered{Embeds: []*discordgo.MessageEmbed{}, Components: buttonRows(m.Buttons)}
	var card *discordgo.MessageEmbed
	if m.Card != nil {
		card = cardEmbed(*m.Card)
	}
	text := strings.TrimSpace(m.Text)
	if length(text) <= maxContent {
		r.Content = text
	} else {
		budget := maxEmbedsSize - embedSize(card)
		for _, chunk := range split(text, maxDescription) {
			if n := length(chunk); n <= budget {
				budget -= n
			} else {
				chunk, budget = truncate(chunk, budget), 0
			}
			if chunk == "" {
				break
			}
			r.Embeds = append(r.Embeds, &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Description: chunk, Color: colourText})
		}
	}
	if card != nil {
		r.Embeds = append(r.Embeds, card)
	}
	return r
}

// cardEmbed shows a question: the title, the prompt and the four choices,
// the right one marked after the reveal, and "level · topic · status" as
// the footer.
func cardEmbed(c bot.Card) *discordgo.MessageEmbed {
	lines := []string{strings.TrimSpace(c.Prompt), ""}
	for i, choice := range c.Choices {
		if i == c.Correct {
			lines = append(lines, fmt.Sprintf("✅ **%s) %s**", quiz.Letter(i), choice))
		} else {
			lines = append(lines, fmt.Sprintf("**%s)** %s", quiz.Letter(i), choice))
		}
	}
	var footer []string
	for _, s := range []string{string(c.Level), string(c.Topic), c.Footer} {
		if s != "" {
			footer = append(footer, s)
		}
	}
	colour := colourOpen
	if c.Correct >= 0 {
		colour = colourRevealed
	}
	e := &discordgo.MessageEmbed{
		Type:        discordgo.EmbedTypeRich,
		Title:       truncate(c.Title, maxTitle),
		Description: truncate(strings.Join(lines, "\n"), maxDescription),
		Color:       colour,
	}
	if len(footer) > 0 {
		e.Footer = &discordgo.MessageEmbedFooter{Text: truncate(strings.Join(footer, " · "), maxFooter)}
	}
	return e
}

// buttonRows puts the buttons in action rows of five.
func buttonRows(bs []bot.Button) []discordgo.MessageComponent {
	rows := []discordgo.MessageComponent{}
	for start := 0; start < len(bs) && len(rows) < maxRows; start += maxButtonsRow {
		var row discordgo.ActionsRow
		for _, b := range bs[start:min(start+maxButtonsRow, len(bs))] {
			row.Components = append(row.Components, discordgo.Button{
				Label: b.Label, Style: buttonStyle(b.Style), CustomID: b.ID, Disabled: b.Disabled,
			})
		}
		rows = append(rows, row)
	}
	return rows
}

func buttonStyle(s bot.ButtonStyle) discordgo.ButtonStyle {
	switch s {
	case bot.StyleSecondary:
		return discordgo.SecondaryButton
	case bot.StyleSuccess:
		return discordgo.SuccessButton
	}
	return discordgo.PrimaryButton
}

func embedSize(e *discordgo.MessageEmbed) int {
	if e == nil {
		return 0
	}
	n := length(e.Title) + length(e.Description)
	if e.Footer != nil {
		n += length(e.Footer.Text)
	}
	return n
}

// length counts s in UTF-16 code units.
func length(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// prefix returns the byte length of the longest prefix of s that fits in
// limit UTF-16 code units.
func prefix(s string, limit int) int {
	n := 0
	for i, r := range s {
		n += utf16.RuneLen(r)
		if n > limit {
			return i
		}
	}
	return len(s)
}

// truncate shortens s to limit, ending it with "…" when it cuts.
func truncate(s string, limit int) string {
	if length(s) <= limit {
		return s
	}
	if limit < 1 {
		return ""
	}
	return strings.TrimSpace(s[:prefix(s, limit-1)]) + "…"
}

// fence is a Markdown code fence; a chunk that ends inside a code block
// closes it, and the next chunk opens it again.
const fence = "```"

// split cuts text into chunks of at most limit, at a paragraph break when
// there is one in the second half of the chunk, else at a line break, else
// at a space.
func split(text string, limit int) []string {
	var chunks []string
	reserve := len("\n" + fence)
	for length(text) > limit {
		hard := prefix(text, limit-reserve)
		cut := hard
		for _, sep := range []string{"\n\n", "\n", " "} {
			if i := strings.LastIndex(text[:hard], sep); i > hard/2 {
				cut = i
				break
			}
		}
		chunk, rest := strings.TrimRight(text[:cut], " \n"), strings.TrimLeft(text[cut:], " \n")
		if strings.Count(chunk, fence)%2 == 1 {
			chunk += "\n" + fence
			rest = fence + "\n" + rest
		}
		chunks = append(chunks, chunk)
		text = rest
	}
	return append(chunks, text)
}
