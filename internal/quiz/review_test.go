package quiz

import (
	"testing"
	"time"
)

func TestReviewCardBoxes(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	// 23:30 in Berlin on 23 November: "tomorrow" is Berlin's 24 November.
	at := time.Date(2026, 11, 23, 22, 30, 0, 0, time.UTC)
	c := NewReviewCard("q1", at, berlin)
	if want := time.Date(2026, 11, 24, 0, 0, 0, 0, berlin); c.Box != 1 || !c.Due.Equal(want) {
		t.Fatalf("new card = box %d due %v; want box 1 due %v", c.Box, c.Due, want)
	}
	if c.IsDue(time.Date(2026, 11, 23, 22, 59, 0, 0, time.UTC)) {
		t.Error("card is due before midnight of the next day")
	}
	if !c.IsDue(time.Date(2026, 11, 23, 23, 0, 0, 0, time.UTC)) {
		t.Error("card is not due at Berlin midnight")
	}
	// Right answers climb the boxes with growing intervals; a right answer
	// in the last box retires the card.
	day := at
	for box := 2; box <= 5; box++ {
		if !c.Review(true, day, berlin) {
			t.Fatalf("card retired in box %d", box-1)
		}
		wantDue := time.Date(2026, 11, 23+ReviewDays[box-1], 0, 0, 0, 0, berlin)
		if c.Box != box || !c.Due.Equal(wantDue) {
			t.Fatalf("after right answer: box %d due %v; want box %d due %v", c.Box, c.Due, box, wantDue)
		}
	}
	if c.Review(true, day, berlin) {
		t.Error("a right answer in box 5 kept the card; want it retired")
	}
	c = ReviewCard{QuestionID: "q1", Box: 4}
	if !c.Review(false, day, berlin) || c.Box != 1 {
		t.Errorf("wrong answer left the card in box %d; want box 1", c.Box)
	}
}
