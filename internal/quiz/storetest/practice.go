package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

var practiceContracts = []contract{
	{"PracticeRoundAndReviewQueue", testPracticeRoundAndReviewQueue},
	{"RoundRoundTrips", testRoundRoundTrips},
	{"DailyWrongAnswerEntersReviewQueueAtTheReveal", testDailyWrongAnswerEntersReviewQueueAtTheReveal},
	{"DueReviewsMostOverdueFirst", testDueReviewsMostOverdueFirst},
}

func testPracticeRoundAndReviewQueue(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	qs := Bank(3)
	r := quiz.Round{Team: Team, User: "ann", Kind: quiz.KindQuiz}
	for i, q := range qs {
		r.Items = append(r.Items, quiz.NewRoundItem(q, uint64(i)))
	}
	r, err := s.CreateRound(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	wrong := letter(r.Items[0].Correct, false)
	res, err := s.AnswerRound(ctx, quiz.RoundAnswer{RoundID: r.ID, User: "bob", Index: 0, Letter: wrong, At: T0})
	if err != nil || res.Status != quiz.RoundNotYours {
		t.Fatalf("another user's click: %+v, %v; want RoundNotYours", res.Status, err)
	}
	res, err = s.AnswerRound(ctx, quiz.RoundAnswer{RoundID: r.ID, User: "ann", Index: 0, Letter: wrong, At: T0})
	if err != nil || res.Status != quiz.RoundRecorded || res.Right || res.Round.Next != 1 {
		t.Fatalf("wrong answer: %+v, %v", res, err)
	}
	res, _ = s.AnswerRound(ctx, quiz.RoundAnswer{RoundID: r.ID, User: "ann", Index: 0, Letter: r.Items[0].Correct, At: T0})
	if res.Status != quiz.RoundAlreadyAnswered || res.Right {
		t.Errorf("second click on question 1: %+v; want RoundAlreadyAnswered, still wrong", res.Status)
	}
	if _, err := s.AnswerRound(ctx, quiz.RoundAnswer{RoundID: r.ID, User: "ann", Index: 2, Letter: 0, At: T0}); quiz.ErrorCode(err) != quiz.EINVALID {
		t.Errorf("answering ahead: %v; want EINVALID", err)
	}
	for i := 1; i < 3; i++ {
		res, err = s.AnswerRound(ctx, quiz.RoundAnswer{RoundID: r.ID, User: "ann", Index: i, Letter: r.Items[i].Correct, At: T0})
		if err != nil || !res.Right {
			t.Fatalf("answer %d: %+v, %v", i, res, err)
		}
	}
	if !res.Round.Done() || res.Round.Right != 2 {
		t.Errorf("round after 3 answers: next %d, right %d; want done with 2 right", res.Round.Next, res.Round.Right)
	}
	st, _ := s.UserStats(ctx, Team, "ann")
	if st.Practice != (quiz.Tally{Answered: 3, Right: 2}) || st.Points != 0 || st.Daily.Answered != 0 {
		t.Errorf("stats = %+v; want 3 practice answers, 2 right, no daily points", st)
	}
	if bob, _ := s.UserStats(ctx, Team, "bob"); !reflect.DeepEqual(bob, quiz.UserStats{Team: Team, User: "bob"}) {
		t.Errorf("bob's click on ann's round left a record: %+v", bob)
	}

	// The missed question is due tomorrow, not today.
	if due, _ := s.DueReviews(ctx, Team, "ann", T0); len(due) != 0 {
		t.Errorf("due today: %v; want none", due)
	}
	tomorrow := T0.Add(24 * time.Hour)
	due, err := s.DueReviews(ctx, Team, "ann", tomorrow)
	if err != nil || len(due) != 1 || due[0].QuestionID != qs[0].ID || due[0].Box != 1 {
		t.Fatalf("due tomorrow: %+v, %v; want %s in box 1", due, err, qs[0].ID)
	}

	// A right review answer moves the card to box 2, due two days later.
	review := func(right bool, at time.Time) quiz.ReviewCard {
		t.Helper()
		rr, err := s.CreateRound(ctx, quiz.Round{Team: Team, User: "ann", Kind: quiz.KindReview, Items: []quiz.RoundItem{quiz.NewRoundItem(qs[0], 9)}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AnswerRound(ctx, quiz.RoundAnswer{RoundID: rr.ID, User: "ann", Index: 0, Letter: letter(rr.Items[0].Correct, right), At: at}); err != nil {
			t.Fatal(err)
		}
		due, _ := s.DueReviews(ctx, Team, "ann", at.AddDate(1, 0, 0))
		if len(due) == 0 {
			return quiz.ReviewCard{}
		}
		return due[0]
	}
	if c := review(true, tomorrow); c.Box != 2 || !c.Due.Equal(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("after a right review: %+v; want box 2 due 26 November", c)
	}
	if c := review(false, tomorrow); c.Box != 1 {
		t.Errorf("after a wrong review: %+v; want box 1", c)
	}
	for range 4 {
		review(true, tomorrow)
	}
	if c := review(true, tomorrow); c.QuestionID != "" {
		t.Errorf("after a right review in box 5 the card is still queued: %+v", c)
	}
}

// testRoundRoundTrips: a round comes back from the store as it went in,
// with its id, and its items' answers as they were given.
func testRoundRoundTrips(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	in := quiz.Round{Team: Team, User: "ann", Kind: quiz.KindQuiz, CreatedAt: T0.Add(5 * time.Millisecond)}
	for i, q := range Bank(4) {
		in.Items = append(in.Items, quiz.NewRoundItem(q, uint64(100+i)))
	}
	r1, err := s.CreateRound(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := s.CreateRound(ctx, in)
	if err != nil || r1.ID == 0 || r2.ID <= r1.ID {
		t.Fatalf("round ids %d then %d, %v; want increasing ids", r1.ID, r2.ID, err)
	}
	want := in
	want.ID = r1.ID
	if !reflect.DeepEqual(r1, want) {
		t.Errorf("CreateRound = %+v; want %+v", r1, want)
	}
	res, err := s.AnswerRound(ctx, quiz.RoundAnswer{RoundID: r1.ID, User: "ann", Index: 0, Letter: 3, At: T0})
	if err != nil {
		t.Fatal(err)
	}
	want.Items = append([]quiz.RoundItem(nil), in.Items...)
	want.Items[0].Letter, want.Next = 3, 1
	if res.Right {
		want.Right = 1
	}
	if !reflect.DeepEqual(res.Round, want) {
		t.Errorf("round after an answer = %+v; want %+v", res.Round, want)
	}
	// The stored round is the one returned: the next answer builds on it.
	res, err = s.AnswerRound(ctx, quiz.RoundAnswer{RoundID: r1.ID, User: "ann", Index: 0, Letter: 1, At: T0})
	if err != nil || res.Status != quiz.RoundAlreadyAnswered || !reflect.DeepEqual(res.Round, want) {
		t.Errorf("second click = %+v, %v; want RoundAlreadyAnswered on %+v", res, err, want)
	}
}

func testDailyWrongAnswerEntersReviewQueueAtTheReveal(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	p := Post(t, s, 0)
	Answer(t, s, p, "ann", false, T0)
	Answer(t, s, p, "bob", true, T0)
	if due, _ := s.DueReviews(ctx, Team, "ann", T0.Add(48*time.Hour)); len(due) != 0 {
		t.Errorf("a wrong answer is in the review queue before the reveal: %v", due)
	}
	if _, _, err := s.RevealPost(ctx, p.ID, T0.Add(20*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.DueReviews(ctx, Team, "ann", T0.Add(14*time.Hour)); len(due) != 0 {
		t.Errorf("the card is due on the day of the answer: %v", due)
	}
	for user, want := range map[string]int{"ann": 1, "bob": 0} {
		due, err := s.DueReviews(ctx, Team, user, T0.Add(24*time.Hour))
		if err != nil || len(due) != want {
			t.Errorf("%s has %d due reviews, %v; want %d", user, len(due), err, want)
		}
	}
}

// testDueReviewsMostOverdueFirst: cards missed on different days come due
// on different days; the longest due comes first.
func testDueReviewsMostOverdueFirst(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "Europe/Berlin")
	qs := Bank(4)
	// Missed on days 2, 0 and 1 (in that order), q03 never.
	for i, day := range []int{2, 0, 1} {
		r, err := s.CreateRound(ctx, quiz.Round{Team: Team, User: "ann", Kind: quiz.KindQuestion, Items: []quiz.RoundItem{quiz.NewRoundItem(qs[i], 1)}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AnswerRound(ctx, quiz.RoundAnswer{RoundID: r.ID, User: "ann", Index: 0, Letter: letter(r.Items[0].Correct, false), At: T0.AddDate(0, 0, day)}); err != nil {
			t.Fatal(err)
		}
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	day := func(d int) time.Time { return time.Date(2026, 11, 23+d, 0, 0, 0, 0, berlin) }
	for _, tc := range []struct {
		at   time.Time
		want []string
	}{
		{day(1).Add(-time.Millisecond), nil},
		{day(1), []string{"q01"}},
		{day(2).Add(time.Hour), []string{"q01", "q02"}},
		{day(30), []string{"q01", "q02", "q00"}},
	} {
		due, err := s.DueReviews(ctx, Team, "ann", tc.at)
		var got []string
		for _, c := range due {
			got = append(got, c.QuestionID)
			if c.Box != 1 {
				t.Errorf("card %+v; want box 1", c)
			}
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("DueReviews(%v) = %v, %v; want %v", tc.at, got, err, tc.want)
		}
	}
	if due, _ := s.DueReviews(ctx, Team, "ann", day(30)); len(due) == 3 && !due[0].Due.Equal(day(1)) {
		t.Errorf("first card due %v; want midnight in Berlin, %v", due[0].Due, day(1))
	}
}
