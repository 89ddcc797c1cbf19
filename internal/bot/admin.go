package bot

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Timetable lists the occurrences of a team's schedule; internal/schedule
// provides it through Config.Timetable.
type Timetable interface {
	Upcoming(after time.Time, n int) []quiz.Occurrence
}

// Reveal delays an admin may set.
const (
	minReveal = time.Minute
	maxReveal = 30 * 24 * time.Hour
)

var errNotAdmin = quiz.Errorf(quiz.EUNAUTHORIZED,
	"Only admins can change the daily question: on Discord, members with Manage Server; on Slack, workspace admins and owners.")

func (b *Bot) admin(ctx context.Context, c Caller, team quiz.Team, cmd Command) (Message, error) {
	if !c.Admin {
		return Message{}, errNotAdmin
	}
	switch cmd.Name {
	case CmdSchedule:
		return b.schedule(ctx, c, team, cmd)
	case CmdConfig:
		return b.config(ctx, team, cmd)
	case CmdPostNow:
		return b.postNow(ctx, team, c)
	case CmdReports:
		return b.reports(ctx, team)
	case CmdInsight:
		return b.insight(ctx, team)
	}
	return Message{}, quiz.Errorf(quiz.EINVALID, "Unknown command %q. Try `/docker help`.", cmd.Name)
}

func (b *Bot) schedule(ctx context.Context, c Caller, team quiz.Team, cmd Command) (Message, error) {
	var headline string
	switch cmd.Sub {
	case "show", "":
		return private(b.describeTeam(team, "")), nil
	case "off":
		team.Paused = true
		headline = "⏸️ Daily questions are paused. `/docker schedule on` resumes them."
	case "on":
		if team.Channel == "" {
			return Message{}, quiz.Errorf(quiz.EINVALID, "Pick a channel first. %s", scheduleHint(c))
		}
		team.Paused = false
		headline = "▶️ Daily questions are back on."
	case "set":
		if _, err := b.timetable(cmd.Cron, cmd.Timezone); err != nil {
			return Message{}, err
		}
		team.Channel = cmp.Or(cmd.Channel, c.Channel)
		team.Schedule, team.Timezone, team.Paused = cmd.Cron, cmd.Timezone, false
		headline = "✅ Daily questions are scheduled."
	default:
		return Message{}, quiz.Errorf(quiz.EINVALID, "Unknown schedule option %q. %s", cmd.Sub, scheduleHint(c))
	}
	team, err := b.saveTeam(ctx, team)
	if err != nil {
		return Message{}, err
	}
	return private(b.describeTeam(team, headline)), nil
}

func (b *Bot) config(ctx context.Context, team quiz.Team, cmd Command) (Message, error) {
	if cmd.Levels == "" && cmd.Topics == "" && cmd.Reveal == "" && cmd.Season == "" && cmd.Freezes == "" && cmd.Recap == "" {
		return private(b.describeTeam(team, "")), nil
	}
	f := team.Filter
	var err error
	if cmd.Levels != "" {
		if f.Levels, err = parseList(cmd.Levels, quiz.ParseLevel); err != nil {
			return Message{}, err
		}
	}
	if cmd.Topics != "" {
		if f.Topics, err = parseList(cmd.Topics, quiz.ParseTopic); err != nil {
			return Message{}, err
		}
	}
	if len(b.bank.Select(f)) == 0 {
		return Message{}, quiz.Errorf(quiz.EINVALID, "No question matches that level and topic together; widen one of them.")
	}
	team.Filter = f
	if cmd.Reveal != "" {
		if team.Reveal, err = parseReveal(cmd.Reveal); err != nil {
			return Message{}, err
		}
	}
	if cmd.Season != "" {
		if team.Season, err = quiz.ParseSeasonKind(cmd.Season); err != nil {
			return Message{}, err
		}
	}
	if team.NoFreezes, err = offSetting("freezes", cmd.Freezes, team.NoFreezes); err != nil {
		return Message{}, err
	}
	if team.NoRecap, err = offSetting("recap", cmd.Recap, team.NoRecap); err != nil {
		return Message{}, err
	}
	team, err = b.saveTeam(ctx, team)
	if err != nil {
		return Message{}, err
	}
	return private(b.describeTeam(team, "✅ Settings saved.")), nil
}

func (b *Bot) postNow(ctx context.Context, team quiz.Team, c Caller) (Message, error) {
	if team.Channel == "" {
		if c.Channel == "" {
			return Message{}, quiz.Errorf(quiz.EINVALID, "Pick the daily channel first. %s", scheduleHint(c))
		}
		team.Channel = c.Channel
		var err error
		if team, err = b.saveTeam(ctx, team); err != nil {
			return Message{}, err
		}
	}
	pub := b.publisher(team.ID)
	if pub == nil {
		return Message{}, fmt.Errorf("post-now: no publisher for %s", team.ID)
	}
	p, err := b.PostNow(ctx, team, pub)
	if err != nil {
		return Message{}, err
	}
	return private(fmt.Sprintf("📨 Posted question %s to %s.", p.QuestionID, channelName(team))), nil
}

