package boltstore

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

func TestLeaderboardOrderRanksAndCaller(t *testing.T) {
	s, _ := openTemp(t)
	ensureTeam(t, s, "UTC")
	p := post(t, s, 0)
	// Four right answers arrive in order: equal points, ordered by who was first.
	for i, u := range []string{"first", "second", "third", "fourth"} {
		answer(t, s, p, u, true, t0.Add(time.Duration(i+1)*time.Minute))
	}
	answer(t, s, p, "wrong", false, t0.Add(time.Minute))
	p2 := post(t, s, 1)
	answer(t, s, p2, "third", true, t0.Add(25*time.Hour)) // third pulls ahead: 10 + 11

	lb, err := s.Leaderboard(ctx, team, quiz.Week, t0.Add(26*time.Hour), "wrong", 3)
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
	if lb.Top[0].Points != 21 || lb.Top[0].Streak != 2 || lb.Top[0].Name != "THIRD" {
		t.Errorf("leader = %+v; want THIRD with 21 points and streak 2", lb.Top[0])
	}
	if lb.Caller == nil || lb.Caller.Rank != 5 || lb.Caller.Points != 0 || lb.Players != 5 {
		t.Errorf("caller = %+v of %d players; want rank 5 with 0 points of 5", lb.Caller, lb.Players)
	}
	lb, _ = s.Leaderboard(ctx, team, quiz.Week, t0, "fourth", 10)
	if lb.Caller == nil || lb.Caller.Rank != 2 {
		t.Errorf("fourth's rank = %+v; want 2 (tied with first and second)", lb.Caller)
	}
	lb, _ = s.Leaderboard(ctx, team, quiz.Week, t0, "nobody", 10)
	if lb.Caller != nil {
		t.Errorf("a user with no answers has standing %+v; want none", lb.Caller)
	}
}

func TestWeeklyBoardFollowsTeamTimezone(t *testing.T) {
	s, _ := openTemp(t)
	ensureTeam(t, s, "America/New_York")
	p := post(t, s, 0)
	// Sunday 22 November 23:30 in New York is Monday 04:30 UTC.
	sunday := time.Date(2026, 11, 23, 4, 30, 0, 0, time.UTC)
	answer(t, s, p, "night-owl", true, sunday)
	monday := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	lb, err := s.Leaderboard(ctx, team, quiz.Week, monday, "night-owl", 10)
	if err != nil {
		t.Fatal(err)
	}
	if lb.Key != "2026-W48" || len(lb.Top) != 0 {
		t.Errorf("Monday's board %s lists %v; want week 2026-W48 empty, the answer was in the team's week 47", lb.Key, lb.Top)
	}
	lb, _ = s.Leaderboard(ctx, team, quiz.Week, sunday, "night-owl", 10)
	if lb.Key != "2026-W47" || len(lb.Top) != 1 {
		t.Errorf("Sunday's board %s lists %v; want 2026-W47 with the answer", lb.Key, lb.Top)
	}
	lb, _ = s.Leaderboard(ctx, team, quiz.All, monday, "night-owl", 10)
	if len(lb.Top) != 1 || lb.Top[0].Points != 10 {
		t.Errorf("all-time board = %v; want the answer", lb.Top)
	}
}

func BenchmarkLeaderboard(b *testing.B) {
	s, _ := openTemp(b)
	ensureTeam(b, s, "UTC")
	p := post(b, s, 0)
	for i := range 2000 {
		answer(b, s, p, fmt.Sprintf("u%05d", i), i%3 != 0, t0.Add(time.Duration(i)*time.Second))
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := s.Leaderboard(ctx, team, quiz.All, t0, fmt.Sprintf("u%05d", i%2000), 10); err != nil {
			b.Fatal(err)
		}
	}
}
