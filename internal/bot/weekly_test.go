package bot

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// publishDay publishes the team's post of the clock's day and returns the
// sent post's message.
func (f *fixture) publishDay(t *testing.T, team quiz.Team) Message {
	t.Helper()
	occ := quiz.Occurrence{Key: f.clock.now().Format(quiz.OccurrenceKeyLayout), At: f.clock.now()}
	if _, err := f.bot.Publish(ctx, team, occ, f.pub); err != nil {
		t.Fatal(err)
	}
	return f.pub.sent[len(f.pub.sent)-1]
}

// sentWith returns the messages sent to the channel whose text contains s.
func (f *fixture) sentWith(s string) []Message {
	var out []Message
	for _, m := range f.pub.sent {
		if strings.Contains(m.Text, s) {
			out = append(out, m)
		}
	}
	return out
}

// TestSeasonArchive plays the last days of a quarter and the first of the
// next: the final board goes out once, before the first question of the
// new season, with medals; best season ranks are kept; a second replica,
// or a restart, publishing the same or a later post sends no second one.
func TestSeasonArchive(t *testing.T) {
	f := newFixture(t)
	f.clock = newClock("2026-09-29T09:00:00Z")
	f.bot.now = f.clock.now
	team := f.team(t)
	for day := range 2 {
		post := f.publishDay(t, team)
		f.click(t, teamCaller("ann"), post, rightLetter(t, post))
		if day == 0 {
			f.click(t, teamCaller("bob"), post, rightLetter(t, post))
			f.click(t, teamCaller("cat"), post, wrongLetter(t, post))
		}
		f.clock.add(24 * time.Hour)
	}
	f.publishDay(t, team) // Thursday 1 October
	archives := f.sentWith("is over")
	if len(archives) != 1 {
		t.Fatalf("%d final boards sent; want 1", len(archives))
	}
	text := archives[0].Text
	contains(t, "final board", text, "Season 2026-Q3 (July to September) is over")
	contains(t, "gold", text, "🥇 **ANN** · 21 points")
	contains(t, "silver", text, "🥈 **BOB** · 10 points")
	contains(t, "totals", text, "2 players scored with 4 answers this season")
	if strings.Contains(text, "CAT") {
		t.Errorf("a member without points is on the final board:\n%s", text)
	}
	if i := slices.IndexFunc(f.pub.sent, func(m Message) bool { return strings.Contains(m.Text, "is over") }); i != len(f.pub.sent)-2 || f.pub.sent[len(f.pub.sent)-1].Card == nil {
		t.Errorf("the final board is not right before the new season's first question")
	}
	for user, rank := range map[string]int{"ann": 1, "bob": 2} {
		st, err := f.store.UserStats(ctx, team.ID, user)
		if err != nil || st.BestSeasonRank != rank || st.BestSeason != "2026-Q3" {
			t.Errorf("%s's best season = #%d %s, %v; want #%d 2026-Q3", user, st.BestSeasonRank, st.BestSeason, err, rank)
		}
	}
	contains(t, "stats", f.bot.CommandText(ctx, teamCaller("ann"), "stats").Text, "best season rank #1 (2026-Q3)")

	// Another replica (or the bot after a restart) publishes the same
	// occurrence, then the next day's: no second final board.
	other := New(Config{Store: f.store, Bank: f.bot.bank, Now: f.clock.now, Seed: 2})
	if _, err := other.Publish(ctx, team, quiz.Occurrence{Key: "2026-10-01T09:00", At: f.clock.now()}, f.pub); err != nil {
		t.Fatal(err)
	}
	f.clock.add(24 * time.Hour)
	if _, err := other.Publish(ctx, team, quiz.Occurrence{Key: "2026-10-02T09:00", At: f.clock.now()}, f.pub); err != nil {
		t.Fatal(err)
	}
	if n := len(f.sentWith("is over")); n != 1 {
		t.Errorf("%d final boards after another replica published; want 1", n)
	}
}