// scheduleHint says how to set a schedule in the caller's syntax.
func scheduleHint(c Caller) string {
	if c.Syntax != nil && c.Syntax.ScheduleHint != "" {
		return c.Syntax.ScheduleHint
	}
	return usage(CmdSchedule)
}

// saveTeam stores the team's settings and tells the scheduler.
func (b *Bot) saveTeam(ctx context.Context, t quiz.Team) (quiz.Team, error) {
	saved, err := b.store.UpdateTeam(ctx, t.ID, func(stored *quiz.Team) error {
		stored.Channel, stored.Schedule, stored.Timezone, stored.Paused = t.Channel, t.Schedule, t.Timezone, t.Paused
		stored.Filter, stored.Reveal = t.Filter, t.Reveal
		stored.Season, stored.NoFreezes, stored.NoRecap = t.Season, t.NoFreezes, t.NoRecap
		return nil
	})
	if err == nil && b.onTeamChange != nil {
		b.onTeamChange(saved)
	}
	return saved, err
}

// describeTeam shows a team's settings and its next three post times.
func (b *Bot) describeTeam(team quiz.Team, headline string) string {
	lines := []string{}
	if headline != "" {
		lines = append(lines, headline, "")
	}
	lines = append(lines, "🗓️ **Daily question**")
	state := "on"
	if team.Paused {
		state = "paused"
	}
	lines = append(lines,
		fmt.Sprintf("Channel: %s · schedule `%s` in %s · %s", channelName(team), team.Schedule, team.Timezone, state),
		fmt.Sprintf("Levels: %s · topics: %s · reveal: %s", listOrAll(team.Filter.Levels), listOrAll(team.Filter.Topics), revealText(team.Reveal)),
		fmt.Sprintf("Seasons: %s · streak freezes: %s · weekly recap: %s", team.Seasons(), onOff(team.FreezesOn()), onOff(team.RecapOn())),
		fmt.Sprintf("Questions in rotation: %d", len(b.bank.Select(team.Filter))),
	)
	tt, err := b.timetable(team.Schedule, team.Timezone)
	switch {
	case err != nil:
		lines = append(lines, "The stored schedule is not valid: "+quiz.ErrorMessage(err))
	case team.Paused || team.Channel == "":
		lines = append(lines, "No posts are scheduled until the schedule is on and has a channel.")
	default:
		var next []string
		for _, occ := range tt.Upcoming(b.now(), 3) {
			next = append(next, occ.At.In(team.Location()).Format("Mon 2 Jan 15:04 MST"))
		}
		lines = append(lines, "Next posts: "+strings.Join(next, " · "))
	}
	return strings.Join(lines, "\n")
}

func (b *Bot) timetable(spec, timezone string) (Timetable, error) {
	if b.timetableFn == nil {
		return nil, fmt.Errorf("no schedule parser configured")
	}
	return b.timetableFn(spec, timezone)
}

func channelName(team quiz.Team) string {
	switch {
	case team.ID == quiz.LocalTeam:
		return "this terminal"
	case team.Channel == "":
		return "no channel yet"
	}
	return "<#" + team.Channel + ">"
}

func parseList[T ~string](s string, parse func(string) (T, error)) ([]T, error) {
	if strings.EqualFold(s, "all") {
		return nil, nil
	}
	var out []T
	for _, part := range strings.Split(s, ",") {
		v, err := parse(part)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func parseReveal(s string) (time.Duration, error) {
	if strings.EqualFold(s, "next") {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < minReveal || d > maxReveal {
		return 0, quiz.Errorf(quiz.EINVALID, "reveal must be `next` (when the next question is posted) or a delay from 1m to 720h, such as `8h`.")
	}
	return d, nil
}

func listOrAll[T ~string](vs []T) string {
	if len(vs) == 0 {
		return "all"
	}
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = string(v)
	}
	return strings.Join(parts, ", ")
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

func revealText(d time.Duration) string {
	if d == 0 {
		return "when the next question is posted"
	}
	return d.String() + " after posting"
}

// offSetting reads an on/off setting stored as its negation (the zero
// value is on): value "" keeps off as it is.
func offSetting(name, value string, off bool) (bool, error) {
	switch strings.ToLower(value) {
	case "":
		return off, nil
	case "on":
		return false, nil
	case "off":
		return true, nil
	}
	return off, quiz.Errorf(quiz.EINVALID, "%s must be on or off, not %q.", name, value)
}
