package quiz

import (
	"slices"
	"testing"
	"time"
)

func TestRankingTiesByWhoReachedFirst(t *testing.T) {
	base := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	ss := []Standing{
		{User: "late", Points: 20, ReachedAt: base.Add(3 * time.Minute)},
		{User: "low", Points: 10, ReachedAt: base},
		{User: "top", Points: 31, ReachedAt: base.Add(time.Hour)},
		{User: "early", Points: 20, ReachedAt: base.Add(time.Minute)},
		{User: "lowest", Points: 0, ReachedAt: base},
	}
	slices.SortFunc(ss, func(a, b Standing) int {
		if Ahead(a, b) {
			return -1
		}
		return 1
	})
	AssignRanks(ss)
	var got []string
	var ranks []int
	for _, s := range ss {
		got = append(got, s.User)
		ranks = append(ranks, s.Rank)
	}
	if want := []string{"top", "early", "late", "low", "lowest"}; !slices.Equal(got, want) {
		t.Errorf("order = %v; want %v", got, want)
	}
	if want := []int{1, 2, 2, 4, 5}; !slices.Equal(ranks, want) {
		t.Errorf("ranks = %v; want %v (ties share a rank, the next one skips)", ranks, want)
	}
}
