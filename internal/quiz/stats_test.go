package quiz

import (
	"testing"
	"time"
)

func TestDailyPoints(t *testing.T) {
	tests := []struct {
		name         string
		right        bool
		streakBefore int
		want         int
	}{
		{"wrong scores nothing", false, 3, 0},
		{"first right answer", true, 0, 10},
		{"bonus of one per earlier right answer", true, 2, 12},
		{"bonus just under the cap", true, 4, 14},
		{"bonus at the cap", true, 5, 15},
		{"bonus capped at five", true, 40, 15},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := DailyPoints(tc.right, tc.streakBefore); got != tc.want {
				t.Errorf("DailyPoints(%v, %d) = %d; want %d", tc.right, tc.streakBefore, got, tc.want)
			}
		})
	}
}

func TestApplyDailySequence(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	// Each step is one daily post answered right or wrong, with the points,
	// streak and best streak expected after it.
	steps := []struct {
		right              bool
		points, streak, hi int
	}{
		{true, 10, 1, 1},
		{true, 11, 2, 2},
		{true, 12, 3, 3},
		{false, 0, 0, 3},
		{true, 10, 1, 3},
		{true, 11, 2, 3},
		{true, 12, 3, 3},
		{true, 13, 4, 4},
		{true, 14, 5, 5},
		{true, 15, 6, 6},
		{true, 15, 7, 7},
	}
	var s UserStats
	total := 0
	for i, step := range steps {
		got := s.ApplyDaily(uint64(i+1), "images", step.right, at)
		total += step.points
		if got != step.points || s.Streak != step.streak || s.BestStreak != step.hi {
			t.Fatalf("answer %d (right=%v): points %d, streak %d, best %d; want %d, %d, %d",
				i+1, step.right, got, s.Streak, s.BestStreak, step.points, step.streak, step.hi)
		}
	}
	if s.Points != total {
		t.Errorf("Points = %d; want the sum of the answers' points, %d", s.Points, total)
	}
	if s.Daily.Answered != len(steps) || s.Daily.Right != len(steps)-1 {
		t.Errorf("Daily = %+v; want %d answered, %d right", s.Daily, len(steps), len(steps)-1)
	}
	if got := s.Topics["images"].Daily; got != s.Daily {
		t.Errorf("images topic tally = %+v; want %+v", got, s.Daily)
	}
}

func TestPracticeLeavesDailyScoreAlone(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	var s UserStats
	s.ApplyDaily(1, "images", true, at)
	before := s
	s.ApplyPractice("networking", false, at)
	s.ApplyPractice("networking", true, at)
	if s.Points != before.Points || s.Streak != before.Streak || s.BestStreak != before.BestStreak {
		t.Errorf("practice changed points/streak: %d/%d/%d; want %d/%d/%d",
			s.Points, s.Streak, s.BestStreak, before.Points, before.Streak, before.BestStreak)
	}
	if s.Practice != (Tally{Answered: 2, Right: 1}) {
		t.Errorf("Practice = %+v; want 2 answered, 1 right", s.Practice)
	}
	if got := s.Topics["networking"]; got.Practice.Answered != 2 || got.Daily.Answered != 0 {
		t.Errorf("networking tally = %+v; want practice only", got)
	}
}

func TestMissedPost(t *testing.T) {
	tests := []struct {
		name       string
		streak     int
		lastPost   uint64
		revealed   uint64
		wantStreak int
		changed    bool
	}{
		{"answered the revealed post", 3, 7, 7, 3, false},
		{"missed the revealed post", 3, 6, 7, 0, true},
		{"already answered a later post", 2, 9, 7, 2, false},
		{"no streak to lose", 0, 2, 7, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := UserStats{Streak: tc.streak, BestStreak: 5, LastPost: tc.lastPost}
			changed := s.MissedPost(tc.revealed)
			if changed != tc.changed || s.Streak != tc.wantStreak {
				t.Errorf("MissedPost(%d) = %v, streak %d; want %v, streak %d", tc.revealed, changed, s.Streak, tc.changed, tc.wantStreak)
			}
			if s.BestStreak != 5 {
				t.Errorf("BestStreak = %d; the best streak is kept forever", s.BestStreak)
			}
		})
	}
}

func TestAddScore(t *testing.T) {
	t1 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	t2 := t1.Add(time.Hour)
	var s UserStats
	s.AddScore([]string{"2026-W48", "all"}, 0, t1)
	if got := s.Scores["all"]; got != (Score{0, t1}) {
		t.Errorf("first answer, wrong: %+v; want 0 points reached at the answer", got)
	}
	s.AddScore([]string{"2026-W48", "all"}, 0, t2)
	if got := s.Scores["all"]; got.Reached != t1 {
		t.Errorf("a wrong answer moved the reached time to %v; want %v", got.Reached, t1)
	}
	before, had := s.AddScore([]string{"2026-W48", "all"}, 12, t2)
	if !had[1] || before[1].Points != 0 || s.Scores["all"] != (Score{12, t2}) {
		t.Errorf("right answer: before %+v %v, now %+v; want 0 → 12 reached at %v", before, had, s.Scores["all"], t2)
	}
	s.AddScore([]string{"2026-W49", "all"}, 10, t2)
	if _, ok := s.Scores["2026-W48"]; ok || s.Scores["2026-W49"].Points != 10 || s.Scores["all"].Points != 22 {
		t.Errorf("new week: %+v; want last week dropped, 10 this week, 22 in all", s.Scores)
	}
}
