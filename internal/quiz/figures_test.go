package quiz

import (
	"slices"
	"testing"
	"time"
)

func TestFigures(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	// The same question in two teams, shown in two orders: the bank's
	// choice C (index 2) is right.
	posts := []Post{
		{ID: 1, QuestionID: "q-a", Order: Permutation{2, 0, 1, 3}, Correct: 0, MessageID: "m1", PostedAt: t0},
		{ID: 2, QuestionID: "q-b", Order: Permutation{0, 1, 2, 3}, Correct: 1, MessageID: "m2", PostedAt: t0},
		{ID: 3, QuestionID: "q-a", Order: Permutation{0, 1, 2, 3}, Correct: 2, MessageID: "m3", PostedAt: t0.AddDate(0, 0, 1)},
		{ID: 4, QuestionID: "q-c"}, // never sent
	}
	answers := map[uint64][]Answer{
		1: {
			{User: "ann", Letter: 0, Correct: true, At: t0.Add(1 * time.Minute)},  // bank C
			{User: "bob", Letter: 1, Correct: false, At: t0.Add(2 * time.Minute)}, // bank A
			{User: "cat", Letter: 0, Correct: true, At: t0.Add(9 * time.Minute)},  // bank C
		},
		2: {{User: "ann", Letter: 1, Correct: true, At: t0.Add(time.Hour)}},
		3: {
			{User: "dan", Letter: 2, Correct: true, At: t0.AddDate(0, 0, 1).Add(4 * time.Minute)},  // bank C
			{User: "eve", Letter: 3, Correct: false, At: t0.AddDate(0, 0, 1).Add(5 * time.Minute)}, // bank D
		},
	}
	reports := []Report{{QuestionID: "q-b"}, {QuestionID: "q-b"}, {QuestionID: "q-b"}, {QuestionID: "q-z"}}
	got := Figures(posts, answers, reports)
	want := []QuestionFigures{
		{QuestionID: "q-a", Asked: 2, Answers: 5, Right: 3, ByChoice: [4]int{1, 0, 3, 1}, ToAnswer: 4 * time.Minute},
		{QuestionID: "q-b", Asked: 1, Answers: 1, Right: 1, ByChoice: [4]int{0, 1, 0, 0}, ToAnswer: time.Hour, Reports: 3},
		{QuestionID: "q-z", Reports: 1},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Figures =\n%+v\nwant\n%+v", got, want)
	}
	if flags := got[1].Flags(); !slices.Equal(flags, []string{"reported"}) {
		t.Errorf("flags of a thrice-reported question = %v", flags)
	}
}

func TestFlagsAndObservedLevel(t *testing.T) {
	for _, tc := range []struct {
		answers, right int
		flags          []string
		level          Level
	}{
		{19, 0, nil, ""},                    // too few answers to judge
		{20, 3, []string{"hard"}, Advanced}, // 15%
		{20, 4, nil, Advanced},              // 20%: not under
		{40, 16, nil, Intermediate},         // 40%
		{20, 14, nil, Basic},                // 70%
		{20, 19, nil, Basic},                // 95%: not over
		{40, 39, []string{"easy"}, Basic},   // 97%
	} {
		f := QuestionFigures{Answers: tc.answers, Right: tc.right}
		if got := f.Flags(); !slices.Equal(got, tc.flags) || f.ObservedLevel() != tc.level {
			t.Errorf("%d of %d right: flags %v, level %q; want %v, %q", tc.right, tc.answers, got, f.ObservedLevel(), tc.flags, tc.level)
		}
	}
}

func TestTeamWeeks(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	// Monday 30 March 2026 comes after the spring-forward weekend; the
	// Sunday-evening post of the week before belongs to that week.
	posts := []Post{
		{ID: 1, MessageID: "m", ScheduledAt: time.Date(2026, 3, 16, 9, 0, 0, 0, berlin), Answers: 1, Right: 1},   // W12
		{ID: 2, MessageID: "m", ScheduledAt: time.Date(2026, 3, 29, 23, 30, 0, 0, berlin), Answers: 3, Right: 2}, // W13, Sunday night
		{ID: 3, MessageID: "m", ScheduledAt: time.Date(2026, 3, 30, 0, 30, 0, 0, berlin), Answers: 1},            // W14
		{ID: 4, ScheduledAt: time.Date(2026, 3, 24, 9, 0, 0, 0, berlin), Answers: 5},                             // W13, never sent
	}
	weeks := TeamWeeks(posts, time.Date(2026, 4, 1, 12, 0, 0, 0, berlin), berlin, 3)
	type row struct {
		key             string
		posts, answered int
		percent         int
	}
	var got []row
	for _, w := range weeks {
		got = append(got, row{w.Key, len(w.Posts), w.Answers, w.PercentRight()})
	}
	want := []row{{"2026-W11", 0, 0, 0}, {"2026-W12", 1, 1, 100}, {"2026-W13", 1, 3, 66}}
	if !slices.Equal(got, want) {
		t.Errorf("TeamWeeks = %+v; want %+v", got, want)
	}
	if start := weeks[2].Start; !start.Equal(time.Date(2026, 3, 23, 0, 0, 0, 0, berlin)) {
		t.Errorf("W13 starts %v; want Monday 23 March 00:00 in Berlin", start)
	}
}
