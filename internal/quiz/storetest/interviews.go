package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

var interviewContracts = []contract{
	{"CreateInterviewCountsInStats", testCreateInterviewCountsInStats},
	{"AppealInterviewAndRefusals", testAppealInterviewAndRefusals},
	{"RateInterviewMovesTheReviewCard", testRateInterviewMovesTheReviewCard},
	{"AppealsGroupedByQuestionAndPoint", testAppealsGroupedByQuestionAndPoint},
}

// interview stores a result of user on question q with the grader's
// verdicts covered.
func interview(t testing.TB, s quiz.Store, user, q string, at time.Time, covered ...bool) quiz.InterviewResult {
	t.Helper()
	r, err := s.CreateInterview(ctx, quiz.InterviewResult{
		Team: Team, User: user, QuestionID: q, Topic: "images", Answer: "Layers are cached by content.",
		Covered: covered, Appealed: make([]bool, len(covered)), At: at,
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func testCreateInterviewCountsInStats(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	a := interview(t, s, "ann", "q01", T0.Add(7*time.Millisecond), true, false, true, false)
	b := interview(t, s, "ann", "q02", T0.Add(time.Hour), true)
	if a.ID == 0 || b.ID <= a.ID {
		t.Fatalf("interview ids %d then %d; want increasing ids", a.ID, b.ID)
	}
	if got, err := s.Interview(ctx, a.ID); err != nil || !reflect.DeepEqual(got, a) {
		t.Errorf("Interview(%d) = %+v, %v; want %+v", a.ID, got, err, a)
	}
	st, err := s.UserStats(ctx, Team, "ann")
	if want := (quiz.InterviewTally{Answered: 2, PercentSum: 150}); err != nil || st.Interview != want {
		t.Errorf("ann's interview tally = %+v, %v; want %+v", st.Interview, err, want)
	}
	if st.Points != 0 || st.Streak != 0 || st.Daily.Answered != 0 || !st.LastSeen.Equal(b.At) {
		t.Errorf("ann's record after interviews = %+v; want no daily points, seen at the last answer", st)
	}
	if _, err := s.CreateInterview(ctx, quiz.InterviewResult{Team: Team, User: "", QuestionID: "q01", Covered: []bool{true}, At: T0}); err == nil {
		t.Error("CreateInterview with no user succeeded")
	}
}

func testAppealInterviewAndRefusals(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	r := interview(t, s, "ann", "q01", T0, true, false, false, false)
	for _, tc := range []struct {
		name string
		in   quiz.AppealInput
		code string
	}{
		{"someone else's", quiz.AppealInput{ResultID: r.ID, User: "bob", Point: 1, At: T0}, quiz.EUNAUTHORIZED},
		{"a point out of range", quiz.AppealInput{ResultID: r.ID, User: "ann", Point: 4, At: T0}, quiz.EINVALID},
		{"a negative point", quiz.AppealInput{ResultID: r.ID, User: "ann", Point: -1, At: T0}, quiz.EINVALID},
		{"a point the grader counted", quiz.AppealInput{ResultID: r.ID, User: "ann", Point: 0, At: T0}, quiz.EINVALID},
	} {
		_, err := s.AppealInterview(ctx, tc.in)
		wantCode(t, "appeal of "+tc.name, err, tc.code)
		_, want := quiz.Appeal(r, quiz.UserStats{}, tc.in)
		if quiz.ErrorMessage(err) != quiz.ErrorMessage(want) {
			t.Errorf("appeal of %s says %q; want %q", tc.name, quiz.ErrorMessage(err), quiz.ErrorMessage(want))
		}
	}
	if bob, _ := s.UserStats(ctx, Team, "bob"); !reflect.DeepEqual(bob, quiz.UserStats{Team: Team, User: "bob"}) {
		t.Errorf("a refused appeal left a record for bob: %+v", bob)
	}
	at := T0.Add(time.Hour)
	got, err := s.AppealInterview(ctx, quiz.AppealInput{ResultID: r.ID, User: "ann", Point: 2, At: at})
	want := r
	want.Appealed = []bool{false, false, true, false}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("AppealInterview = %+v, %v; want %+v", got, err, want)
	}
	if stored, _ := s.Interview(ctx, r.ID); !reflect.DeepEqual(stored, want) {
		t.Errorf("Interview after the appeal = %+v; want %+v", stored, want)
	}
	st, _ := s.UserStats(ctx, Team, "ann")
	if st.Interview != (quiz.InterviewTally{Answered: 1, PercentSum: 50}) || !st.LastSeen.Equal(at) {
		t.Errorf("ann's record after the appeal = %+v; want one answer at 50%%, seen at the appeal", st)
	}
	_, err = s.AppealInterview(ctx, quiz.AppealInput{ResultID: r.ID, User: "ann", Point: 2, At: at})
	wantCode(t, "a second appeal of the point", err, quiz.EINVALID)
	if st, _ := s.UserStats(ctx, Team, "ann"); st.Interview.PercentSum != 50 {
		t.Errorf("a refused appeal changed the tally to %+v", st.Interview)
	}
}

func testRateInterviewMovesTheReviewCard(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	first := interview(t, s, "ann", "q01", T0, false, true)
	_, err := s.RateInterview(ctx, quiz.RateInput{ResultID: first.ID, User: "bob", Rating: quiz.Again, At: T0})
	wantCode(t, "rating someone else's answer", err, quiz.EUNAUTHORIZED)
	_, err = s.RateInterview(ctx, quiz.RateInput{ResultID: first.ID, User: "ann", Rating: "meh", At: T0})
	wantCode(t, "an unknown rating", err, quiz.EINVALID)

	tr, err := s.RateInterview(ctx, quiz.RateInput{ResultID: first.ID, User: "ann", Rating: quiz.Again, At: T0})
	tomorrow := T0.Truncate(24*time.Hour).AddDate(0, 0, 1)
	if err != nil || tr.Result.Rating != quiz.Again || tr.Card == nil || tr.Card.Box != 1 || !tr.Card.Due.Equal(tomorrow) || tr.DropCard {
		t.Fatalf("rating Again = %+v, %v; want the card in box 1 due %v", tr, err, tomorrow)
	}
	if stored, _ := s.Interview(ctx, first.ID); stored.Rating != quiz.Again {
		t.Errorf("stored rating = %q; want again", stored.Rating)
	}
	due, _ := s.DueReviews(ctx, Team, "ann", tomorrow)
	if len(due) != 1 || due[0] != *tr.Card {
		t.Errorf("review queue after Again = %+v; want %+v", due, *tr.Card)
	}
	_, err = s.RateInterview(ctx, quiz.RateInput{ResultID: first.ID, User: "ann", Rating: quiz.Easy, At: T0})
	wantCode(t, "rating twice", err, quiz.EINVALID)

	// Easy moves the card up two boxes, from 1 to 3: due in 4 days.
	second := interview(t, s, "ann", "q01", T0.Add(time.Hour), true, true)
	tr, err = s.RateInterview(ctx, quiz.RateInput{ResultID: second.ID, User: "ann", Rating: quiz.Easy, At: T0.Add(time.Hour)})
	if err != nil || tr.Card == nil || tr.Card.Box != 3 || !tr.Card.Due.Equal(tomorrow.AddDate(0, 0, 3)) {
		t.Fatalf("rating Easy = %+v, %v; want box 3 due in 4 days", tr, err)
	}
	if due, _ := s.DueReviews(ctx, Team, "ann", T0.AddDate(0, 1, 0)); len(due) != 1 || due[0] != *tr.Card {
		t.Errorf("review queue after Easy = %+v; want %+v", due, *tr.Card)
	}
	// Two more Easy ratings take it past the last box: it retires.
	for i := range 2 {
		r := interview(t, s, "ann", "q01", T0.Add(time.Hour), true, true)
		if tr, err = s.RateInterview(ctx, quiz.RateInput{ResultID: r.ID, User: "ann", Rating: quiz.Easy, At: T0}); err != nil {
			t.Fatal(err)
		}
		if i == 1 && (!tr.DropCard || tr.Card != nil) {
			t.Errorf("rating Easy in box 5 = %+v; want the card retired", tr)
		}
	}
	if due, _ := s.DueReviews(ctx, Team, "ann", T0.AddDate(1, 0, 0)); len(due) != 0 {
		t.Errorf("review queue after the card retired = %+v; want empty", due)
	}
}

func testAppealsGroupedByQuestionAndPoint(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	if appeals, err := s.Appeals(ctx); err != nil || len(appeals) != 0 {
		t.Fatalf("Appeals of an empty store = %v, %v", appeals, err)
	}
	type appeal struct {
		q     string
		point int
	}
	var results []quiz.InterviewResult
	for _, a := range []appeal{{"q02", 1}, {"q01", 2}, {"q10", 0}, {"q01", 0}, {"q01", 2}, {"Q9", 1}} {
		r := interview(t, s, "ann", a.q, T0, false, false, false)
		r, err := s.AppealInterview(ctx, quiz.AppealInput{ResultID: r.ID, User: "ann", Point: a.point, At: T0})
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, r)
	}
	appeals, err := s.Appeals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []appeal
	for _, a := range appeals {
		got = append(got, appeal{a.QuestionID, a.Point})
		if a.Result.QuestionID != a.QuestionID || !a.Result.Appealed[a.Point] {
			t.Errorf("appeal %s/%d lists result %+v", a.QuestionID, a.Point, a.Result)
		}
	}
	// Bytewise by question, then by point, then by result.
	want := []appeal{{"Q9", 1}, {"q01", 0}, {"q01", 2}, {"q01", 2}, {"q02", 1}, {"q10", 0}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Appeals = %v; want %v", got, want)
	}
	if len(appeals) == len(want) && (!reflect.DeepEqual(appeals[2].Result, results[1]) || !reflect.DeepEqual(appeals[3].Result, results[4])) {
		t.Errorf("the two appeals of q01/2 list %+v and %+v; want the results in the order they were made", appeals[2].Result, appeals[3].Result)
	}
}
