package quiz

import (
	"strings"
	"testing"
	"time"
)

func TestSeasonKeys(t *testing.T) {
	sydney := mustLoad(t, "Australia/Sydney")
	// Sydney's clocks jump from 02:00 to 03:00 on Sunday 1 October 2028,
	// the first day of the fourth quarter: the season still begins at
	// 00:00 local time, before the jump.
	q4 := time.Date(2028, 10, 1, 0, 0, 0, 0, sydney)
	tests := []struct {
		name   string
		season SeasonKind
		at     time.Time
		want   string
	}{
		{"the last second of Q3 in Sydney", SeasonQuarter, q4.Add(-time.Second), "2028-Q3"},
		{"midnight of the DST Sunday starts Q4", SeasonQuarter, q4, "2028-Q4"},
		{"after the jump", SeasonQuarter, time.Date(2028, 10, 1, 3, 30, 0, 0, sydney), "2028-Q4"},
		{"still Q3 in UTC, already Q4 in Sydney", SeasonQuarter, time.Date(2028, 9, 30, 15, 0, 0, 0, time.UTC), "2028-Q4"},
		{"default is a quarter", "", time.Date(2026, 2, 1, 0, 0, 0, 0, sydney), "2026-Q1"},
		{"monthly seasons", SeasonMonth, time.Date(2026, 11, 30, 23, 0, 0, 0, sydney), "2026-11"},
		{"off", SeasonOff, q4, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			team := Team{Timezone: "Australia/Sydney", Season: tc.season}
			if got := team.SeasonKey(tc.at); got != tc.want {
				t.Errorf("SeasonKey(%v) = %q; want %q", tc.at, got, tc.want)
			}
		})
	}
	if start, ok := SeasonStart("2028-Q4", sydney); !ok || !start.Equal(q4) {
		t.Errorf("SeasonStart(2028-Q4) = %v, %v; want %v", start, ok, q4)
	}
	for _, bad := range []string{"2028-Q5", "2028-13", "autumn", ""} {
		if _, ok := SeasonStart(bad, sydney); ok {
			t.Errorf("SeasonStart(%q) accepted a season that does not exist", bad)
		}
	}
}

func TestSeasonIDs(t *testing.T) {
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	quarterly := Team{Timezone: "UTC"}
	if err := quarterly.CheckSeasonID("2026-Q3", now, []string{"2026-Q3"}); err != nil {
		t.Errorf("a past quarter with posts: %v", err)
	}
	if err := quarterly.CheckSeasonID("2026-Q1", now, []string{"2026-Q3"}); err == nil {
		t.Error("a quarter without posts was accepted")
	}
	err := quarterly.CheckSeasonID("2026-10", now, []string{"2026-Q2", "2026-Q3"})
	if err == nil || !strings.Contains(err.Error(), "2026-Q2, 2026-Q3, 2026-Q4") {
		t.Errorf("a month in a quarterly team: %v; want the valid seasons listed", err)
	}
	off := Team{Timezone: "UTC", Season: SeasonOff}
	if err := off.CheckSeasonID("2026-Q3", now, nil); err == nil || !strings.Contains(err.Error(), "Seasons are off") {
		t.Errorf("seasons off: %v", err)
	}
	if _, err := ParseSeasonKind("yearly"); err == nil || !strings.Contains(err.Error(), "quarter, month or off") {
		t.Errorf("ParseSeasonKind(yearly) = %v; want the allowed values", err)
	}
	if keys := quarterly.PeriodKeys(now); len(keys) != 4 || keys[3] != "2026-Q4" {
		t.Errorf("PeriodKeys with quarterly seasons = %v; want the quarter too", keys)
	}
	if keys := (Team{Timezone: "UTC", Season: SeasonMonth}).PeriodKeys(now); len(keys) != 3 {
		t.Errorf("PeriodKeys with monthly seasons = %v; want the month board to be the season's", keys)
	}
}

