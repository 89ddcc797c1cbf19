package quiz

import "time"

// ReviewDays are the Leitner intervals: a card in box n is due ReviewDays[n-1]
// days after it was last answered.
var ReviewDays = [5]int{1, 2, 4, 8, 16}

// ReviewCard is a question a user got wrong, waiting in their review queue.
type ReviewCard struct {
	QuestionID string
	Box        int
	// Due is the start of the day (in the team's timezone) the card is due.
	Due time.Time
}

// NewReviewCard returns the card for a question first answered wrong at at:
// box 1, due the next day.
func NewReviewCard(questionID string, at time.Time, loc *time.Location) ReviewCard {
	return ReviewCard{QuestionID: questionID, Box: 1, Due: dueDate(at, loc, ReviewDays[0])}
}

// Review applies a review answer: right moves the card up a box, wrong back
// to box 1. A right answer in the last box retires the card, and Review
// reports that by returning false.
func (c *ReviewCard) Review(right bool, at time.Time, loc *time.Location) (keep bool) {
	switch {
	case !right:
		c.Box = 1
	case c.Box >= len(ReviewDays):
		return false
	default:
		c.Box++
	}
	c.Due = dueDate(at, loc, ReviewDays[c.Box-1])
	return true
}

// IsDue reports whether the card is due at t.
func (c ReviewCard) IsDue(t time.Time) bool { return !t.Before(c.Due) }

// dueDate is midnight in loc, days calendar days after at's date, so a card
// due "tomorrow" is due all of tomorrow whatever the hour it was answered.
func dueDate(at time.Time, loc *time.Location, days int) time.Time {
	y, m, d := at.In(loc).Date()
	return time.Date(y, m, d+days, 0, 0, 0, 0, loc)
}
