package quiz

import (
	"strings"
	"time"
)

// InterviewResult is one free-text answer in interview mode, as the grader
// marked it and as its author amended it.
type InterviewResult struct {
	ID         uint64
	Team       TeamID
	User       string
	QuestionID string
	Topic      Topic
	Answer     string
	// Covered is the grader's verdict for each key point.
	Covered []bool
	// Appealed marks the points the member says they covered though the
	// grader did not see it.
	Appealed []bool
	// Rating is the member's own rating, "" until they rate.
	Rating Rating
	At     time.Time
}

// Points returns how many key points count as covered, appeals included,
// and how many there are.
func (r InterviewResult) Points() (covered, total int) {
	for i, c := range r.Covered {
		if c || (i < len(r.Appealed) && r.Appealed[i]) {
			covered++
		}
	}
	return covered, len(r.Covered)
}

// Percent is the score in whole percent, appeals included.
func (r InterviewResult) Percent() int {
	covered, total := r.Points()
	if total == 0 {
		return 0
	}
	return covered * 100 / total
}

// SelfAssessed reports whether the member marked any point covered.
func (r InterviewResult) SelfAssessed() bool {
	for _, a := range r.Appealed {
		if a {
			return true
		}
	}
	return false
}

// NewInterviewResult grades answer against q's key points. EINVALID when
// the answer is empty or longer than MaxInterviewAnswer.
func NewInterviewResult(q Question, team TeamID, user, answer string, at time.Time) (InterviewResult, error) {
	answer = strings.TrimSpace(answer)
	if err := CheckAnswerText(answer); err != nil {
		return InterviewResult{}, err
	}
	if len(q.KeyPoints) == 0 {
		return InterviewResult{}, Errorf(EINVALID, "This question has no key points to grade against; try another one.")
	}
	g := GradeAnswer(q.KeyPoints, answer)
	return InterviewResult{
		Team: team, User: user, QuestionID: q.ID, Topic: q.Topic, Answer: answer,
		Covered: g.Covered, Appealed: make([]bool, len(g.Covered)), At: at,
	}, nil
}

// CheckAnswerText refuses an interview answer that cannot be graded:
// empty, or longer than MaxInterviewAnswer.
func CheckAnswerText(answer string) error {
	switch n := len([]rune(strings.TrimSpace(answer))); {
	case n == 0:
		return Errorf(EINVALID, "Write your answer first: say it as you would in an interview, in a few sentences.")
	case n > MaxInterviewAnswer:
		return Errorf(EINVALID, "Your answer is %d characters; the limit is %d. Keep the substance and cut the rest.", n, MaxInterviewAnswer)
	}
	return nil
}

// InterviewTally is a member's interview practice: how many answers and
// the sum of their scores in percent, so the mean stays exact as appeals
// change single scores.
type InterviewTally struct {
	Answered   int
	PercentSum int
}

// Mean returns the mean score in whole percent, 0 before any answer.
func (t InterviewTally) Mean() int {
	if t.Answered == 0 {
		return 0
	}
	return t.PercentSum / t.Answered
}

// ApplyInterview counts a new interview answer; it never touches daily
// points or streaks.
func (s *UserStats) ApplyInterview(r InterviewResult, at time.Time) {
	s.Interview.Answered++
	s.Interview.PercentSum += r.Percent()
	s.LastSeen = at
}

// AppealInput is a member marking a missed point of their result covered.
type AppealInput struct {
	ResultID uint64
	User     string
	Point    int
	At       time.Time
}

// AppealTransition is what an appeal changes: the result and the author's
// record.
type AppealTransition struct {
	Result InterviewResult
	Stats  UserStats
}

// Appeal decides an appeal. Only the author may appeal, only a point the
// grader missed, and only once; each refusal is an EINVALID or
// EUNAUTHORIZED error with a sentence for the member.
func Appeal(r InterviewResult, st UserStats, in AppealInput) (AppealTransition, error) {
	switch {
	case r.User != in.User:
		return AppealTransition{}, Errorf(EUNAUTHORIZED, "This is someone else's interview answer; only its author can mark points covered.")
	case in.Point < 0 || in.Point >= len(r.Covered):
		return AppealTransition{}, Errorf(EINVALID, "That key point is not part of this answer.")
	case r.Covered[in.Point]:
		return AppealTransition{}, Errorf(EINVALID, "The grader already counted that point as covered.")
	case in.Point < len(r.Appealed) && r.Appealed[in.Point]:
		return AppealTransition{}, Errorf(EINVALID, "You already marked that point as covered.")
	}
	before := r.Percent()
	r.Appealed = append(make([]bool, 0, len(r.Covered)), r.Appealed...)
	for len(r.Appealed) < len(r.Covered) {
		r.Appealed = append(r.Appealed, false)
	}
	r.Appealed[in.Point] = true
	st.Interview.PercentSum += r.Percent() - before
	st.LastSeen = in.At
	return AppealTransition{Result: r, Stats: st}, nil
}

// Rating is how a member rates their own interview answer.
type Rating string

// The ratings, as Anki names them.
const (
	Again Rating = "again"
	Hard  Rating = "hard"
	Good  Rating = "good"
	Easy  Rating = "easy"
)

// Ratings lists the ratings from worst to best.
var Ratings = []Rating{Again, Hard, Good, Easy}

// ParseRating returns the rating named s.
func ParseRating(s string) (Rating, error) {
	r := Rating(strings.ToLower(strings.TrimSpace(s)))
	for _, known := range Ratings {
		if r == known {
			return r, nil
		}
	}
	return "", Errorf(EINVALID, "unknown rating %q: use again, hard, good or easy", s)
}

// RateInput is a member rating their interview answer.
type RateInput struct {
	ResultID uint64
	User     string
	Rating   Rating
	At       time.Time
}

// RateTransition is what a rating changes: the result, and the member's
// review card for the question (Card nil and DropCard true: the card
// retires).
type RateTransition struct {
	Result   InterviewResult
	Card     *ReviewCard
	DropCard bool
}

// Rate decides a rating: it moves the question in the member's review
// queue — Again to box 1, due tomorrow; Hard keeps its box; Good moves it up
// a box and Easy up two, each due after its box's interval. A question not
// in the queue counts as box 0 (Hard puts it in box 1); past the last box
// it retires. A result is rated once.
func Rate(r InterviewResult, card *ReviewCard, in RateInput, loc *time.Location) (RateTransition, error) {
	switch {
	case r.User != in.User:
		return RateTransition{}, Errorf(EUNAUTHORIZED, "This is someone else's interview answer; start your own with /docker interview.")
	case r.Rating != "":
		return RateTransition{}, Errorf(EINVALID, "You already rated this answer %s.", r.Rating)
	}
	box := 0
	if card != nil {
		box = card.Box
	}
	switch in.Rating {
	case Again:
		box = 1
	case Hard:
		box = max(box, 1)
	case Good:
		box++
	case Easy:
		box += 2
	default:
		return RateTransition{}, Errorf(EINVALID, "Pick Again, Hard, Good or Easy.")
	}
	r.Rating = in.Rating
	t := RateTransition{Result: r}
	if box > len(ReviewDays) {
		t.DropCard = card != nil
		return t, nil
	}
	t.Card = &ReviewCard{QuestionID: r.QuestionID, Box: box, Due: dueDate(in.At, loc, ReviewDays[box-1])}
	return t, nil
}
