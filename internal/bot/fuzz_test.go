package bot

import (
	"slices"
	"testing"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// FuzzParseButtonID: any custom_id a platform delivers is either a valid
// action that encodes back to itself or a polite EINVALID; never a panic.
func FuzzParseButtonID(f *testing.F) {
	for _, s := range []string{"v1:answer:42:B", "v1:practice:7:3:D", "v0:answer:1:A", "v1:answer:18446744073709551615:A", "v1:practice:1:20:a", "", ":::"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		a, err := ParseButtonID(id)
		if err != nil {
			if quiz.ErrorCode(err) != quiz.EINVALID {
				t.Fatalf("ParseButtonID(%q) error %v is not EINVALID", id, err)
			}
			return
		}
		again, err := ParseButtonID(a.String())
		if err != nil || again != a {
			t.Fatalf("ParseButtonID(%q) = %+v, which encodes to %q and parses to %+v, %v", id, a, a.String(), again, err)
		}
		if a.Letter < 0 || a.Letter >= quiz.NumChoices || a.ID == 0 {
			t.Fatalf("ParseButtonID(%q) = %+v: out of range", id, a)
		}
	})
}

// FuzzParseCommand: any /docker text gives a known command or a hint.
func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"", "quiz 5 networking basic", "question level=advanced topic=swarm", "leaderboard month", "stats <@U024BE7LH|ann>",
		"schedule <#C024BE91L|general> 0 9 * * 1-5 Europe/Berlin", `schedule "30 2 * * *" America/New_York`, "config level=basic,intermediate reveal=8h", "post-now", "/docker help", "quiz count=99"} {
		f.Add(s)
	}
	known := append(slices.Clone(Commands), AdminCommands...)
	f.Fuzz(func(t *testing.T, text string) {
		cmd, err := ParseCommand(text)
		if err != nil {
			if quiz.ErrorCode(err) != quiz.EINVALID || quiz.ErrorMessage(err) == "" {
				t.Fatalf("ParseCommand(%q) error %v: want EINVALID with a hint", text, err)
			}
			return
		}
		if !slices.Contains(known, cmd.Name) {
			t.Fatalf("ParseCommand(%q) = unknown command %q", text, cmd.Name)
		}
	})
}
