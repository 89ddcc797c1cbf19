package quiz

import "time"

// Standing is one user's place on a leaderboard.
type Standing struct {
	Rank   int
	User   string
	Name   string
	Points int
	Streak int
	// ReachedAt is when the user reached these points; among equal points
	// the earlier one is listed first.
	ReachedAt time.Time
}

// Leaderboard is the top of a team's board for one period and the caller's
// own place.
type Leaderboard struct {
	Team   TeamID
	Period Period
	Key    string
	Top    []Standing
	// Caller is the asking user's standing, nil when they have none in
	// the period.
	Caller *Standing
	// Players is how many users are on the board.
	Players int
}

// Ahead reports whether a is listed before b: more points first, then
// whoever reached the points first.
func Ahead(a, b Standing) bool {
	if a.Points != b.Points {
		return a.Points > b.Points
	}
	if !a.ReachedAt.Equal(b.ReachedAt) {
		return a.ReachedAt.Before(b.ReachedAt)
	}
	return a.User < b.User
}

// AssignRanks sets the ranks of the top of a board, listed best first:
// equal points share a rank and the next rank skips ("1, 2, 2, 4").
func AssignRanks(ss []Standing) {
	for i := range ss {
		if i > 0 && ss[i].Points == ss[i-1].Points {
			ss[i].Rank = ss[i-1].Rank
		} else {
			ss[i].Rank = i + 1
		}
	}
}
