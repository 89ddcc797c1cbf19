package slack

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// sectionLimit is the most text a section block holds. Slack counts
// characters; the adapter counts bytes, which is never fewer.
const sectionLimit = 3000

var (
	// slackToken matches the <…> forms the core writes on purpose:
	// <#C123> channels, <@U123> users (with an optional |label) and links.
	// Anything else, <!channel> included, is escaped and shows as typed.
	slackToken = regexp.MustCompile(`<(?:[#@][A-Z0-9]+(?:\|[^<>|]*)?|https?://[^<>\s|]+(?:\|[^<>|]*)?)>`)
	heading    = regexp.MustCompile(`^\s{0,3}#{1,6}\s+(.+?)\s*#*$`)
	bullet     = regexp.MustCompile(`^(\s*)[-*+]\s+(.*)$`)
	link       = regexp.MustCompile(`\[([^\]\n]+)\]\((https?://[^)\s]+)\)`)
	boldStars  = regexp.MustCompile(`\*\*(\S(?:.*?\S)?)\*\*`)
	boldUnder  = regexp.MustCompile(`__(\S(?:.*?\S)?)__`)
)

// fenceMarker opens and closes a code block.
const fenceMarker = "```"

// boldMark stands in for Slack's bold "*" while single "*" (italic) are
// converted, so the two are not confused.
const boldMark = "\x00"

// mrkdwn converts the core's Markdown to Slack's mrkdwn: **bold** becomes
// *bold*, *italic* _italic_, list bullets "•", headings bold lines and
// [text](url) links <url|text>. Code spans and fenced blocks are kept (a
// fence loses its language, which Slack would show as code), and &, < and
// > are escaped everywhere except in the <#C…> and <@U…> forms.
func mrkdwn(md string) string {
	lines := strings.Split(md, "\n")
	inCode := false
	for i, line := range lines {
		if strings.HasPrefix(strings.TrimSpace(line), fenceMarker) {
			lines[i] = fenceMarker
			inCode = !inCode
			continue
		}
		if inCode {
			lines[i] = escape(line)
			continue
		}
		lines[i] = mrkdwnLine(line)
	}
	return strings.Join(lines, "\n")
}

// mrkdwnLine converts one line outside code blocks.
func mrkdwnLine(line string) string {
	if m := heading.FindStringSubmatch(line); m != nil {
		return "*" + strings.Trim(inline(m[1]), "*") + "*"
	}
	if m := bullet.FindStringSubmatch(line); m != nil {
		return m[1] + "• " + inline(m[2])
	}
	if rest, ok := strings.CutPrefix(line, "> "); ok {
		return "> " + inline(rest)
	}
	return inline(line)
}

// inline converts the inline marks of a line, leaving code spans as they
// are but escaped.
func inline(line string) string {
	var b strings.Builder
	for {
		start := strings.IndexByte(line, '`')
		if start < 0 {
			break
		}
		end := strings.IndexByte(line[start+1:], '`')
		if end < 0 {
			break
		}
		end += start + 1
		b.WriteString(prose(line[:start]))
		b.WriteString("`" + escape(line[start+1:end]) + "`")
		line = line[end+1:]
	}
	b.WriteString(prose(line))
	return b.String()
}

// prose converts text outside code spans.
func prose(s string) string {
	if s == "" {
		return s
	}
	s = escapeKeepingTokens(s)
	s = link.ReplaceAllString(s, "<$2|$1>")
	s = boldStars.ReplaceAllString(s, boldMark+"$1"+boldMark)
	s = boldUnder.ReplaceAllString(s, boldMark+"$1"+boldMark)
	s = italics(s)
	return strings.ReplaceAll(s, boldMark, "*")
}

