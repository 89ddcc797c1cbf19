package quiz

import (
	"testing"
	"time"
)

func TestAnswerDaily(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC) // Monday of 2026-W48
	team := Team{ID: "slack:T1", Timezone: "UTC"}
	open := Post{ID: 7, Team: team.ID, Topic: "images", Correct: 2}
	tests := []struct {
		name       string
		post       Post
		stats      UserStats
		letter     int
		wantStatus AnswerStatus
		wantPoints int
		wantStreak int
		wantErr    bool
	}{
		{"first right answer", open, UserStats{}, 2, Recorded, 10, 1, false},
		{"right with a streak of 3", open, UserStats{Streak: 3, Points: 33}, 2, Recorded, 13, 4, false},
		{"wrong resets the streak", open, UserStats{Streak: 3}, 0, Recorded, 0, 0, false},
		{"second click", open, UserStats{Open: map[uint64]int{7: 1}, Streak: 2}, 2, AlreadyAnswered, 0, 2, false},
		{"after the reveal", Post{ID: 7, Revealed: true, Correct: 2}, UserStats{Streak: 2}, 2, Closed, 0, 2, false},
		{"a letter out of range", open, UserStats{}, 4, 0, 0, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := tc.stats.Points
			tr, err := AnswerDaily(tc.post, team, tc.stats, AnswerInput{PostID: 7, User: "U1", Name: "Ann", Letter: tc.letter, At: at})
			if (err != nil) != tc.wantErr {
				t.Fatalf("AnswerDaily err = %v; want error %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if tr.Status != tc.wantStatus || tr.Stats.Streak != tc.wantStreak || tr.Stats.Points-before != tc.wantPoints {
				t.Errorf("AnswerDaily = status %v, +%d points, streak %d; want %v, +%d, %d",
					tr.Status, tr.Stats.Points-before, tr.Stats.Streak, tc.wantStatus, tc.wantPoints, tc.wantStreak)
			}
			if tc.wantStatus != Recorded {
				if len(tr.Boards) != 0 || tr.Post.Answers != tc.post.Answers {
					t.Errorf("a %v answer changed boards %v or counters %d", tr.Status, tr.Boards, tr.Post.Answers)
				}
				return
			}
			if tr.Post.Answers != 1 || tr.Post.ByLetter[tc.letter] != 1 || (tr.Post.Right == 1) != (tc.letter == 2) {
				t.Errorf("counters = %d answers, %d right, %v; want one answer of letter %d", tr.Post.Answers, tr.Post.Right, tr.Post.ByLetter, tc.letter)
			}
			if tr.Stats.Open[7] != tc.letter {
				t.Errorf("open answers = %v; want post 7 → %d", tr.Stats.Open, tc.letter)
			}
			wantKeys := []string{"2026-W48", "2026-11", "all", "2026-Q4"}
			for i, m := range tr.Boards {
				if m.Key != wantKeys[i] || m.After.Points != tc.wantPoints || !m.Changed() {
					t.Errorf("board move %d = %+v; want key %s with %d points", i, m, wantKeys[i], tc.wantPoints)
				}
			}
			if tc.stats.Open != nil && len(tc.stats.Open) != 0 {
				t.Error("AnswerDaily changed the caller's map")
			}
		})
	}
}

func TestAnswerDailyLeavesInputUntouched(t *testing.T) {
	st := UserStats{Open: map[uint64]int{3: 0}}
	if _, err := AnswerDaily(Post{ID: 7, Correct: 1}, Team{}, st, AnswerInput{PostID: 7, User: "U", Letter: 1}); err != nil {
		t.Fatal(err)
	}
	if len(st.Open) != 1 {
		t.Errorf("the store's copy of the open answers changed: %v", st.Open)
	}
}

func TestForgetClosed(t *testing.T) {
	st := UserStats{Open: map[uint64]int{1: 0, 2: 1, 3: 2}}
	st.ForgetClosed(func(id uint64) bool { return id == 3 })
	if len(st.Open) != 1 || st.Open[3] != 2 {
		t.Errorf("Open = %v; want only post 3", st.Open)
	}
}

func TestReveal(t *testing.T) {
	at := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	p := Post{ID: 9, QuestionID: "q9"}
	answers := []Answer{
		{PostID: 9, User: "right", Correct: true, At: at.Add(-time.Hour)},
		{PostID: 9, User: "wrong", Correct: false, At: at.Add(-time.Hour)},
	}
	candidates := []UserStats{
		{User: "right", Streak: 4, LastPost: 9},
		{User: "missed", Streak: 3, LastPost: 8},
		{User: "none", Streak: 0, LastPost: 5},
	}
	tr, ok := RevealFor(p, at, Team{Timezone: "UTC"}, answers, candidates)
	if !ok || !tr.Post.Revealed || !tr.Post.RevealedAt.Equal(at) {
		t.Fatalf("Reveal = %+v, %v; want the post revealed at %v", tr.Post, ok, at)
	}
	if len(tr.Stats) != 1 || tr.Stats[0].User != "missed" || tr.Stats[0].Streak != 0 {
		t.Errorf("changed records = %+v; want only missed, streak reset", tr.Stats)
	}
	wantDue := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	if len(tr.Cards) != 1 || tr.Cards[0].User != "wrong" || tr.Cards[0].Card.Box != 1 || !tr.Cards[0].Card.Due.Equal(wantDue) {
		t.Errorf("cards = %+v; want one for wrong, box 1, due %v", tr.Cards, wantDue)
	}
	if _, ok := RevealFor(tr.Post, at, Team{Timezone: "UTC"}, answers, candidates); ok {
		t.Error("revealing a revealed post changed something")
	}
}