// TestFreezes plays a member through daily posts: each step is right,
// wrong or missed (revealed without an answer), with the streak and the
// freezes held and used after it.
func TestFreezes(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	type step struct {
		do                 string // right, wrong or miss
		streak, held, used int
		earned             bool
	}
	steps := []step{
		{"right", 1, 0, 0, false}, {"right", 2, 0, 0, false}, {"right", 3, 0, 0, false}, {"right", 4, 0, 0, false},
		{"right", 5, 1, 0, true},  // five in a row earn a freeze
		{"miss", 5, 0, 1, false},  // a missed post uses it: the streak stands still
		{"right", 6, 0, 1, false}, // and goes on
		{"miss", 0, 0, 1, false},  // no freeze left: the streak ends
	}
	for i := 0; i < 10; i++ { // ten right: two freezes, the cap
		steps = append(steps, step{"right", i + 1, min((i+1)/5, 2), 1, (i+1)%5 == 0})
	}
	steps = append(steps,
		step{"right", 11, 2, 1, false}, step{"right", 12, 2, 1, false}, step{"right", 13, 2, 1, false}, step{"right", 14, 2, 1, false},
		step{"right", 15, 2, 1, false}, // at the cap: nothing earned
		step{"wrong", 0, 2, 1, false},  // a wrong answer ends the streak whatever the freezes
	)
	team := Team{ID: "local", Timezone: "UTC"}
	st := UserStats{User: "ann"}
	for i, s := range steps {
		p := Post{ID: uint64(i + 1), Team: team.ID, Correct: 0}
		switch s.do {
		case "right", "wrong":
			letter := 0
			if s.do == "wrong" {
				letter = 1
			}
			tr, err := AnswerDaily(p, team, st, AnswerInput{PostID: p.ID, User: "ann", Letter: letter, At: at})
			if err != nil {
				t.Fatal(err)
			}
			if tr.EarnedFreeze != s.earned {
				t.Fatalf("step %d (%s): earned a freeze %v; want %v", i+1, s.do, tr.EarnedFreeze, s.earned)
			}
			st = tr.Stats
			tr2, _ := RevealFor(tr.Post, at, team, []Answer{tr.Answer}, []UserStats{st})
			for _, changed := range tr2.Stats {
				st = changed
			}
		case "miss":
			usedBefore := st.FreezesUsed
			tr, _ := RevealFor(p, at, team, nil, []UserStats{st})
			for _, changed := range tr.Stats {
				st = changed
			}
			if frozen := len(tr.Frozen) == 1; frozen != (s.used > usedBefore) {
				t.Fatalf("step %d: frozen %v; want a freeze used: %v", i+1, tr.Frozen, s.used > usedBefore)
			}
		}
		if st.Streak != s.streak || st.Freezes != s.held || st.FreezesUsed != s.used {
			t.Fatalf("step %d (%s): streak %d, freezes %d held %d used; want %d, %d, %d",
				i+1, s.do, st.Streak, st.Freezes, st.FreezesUsed, s.streak, s.held, s.used)
		}
	}
	if last := st.History[len(st.History)-1]; last.Result != ResultWrong {
		t.Errorf("history ends with %+v; want the wrong answer", last)
	}

	// In a team with freezes off, none are earned and a miss ends the streak.
	off := Team{ID: "local", Timezone: "UTC", NoFreezes: true}
	st = UserStats{User: "bob", Streak: 7, Freezes: 1}
	tr, _ := RevealFor(Post{ID: 9}, at, off, nil, []UserStats{st})
	if len(tr.Stats) != 1 || tr.Stats[0].Streak != 0 || tr.Stats[0].Freezes != 1 || len(tr.Frozen) != 0 {
		t.Errorf("a miss with freezes off = %+v, frozen %v; want the streak ended, the freeze unused", tr.Stats, tr.Frozen)
	}
}

func TestHistoryIsBounded(t *testing.T) {
	var st UserStats
	for i := range MaxHistory + 50 {
		st.record(uint64(i+1), ResultRight)
	}
	if len(st.History) != MaxHistory || st.History[0].Post != 51 {
		t.Errorf("history of %d entries starting at post %d; want the last %d", len(st.History), st.History[0].Post, MaxHistory)
	}
}
