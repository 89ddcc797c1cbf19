package storetest

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

var answerContracts = []contract{
	{"SecondAnswerDoesNotCount", testSecondAnswerDoesNotCount},
	{"AnswersInArrivalOrder", testAnswersInArrivalOrder},
	{"RefusedAnswersChangeNothing", testRefusedAnswersChangeNothing},
	{"UserStatsRoundTripsEveryField", testUserStatsRoundTripsEveryField},
	{"ConcurrentAnswersStayConsistent", testConcurrentAnswersStayConsistent},
	{"RevealRacesAnswers", testRevealRacesAnswers},
}

func testSecondAnswerDoesNotCount(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	p := Post(t, s, 0)
	first := Answer(t, s, p, "ann", false, T0.Add(time.Minute))
	if first.Status != quiz.Recorded {
		t.Fatalf("first answer status %v; want Recorded", first.Status)
	}
	second := Answer(t, s, p, "ann", true, T0.Add(2*time.Minute))
	if second.Status != quiz.AlreadyAnswered || second.Answer.Letter != first.Answer.Letter {
		t.Fatalf("second answer = status %v letter %d; want AlreadyAnswered with the first letter %d", second.Status, second.Answer.Letter, first.Answer.Letter)
	}
	st, _ := s.UserStats(ctx, Team, "ann")
	if st.Points != 0 || st.Daily.Answered != 1 {
		t.Errorf("stats after a wrong then a right click = %d points, %d answered; want 0 and 1", st.Points, st.Daily.Answered)
	}
	got, _ := s.Post(ctx, p.ID)
	if got.Answers != 1 || got.Right != 0 {
		t.Errorf("post counters = %d answered, %d right; want 1, 0", got.Answers, got.Right)
	}
	if answers, _ := s.Answers(ctx, p.ID); len(answers) != 1 {
		t.Errorf("answers stored: %v; want the first only", answers)
	}
}

// testAnswersInArrivalOrder: answers are listed as they came, those with
// the same time in the order they arrived.
func testAnswersInArrivalOrder(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	p := Post(t, s, 0)
	var want []quiz.Answer
	for i, u := range []string{"zed", "amy", "kim", "bob", "ann"} {
		at := T0.Add(time.Duration(i/2) * time.Minute) // pairs at the same minute
		res := Answer(t, s, p, u, i%2 == 0, at)
		want = append(want, res.Answer)
	}
	got, err := s.Answers(ctx, p.ID)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Answers = %+v, %v; want %+v", got, err, want)
	}
	if want[0].Points != 10 || want[0].Streak != 1 || !want[0].Correct || want[1].Correct || want[1].Points != 0 {
		t.Errorf("answers = %+v; want the right ones scoring 10 with streak 1, the wrong ones 0", want)
	}
	if other := Post(t, s, 1); len(mustAnswers(t, s, other.ID)) != 0 {
		t.Errorf("another post lists answers it did not get")
	}
}

func mustAnswers(t *testing.T, s quiz.Store, postID uint64) []quiz.Answer {
	t.Helper()
	answers, err := s.Answers(ctx, postID)
	if err != nil {
		t.Fatal(err)
	}
	return answers
}