// TestWeeklyRecap: the first question of a week comes after a recap of
// the week before, sent once; a week without answers gets none; a team
// with recap=off gets none.
func TestWeeklyRecap(t *testing.T) {
	f := newFixture(t)
	team := f.team(t) // Monday 23 November 2026
	for day := range 3 {
		post := f.publishDay(t, team)
		f.click(t, teamCaller("ann"), post, rightLetter(t, post))
		if day < 2 {
			f.click(t, teamCaller("bob"), post, wrongLetter(t, post))
		}
		f.clock.add(24 * time.Hour)
	}
	if len(f.sentWith("Last week in review")) != 0 {
		t.Fatal("a recap went out in the middle of the week")
	}
	f.clock.add(4 * 24 * time.Hour) // Monday 30 November
	f.publishDay(t, team)
	recaps := f.sentWith("Last week in review")
	if len(recaps) != 1 {
		t.Fatalf("%d recaps sent; want 1", len(recaps))
	}
	text := recaps[0].Text
	for _, want := range []string{
		"2026-W48 (Monday 23 November to Sunday 29 November)",
		"2 players · 5 answers · 60% right",
		"1. **ANN** · 33 points · streak 3",
		"🧗 Hardest: ",
		"(50% right of 2)",
		"🍰 Easiest: ",
		"(100% right of 1)",
		"🔥 Longest running streak: **ANN**, 3 right in a row",
	} {
		contains(t, "recap", text, want)
	}
	// The rest of the week brings no second recap.
	f.clock.add(24 * time.Hour)
	f.publishDay(t, team)
	if n := len(f.sentWith("Last week in review")); n != 1 {
		t.Errorf("%d recaps after another post in the week; want 1", n)
	}
	// Week 49 had answers from nobody: no recap on 7 December.
	f.clock.add(6 * 24 * time.Hour)
	f.publishDay(t, team)
	if n := len(f.sentWith("Last week in review")); n != 1 {
		t.Errorf("a week without answers got a recap (%d in all)", n)
	}

	g := newFixture(t)
	gteam := g.team(t)
	contains(t, "config", g.bot.CommandText(ctx, adminCaller("boss"), "config recap=off").Text, "weekly recap: off")
	if gteam, _ = g.bot.EnsureTeam(ctx, gteam.ID, ""); gteam.RecapOn() {
		t.Fatal("recap=off was not saved")
	}
	post := g.publishDay(t, gteam)
	g.click(t, teamCaller("ann"), post, rightLetter(t, post))
	g.clock.add(7 * 24 * time.Hour)
	g.publishDay(t, gteam)
	if n := len(g.sentWith("Last week in review")); n != 0 {
		t.Errorf("a team with recap=off got %d recaps", n)
	}
	contains(t, "bad recap", g.bot.CommandText(ctx, adminCaller("boss"), "config recap=weekly").Text, "recap must be on or off")
}

// TestRecapAfterADeadReplica: a replica that died holding the claim of a
// week's recap leaves it to the next post of the week, which sends it
// once the claim has run out.
func TestRecapAfterADeadReplica(t *testing.T) {
	f := newFixture(t)
	team := f.team(t) // Monday 23 November 2026
	post := f.publishDay(t, team)
	f.click(t, teamCaller("ann"), post, rightLetter(t, post))
	f.clock.add(7 * 24 * time.Hour)
	if _, err := f.store.ClaimJob(ctx, team.ID, "recap:2026-W48", "dead-replica", f.clock.now(), time.Hour); err != nil {
		t.Fatal(err)
	}
	f.publishDay(t, team)
	if n := len(f.sentWith("Last week in review")); n != 0 {
		t.Fatalf("%d recaps sent while another replica held the claim; want 0", n)
	}
	for range 2 {
		f.clock.add(24 * time.Hour)
		f.publishDay(t, team)
	}
	recaps := f.sentWith("Last week in review")
	if len(recaps) != 1 {
		t.Fatalf("%d recaps after the claim ran out; want 1", len(recaps))
	}
	contains(t, "recap", recaps[0].Text, "2026-W48")
}

