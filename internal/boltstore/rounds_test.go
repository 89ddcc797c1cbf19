package boltstore

import (
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

func TestPracticeRoundAndReviewQueue(t *testing.T) {
	s, _ := openTemp(t)
	ensureTeam(t, s, "UTC")
	qs := testBank(3)
	r := quiz.Round{Team: team, User: "ann", Kind: quiz.KindQuiz}
	for i, q := range qs {
		r.Items = append(r.Items, quiz.NewRoundItem(q, uint64(i)))
	}
	r, err := s.CreateRound(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	wrong := (r.Items[0].Correct + 1) % 4
	res, err := s.AnswerRound(ctx, quiz.RoundAnswer{RoundID: r.ID, User: "bob", Index: 0, Letter: wrong, At: t0})
	if err != nil || res.Status != quiz.RoundNotYours {
		t.Fatalf("another user's click: %+v, %v; want RoundNotYours", res.Status, err)
	}
	res, err = s.AnswerRound(ctx, quiz.RoundAnswer{RoundID: r.ID, User: "ann", Index: 0, Letter: wrong, At: t0})
	if err != nil || res.Status != quiz.RoundRecorded || res.Right || res.Round.Next != 1 {
		t.Fatalf("wrong answer: %+v, %v", res, err)
	}
	res, _ = s.AnswerRound(ctx, quiz.RoundAnswer{RoundID: r.ID, User: "ann", Index: 0, Letter: r.Items[0].Correct, At: t0})
	if res.Status != quiz.RoundAlreadyAnswered || res.Right {
		t.Errorf("second click on question 1: %+v; want RoundAlreadyAnswered, still wrong", res.Status)
	}
	if _, err := s.AnswerRound(ctx, quiz.RoundAnswer{RoundID: r.ID, User: "ann", Index: 2, Letter: 0, At: t0}); quiz.ErrorCode(err) != quiz.EINVALID {
		t.Errorf("answering ahead: %v; want EINVALID", err)
	}
	for i := 1; i < 3; i++ {
		res, err = s.AnswerRound(ctx, quiz.RoundAnswer{RoundID: r.ID, User: "ann", Index: i, Letter: r.Items[i].Correct, At: t0})
		if err != nil || !res.Right {
			t.Fatalf("answer %d: %+v, %v", i, res, err)
		}
	}
	if !res.Round.Done() || res.Round.Right != 2 {
		t.Errorf("round after 3 answers: next %d, right %d; want done with 2 right", res.Round.Next, res.Round.Right)
	}
	st, _ := s.UserStats(ctx, team, "ann")
	if st.Practice != (quiz.Tally{Answered: 3, Right: 2}) || st.Points != 0 || st.Daily.Answered != 0 {
		t.Errorf("stats = %+v; want 3 practice answers, 2 right, no daily points", st)
	}

	// The missed question is due tomorrow, not today.
	if due, _ := s.DueReviews(ctx, team, "ann", t0); len(due) != 0 {
		t.Errorf("due today: %v; want none", due)
	}
	tomorrow := t0.Add(24 * time.Hour)
	due, err := s.DueReviews(ctx, team, "ann", tomorrow)
	if err != nil || len(due) != 1 || due[0].QuestionID != qs[0].ID || due[0].Box != 1 {
		t.Fatalf("due tomorrow: %+v, %v; want %s in box 1", due, err, qs[0].ID)
	}

	// A right review answer moves the card to box 2, due two days later.
	review := func(right bool, at time.Time) quiz.ReviewCard {
		t.Helper()
		rr, err := s.CreateRound(ctx, quiz.Round{Team: team, User: "ann", Kind: quiz.KindReview, Items: []quiz.RoundItem{quiz.NewRoundItem(qs[0], 9)}})
		if err != nil {
			t.Fatal(err)
		}
		letter := rr.Items[0].Correct
		if !right {
			letter = (letter + 1) % 4
		}
		if _, err := s.AnswerRound(ctx, quiz.RoundAnswer{RoundID: rr.ID, User: "ann", Index: 0, Letter: letter, At: at}); err != nil {
			t.Fatal(err)
		}
		due, _ := s.DueReviews(ctx, team, "ann", at.AddDate(1, 0, 0))
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

func TestDailyWrongAnswerEntersReviewQueueAtTheReveal(t *testing.T) {
	s, _ := openTemp(t)
	ensureTeam(t, s, "UTC")
	p := post(t, s, 0)
	answer(t, s, p, "ann", false, t0)
	answer(t, s, p, "bob", true, t0)
	if due, _ := s.DueReviews(ctx, team, "ann", t0.Add(48*time.Hour)); len(due) != 0 {
		t.Errorf("a wrong answer is in the review queue before the reveal: %v", due)
	}
	if _, _, err := s.RevealPost(ctx, p.ID, t0.Add(20*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.DueReviews(ctx, team, "ann", t0.Add(14*time.Hour)); len(due) != 0 {
		t.Errorf("the card is due on the day of the answer: %v", due)
	}
	for user, want := range map[string]int{"ann": 1, "bob": 0} {
		due, err := s.DueReviews(ctx, team, user, t0.Add(24*time.Hour))
		if err != nil || len(due) != want {
			t.Errorf("%s has %d due reviews, %v; want %d", user, len(due), err, want)
		}
	}
}