// testRefusedAnswersChangeNothing: a bad letter, an unknown post, a bad
// user id and a click after the reveal leave no trace.
func testRefusedAnswersChangeNothing(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	p := Post(t, s, 0)
	for _, letter := range []int{-1, quiz.NumChoices} {
		_, err := s.RecordAnswer(ctx, quiz.AnswerInput{PostID: p.ID, User: "ann", Letter: letter, At: T0})
		wantCode(t, fmt.Sprintf("RecordAnswer(letter %d)", letter), err, quiz.EINVALID)
	}
	for _, user := range []string{"", strings.Repeat("u", 256)} {
		if _, err := s.RecordAnswer(ctx, quiz.AnswerInput{PostID: p.ID, User: user, Letter: 0, At: T0}); err == nil {
			t.Errorf("RecordAnswer by user id of %d bytes succeeded; want an error", len(user))
		}
	}
	if _, _, err := s.RevealPost(ctx, p.ID, T0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if res := Answer(t, s, p, "late", true, T0.Add(2*time.Hour)); res.Status != quiz.Closed {
		t.Errorf("answer after the reveal: %v; want Closed", res.Status)
	}
	if got, _ := s.Post(ctx, p.ID); got.Answers != 0 {
		t.Errorf("post counters after refused answers = %d answered", got.Answers)
	}
	lb, err := s.Leaderboard(ctx, Team, quiz.All, T0, "late", 10)
	if err != nil || lb.Players != 0 || lb.Caller != nil {
		t.Errorf("board after refused answers = %+v, %v; want nobody on it", lb, err)
	}
	if st, _ := s.UserStats(ctx, Team, "late"); !reflect.DeepEqual(st, quiz.UserStats{Team: Team, User: "late"}) {
		t.Errorf("record of a refused clicker = %+v; want a zero record", st)
	}
}

// testUserStatsRoundTripsEveryField checks that what RecordAnswer,
// AnswerRound and CreateInterview return as the user's record is what
// UserStats reads back, every field (times in whole milliseconds).
func testUserStatsRoundTripsEveryField(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "Europe/Berlin")
	check := func(what string, want quiz.UserStats) {
		t.Helper()
		got, err := s.UserStats(ctx, Team, want.User)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("after %s UserStats = %+v, %v;\nwant %+v", what, got, err, want)
		}
	}
	p1 := Post(t, s, 0)
	res := Answer(t, s, p1, "ann", true, T0.Add(1234*time.Millisecond))
	check("a right answer", res.Stats)
	p2 := Post(t, s, 1)
	res = Answer(t, s, p2, "ann", true, T0.Add(25*time.Hour))
	check("two right answers", res.Stats)
	if len(res.Stats.Open) != 2 || len(res.Stats.Scores) < 3 || len(res.Stats.Topics) != 2 || res.Stats.Name != "ANN" || res.Stats.LastPost != p2.ID {
		t.Errorf("record after two answers = %+v; want 2 open answers, 3 scores, 2 topics, the name and the last post", res.Stats)
	}
	if _, _, err := s.RevealPost(ctx, p1.ID, T0.Add(26*time.Hour)); err != nil {
		t.Fatal(err)
	}
	p3 := Post(t, s, 8) // the next week: new week board, the old one dropped from the record
	res = Answer(t, s, p3, "ann", false, T0.AddDate(0, 0, 8).Add(time.Minute))
	check("a wrong answer a week later", res.Stats)
	if len(res.Stats.Open) != 2 || res.Stats.Streak != 0 || res.Stats.BestStreak != 2 {
		t.Errorf("record = %+v; want post 1 closed, streak 0, best 2", res.Stats)
	}

	r, err := s.CreateRound(ctx, quiz.Round{Team: Team, User: "ann", Kind: quiz.KindQuiz, Items: []quiz.RoundItem{quiz.NewRoundItem(Bank(3)[2], 5)}, CreatedAt: T0})
	if err != nil {
		t.Fatal(err)
	}
	rr, err := s.AnswerRound(ctx, quiz.RoundAnswer{RoundID: r.ID, User: "ann", Name: "Ann", Index: 0, Letter: r.Items[0].Correct, At: T0.AddDate(0, 0, 9)})
	if err != nil {
		t.Fatal(err)
	}
	check("a practice answer", rr.Stats)

	ir, err := s.CreateInterview(ctx, quiz.InterviewResult{Team: Team, User: "ann", QuestionID: "q01", Topic: "images", Answer: "layers",
		Covered: []bool{true, false}, Appealed: []bool{false, false}, At: T0.AddDate(0, 0, 10)})
	if err != nil {
		t.Fatal(err)
	}
	want := rr.Stats
	want.ApplyInterview(ir, ir.At)
	check("an interview answer", want)
}

