// Package schedule decides when each team's daily question goes out and
// runs the posts on time with robfig/cron.
//
// A Timetable turns a 5-field cron spec and an IANA timezone into
// occurrences: one per scheduled local date and time. cron v3 on its own
// skips a local time that falls in the hour clocks jump over and fires twice
// in the hour that repeats; the Timetable instead matches the spec against
// wall-clock time and resolves each match to an instant itself. A skipped
// local time posts at the first instant after the jump (03:00 for 02:30 on
// America/New_York's spring-forward day); a repeated one posts only the
// first time. The same Timetable drives `dockerqotd schedule preview`, the
// admin `schedule show` and the scheduler.
package schedule

import (
	"strings"
	"time"
	_ "time/tzdata" // containers without zoneinfo still know every timezone

	"github.com/robfig/cron/v3"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Timetable is a parsed team schedule.
type Timetable struct {
	// wall matches the spec against wall-clock times, written as UTC times
	// so that no daylight-saving rule can skip or repeat any of them.
	wall *cron.SpecSchedule
	loc  *time.Location
}

// cronExample is shown with every schedule mistake.
const cronExample = "Use 5 fields, minute hour day-of-month month day-of-week: `0 9 * * 1-5` is 09:00 on weekdays, `30 8 * * *` is 08:30 every day."

// Parse reads a 5-field cron spec (or @daily, @weekly, @monthly, @yearly,
// @hourly) in an IANA timezone. Errors are quiz.Errors with a sentence for
// the user and an example.
func Parse(spec, timezone string) (Timetable, error) {
	spec = strings.TrimSpace(spec)
	if timezone == "" || timezone == "Local" {
		return Timetable{}, quiz.Errorf(quiz.EINVALID, "Pick a timezone by its IANA name, such as `Europe/Berlin` or `America/New_York`.")
	}
	loc, err := time.LoadLocation(timezone)
	if err != nil {
		return Timetable{}, quiz.Errorf(quiz.EINVALID, "`%s` is not a timezone I know. Use an IANA name such as `Europe/Berlin`, `America/New_York` or `UTC`.", timezone)
	}
	if strings.HasPrefix(spec, "@every") || strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		return Timetable{}, quiz.Errorf(quiz.EINVALID, "`%s` is not a calendar schedule; the timezone is set on its own. %s", spec, cronExample)
	}
	if len(strings.Fields(spec)) != 5 && !strings.HasPrefix(spec, "@") {
		return Timetable{}, quiz.Errorf(quiz.EINVALID, "`%s` has %d fields, not 5. %s", spec, len(strings.Fields(spec)), cronExample)
	}
	parsed, err := cron.ParseStandard(spec)
	if err != nil {
		return Timetable{}, quiz.Errorf(quiz.EINVALID, "`%s` is not a valid schedule (%v). %s", spec, err, cronExample)
	}
	wall, ok := parsed.(*cron.SpecSchedule)
	if !ok {
		return Timetable{}, quiz.Errorf(quiz.EINVALID, "`%s` is not a calendar schedule. %s", spec, cronExample)
	}
	wall.Location = time.UTC
	t := Timetable{wall: wall, loc: loc}
	if wall.Next(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero() {
		return Timetable{}, quiz.Errorf(quiz.EINVALID, "`%s` never comes round (is that date real?). %s", spec, cronExample)
	}
	return t, nil
}

// Location returns the timetable's timezone.
func (t Timetable) Location() *time.Location { return t.loc }

// lookback is how far before an instant the search for its next occurrence
// starts in wall-clock time: enough to cover any daylight-saving jump, so a
// skipped time that resolves after the instant is found.
const lookback = 4 * time.Hour

// Next returns the first occurrence strictly after after.
func (t Timetable) Next(after time.Time) quiz.Occurrence {
	var prev time.Time
	w := asWall(after.In(t.loc)).Add(-lookback)
	for {
		w = t.wall.Next(w)
		if w.IsZero() {
			return quiz.Occurrence{}
		}
		at := resolve(w, t.loc)
		if at.Equal(prev) {
			continue // a second skipped time resolving to the same instant
		}
		prev = at
		if at.After(after) {
			return quiz.Occurrence{Key: w.Format(quiz.OccurrenceKeyLayout), At: at}
		}
	}
}

// Latest returns the last occurrence at or before now, if there is one in
// the 400 days before it. It looks back through growing windows, so a
// frequent schedule costs few steps and a rare one few windows.
func (t Timetable) Latest(now time.Time) (quiz.Occurrence, bool) {
	for _, window := range []time.Duration{time.Hour, 25 * time.Hour, 8 * 24 * time.Hour, 32 * 24 * time.Hour, 400 * 24 * time.Hour} {
		var last quiz.Occurrence
		found := false
		for occ := t.Next(now.Add(-window)); !occ.At.IsZero() && !occ.At.After(now); occ = t.Next(occ.At) {
			last, found = occ, true
		}
		if found {
			return last, true
		}
	}
	return quiz.Occurrence{}, false
}

// Upcoming returns the next n occurrences after after.
func (t Timetable) Upcoming(after time.Time, n int) []quiz.Occurrence {
	var out []quiz.Occurrence
	for occ := t.Next(after); len(out) < n && !occ.At.IsZero(); occ = t.Next(occ.At) {
		out = append(out, occ)
	}
	return out
}

// asWall writes t's wall-clock reading as a UTC time.
func asWall(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// resolve returns the instant at which the wall-clock time w happens in
// loc: the earlier one when it happens twice, and the first instant after
// the jump when clocks skip it.
func resolve(w time.Time, loc *time.Location) time.Time {
	var best time.Time
	// The offsets in force around w cover both sides of any transition.
	for _, probe := range []time.Duration{-36 * time.Hour, 0, 36 * time.Hour} {
		_, offset := w.Add(probe).In(loc).Zone()
		at := w.Add(-time.Duration(offset) * time.Second)
		if asWall(at.In(loc)).Equal(w) && (best.IsZero() || at.Before(best)) {
			best = at
		}
	}
	if !best.IsZero() {
		return best
	}
	// w falls in a gap. time.Date moves it to one side of the jump; the
	// jump itself, the first instant after the gap, is where the zone of
	// the normalised time ends (moved back) or starts (moved forward).
	t := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), 0, 0, loc)
	start, end := t.ZoneBounds()
	if asWall(t).Before(w) {
		return end
	}
	return start
}
