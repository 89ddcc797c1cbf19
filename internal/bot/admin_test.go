package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
	"github.com/dockerqotd/dockerqotd/internal/schedule"
)

func withSchedules(f *fixture) {
	f.bot.timetableFn = func(spec, tz string) (Timetable, error) { return schedule.Parse(spec, tz) }
}

func TestAdminCommandsRefusedToNonAdmins(t *testing.T) {
	f := newFixture(t)
	withSchedules(f)
	for _, cmd := range []string{"schedule show", "schedule off", "schedule 0 9 * * * UTC", "config level=basic", "post-now"} {
		m := f.bot.CommandText(ctx, teamCaller("ann"), cmd)
		if !m.Private || !strings.Contains(m.Text, "Only admins can change the daily question") {
			t.Errorf("%q by a non-admin: %+v; want a private refusal", cmd, m)
		}
	}
	team, _ := f.store.Team(ctx, "slack:T1")
	if team.Paused || team.Filter.Levels != nil {
		t.Errorf("a refused command changed the team: %+v", team)
	}
}

func TestScheduleCommands(t *testing.T) {
	f := newFixture(t)
	withSchedules(f)
	var changes []quiz.Team
	f.bot.OnTeamChange(func(t quiz.Team) { changes = append(changes, t) })

	m := f.bot.CommandText(ctx, adminCaller("boss"), "schedule <#C024BE91L|general> 30 8 * * 1-5 Europe/Berlin")
	for _, want := range []string{
		"✅ Daily questions are scheduled.",
		"Channel: <#C024BE91L> · schedule `30 8 * * 1-5` in Europe/Berlin · on",
		// The fixture's clock is Monday 23 November 2026, 09:00 UTC (10:00 in Berlin).
		"Next posts: Tue 24 Nov 08:30 CET · Wed 25 Nov 08:30 CET · Thu 26 Nov 08:30 CET",
	} {
		contains(t, "schedule set", m.Text, want)
	}
	if !m.Private {
		t.Error("schedule confirmation is public; want private")
	}
	team, _ := f.store.Team(ctx, "slack:T1")
	if team.Channel != "C024BE91L" || team.Schedule != "30 8 * * 1-5" || team.Timezone != "Europe/Berlin" {
		t.Errorf("stored team = %+v", team)
	}
	if len(changes) != 1 || changes[0].Schedule != "30 8 * * 1-5" {
		t.Errorf("the scheduler was told %v; want the new schedule", changes)
	}

	m = f.bot.CommandText(ctx, adminCaller("boss"), "schedule off")
	contains(t, "schedule off", m.Text, "paused")
	contains(t, "schedule off", m.Text, "No posts are scheduled")
	m = f.bot.CommandText(ctx, adminCaller("boss"), "schedule on")
	contains(t, "schedule on", m.Text, "Next posts: Tue 24 Nov 08:30 CET")
	m = f.bot.CommandText(ctx, adminCaller("boss"), `schedule "0 9 * * *" America/New_York`)
	contains(t, "quoted cron, caller's channel", m.Text, "Channel: <#CGENERAL>")
	contains(t, "quoted cron", m.Text, "Next posts: Mon 23 Nov 09:00 EST · Tue 24 Nov 09:00 EST") // 04:00 in New York now
}

