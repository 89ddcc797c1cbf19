package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

var boardContracts = []contract{
	{"LeaderboardOrderRanksAndCaller", testLeaderboardOrderRanksAndCaller},
	{"WeeklyBoardFollowsTeamTimezone", testWeeklyBoardFollowsTeamTimezone},
	{"PastPeriodsKeepTheirBoards", testPastPeriodsKeepTheirBoards},
	{"SeasonBoardFollowsTheTeamSetting", testSeasonBoardFollowsTheTeamSetting},
}

func testLeaderboardOrderRanksAndCaller(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	p := Post(t, s, 0)
	// Four right answers arrive in order: equal points, ordered by who was first.
	for i, u := range []string{"first", "second", "third", "fourth"} {
		Answer(t, s, p, u, true, T0.Add(time.Duration(i+1)*time.Minute))
	}
	Answer(t, s, p, "wrong", false, T0.Add(time.Minute))
	p2 := Post(t, s, 1)
	Answer(t, s, p2, "third", true, T0.Add(25*time.Hour)) // third pulls ahead: 10 + 11

	lb, err := s.Leaderboard(ctx, Team, quiz.Week, T0.Add(26*time.Hour), "wrong", 3)
	if err != nil {
		t.Fatal(err)
	}
	var users []string
	var ranks []int
	for _, st := range lb.Top {
		users = append(users, st.User)
		ranks = append(ranks, st.Rank)
	}
	if want := []string{"third", "first", "second"}; !slices.Equal(users, want) {
		t.Errorf("top 3 = %v; want %v", users, want)
	}
	if want := []int{1, 2, 2}; !slices.Equal(ranks, want) {
		t.Errorf("ranks = %v; want %v", ranks, want)
	}
	if lb.Top[0].Points != 21 || lb.Top[0].Streak != 2 || lb.Top[0].Name != "THIRD" || !lb.Top[0].ReachedAt.Equal(T0.Add(25*time.Hour)) {
		t.Errorf("leader = %+v; want THIRD with 21 points reached on day 2 and streak 2", lb.Top[0])
	}
	if lb.Team != Team || lb.Period != quiz.Week || lb.Key != "2026-W48" {
		t.Errorf("board = %s %s %s; want %s week 2026-W48", lb.Team, lb.Period, lb.Key, Team)
	}
	if lb.Caller == nil || lb.Caller.Rank != 5 || lb.Caller.Points != 0 || lb.Caller.Name != "WRONG" || lb.Players != 5 {
		t.Errorf("caller = %+v of %d players; want WRONG ranked 5 with 0 points of 5", lb.Caller, lb.Players)
	}
	lb, _ = s.Leaderboard(ctx, Team, quiz.Week, T0, "fourth", 10)
	if lb.Caller == nil || lb.Caller.Rank != 2 || lb.Caller.Points != 10 || !lb.Caller.ReachedAt.Equal(T0.Add(4*time.Minute)) {
		t.Errorf("fourth's standing = %+v; want rank 2 (tied with first and second), 10 points", lb.Caller)
	}
	if len(lb.Top) != 5 || lb.Top[4].User != "wrong" || lb.Top[3].Rank != 2 || lb.Top[4].Rank != 5 {
		t.Errorf("the whole board = %+v; want 5 players, the tie ranked 2 and the last 5", lb.Top)
	}
	lb, _ = s.Leaderboard(ctx, Team, quiz.Week, T0, "nobody", 10)
	if lb.Caller != nil {
		t.Errorf("a user with no answers has standing %+v; want none", lb.Caller)
	}
	if lb, _ = s.Leaderboard(ctx, Team, quiz.Week, T0, "", 0); len(lb.Top) != 0 || lb.Caller != nil || lb.Players != 5 {
		t.Errorf("board with limit 0 and no caller = %+v; want only the player count", lb)
	}
}

