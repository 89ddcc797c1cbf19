package bot

import (
	"reflect"
	"strings"
	"testing"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		in   string
		want Command
	}{
		{"", Command{Name: CmdHelp}},
		{"/docker", Command{Name: CmdHelp}},
		{"/docker question", Command{Name: CmdQuestion}},
		{"question networking advanced", Command{Name: CmdQuestion, Topic: "networking", Level: quiz.Advanced}},
		{"question level=basic topic=Security", Command{Name: CmdQuestion, Topic: "security", Level: quiz.Basic}},
		{"quiz", Command{Name: CmdQuiz}},
		{"QUIZ 10 swarm", Command{Name: CmdQuiz, Count: 10, Topic: "swarm"}},
		{"quiz count=3 intermediate", Command{Name: CmdQuiz, Count: 3, Level: quiz.Intermediate}},
		{"review", Command{Name: CmdReview}},
		{"leaderboard", Command{Name: CmdLeaderboard}},
		{"leaderboard month", Command{Name: CmdLeaderboard, Period: quiz.Month}},
		{"leaderboard period=all", Command{Name: CmdLeaderboard, Period: quiz.All}},
		{"stats", Command{Name: CmdStats}},
		{"stats <@U024BE7LH|ann>", Command{Name: CmdStats, User: "U024BE7LH"}},
		{"stats <@!80351110224678912>", Command{Name: CmdStats, User: "80351110224678912"}},
		{"stats @bob", Command{Name: CmdStats, User: "bob"}},
		{"help", Command{Name: CmdHelp}},
	}
	for _, tc := range tests {
		got, err := ParseCommand(tc.in)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseCommand(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestParseCommandMistakes(t *testing.T) {
	tests := []struct {
		in, hint string
	}{
		{"questions", `Unknown command "questions". Try `},
		{"question kubernetes", "`question` does not take \"kubernetes\". Usage: `/docker question [topic] [level]`"},
		{"question level=expert", `unknown level "expert"`},
		{"quiz 0", "count must be a number from 1 to 20"},
		{"quiz 21", "count must be a number from 1 to 20"},
		{"quiz count=many", "count must be a number from 1 to 20"},
		{"leaderboard year", `unknown period "year": use week, month, season or all`},
		{"review now", "`review` does not take"},
		{"quiz topic=k8s", `unknown topic "k8s"`},
	}
	for _, tc := range tests {
		_, err := ParseCommand(tc.in)
		if quiz.ErrorCode(err) != quiz.EINVALID || !strings.Contains(quiz.ErrorMessage(err), tc.hint) {
			t.Errorf("ParseCommand(%q) error = %v; want EINVALID with %q", tc.in, err, tc.hint)
		}
	}
}

func TestButtonIDRoundTrip(t *testing.T) {
	for _, a := range []ButtonAction{
		{Kind: ButtonAnswer, ID: 42, Letter: 3},
		{Kind: ButtonPractice, ID: 7, Index: 4, Letter: 0},
	} {
		got, err := ParseButtonID(a.String())
		if err != nil || got != a {
			t.Errorf("ParseButtonID(%q) = %+v, %v; want %+v", a.String(), got, err, a)
		}
	}
	if got := (ButtonAction{Kind: ButtonAnswer, ID: 42, Letter: 1}).String(); got != "v1:answer:42:B" {
		t.Errorf("answer button id = %q; want v1:answer:42:B", got)
	}
}

func TestParseButtonIDRejectsOthers(t *testing.T) {
	for _, id := range []string{
		"", "v0:answer:42:B", "v2:answer:42:B", "answer:42:B", "v1:answer:x:B", "v1:answer:0:B",
		"v1:answer:42:E", "v1:answer:42:BB", "v1:answer:42", "v1:vote:42:B", "v1:practice:7:B",
		"v1:practice:7:-1:B", "v1:practice:7:99:B", "v1:answer:42:B:extra",
	} {
		if _, err := ParseButtonID(id); quiz.ErrorCode(err) != quiz.EINVALID || !strings.Contains(err.Error(), "another version") {
			t.Errorf("ParseButtonID(%q) error = %v; want the stale-button message", id, err)
		}
	}
}
