package quiz

import (
	"fmt"
	"strings"
	"time"
)

// Period is the span a leaderboard covers.
type Period string

// The leaderboard periods. Weeks are ISO weeks starting Monday 00:00 and
// months calendar months, both in the team's timezone.
const (
	Week   Period = "week"
	Month  Period = "month"
	All    Period = "all"
	Season Period = "season"
)

// Periods lists the periods every team has; Season depends on the team's
// setting.
var Periods = []Period{Week, Month, All}

// ParsePeriod returns the period named s; empty means week.
func ParsePeriod(s string) (Period, error) {
	switch p := Period(strings.ToLower(strings.TrimSpace(s))); p {
	case "":
		return Week, nil
	case Week, Month, All, Season:
		return p, nil
	}
	return "", Errorf(EINVALID, "unknown period %q: use week, month, season or all", s)
}

// Key names the period containing t in loc: "2026-W48", "2026-11" or "all".
func (p Period) Key(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	switch p {
	case Week:
		y, w := t.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case Month:
		return t.Format("2006-01")
	default:
		return "all"
	}
}

// Describe names the period containing t for people: "this week (2026-W48)".
func (p Period) Describe(t time.Time, loc *time.Location) string {
	switch p {
	case Week:
		return "this week (" + p.Key(t, loc) + ")"
	case Month:
		return "this month (" + t.In(loc).Format("January 2006") + ")"
	default:
		return "all time"
	}
}