func testWeeklyBoardFollowsTeamTimezone(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "America/New_York")
	p := Post(t, s, 0)
	// Sunday 22 November 23:30 in New York is Monday 04:30 UTC.
	sunday := time.Date(2026, 11, 23, 4, 30, 0, 0, time.UTC)
	Answer(t, s, p, "night-owl", true, sunday)
	monday := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	lb, err := s.Leaderboard(ctx, Team, quiz.Week, monday, "night-owl", 10)
	if err != nil {
		t.Fatal(err)
	}
	if lb.Key != "2026-W48" || len(lb.Top) != 0 || lb.Caller != nil {
		t.Errorf("Monday's board %s lists %v; want week 2026-W48 empty, the answer was in the team's week 47", lb.Key, lb.Top)
	}
	lb, _ = s.Leaderboard(ctx, Team, quiz.Week, sunday, "night-owl", 10)
	if lb.Key != "2026-W47" || len(lb.Top) != 1 || lb.Caller == nil || lb.Caller.Rank != 1 {
		t.Errorf("Sunday's board %s lists %v, caller %+v; want 2026-W47 with the answer", lb.Key, lb.Top, lb.Caller)
	}
	lb, _ = s.Leaderboard(ctx, Team, quiz.All, monday, "night-owl", 10)
	if len(lb.Top) != 1 || lb.Top[0].Points != 10 {
		t.Errorf("all-time board = %v; want the answer", lb.Top)
	}
}

// testPastPeriodsKeepTheirBoards: a board stays as it was when its period
// ends; a player's standing is shown on the boards of the periods of their
// last answer.
func testPastPeriodsKeepTheirBoards(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	p := Post(t, s, 0)
	Answer(t, s, p, "ann", true, T0)
	Answer(t, s, p, "bob", true, T0.Add(time.Minute))
	next := Post(t, s, 7)
	Answer(t, s, next, "ann", true, T0.AddDate(0, 0, 7))

	lb, err := s.Leaderboard(ctx, Team, quiz.Week, T0, "bob", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(lb.Top) != 2 || lb.Top[0].User != "ann" || lb.Top[0].Points != 10 || lb.Players != 2 {
		t.Errorf("last week's board = %+v; want ann and bob on 10 each, as the week ended", lb.Top)
	}
	if lb.Caller == nil || lb.Caller.Rank != 1 || lb.Top[1].Rank != 1 {
		t.Errorf("bob's standing on the week of his last answer = %+v; want rank 1, tied with ann", lb.Caller)
	}
	if lb, _ := s.Leaderboard(ctx, Team, quiz.Week, T0, "ann", 10); lb.Caller != nil {
		t.Errorf("ann's standing on a week before her last answer = %+v; want none (her record holds this week's)", lb.Caller)
	}
	lb, _ = s.Leaderboard(ctx, Team, quiz.Week, T0.AddDate(0, 0, 7), "ann", 10)
	if len(lb.Top) != 1 || lb.Top[0].Points != 11 || lb.Caller == nil || lb.Caller.Points != 11 {
		t.Errorf("this week's board = %+v, caller %+v; want ann alone on 11", lb.Top, lb.Caller)
	}
	lb, _ = s.Leaderboard(ctx, Team, quiz.All, T0.AddDate(0, 0, 7), "bob", 10)
	if len(lb.Top) != 2 || lb.Top[0].Points != 21 || lb.Caller == nil || lb.Caller.Rank != 2 {
		t.Errorf("all-time board = %+v, caller %+v; want ann on 21, bob second", lb.Top, lb.Caller)
	}
}

// testSeasonBoardFollowsTheTeamSetting: a quarter's season has a board of
// its own, a month's season is the month's board, and a team without
// seasons has an empty season board.
func testSeasonBoardFollowsTheTeamSetting(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	p := Post(t, s, 0)
	Answer(t, s, p, "ann", true, T0)
	for _, tc := range []struct {
		season  quiz.SeasonKind
		key     string
		players int
	}{
		{"", "2026-Q4", 1},
		{quiz.SeasonMonth, "2026-11", 1},
		{quiz.SeasonOff, "", 0},
		{quiz.SeasonQuarter, "2026-Q4", 1},
	} {
		if _, err := s.UpdateTeam(ctx, Team, func(tm *quiz.Team) error { tm.Season = tc.season; return nil }); err != nil {
			t.Fatal(err)
		}
		lb, err := s.Leaderboard(ctx, Team, quiz.Season, T0, "ann", 10)
		if err != nil || lb.Key != tc.key || lb.Players != tc.players || len(lb.Top) != tc.players || (lb.Caller != nil) != (tc.players > 0) {
			t.Errorf("season %q: board %q of %d players, top %v, caller %+v, %v; want %q with %d", tc.season, lb.Key, lb.Players, lb.Top, lb.Caller, err, tc.key, tc.players)
		}
	}
	// A season ends: the next quarter's board starts empty, the last stays.
	if lb, _ := s.Leaderboard(ctx, Team, quiz.Season, T0.AddDate(0, 2, 0), "ann", 10); lb.Key != "2027-Q1" || lb.Players != 0 {
		t.Errorf("next season's board = %+v; want 2027-Q1 empty", lb)
	}
}
