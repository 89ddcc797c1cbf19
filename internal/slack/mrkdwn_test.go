package slack

import (
	"strings"
	"testing"
)

func TestMrkdwn(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"bold", "**Answer: B.** Because", "*Answer: B.* Because"},
		{"italic", "the *run* step and *whiteout* files", "the _run_ step and _whiteout_ files"},
		{"bold and italic", "**bold** and *italic*", "*bold* and _italic_"},
		{"underscore bold", "__bold__", "*bold*"},
		{"star inside a word", "a*b*c and 2*3", "a*b*c and 2*3"},
		{"code span kept", "use `docker run -p 8080:80 **x**` now", "use `docker run -p 8080:80 **x**` now"},
		{"code span escaped", "`cmd > out.txt && echo <ok>`", "`cmd &gt; out.txt &amp;&amp; echo &lt;ok&gt;`"},
		{"escape", "a < b & c > d", "a &lt; b &amp; c &gt; d"},
		{"channel and user mentions kept", "Posted to <#C123>, thanks <@U42> and <@U43|bob>", "Posted to <#C123>, thanks <@U42> and <@U43|bob>"},
		{"no broadcasts", "hi <!channel> <!here|here> <#general>", "hi &lt;!channel&gt; &lt;!here|here&gt; &lt;#general&gt;"},
		{"link", "see [the docs](https://docs.docker.com/engine/)", "see <https://docs.docker.com/engine/|the docs>"},
		{"bullets", "- one\n* two\n  - nested **b**", "• one\n• two\n  • nested *b*"},
		{"numbered list kept", "1. first\n2. second", "1. first\n2. second"},
		{"heading", "## How to answer", "*How to answer*"},
		{"quote", "> note: *careful*", "> note: _careful_"},
		{"fence loses its language", "```yaml\nservices:\n  web: {}\n```", "```\nservices:\n  web: {}\n```"},
		{"no marks inside fences", "```sh\ndocker run --rm **x** > /dev/null\n- not a list\n```", "```\ndocker run --rm **x** &gt; /dev/null\n- not a list\n```"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := mrkdwn(tc.in); got != tc.want {
				t.Errorf("mrkdwn(%q) = %q; want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSplitText(t *testing.T) {
	para := strings.Repeat("word ", 100) // 500 bytes
	code := "```\n" + strings.Repeat("line of code\n", 40) + "```"
	tests := []struct {
		name  string
		in    string
		limit int
		want  int
	}{
		{"short", "hello", 100, 1},
		{"empty", "  ", 100, 0},
		{"paragraphs packed", strings.Repeat(para+"\n\n", 6), 1100, 3},
		{"one long line", strings.Repeat("x", 250), 100, 3},
		{"a long code block", code, 200, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pieces := splitText(tc.in, tc.limit)
			if len(pieces) != tc.want {
				t.Errorf("splitText(%s, %d) = %d pieces; want %d", tc.name, tc.limit, len(pieces), tc.want)
			}
			for i, p := range pieces {
				if len(p) > tc.limit {
					t.Errorf("piece %d is %d bytes; limit %d", i, len(p), tc.limit)
				}
				if strings.Count(p, fenceMarker)%2 != 0 {
					t.Errorf("piece %d leaves a code block open:\n%s", i, p)
				}
			}
			joined := strings.Join(pieces, "")
			for _, r := range []string{"x", "word", "line of code"} {
				if strings.Count(joined, r) < strings.Count(tc.in, r) {
					t.Errorf("splitText lost %q", r)
				}
			}
		})
	}
}

func TestSplitWordsKeepsRunes(t *testing.T) {
	line := strings.Repeat("🐳", 30) // 4 bytes each
	for _, part := range splitWords(line, 10) {
		if len(part) > 10 || !strings.HasPrefix(part, "🐳") {
			t.Errorf("splitWords cut a rune: %q", part)
		}
	}
}
