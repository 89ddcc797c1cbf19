package boltstore

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// TestConcurrentAnswersStayConsistent sends 1,000 concurrent answers (100
// users × 10 open posts) plus a second click for each, and checks that the
// stats, boards and post counters agree exactly with the stored answers.
func TestConcurrentAnswersStayConsistent(t *testing.T) {
	s, _ := openTemp(t)
	ensureTeam(t, s, "UTC")
	const users, posts = 100, 10
	var ps []quiz.Post
	for i := range posts {
		ps = append(ps, post(t, s, i))
	}
	var wg sync.WaitGroup
	errs := make(chan error, users*posts*2)
	for u := range users {
		for _, p := range ps {
			for click := range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := s.RecordAnswer(ctx, quiz.AnswerInput{
						PostID: p.ID, User: fmt.Sprintf("u%03d", u), Name: fmt.Sprintf("User %d", u),
						Letter: rand.IntN(4), At: t0.Add(time.Duration(click) * time.Second),
					})
					errs <- err
				}()
			}
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}

	type sum struct{ answered, right, points int }
	byUser := map[string]*sum{}
	totalRight := 0
	for _, p := range ps {
		answers, err := s.Answers(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := s.Post(ctx, p.ID)
		right := 0
		var byLetter [4]int
		for _, a := range answers {
			u := byUser[a.User]
			if u == nil {
				u = &sum{}
				byUser[a.User] = u
			}
			u.answered++
			u.points += a.Points
			if a.Correct {
				u.right++
				right++
			}
			byLetter[a.Letter]++
			if a.Correct != (a.Letter == p.Correct) {
				t.Fatalf("answer %+v marked correct=%v but the right letter is %d", a, a.Correct, p.Correct)
			}
		}
		totalRight += right
		if len(answers) != users || got.Answers != users || got.Right != right || got.ByLetter != byLetter {
			t.Errorf("post %d: %d stored answers, counters %d answered %d right %v; want %d answers, %d right %v",
				p.ID, len(answers), got.Answers, got.Right, got.ByLetter, users, right, byLetter)
		}
	}
	if totalRight == 0 {
		t.Fatal("no right answers at all: the test proves nothing")
	}
	lb, err := s.Leaderboard(ctx, team, quiz.All, t0, "", users)
	if err != nil {
		t.Fatal(err)
	}
	if lb.Players != users || len(lb.Top) != users {
		t.Errorf("board has %d players, lists %d; want %d", lb.Players, len(lb.Top), users)
	}
	boardPoints := map[string]int{}
	for _, st := range lb.Top {
		boardPoints[st.User] = st.Points
	}
	for user, want := range byUser {
		st, err := s.UserStats(ctx, team, user)
		if err != nil {
			t.Fatal(err)
		}
		if st.Daily.Answered != want.answered || st.Daily.Right != want.right || st.Points != want.points {
			t.Errorf("%s stats: %d answered, %d right, %d points; answers say %d, %d, %d",
				user, st.Daily.Answered, st.Daily.Right, st.Points, want.answered, want.right, want.points)
		}
		if boardPoints[user] != want.points {
			t.Errorf("%s on the board with %d points; answers say %d", user, boardPoints[user], want.points)
		}
	}
}
