package quiz

import "time"

// Scoring (README, The rules): a right daily answer scores PointsRight plus one
// point per consecutive right daily answer before it, at most MaxStreakBonus.
const (
	PointsRight    = 10
	MaxStreakBonus = 5
)

// DailyPoints returns the points for a daily answer given the streak before it.
func DailyPoints(right bool, streakBefore int) int {
	if !right {
		return 0
	}
	return PointsRight + min(streakBefore, MaxStreakBonus)
}

// Tally counts answers and right answers.
type Tally struct {
	Answered int
	Right    int
}

// Add counts one answer.
func (t *Tally) Add(right bool) {
	t.Answered++
	if right {
		t.Right++
	}
}

// Percent returns the share of right answers, rounded down.
func (t Tally) Percent() int {
	if t.Answered == 0 {
		return 0
	}
	return t.Right * 100 / t.Answered
}

// TopicTally is a user's record on one topic, daily and practice apart.
type TopicTally struct {
	Daily    Tally
	Practice Tally
}

// Total is the daily and practice record together.
func (t TopicTally) Total() Tally {
	return Tally{Answered: t.Daily.Answered + t.Practice.Answered, Right: t.Daily.Right + t.Practice.Right}
}

// UserStats is one user's record in one team.
type UserStats struct {
	Team TeamID
	User string
	Name string
	// Points are all-time daily points; practice never scores.
	Points     int
	Streak     int
	BestStreak int
	// LastPost is the last daily post the user answered, or covered with
	// a streak freeze.
	LastPost uint64
	Daily    Tally
	Practice Tally
	Topics   map[Topic]TopicTally
	// Scores are the user's daily points in the current leaderboard
	// periods, by period key ("2026-W48", "2026-11", "all").
	Scores map[string]Score
	// Open holds the letter the user chose on each daily post they
	// answered that was not revealed yet: a second click is refused with
	// it. Revealed posts are dropped.
	Open map[uint64]int
	// Interview is the member's interview practice, which never scores.
	Interview InterviewTally
	// Freezes are the streak freezes held; FreezesUsed counts those used.
	Freezes     int
	FreezesUsed int
	// BestSeasonRank is the member's best final rank in a season (0:
	// none yet) and BestSeason the season it was in.
	BestSeasonRank int
	BestSeason     string
	// History is what became of the member's recent daily posts: those
	// answered (right or wrong) or covered by a freeze, oldest first, at
	// most MaxHistory. A post not in it was missed.
	History  []Outcome
	LastSeen time.Time
}

// MaxHistory is how many daily posts a member's history keeps: more than
// the 26 weeks of daily posts a stats card shows.
const MaxHistory = 200

// Outcome is what became of one daily post for one member.
type Outcome struct {
	Post   uint64
	Result Result
}

// Result is a member's result on a daily post.
type Result int

// The results a member's history records; a post missing from it was
// missed.
const (
	ResultRight Result = iota + 1
	ResultWrong
	ResultFrozen
)

// record appends an outcome to the history, dropping the oldest past
// MaxHistory.
func (s *UserStats) record(post uint64, r Result) {
	s.History = append(s.History, Outcome{Post: post, Result: r})
	if n := len(s.History); n > MaxHistory {
		s.History = append([]Outcome(nil), s.History[n-MaxHistory:]...)
	}
}

// Score is a user's points in one leaderboard period and when they reached
// them; among equal points, who reached them first ranks first.
type Score struct {
	Points  int
	Reached time.Time
}

// AddScore adds points to the user's score for each period key and returns
// the scores before (ok false where the user had none). Scores of periods
// not in keys are over and are dropped. A user who answers enters a period
// even with no points; the reached time moves only when points do.
func (s *UserStats) AddScore(keys []string, points int, at time.Time) (before []Score, had []bool) {
	next := make(map[string]Score, len(keys))
	for _, k := range keys {
		old, ok := s.Scores[k]
		before, had = append(before, old), append(had, ok)
		switch {
		case !ok:
			next[k] = Score{Points: points, Reached: at}
		case points == 0:
			next[k] = old
		default:
			next[k] = Score{Points: old.Points + points, Reached: at}
		}
	}
	s.Scores = next
	return before, had
}

// ApplyDaily records the user's first answer to daily post postID and
// returns the points it scored.
func (s *UserStats) ApplyDaily(postID uint64, topic Topic, right bool, at time.Time) int {
	points := DailyPoints(right, s.Streak)
	s.Points += points
	if right {
		s.Streak++
		s.BestStreak = max(s.BestStreak, s.Streak)
	} else {
		s.Streak = 0
	}
	s.LastPost = max(s.LastPost, postID)
	s.Daily.Add(right)
	s.topic(topic, func(t *TopicTally) { t.Daily.Add(right) })
	s.LastSeen = at
	return points
}

// ApplyPractice records a practice answer; it never touches points or streaks.
func (s *UserStats) ApplyPractice(topic Topic, right bool, at time.Time) {
	s.Practice.Add(right)
	s.topic(topic, func(t *TopicTally) { t.Practice.Add(right) })
	s.LastSeen = at
}

// MissedPost resets the streak of a user who did not answer daily post
// postID before it was revealed, and reports whether anything changed.
func (s *UserStats) MissedPost(postID uint64) bool {
	if s.Streak == 0 || s.LastPost >= postID {
		return false
	}
	s.Streak = 0
	return true
}

func (s *UserStats) topic(t Topic, f func(*TopicTally)) {
	if s.Topics == nil {
		s.Topics = map[Topic]TopicTally{}
	}
	tt := s.Topics[t]
	f(&tt)
	s.Topics[t] = tt
}
