package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// TestSeasonsAndFreezes plays a team across the end of a quarter: the
// season board, a past season's final board, an unknown season listing the
// valid ones, a freeze earned and announced in the verdict, and the
// settings an admin changes.
func TestSeasonsAndFreezes(t *testing.T) {
	f := newFixture(t)
	f.clock = newClock("2026-09-24T09:00:00Z")
	f.bot.now = f.clock.now
	team := f.team(t)
	var verdict Message
	for day := range 6 {
		occ := quiz.Occurrence{Key: fmt.Sprintf("d%d", day), At: f.clock.now()}
		if _, err := f.bot.Publish(ctx, team, occ, f.pub); err != nil {
			t.Fatal(err)
		}
		post := f.pub.sent[len(f.pub.sent)-1]
		verdict = f.click(t, teamCaller("ann"), post, rightLetter(t, post))
		f.clock.add(24 * time.Hour)
	}
	if strings.Contains(verdict.Text, "streak freeze") {
		t.Errorf("the sixth right answer announces a freeze:\n%s", verdict.Text)
	}
	stats := f.bot.CommandText(ctx, teamCaller("ann"), "stats")
	contains(t, "stats", stats.Text, "freezes: 1 held, 0 used")

	// 1 October: a new quarter; ann has no points in it yet.
	if got := f.clock.now().Format("2006-01-02"); got != "2026-09-30" {
		t.Fatalf("clock at %s", got)
	}
	f.clock.add(24 * time.Hour)
	board := f.bot.CommandText(ctx, teamCaller("ann"), "leaderboard season")
	contains(t, "season board", board.Text, "this season, 2026-Q4 (October to December)")
	contains(t, "empty season", board.Text, "No answers yet")
	past := f.bot.CommandText(ctx, teamCaller("ann"), "leaderboard season:2026-Q3")
	contains(t, "past season", past.Text, "Final board · season 2026-Q3 (July to September)")
	contains(t, "past season", past.Text, "1. **ANN**")
	contains(t, "unknown season", f.bot.CommandText(ctx, teamCaller("ann"), "leaderboard 2026-11").Text, "Seasons here: 2026-Q3, 2026-Q4")

	m := f.bot.CommandText(ctx, adminCaller("boss"), "config season=month freezes=off")
	contains(t, "config", m.Text, "Seasons: month · streak freezes: off")
	contains(t, "bad season", f.bot.CommandText(ctx, adminCaller("boss"), "config season=yearly").Text, "quarter, month or off")
	contains(t, "bad freezes", f.bot.CommandText(ctx, adminCaller("boss"), "config freezes=maybe").Text, "freezes must be on or off")
	contains(t, "month season", f.bot.CommandText(ctx, teamCaller("ann"), "leaderboard season").Text, "this season, October 2026")
}

func TestVerdictAnnouncesAFreeze(t *testing.T) {
	f := newFixture(t)
	team := f.team(t)
	var last Message
	for day := range 5 {
		if _, err := f.bot.Publish(ctx, team, quiz.Occurrence{Key: fmt.Sprintf("d%d", day), At: f.clock.now()}, f.pub); err != nil {
			t.Fatal(err)
		}
		post := f.pub.sent[len(f.pub.sent)-1]
		last = f.click(t, teamCaller("ann"), post, rightLetter(t, post))
		f.clock.add(24 * time.Hour)
	}
	contains(t, "fifth verdict", last.Text, "🧊 5 right in a row earn a **streak freeze** (1 of 2 held)")
}