func TestAnswerRound(t *testing.T) {
	at := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	round := func(kind RoundKind) Round {
		return Round{ID: 1, User: "U1", Kind: kind, Items: []RoundItem{
			{QuestionID: "q1", Topic: "images", Correct: 0, Letter: -1},
			{QuestionID: "q2", Topic: "swarm", Correct: 1, Letter: -1},
		}}
	}
	box3 := &ReviewCard{QuestionID: "q1", Box: 3}
	box5 := &ReviewCard{QuestionID: "q1", Box: 5}
	tests := []struct {
		name       string
		kind       RoundKind
		card       *ReviewCard
		user       string
		index      int
		letter     int
		wantStatus RoundStatus
		wantBox    int // 0: no card written
		wantDrop   bool
		wantErr    bool
	}{
		{"quiz, right: no card", KindQuiz, nil, "U1", 0, 0, RoundRecorded, 0, false, false},
		{"quiz, wrong: box 1", KindQuiz, nil, "U1", 0, 3, RoundRecorded, 1, false, false},
		{"quiz, wrong resets a card", KindQuiz, box3, "U1", 0, 3, RoundRecorded, 1, false, false},
		{"review, right: up a box", KindReview, box3, "U1", 0, 0, RoundRecorded, 4, false, false},
		{"review, wrong: box 1", KindReview, box3, "U1", 0, 2, RoundRecorded, 1, false, false},
		{"review, right in box 5: retired", KindReview, box5, "U1", 0, 0, RoundRecorded, 0, true, false},
		{"someone else's round", KindQuiz, nil, "U2", 0, 0, RoundNotYours, 0, false, false},
		{"not the current question", KindQuiz, nil, "U1", 1, 0, 0, 0, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := round(tc.kind)
			tr, err := AnswerRound(r, UserStats{}, tc.card, RoundAnswer{RoundID: 1, User: tc.user, Index: tc.index, Letter: tc.letter, At: at}, time.UTC)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v; want error %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if tr.Status != tc.wantStatus || tr.DropCard != tc.wantDrop {
				t.Fatalf("status %v drop %v; want %v drop %v", tr.Status, tr.DropCard, tc.wantStatus, tc.wantDrop)
			}
			switch {
			case tc.wantBox == 0 && tr.Card != nil:
				t.Errorf("card = %+v; want none written", tr.Card)
			case tc.wantBox != 0 && (tr.Card == nil || tr.Card.Box != tc.wantBox):
				t.Errorf("card = %+v; want box %d", tr.Card, tc.wantBox)
			}
			if tc.wantStatus == RoundRecorded {
				if tr.Round.Next != 1 || tr.Stats.Practice.Answered != 1 || tr.Stats.Points != 0 || tr.Stats.Streak != 0 {
					t.Errorf("round next %d, practice %v, points %d; want 1 answered, no points", tr.Round.Next, tr.Stats.Practice, tr.Stats.Points)
				}
				if r.Items[0].Letter != -1 {
					t.Error("AnswerRound changed the caller's round")
				}
			}
		})
	}
	// A second click on an answered question.
	r := round(KindQuiz)
	r.Items[0].Letter, r.Next = 0, 1
	tr, err := AnswerRound(r, UserStats{}, nil, RoundAnswer{RoundID: 1, User: "U1", Index: 0, Letter: 2, At: at}, time.UTC)
	if err != nil || tr.Status != RoundAlreadyAnswered || !tr.Right {
		t.Errorf("second click = %v, right %v, %v; want already answered, right", tr.Status, tr.Right, err)
	}
}

func TestNewPost(t *testing.T) {
	qs := []Question{{ID: "a", Correct: 1}, {ID: "b", Correct: 2}}
	var rot Rotation
	p, err := NewPost(Claim{Team: "local", Occurrence: "2026-11-23T09:00", Candidates: qs}, &rot, 5)
	if err != nil {
		t.Fatal(err)
	}
	q := qs[0]
	if p.QuestionID == "b" {
		q = qs[1]
	}
	if p.ID != 5 || p.Correct != p.Order.CorrectLetter(q) || len(rot.Used) != 1 || rot.Used[0] != p.QuestionID {
		t.Errorf("NewPost = %+v, rotation %+v", p, rot)
	}
	if _, err := NewPost(Claim{Team: "local"}, &rot, 6); ErrorCode(err) != EINVALID {
		t.Errorf("NewPost without candidates: %v; want EINVALID", err)
	}
}
