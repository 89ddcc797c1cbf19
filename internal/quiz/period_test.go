package quiz

import (
	"testing"
	"time"
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestPeriodKeys(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	sydney := mustLoad(t, "Australia/Sydney")
	tests := []struct {
		name   string
		at     string // RFC 3339
		loc    *time.Location
		period Period
		want   string
	}{
		// Sunday 23:30 in New York is already Monday in UTC: the team's week has not turned.
		{"new york sunday night", "2026-11-23T04:30:00Z", ny, Week, "2026-W47"},
		{"utc monday morning", "2026-11-23T04:30:00Z", time.UTC, Week, "2026-W48"},
		{"new york monday midnight", "2026-11-23T05:00:00Z", ny, Week, "2026-W48"},
		// Monday 00:30 in Sydney is still Sunday in UTC.
		{"sydney monday early", "2026-11-22T13:30:00Z", sydney, Week, "2026-W48"},
		{"utc sunday", "2026-11-22T13:30:00Z", time.UTC, Week, "2026-W47"},
		// ISO weeks belong to the year that holds their Thursday.
		{"new year's eve in week 53", "2026-12-31T12:00:00Z", time.UTC, Week, "2026-W53"},
		{"new year's day still week 53", "2027-01-01T12:00:00Z", time.UTC, Week, "2026-W53"},
		{"first iso week of 2027", "2027-01-04T12:00:00Z", time.UTC, Week, "2027-W01"},
		{"month in team timezone", "2026-12-01T03:00:00Z", ny, Month, "2026-11"},
		{"month in utc", "2026-12-01T03:00:00Z", time.UTC, Month, "2026-12"},
		{"all time", "2026-12-01T03:00:00Z", ny, All, "all"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			at, err := time.Parse(time.RFC3339, tc.at)
			if err != nil {
				t.Fatal(err)
			}
			if got := tc.period.Key(at, tc.loc); got != tc.want {
				t.Errorf("%s.Key(%s in %s) = %q; want %q", tc.period, tc.at, tc.loc, got, tc.want)
			}
		})
	}
}

func TestParsePeriod(t *testing.T) {
	for in, want := range map[string]Period{"": Week, "week": Week, "MONTH": Month, " all ": All} {
		if got, err := ParsePeriod(in); err != nil || got != want {
			t.Errorf("ParsePeriod(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParsePeriod("year"); ErrorCode(err) != EINVALID {
		t.Errorf("ParsePeriod(year) error code = %q; want %q", ErrorCode(err), EINVALID)
	}
}