// TestReviewReminders: a member who turned reminders on gets one direct
// message a day when reviews are due, whatever the posts that day; none
// when nothing is due or after turning them off; a member whose direct
// messages are closed has them turned off.
func TestReviewReminders(t *testing.T) {
	f := newFixture(t)
	team := f.team(t)
	for _, user := range []string{"ann", "bob", "cat"} {
		contains(t, "remind on", f.bot.CommandText(ctx, teamCaller(user), "remind on").Text, "Review reminders are on")
	}
	contains(t, "remind status", f.bot.CommandText(ctx, teamCaller("ann"), "remind").Text, "are on")
	contains(t, "remind status", f.bot.CommandText(ctx, teamCaller("dan"), "remind").Text, "are off")
	contains(t, "remind typo", f.bot.CommandText(ctx, teamCaller("dan"), "remind maybe").Text, "takes on or off")
	f.pub.closed = map[string]bool{"bob": true}
	// Ann and Bob miss a question today; it is due for review tomorrow.
	post := f.publishDay(t, team)
	for _, user := range []string{"ann", "bob"} {
		f.click(t, teamCaller(user), post, wrongLetter(t, post))
	}
	f.clock.add(24 * time.Hour)
	f.publishDay(t, team) // the reveal queues the reviews; the reminders follow the post
	if n := len(f.pub.dms["ann"]); n != 1 {
		t.Fatalf("ann got %d reminders; want 1", n)
	}
	contains(t, "reminder", f.pub.dms["ann"][0].Text, "1 review question due")
	if len(f.pub.dms["cat"]) != 0 {
		t.Error("cat, with nothing due, got a reminder")
	}
	on, err := f.store.Reminded(ctx, team.ID)
	if err != nil || slices.Contains(on, "bob") || !slices.Contains(on, "ann") {
		t.Errorf("reminders on after bob's closed DMs = %v, %v; want bob off, ann on", on, err)
	}
	contains(t, "log", f.logs.String(), "review reminders turned off")

	// A second post the same day sends no second reminder.
	if _, err := f.bot.PostNow(ctx, team, f.pub); err != nil {
		t.Fatal(err)
	}
	if n := len(f.pub.dms["ann"]); n != 1 {
		t.Errorf("ann got %d reminders on one day; want 1", n)
	}
	// The next day, still due: one more. Then off: none.
	f.clock.add(24 * time.Hour)
	f.publishDay(t, team)
	if n := len(f.pub.dms["ann"]); n != 2 {
		t.Errorf("ann got %d reminders over two days; want 2", n)
	}
	f.bot.CommandText(ctx, teamCaller("ann"), "remind off")
	f.clock.add(24 * time.Hour)
	f.publishDay(t, team)
	if n := len(f.pub.dms["ann"]); n != 2 {
		t.Errorf("ann got a reminder after turning them off (%d in all)", n)
	}
}

// TestInsight shows the team's last weeks to an admin.
func TestInsight(t *testing.T) {
	f := newFixture(t)
	team := f.team(t)
	contains(t, "empty", f.bot.CommandText(ctx, adminCaller("boss"), "insight").Text, "No answers in these weeks yet")
	for week := range 3 {
		for day := range 2 {
			post := f.publishDay(t, team)
			for i, user := range []string{"ann", "bob", "cat"}[:week+1] {
				if i == 0 || day == 0 {
					f.click(t, teamCaller(user), post, rightLetter(t, post))
				} else {
					f.click(t, teamCaller(user), post, wrongLetter(t, post))
				}
			}
			f.clock.add(24 * time.Hour)
		}
		f.clock.add(5 * 24 * time.Hour)
	}
	m := f.bot.CommandText(ctx, adminCaller("boss"), "insight")
	for _, want := range []string{
		"The last 8 weeks",
		"2026-W48         1        2   100% ██████████",
		"2026-W49         2        4    75% ████████",
		"2026-W50         3        6    66% ███████",
		"2026-W51         0        0      -",
		"12 answers in all.",
		"Hardest for the team",
		"- `compose-1` (compose · intermediate): 33% right of 3",
	} {
		contains(t, "insight", m.Text, want)
	}
	if strings.Contains(m.Text, "100% right of") {
		t.Errorf("a question everyone got right is among the hardest:\n%s", m.Text)
	}
	if !m.Private {
		t.Error("insight is public; want it private to the admin")
	}
	contains(t, "not admin", f.bot.CommandText(ctx, teamCaller("ann"), "insight").Text, "admin")
}
