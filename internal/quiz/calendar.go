package quiz

import "time"

// Day is what became of one calendar day's daily question for a member.
type Day int

// The calendar's days.
const (
	NoPost    Day = iota // no daily question that day, or one before the member's first answer, or one still open
	DayRight             // answered right
	DayWrong             // answered wrong
	DayMissed            // revealed without the member's answer
	DayFrozen            // missed, but a streak freeze kept the streak
)

// Calendar returns the member's last n days, oldest first, ending with the
// day of now in loc. A day with several posts shows its last one. Posts
// before the member's first recorded outcome are NoPost: a newcomer's
// calendar does not start with a run of missed days.
func Calendar(posts []Post, history []Outcome, now time.Time, loc *time.Location, n int) []Day {
	days := make([]Day, n)
	if n == 0 {
		return days
	}
	results := make(map[uint64]Result, len(history))
	var first uint64
	for i, o := range history {
		results[o.Post] = o.Result
		if i == 0 || o.Post < first {
			first = o.Post
		}
	}
	y, m, d := now.In(loc).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	for _, p := range posts {
		y, m, d := p.ScheduledAt.In(loc).Date()
		back := int(today.Sub(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)).Hours() / 24)
		if back < 0 || back >= n {
			continue
		}
		day := NoPost
		switch r, ok := results[p.ID]; {
		case ok && r == ResultRight:
			day = DayRight
		case ok && r == ResultWrong:
			day = DayWrong
		case ok && r == ResultFrozen:
			day = DayFrozen
		case p.Revealed && len(history) > 0 && p.ID > first:
			day = DayMissed
		}
		days[n-1-back] = day
	}
	return days
}