// testConcurrentAnswersStayConsistent sends 1,000 concurrent answers (100
// users × 10 open posts) plus a second click for each, and checks that the
// stats, boards and post counters agree exactly with the stored answers.
func testConcurrentAnswersStayConsistent(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	const users, posts = 100, 10
	var ps []quiz.Post
	for i := range posts {
		ps = append(ps, Post(t, s, i))
	}
	var wg sync.WaitGroup
	errs := make(chan error, users*posts*2)
	for u := range users {
		for _, p := range ps {
			for click := range 2 {
				wg.Go(func() {
					_, err := s.RecordAnswer(ctx, quiz.AnswerInput{
						PostID: p.ID, User: fmt.Sprintf("u%03d", u), Name: fmt.Sprintf("User %d", u),
						Letter: rand.IntN(4), At: T0.Add(time.Duration(click) * time.Second),
					})
					errs <- err
				})
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
		answers := mustAnswers(t, s, p.ID)
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
	lb, err := s.Leaderboard(ctx, Team, quiz.All, T0, "", users)
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
		st, err := s.UserStats(ctx, Team, user)
		if err != nil {
			t.Fatal(err)
		}
		if st.Daily.Answered != want.answered || st.Daily.Right != want.right || st.Points != want.points {
			t.Errorf("%s stats: %d answered, %d right, %d points; answers say %d, %d, %d",
				user, st.Daily.Answered, st.Daily.Right, st.Points, want.answered, want.right, want.points)
		}
		if boardPoints[user] != want.points || st.Scores["all"].Points != want.points {
			t.Errorf("%s on the board with %d points, %d in the record; answers say %d", user, boardPoints[user], st.Scores["all"].Points, want.points)
		}
		if len(st.Open) != posts {
			t.Errorf("%s has %d open answers; want %d", user, len(st.Open), posts)
		}
	}
}

// testRevealRacesAnswers reveals a post while a burst of answers to it is
// on the way: some before the reveal starts, some while it runs, some
// after it returned, every member clicking twice. The answers stored are
// exactly those whose clickers were told Recorded, once each; the post's
// counters, and those the reveal returned, are theirs; every right
// answerer keeps the streak and every wrong one gets the question for
// review; whoever was told Closed lost the streak and left no trace.
func testRevealRacesAnswers(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	const users = 48 // a third before the reveal, a third during, a third after
	name := func(i int) string { return fmt.Sprintf("u%02d", i) }
	p1 := Post(t, s, 0)
	for i := range users {
		Answer(t, s, p1, name(i), true, T0.Add(time.Minute))
	}
	if _, _, err := s.RevealPost(ctx, p1.ID, T0.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	// Everyone has a streak of 1 running into p2.
	p2 := Post(t, s, 1)
	answerAt, revealAt := T0.Add(25*time.Hour), T0.Add(48*time.Hour)

	var (
		mu       sync.Mutex
		told     = map[string][]quiz.AnswerStatus{}
		recorded = make(chan struct{}, 2*users)
		wg       sync.WaitGroup
	)
	// clickTwice clicks twice at once for member i, the second time
	// always right, and returns when both clicks were answered.
	clickTwice := func(i int) {
		var clicks sync.WaitGroup
		for click := range 2 {
			clicks.Go(func() {
				res, err := s.RecordAnswer(ctx, quiz.AnswerInput{PostID: p2.ID, User: name(i), Letter: letter(p2.Correct, i%3 != 0 || click == 1), At: answerAt})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				told[name(i)] = append(told[name(i)], res.Status)
				mu.Unlock()
				if res.Status == quiz.Recorded {
					recorded <- struct{}{}
				}
			})
		}
		clicks.Wait()
	}
	for i := range users / 3 {
		wg.Go(func() { clickTwice(i) })
	}
	for range 4 {
		<-recorded
	}
	// The middle third clicks in four lanes, one member after another,
	// so that clicks go on arriving while the reveal runs.
	const lanes = 4
	for lane := range lanes {
		wg.Go(func() {
			for i := users/3 + lane; i < 2*users/3; i += lanes {
				clickTwice(i)
			}
		})
	}
	revealed, first, err := s.RevealPost(ctx, p2.ID, revealAt)
	for i := 2 * users / 3; i < users; i++ {
		wg.Go(func() { clickTwice(i) })
	}
	wg.Wait()
	if err != nil || !first {
		t.Fatalf("RevealPost = %v, %v; want revealed by this call", first, err)
	}

	stored := map[string]quiz.Answer{}
	want := quiz.Post{}
	for _, a := range mustAnswers(t, s, p2.ID) {
		if _, ok := stored[a.User]; ok {
			t.Errorf("%s has two answers stored", a.User)
		}
		stored[a.User] = a
		want.Answers++
		if a.Correct {
			want.Right++
		}
		want.ByLetter[a.Letter]++
	}
	got, err := s.Post(ctx, p2.ID)
	if err != nil {
		t.Fatal(err)
	}
	for what, p := range map[string]quiz.Post{"Post": got, "RevealPost": revealed} {
		if p.Answers != want.Answers || p.Right != want.Right || p.ByLetter != want.ByLetter {
			t.Errorf("%s counters: %d answered, %d right, %v; the %d stored answers say %d, %d, %v",
				what, p.Answers, p.Right, p.ByLetter, len(stored), want.Answers, want.Right, want.ByLetter)
		}
	}
	for i := range users {
		user := name(i)
		a, ok := stored[user]
		statuses := told[user]
		n := 0
		for _, st := range statuses {
			if st == quiz.Recorded {
				n++
			}
		}
		if n > 1 || ok != (n == 1) || len(statuses) != 2 {
			t.Errorf("%s was told %v; stored answer: %v", user, statuses, ok)
		}
		if late := []quiz.AnswerStatus{quiz.Closed, quiz.Closed}; i >= 2*users/3 && !reflect.DeepEqual(statuses, late) {
			t.Errorf("%s clicked after the reveal and was told %v; want %v", user, statuses, late)
		}
		st, err := s.UserStats(ctx, Team, user)
		if err != nil {
			t.Fatal(err)
		}
		due, err := s.DueReviews(ctx, Team, user, revealAt.Add(24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		card := len(due) == 1 && due[0].QuestionID == p2.QuestionID
		switch {
		case ok && a.Correct:
			if st.Streak != 2 || st.Daily.Answered != 2 || card {
				t.Errorf("%s answered right before the reveal: streak %d, %d answered, review %v; want 2, 2, none", user, st.Streak, st.Daily.Answered, due)
			}
		case ok:
			if st.Streak != 0 || st.Daily.Answered != 2 || !card {
				t.Errorf("%s answered wrong before the reveal: streak %d, %d answered, review %v; want 0, 2, %s", user, st.Streak, st.Daily.Answered, due, p2.QuestionID)
			}
		default:
			if st.Streak != 0 || st.Daily.Answered != 1 || len(due) != 0 {
				t.Errorf("%s missed the post: streak %d, %d answered, review %v; want 0, 1, none", user, st.Streak, st.Daily.Answered, due)
			}
		}
	}
}
