package questions

import "strings"

// unwrap joins the soft line breaks of Markdown paragraphs and list items,
// so a model answer written hard-wrapped in YAML flows on every platform
// (Discord and Slack show a newline as a line break). Fenced code blocks,
// blank lines and the start of each list item are kept.
func unwrap(md string) string {
	var out []string
	inCode, joinable := false, false
	for _, line := range strings.Split(strings.TrimRight(md, "\n"), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "```"):
			inCode = !inCode
			out = append(out, line)
			joinable = false
		case inCode:
			out = append(out, line)
		case trimmed == "":
			out = append(out, "")
			joinable = false
		case joinable && !startsBlock(trimmed):
			out[len(out)-1] += " " + trimmed
		default:
			out = append(out, strings.TrimRight(line, " "))
			joinable = true
		}
	}
	return strings.Join(out, "\n")
}

// startsBlock reports whether a line begins a list item or a quote, which
// keeps its own line.
func startsBlock(line string) bool {
	if strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "* ") || strings.HasPrefix(line, "> ") {
		return true
	}
	i := 0
	for i < len(line) && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(line) && line[i] == '.' && line[i+1] == ' '
}
