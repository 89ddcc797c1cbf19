package schedule

import (
	"strings"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

func mustParse(t *testing.T, spec, tz string) Timetable {
	t.Helper()
	tt, err := Parse(spec, tz)
	if err != nil {
		t.Fatalf("Parse(%q, %q): %v", spec, tz, err)
	}
	return tt
}

// TestOccurrencesAcrossDST lists the occurrences around both DST edges in
// three zones, for times inside and outside the changed hour. Each row
// gives the start (a local date) and the expected occurrences as local
// RFC 3339 times with offsets, keyed by their scheduled wall time.
func TestOccurrencesAcrossDST(t *testing.T) {
	tests := []struct {
		name, spec, tz, from string
		want                 []string // "key @ instant in the zone"
	}{
		{
			"new york spring forward, time inside the gap", "30 2 * * *", "America/New_York", "2026-03-07",
			[]string{
				"2026-03-07T02:30 @ 2026-03-07T02:30:00-05:00",
				"2026-03-08T02:30 @ 2026-03-08T03:00:00-04:00", // 02:30 does not exist: first instant after the jump
				"2026-03-09T02:30 @ 2026-03-09T02:30:00-04:00",
			},
		},
		{
			"new york spring forward, time outside the gap", "0 9 * * *", "America/New_York", "2026-03-07",
			[]string{
				"2026-03-07T09:00 @ 2026-03-07T09:00:00-05:00",
				"2026-03-08T09:00 @ 2026-03-08T09:00:00-04:00",
				"2026-03-09T09:00 @ 2026-03-09T09:00:00-04:00",
			},
		},
		{
			"new york fall back, time inside the repeated hour", "30 1 * * *", "America/New_York", "2026-10-31",
			[]string{
				"2026-10-31T01:30 @ 2026-10-31T01:30:00-04:00",
				"2026-11-01T01:30 @ 2026-11-01T01:30:00-04:00", // only the first 01:30 (EDT), not 01:30 EST
				"2026-11-02T01:30 @ 2026-11-02T01:30:00-05:00",
			},
		},
		{
			"new york fall back, time outside the repeated hour", "0 9 * * *", "America/New_York", "2026-10-31",
			[]string{
				"2026-10-31T09:00 @ 2026-10-31T09:00:00-04:00",
				"2026-11-01T09:00 @ 2026-11-01T09:00:00-05:00",
				"2026-11-02T09:00 @ 2026-11-02T09:00:00-05:00",
			},
		},
		{
			"berlin spring forward, time inside the gap", "30 2 * * *", "Europe/Berlin", "2026-03-28",
			[]string{
				"2026-03-28T02:30 @ 2026-03-28T02:30:00+01:00",
				"2026-03-29T02:30 @ 2026-03-29T03:00:00+02:00",
				"2026-03-30T02:30 @ 2026-03-30T02:30:00+02:00",
			},
		},
		{
			"berlin fall back, time inside the repeated hour", "15 2 * * *", "Europe/Berlin", "2026-10-24",
			[]string{
				"2026-10-24T02:15 @ 2026-10-24T02:15:00+02:00",
				"2026-10-25T02:15 @ 2026-10-25T02:15:00+02:00",
				"2026-10-26T02:15 @ 2026-10-26T02:15:00+01:00",
			},
		},
		{
			"berlin weekdays across spring forward", "0 9 * * 1-5", "Europe/Berlin", "2026-03-27",
			[]string{
				"2026-03-27T09:00 @ 2026-03-27T09:00:00+01:00",
				"2026-03-30T09:00 @ 2026-03-30T09:00:00+02:00",
				"2026-03-31T09:00 @ 2026-03-31T09:00:00+02:00",
			},
		},
		{
			// Sydney springs forward on the first Sunday of October (02:00 → 03:00).
			"sydney spring forward, time inside the gap", "30 2 * * *", "Australia/Sydney", "2026-10-03",
			[]string{
				"2026-10-03T02:30 @ 2026-10-03T02:30:00+10:00",
				"2026-10-04T02:30 @ 2026-10-04T03:00:00+11:00",
				"2026-10-05T02:30 @ 2026-10-05T02:30:00+11:00",
			},
		},
		{
			// Sydney falls back on the first Sunday of April (03:00 → 02:00).
			"sydney fall back, time inside the repeated hour", "30 2 * * *", "Australia/Sydney", "2026-04-04",
			[]string{
				"2026-04-04T02:30 @ 2026-04-04T02:30:00+11:00",
				"2026-04-05T02:30 @ 2026-04-05T02:30:00+11:00",
				"2026-04-06T02:30 @ 2026-04-06T02:30:00+10:00",
			},
		},
		{
			"sydney fall back, time outside the repeated hour", "0 9 * * *", "Australia/Sydney", "2026-04-04",
			[]string{
				"2026-04-04T09:00 @ 2026-04-04T09:00:00+11:00",
				"2026-04-05T09:00 @ 2026-04-05T09:00:00+10:00",
				"2026-04-06T09:00 @ 2026-04-06T09:00:00+10:00",
			},
		},
		{
			// Two times in the gap and one after it land on the same instant: one post.
			"several times in one gap", "0,30 2,3 8 3 *", "America/New_York", "2026-03-08",
			[]string{
				"2026-03-08T02:00 @ 2026-03-08T03:00:00-04:00",
				"2026-03-08T03:30 @ 2026-03-08T03:30:00-04:00",
				"2027-03-08T02:00 @ 2027-03-08T02:00:00-05:00",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tt := mustParse(t, tc.spec, tc.tz)
			from, err := time.ParseInLocation("2006-01-02", tc.from, tt.Location())
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, occ := range tt.Upcoming(from.Add(-time.Nanosecond), len(tc.want)) {
				got = append(got, occ.Key+" @ "+occ.At.In(tt.Location()).Format(time.RFC3339))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("Upcoming(%s) =\n  %s\nwant\n  %s", tc.from, strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}

// TestOnePostPerLocalDate walks a whole year of a daily schedule at a
// time inside both DST gaps and repeats: every local date gets exactly one
// occurrence, and occurrences strictly increase.
func TestOnePostPerLocalDate(t *testing.T) {
	for _, tz := range []string{"America/New_York", "Europe/Berlin", "Australia/Sydney"} {
		for _, spec := range []string{"30 2 * * *", "30 1 * * *", "0 3 * * *"} {
			tt := mustParse(t, spec, tz)
			start := time.Date(2026, 1, 1, 0, 0, 0, 0, tt.Location())
			dates := map[string]int{}
			var prev time.Time
			for _, occ := range tt.Upcoming(start, 365) {
				if !occ.At.After(prev) {
					t.Fatalf("%s %s: %v does not follow %v", tz, spec, occ.At, prev)
				}
				prev = occ.At
				dates[occ.Key[:10]]++
			}
			if len(dates) != 365 {
				t.Errorf("%s %s: %d local dates in 365 occurrences; want one occurrence each", tz, spec, len(dates))
			}
		}
	}
}

func TestLatest(t *testing.T) {
	tt := mustParse(t, "0 9 * * 1-5", "Europe/Berlin")
	// Monday 23 November 2026, 10:00 Berlin: the latest is today 09:00.
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	occ, ok := tt.Latest(now)
	if !ok || occ.Key != "2026-11-23T09:00" {
		t.Errorf("Latest(%v) = %v, %v; want 2026-11-23T09:00", now, occ, ok)
	}
	// Monday 08:00 Berlin: Friday's post.
	occ, _ = tt.Latest(time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC))
	if occ.Key != "2026-11-20T09:00" {
		t.Errorf("Latest before Monday's post = %s; want Friday 2026-11-20T09:00", occ.Key)
	}
	every := mustParse(t, "* * * * *", "UTC")
	occ, _ = every.Latest(now.Add(30 * time.Second))
	if occ.Key != "2026-11-23T09:00" {
		t.Errorf("every minute: Latest = %s; want 2026-11-23T09:00", occ.Key)
	}
	yearly := mustParse(t, "0 0 1 1 *", "UTC")
	if occ, ok := yearly.Latest(now); !ok || occ.Key != "2026-01-01T00:00" {
		t.Errorf("yearly: Latest = %v, %v", occ, ok)
	}
}

func TestParseMistakes(t *testing.T) {
	tests := []struct{ spec, tz, want string }{
		{"0 9 * *", "UTC", "has 4 fields, not 5"},
		{"0 25 * * *", "UTC", "is not a valid schedule"},
		{"0 9 * * mon-fry", "UTC", "is not a valid schedule"},
		{"@every 1h", "UTC", "is not a calendar schedule"},
		{"CRON_TZ=UTC 0 9 * * *", "UTC", "the timezone is set on its own"},
		{"0 9 30 2 *", "UTC", "never comes round"},
		{"0 9 * * 1-5", "Europe/Atlantis", "`Europe/Atlantis` is not a timezone I know"},
		{"0 9 * * 1-5", "", "Pick a timezone"},
	}
	for _, tc := range tests {
		_, err := Parse(tc.spec, tc.tz)
		if quiz.ErrorCode(err) != quiz.EINVALID || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q, %q) = %v; want EINVALID containing %q", tc.spec, tc.tz, err, tc.want)
		}
		if err != nil && !strings.Contains(err.Error(), "0 9 * * 1-5") && !strings.Contains(tc.want, "timezone") && !strings.Contains(tc.want, "Pick") {
			t.Errorf("Parse(%q) error gives no example: %v", tc.spec, err)
		}
	}
	if _, err := Parse("@weekly", "UTC"); err != nil {
		t.Errorf("Parse(@weekly) = %v; want it accepted", err)
	}
}
