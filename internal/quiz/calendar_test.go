package quiz

import (
	"testing"
	"time"
)

func TestCalendar(t *testing.T) {
	// Posts at 09:00 in Sydney are the evening before in UTC: the
	// calendar counts the team's days.
	sydney, err := time.LoadLocation("Australia/Sydney")
	if err != nil {
		t.Fatal(err)
	}
	at := func(day int) time.Time { return time.Date(2026, 11, day, 9, 0, 0, 0, sydney) }
	posts := []Post{
		{ID: 1, ScheduledAt: at(20), Revealed: true}, // before the first answer
		{ID: 2, ScheduledAt: at(23), Revealed: true},
		{ID: 3, ScheduledAt: at(24), Revealed: true},
		{ID: 4, ScheduledAt: at(25), Revealed: true},
		{ID: 5, ScheduledAt: at(26), Revealed: true},
		{ID: 6, ScheduledAt: at(27), Revealed: true},
		{ID: 7, ScheduledAt: at(30)}, // open
	}
	history := []Outcome{{Post: 2, Result: ResultRight}, {Post: 3, Result: ResultWrong}, {Post: 5, Result: ResultFrozen}}
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, sydney)
	got := Calendar(posts, history, now, sydney, 12)
	want := []Day{
		NoPost,         // 19
		NoPost,         // 20: before the member's first answer
		NoPost, NoPost, // 21, 22
		DayRight, DayWrong, DayMissed, DayFrozen, // 23 to 26
		DayMissed,      // 27
		NoPost, NoPost, // 28, 29
		NoPost, // 30: still open
	}
	if len(got) != len(want) {
		t.Fatalf("Calendar returned %d days; want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("day %d (Nov %d) = %d; want %d", i, 19+i, got[i], want[i])
		}
	}
	if days := Calendar(posts, nil, now, sydney, 12); days[6] != NoPost {
		t.Errorf("a member with no answers has missed days: %v", days)
	}
}