func TestScheduleMistakesSayWhatIsWrong(t *testing.T) {
	f := newFixture(t)
	withSchedules(f)
	tests := []struct{ cmd, want string }{
		{"schedule 0 9 * * mon-fry Europe/Berlin", "is not a valid schedule"},
		{"schedule 0 9 * * 1-5 Europe/Paris2", "`Europe/Paris2` is not a timezone I know. Use an IANA name such as `Europe/Berlin`"},
		{"schedule 0 9 * Europe/Berlin", "has 3 fields, not 5"},
		{"schedule Europe/Berlin", "A schedule needs a cron spec and a timezone"},
		{"schedule #general 0 9 * * 1-5 UTC", "Pick the channel from the list"},
		{"config level=expert", `unknown level "expert"`},
		{"config reveal=forever", "reveal must be `next`"},
		{"config reveal=10s", "reveal must be `next`"},
		{"config colour=blue", "`config` has no option \"colour\""},
		{"config topics=swarm level=basic", ""}, // valid: the test bank has no swarm questions → no match
		{"post-now please", "`post-now` takes no options"},
	}
	for _, tc := range tests {
		m := f.bot.CommandText(ctx, adminCaller("boss"), tc.cmd)
		if tc.want == "" {
			tc.want = "No question matches that level and topic together"
		}
		if !m.Private || !strings.Contains(m.Text, tc.want) {
			t.Errorf("%q: %q; want a private message with %q", tc.cmd, m.Text, tc.want)
		}
		if strings.Contains(m.Text, "0 9 * * 1-5") == false && strings.Contains(tc.want, "valid schedule") {
			t.Errorf("%q: no example in %q", tc.cmd, m.Text)
		}
	}
}

func TestConfigAndPostNow(t *testing.T) {
	f := newFixture(t)
	withSchedules(f)
	f.bot.SetPublisher("slack", f.pub)
	m := f.bot.CommandText(ctx, adminCaller("boss"), "config level=basic,advanced topics=networking reveal=8h")
	contains(t, "config", m.Text, "Levels: basic, advanced · topics: networking · reveal: 8h0m0s after posting")
	contains(t, "config", m.Text, "Questions in rotation: 2")
	team, _ := f.store.Team(ctx, "slack:T1")
	if team.Reveal != 8*time.Hour || len(team.Filter.Levels) != 2 {
		t.Errorf("stored team = %+v", team)
	}
	for range 3 {
		m = f.bot.CommandText(ctx, adminCaller("boss"), "post-now")
		contains(t, "post-now", m.Text, "📨 Posted question networking-")
		f.clock.add(time.Minute)
	}
	if len(f.pub.sent) != 3 {
		t.Fatalf("post-now sent %d posts; want 3", len(f.pub.sent))
	}
	for _, p := range f.pub.posts {
		if p.Topic != "networking" || (p.Level != quiz.Basic && p.Level != quiz.Advanced) {
			t.Errorf("post-now ignored the filters: %s %s", p.Level, p.Topic)
		}
	}
	if len(f.pub.edits) != 2 {
		t.Errorf("each post-now revealed the one before: %d edits; want 2", len(f.pub.edits))
	}
	m = f.bot.CommandText(ctx, adminCaller("boss"), "config level=all topics=all reveal=next")
	contains(t, "config reset", m.Text, "Levels: all · topics: all · reveal: when the next question is posted")
}

func TestAdminHelp(t *testing.T) {
	f := newFixture(t)
	if m := f.bot.CommandText(ctx, teamCaller("ann"), "help"); strings.Contains(m.Text, "/docker schedule") {
		t.Error("help shows admin commands to a non-admin")
	}
	m := f.bot.CommandText(ctx, adminCaller("boss"), "help")
	for _, cmd := range AdminCommands {
		contains(t, "admin help", m.Text, "`/docker "+cmd)
	}
	// An adapter whose commands read differently supplies its own words.
	syntax := &Syntax{AdminHelp: []string{"**Admin (own syntax)**", "`/own-admin post-now`"}, ScheduleHint: "Use `/own-admin schedule set`."}
	ownAdmin := Caller{Team: "discord:G1", User: "boss", Admin: true, Channel: "C1", Syntax: syntax}
	m = f.bot.Command(ctx, ownAdmin, Command{Name: CmdHelp})
	contains(t, "own admin help", m.Text, "`/own-admin post-now`")
	if strings.Contains(m.Text, "`/docker schedule") {
		t.Error("an adapter's own admin help also shows the typed syntax")
	}
	withSchedules(f)
	m = f.bot.Command(ctx, ownAdmin, Command{Name: CmdSchedule, Sub: "on"})
	contains(t, "own schedule hint", m.Text, "Use `/own-admin schedule set`.")
}
