package quiz

import (
	"strings"
	"testing"
	"time"
)

func TestNewInterviewResult(t *testing.T) {
	q := Question{ID: "q", Topic: "containers", KeyPoints: initPoints}
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	r, err := NewInterviewResult(q, "local", "ann", "  Zombies are reaped by tini as PID 1.  ", at)
	if err != nil || r.Answer != "Zombies are reaped by tini as PID 1." || len(r.Appealed) != 3 {
		t.Fatalf("NewInterviewResult = %+v, %v", r, err)
	}
	if c, n := r.Points(); c != 2 || n != 3 || r.Percent() != 66 {
		t.Errorf("points = %d of %d (%d%%); want 2 of 3", c, n, r.Percent())
	}
	for _, bad := range []string{"", "   ", strings.Repeat("x", MaxInterviewAnswer+1)} {
		if _, err := NewInterviewResult(q, "local", "ann", bad, at); ErrorCode(err) != EINVALID {
			t.Errorf("answer of %d characters: %v; want EINVALID", len(bad), err)
		}
	}
}

func TestAppeal(t *testing.T) {
	r := InterviewResult{ID: 1, User: "ann", Covered: []bool{true, false, false}, Appealed: []bool{false, false, false}}
	st := UserStats{Interview: InterviewTally{Answered: 2, PercentSum: 33 + 100}}
	tests := []struct {
		name    string
		user    string
		point   int
		wantErr string
	}{
		{"a missed point", "ann", 1, ""},
		{"someone else", "bob", 1, EUNAUTHORIZED},
		{"a covered point", "ann", 0, EINVALID},
		{"no such point", "ann", 3, EINVALID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := Appeal(r, st, AppealInput{ResultID: 1, User: tc.user, Point: tc.point})
			if ErrorCode(err) != tc.wantErr {
				t.Fatalf("Appeal = %v; want code %q", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if !tr.Result.Appealed[1] || tr.Result.Percent() != 66 || !tr.Result.SelfAssessed() {
				t.Errorf("result after the appeal = %+v", tr.Result)
			}
			if tr.Stats.Interview.PercentSum != 66+100 || tr.Stats.Interview.Mean() != 83 {
				t.Errorf("tally after the appeal = %+v; want the 33%% answer counted as 66%%", tr.Stats.Interview)
			}
			if r.Appealed[1] {
				t.Error("Appeal changed the caller's result")
			}
			if _, err := Appeal(tr.Result, tr.Stats, AppealInput{ResultID: 1, User: "ann", Point: 1}); ErrorCode(err) != EINVALID {
				t.Errorf("a second appeal of the point: %v; want EINVALID", err)
			}
		})
	}
}

func TestRate(t *testing.T) {
	at := time.Date(2026, 11, 23, 22, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		card     *ReviewCard
		rating   Rating
		wantBox  int // 0: no card
		wantDrop bool
	}{
		{"again, new", nil, Again, 1, false},
		{"hard, new", nil, Hard, 1, false},
		{"good, new", nil, Good, 1, false},
		{"easy, new", nil, Easy, 2, false},
		{"again from box 4", &ReviewCard{Box: 4}, Again, 1, false},
		{"hard keeps box 3", &ReviewCard{Box: 3}, Hard, 3, false},
		{"good from box 3", &ReviewCard{Box: 3}, Good, 4, false},
		{"easy from box 4 retires", &ReviewCard{Box: 4}, Easy, 0, true},
		{"good from box 5 retires", &ReviewCard{Box: 5}, Good, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := InterviewResult{ID: 1, User: "ann", QuestionID: "q"}
			tr, err := Rate(r, tc.card, RateInput{ResultID: 1, User: "ann", Rating: tc.rating, At: at}, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			if tr.DropCard != tc.wantDrop || tr.Result.Rating != tc.rating {
				t.Fatalf("Rate = drop %v, rating %q; want drop %v", tr.DropCard, tr.Result.Rating, tc.wantDrop)
			}
			switch {
			case tc.wantBox == 0 && tr.Card != nil:
				t.Errorf("card = %+v; want none", tr.Card)
			case tc.wantBox != 0:
				wantDue := time.Date(2026, 11, 23+ReviewDays[tc.wantBox-1], 0, 0, 0, 0, time.UTC)
				if tr.Card == nil || tr.Card.Box != tc.wantBox || !tr.Card.Due.Equal(wantDue) {
					t.Errorf("card = %+v; want box %d due %v", tr.Card, tc.wantBox, wantDue)
				}
			}
			if _, err := Rate(tr.Result, tc.card, RateInput{ResultID: 1, User: "ann", Rating: Good, At: at}, time.UTC); ErrorCode(err) != EINVALID {
				t.Errorf("rating twice: %v; want EINVALID", err)
			}
		})
	}
	if _, err := Rate(InterviewResult{User: "ann"}, nil, RateInput{User: "bob", Rating: Good}, time.UTC); ErrorCode(err) != EUNAUTHORIZED {
		t.Errorf("rating another member's answer: %v; want EUNAUTHORIZED", err)
	}
}
