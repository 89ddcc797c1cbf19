package quiz

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// SeasonKind is how long a team's seasons last.
type SeasonKind string

// The season settings; the zero value is a quarter.
const (
	SeasonQuarter SeasonKind = "quarter"
	SeasonMonth   SeasonKind = "month"
	SeasonOff     SeasonKind = "off"
)

// ParseSeasonKind reads a season setting.
func ParseSeasonKind(s string) (SeasonKind, error) {
	switch k := SeasonKind(strings.ToLower(strings.TrimSpace(s))); k {
	case SeasonQuarter, SeasonMonth, SeasonOff:
		return k, nil
	}
	return "", Errorf(EINVALID, "season must be quarter, month or off, not %q.", s)
}

// Seasons returns the team's season setting, a quarter when unset.
func (t Team) Seasons() SeasonKind {
	if t.Season == "" {
		return SeasonQuarter
	}
	return t.Season
}

// SeasonKey names the season containing at in the team's timezone:
// "2026-Q4" for a quarter, "2026-11" for a month (the month board's key:
// the two are the same board), "" when seasons are off. A season starts at
// 00:00 in the team's timezone on its first day.
func (t Team) SeasonKey(at time.Time) string {
	at = at.In(t.Location())
	switch t.Seasons() {
	case SeasonMonth:
		return at.Format("2006-01")
	case SeasonQuarter:
		return fmt.Sprintf("%04d-Q%d", at.Year(), (int(at.Month())-1)/3+1)
	}
	return ""
}

var seasonID = regexp.MustCompile(`^(\d{4})-(Q([1-4])|(0[1-9]|1[0-2]))$`)

// SeasonStart returns when the season key begins in loc, and false for a
// key that names no season.
func SeasonStart(key string, loc *time.Location) (time.Time, bool) {
	m := seasonID.FindStringSubmatch(key)
	if m == nil {
		return time.Time{}, false
	}
	year, _ := strconv.Atoi(m[1])
	month := 1
	if m[3] != "" {
		q, _ := strconv.Atoi(m[3])
		month = 3*(q-1) + 1
	} else {
		month, _ = strconv.Atoi(m[4])
	}
	return time.Date(year, time.Month(month), 1, 0, 0, 0, 0, loc), true
}

// DescribeSeason names a season for people: "2026-Q4 (October to
// December)" or "November 2026".
func DescribeSeason(key string) string {
	start, ok := SeasonStart(key, time.UTC)
	if !ok {
		return key
	}
	if strings.Contains(key, "Q") {
		return fmt.Sprintf("%s (%s to %s)", key, start.Month(), start.AddDate(0, 2, 0).Month())
	}
	return start.Format("January 2006")
}

// CheckSeasonID refuses a season id that is neither the current season nor
// one of past (the team's seasons with a daily post), listing the valid
// ones.
func (t Team) CheckSeasonID(id string, now time.Time, past []string) error {
	if t.Seasons() == SeasonOff {
		return Errorf(EINVALID, "Seasons are off in this team; an admin turns them on with `config season=quarter`.")
	}
	valid := append(append([]string(nil), past...), t.SeasonKey(now))
	if slices.Contains(valid, id) {
		return nil
	}
	return Errorf(EINVALID, "Unknown season %q. Seasons here: %s.", id, strings.Join(valid, ", "))
}

// PastSeasons lists the seasons before the one at now in which the team
// had a daily post, oldest first (posts are in the order they were made).
func (t Team) PastSeasons(posts []Post, now time.Time) []string {
	current := t.SeasonKey(now)
	var out []string
	for _, p := range posts {
		if k := t.SeasonKey(p.ScheduledAt); k != current && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// SeasonBoardAt returns the time whose season board shows season id: now
// for the current season (id "" or its key, current true), the season's
// start for a past one. An unknown id, or any with seasons off, is an
// error listing the valid ones; past comes from PastSeasons.
func (t Team) SeasonBoardAt(id string, now time.Time, past []string) (at time.Time, current bool, err error) {
	key := t.SeasonKey(now)
	if key == "" {
		return now, false, t.CheckSeasonID(id, now, nil)
	}
	if id == "" || id == key {
		return now, true, nil
	}
	if err := t.CheckSeasonID(id, now, past); err != nil {
		return now, false, err
	}
	start, _ := SeasonStart(id, t.Location())
	return start, false, nil
}

// PeriodKeys returns the board keys an answer at at counts for: the week,
// the month, all time and, when seasons are quarters, the quarter (a
// monthly season is the month's board).
func (t Team) PeriodKeys(at time.Time) []string {
	loc := t.Location()
	keys := []string{Week.Key(at, loc), Month.Key(at, loc), All.Key(at, loc)}
	if t.Seasons() == SeasonQuarter {
		keys = append(keys, t.SeasonKey(at))
	}
	return keys
}

// BoardKey names the board of period at at in the team: the period's key,
// or for Season the current season's ("" when seasons are off).
func (t Team) BoardKey(p Period, at time.Time) string {
	if p == Season {
		return t.SeasonKey(at)
	}
	return p.Key(at, t.Location())
}

// Freezes: every FreezeEvery right daily answers in a row earn a streak
// freeze, at most MaxFreezes held. A daily post the member leaves
// unanswered uses one at the reveal instead of ending their streak.
const (
	FreezeEvery = 5
	MaxFreezes  = 2
)

// FreezesOn reports whether the team's members earn and use freezes.
func (t Team) FreezesOn() bool { return !t.NoFreezes }

// RecapOn reports whether the team gets a recap of each week.
func (t Team) RecapOn() bool { return !t.NoRecap }

// BetterRank returns the better of a best rank and a new one; 0 is no
// rank.
func BetterRank(best, rank int) int {
	if rank > 0 && (best == 0 || rank < best) {
		return rank
	}
	return best
}