// italics turns *word* into _word_: an opening "*" followed by a
// non-space, a closing one preceded by a non-space and not followed by a
// letter or digit.
func italics(s string) string {
	if !strings.Contains(s, "*") {
		return s
	}
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		if rs[i] != '*' || i+1 >= len(rs) || unicode.IsSpace(rs[i+1]) || (i > 0 && isWordRune(rs[i-1])) {
			continue
		}
		for j := i + 2; j < len(rs); j++ {
			if rs[j] == '*' && !unicode.IsSpace(rs[j-1]) && (j+1 == len(rs) || !isWordRune(rs[j+1])) {
				rs[i], rs[j] = '_', '_'
				i = j
				break
			}
		}
	}
	return string(rs)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// escape replaces the three characters Slack wants escaped.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// escapeKeepingTokens escapes s except for Slack's own <…> forms.
func escapeKeepingTokens(s string) string {
	var b strings.Builder
	last := 0
	for _, loc := range slackToken.FindAllStringIndex(s, -1) {
		b.WriteString(escape(s[last:loc[0]]))
		b.WriteString(s[loc[0]:loc[1]])
		last = loc[1]
	}
	b.WriteString(escape(s[last:]))
	return b.String()
}

// splitText cuts mrkdwn into pieces of at most limit bytes: between
// paragraphs where it can, else between lines, else between words. A code
// block cut in two is closed at the end of one piece and reopened at the
// start of the next.
func splitText(s string, limit int) []string {
	s = strings.TrimSpace(s)
	if len(s) <= limit {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	var pieces []string
	cur := ""
	for _, para := range paragraphs(s) {
		switch {
		case cur == "":
			cur = para
		case len(cur)+2+len(para) <= limit:
			cur += "\n\n" + para
			continue
		default:
			pieces = append(pieces, cur)
			cur = para
		}
		if len(cur) > limit {
			parts := splitLines(cur, limit)
			pieces = append(pieces, parts[:len(parts)-1]...)
			cur = parts[len(parts)-1]
		}
	}
	return append(pieces, cur)
}

// paragraphs splits s at blank lines outside code blocks.
func paragraphs(s string) []string {
	var out []string
	var cur []string
	inCode := false
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), fenceMarker) {
			inCode = !inCode
		}
		if !inCode && strings.TrimSpace(line) == "" {
			if len(cur) > 0 {
				out = append(out, strings.Join(cur, "\n"))
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		out = append(out, strings.Join(cur, "\n"))
	}
	return out
}

// splitLines packs the lines of one long paragraph into pieces of at most
// limit bytes, closing and reopening a code block cut in two.
func splitLines(para string, limit int) []string {
	const reserve = len("\n" + fenceMarker)
	var pieces, buf []string
	size := 0
	inCode := false
	flush := func() {
		piece := strings.Join(buf, "\n")
		buf, size = nil, 0
		if inCode {
			piece += "\n" + fenceMarker
			buf, size = []string{fenceMarker}, len(fenceMarker)
		}
		pieces = append(pieces, piece)
	}
	for _, line := range strings.Split(para, "\n") {
		for _, part := range splitWords(line, limit-2*reserve) {
			if len(buf) > 0 && size+1+len(part)+reserve > limit {
				flush()
			}
			if len(buf) > 0 {
				size++
			}
			buf = append(buf, part)
			size += len(part)
		}
		if strings.HasPrefix(strings.TrimSpace(line), fenceMarker) {
			inCode = !inCode
		}
	}
	if len(buf) > 0 {
		pieces = append(pieces, strings.Join(buf, "\n"))
	}
	return pieces
}

// splitWords cuts a line longer than limit bytes at spaces, or inside a
// word that is itself too long, never inside a UTF-8 character.
func splitWords(line string, limit int) []string {
	var parts []string
	for len(line) > limit {
		cut := strings.LastIndexByte(line[:limit+1], ' ')
		if cut <= 0 {
			cut = limit
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut--
			}
		}
		parts = append(parts, strings.TrimRight(line[:cut], " "))
		line = strings.TrimLeft(line[cut:], " ")
	}
	return append(parts, line)
}

// truncate shortens s to at most n runes, ending in "…" when cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)
	return strings.TrimSpace(string(rs[:n-1])) + "…"
}
