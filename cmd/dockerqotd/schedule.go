package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
	"github.com/dockerqotd/dockerqotd/internal/schedule"
)

// schedule prints the next post times of a schedule, one RFC 3339
// time per line, by the same Timetable the scheduler uses.
func (a *app) schedule(args []string) error {
	if len(args) == 0 || args[0] != "preview" {
		return usagef("schedule needs a subcommand: preview")
	}
	fs := a.flags("schedule preview")
	var tz, from string
	var count int
	fs.StringVar(&tz, "timezone", "UTC", "IANA timezone")
	fs.StringVar(&from, "from", "", "start at this date (2026-03-07, midnight in the timezone) or RFC 3339 time; default now")
	fs.IntVar(&count, "count", 5, "how many post times")
	if err := parse(fs, args[1:]); err != nil {
		return ignoreHelp(err)
	}
	if fs.NArg() == 0 {
		return usagef(`schedule preview needs a cron spec, e.g. dockerqotd schedule preview "0 9 * * 1-5" --timezone Europe/Berlin`)
	}
	if count < 1 || count > 1000 {
		return usagef("--count must be from 1 to 1000")
	}
	tt, err := schedule.Parse(strings.Join(fs.Args(), " "), tz)
	if err != nil {
		return usageError{quiz.ErrorMessage(err)}
	}
	start := a.now()
	if from != "" {
		if start, err = parseFrom(from, tt.Location()); err != nil {
			return err
		}
	}
	for _, occ := range tt.Upcoming(start.Add(-time.Nanosecond), count) {
		fmt.Fprintln(a.stdout, occ.At.In(tt.Location()).Format(time.RFC3339))
	}
	return nil
}

// parseFrom reads a date (midnight in loc) or an RFC 3339 time.
func parseFrom(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, usagef("--from %q is neither a date like 2026-03-07 nor an RFC 3339 time like 2026-03-07T09:00:00+01:00", s)
}
