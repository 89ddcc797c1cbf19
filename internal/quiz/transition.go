package quiz

import "time"

// The rules of every change a store makes live here, as pure functions: a
// store reads the state, calls one of them, and writes what it returns, in
// one transaction. So the bbolt and PostgreSQL stores cannot disagree, and
// each rule is tested without a database.

// BoardMove is one period board's change for one user: the score before
// (Had is false when the user was not on that board) and after.
type BoardMove struct {
	Key    string
	Before Score
	Had    bool
	After  Score
}

// Changed reports whether the board entry must be rewritten.
func (m BoardMove) Changed() bool { return !m.Had || m.Before != m.After }

// DailyTransition is what a click on a daily post changes: the result shown
// to the user (with the post's new counters and the user's new record) and
// the moves on the period boards. Status other than Recorded changes
// nothing.
type DailyTransition struct {
	AnswerResult
	Boards []BoardMove
}

// AnswerDaily decides a click on daily post p by a user whose record is st,
// in team. The first answer to an open post counts; a second gets
// AlreadyAnswered with the first letter; an answer to a revealed post gets
// Closed. st.Open must hold only posts that are still open (see
// UserStats.ForgetClosed).
func AnswerDaily(p Post, team Team, st UserStats, in AnswerInput) (DailyTransition, error) {
	var t DailyTransition
	if in.Letter < 0 || in.Letter >= NumChoices {
		return t, Errorf(EINVALID, "Pick A, B, C or D.")
	}
	t.Post = p
	t.Stats = st
	if letter, ok := st.Open[p.ID]; ok {
		t.Status = AlreadyAnswered
		t.Answer = Answer{PostID: p.ID, User: in.User, Letter: letter}
		return t, nil
	}
	if p.Revealed {
		t.Status = Closed
		return t, nil
	}
	st.Open = cloneOpen(st.Open)
	st.Open[p.ID] = in.Letter
	if in.Name != "" {
		st.Name = in.Name
	}
	right := in.Letter == p.Correct
	points := st.ApplyDaily(p.ID, p.Topic, right, in.At)
	if right {
		st.History = append([]Outcome(nil), st.History...)
		st.record(p.ID, ResultRight)
		if team.FreezesOn() && st.Streak%FreezeEvery == 0 && st.Freezes < MaxFreezes {
			st.Freezes++
			t.EarnedFreeze = true
		}
	} else {
		st.History = append([]Outcome(nil), st.History...)
		st.record(p.ID, ResultWrong)
	}
	keys := team.PeriodKeys(in.At)
	before, had := st.AddScore(keys, points, in.At)
	for i, k := range keys {
		t.Boards = append(t.Boards, BoardMove{Key: k, Before: before[i], Had: had[i], After: st.Scores[k]})
	}
	p.Answers++
	if right {
		p.Right++
	}
	p.ByLetter[in.Letter]++
	t.Status = Recorded
	t.Post = p
	t.Stats = st
	t.Answer = Answer{PostID: p.ID, User: in.User, Letter: in.Letter, Correct: right, Points: points, Streak: st.Streak, At: in.At}
	return t, nil
}

func cloneOpen(m map[uint64]int) map[uint64]int {
	out := make(map[uint64]int, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// ForgetClosed drops from the user's open answers the posts that are no
// longer open; open reports whether a post still takes answers.
func (s *UserStats) ForgetClosed(open func(postID uint64) bool) {
	for id := range s.Open {
		if !open(id) {
			delete(s.Open, id)
		}
	}
}

// UserCard is a review card in one user's queue.
type UserCard struct {
	User string
	Card ReviewCard
}

// RevealTransition is what revealing a post changes: the post, the records
// of users whose streak it ends or a freeze keeps, and the review cards of
// the users who answered it wrong. Frozen names the users a freeze kept
// (for the store's next candidates, never for the channel).
type RevealTransition struct {
	Post   Post
	Stats  []UserStats
	Cards  []UserCard
	Frozen []string
}

// RevealFor closes post p at at in team. answers are p's answers;
// candidates are the records of the team's users who may have a streak
// running into p (a store may pass more, never fewer). A user who did not
// answer p loses their streak, unless they hold a streak freeze in a team
// with freezes on: they use one and keep it. Everyone who answered wrong
// gets the question in box 1 of their review queue, due the day after
// their answer. ok is false when p was revealed before: nothing changes.
func RevealFor(p Post, at time.Time, team Team, answers []Answer, candidates []UserStats) (t RevealTransition, ok bool) {
	loc := team.Location()
	if p.Revealed {
		return RevealTransition{Post: p}, false
	}
	p.Revealed = true
	p.RevealedAt = at
	t.Post = p
	for _, a := range answers {
		if !a.Correct {
			t.Cards = append(t.Cards, UserCard{User: a.User, Card: NewReviewCard(p.QuestionID, a.At, loc)})
		}
	}
	for _, st := range candidates {
		if st.Streak == 0 || st.LastPost >= p.ID {
			continue
		}
		if team.FreezesOn() && st.Freezes > 0 {
			st.Freezes--
			st.FreezesUsed++
			st.LastPost = p.ID
			st.History = append([]Outcome(nil), st.History...)
			st.record(p.ID, ResultFrozen)
			t.Frozen = append(t.Frozen, st.User)
			t.Stats = append(t.Stats, st)
			continue
		}
		if st.MissedPost(p.ID) {
			t.Stats = append(t.Stats, st)
		}
	}
	return t, true
}

// RoundTransition is what a practice answer changes: the result shown, and
// the user's review card for the question (Card nil and DropCard false:
// leave it as it is; DropCard: delete it).
type RoundTransition struct {
	RoundResult
	Card     *ReviewCard
	DropCard bool
}

// AnswerRound decides an answer to practice round r by a user whose record
// is st and whose review card for the question is card (nil when there is
// none).
func AnswerRound(r Round, st UserStats, card *ReviewCard, in RoundAnswer, loc *time.Location) (RoundTransition, error) {
	var t RoundTransition
	if in.Letter < 0 || in.Letter >= NumChoices {
		return t, Errorf(EINVALID, "Pick A, B, C or D.")
	}
	t.Round = r
	t.Stats = st
	switch {
	case r.User != in.User:
		t.Status = RoundNotYours
		return t, nil
	case in.Index >= 0 && in.Index < r.Next && in.Index < len(r.Items):
		t.Status = RoundAlreadyAnswered
		t.Right = r.Items[in.Index].Letter == r.Items[in.Index].Correct
		return t, nil
	case in.Index != r.Next || in.Index >= len(r.Items):
		return t, Errorf(EINVALID, "That question is not the current one of your round.")
	}
	r.Items = append([]RoundItem(nil), r.Items...)
	item := &r.Items[in.Index]
	item.Letter = in.Letter
	right := in.Letter == item.Correct
	r.Next++
	if right {
		r.Right++
	}
	if in.Name != "" {
		st.Name = in.Name
	}
	st.ApplyPractice(item.Topic, right, in.At)
	t.Status, t.Round, t.Right, t.Stats = RoundRecorded, r, right, st

	switch {
	case r.Kind != KindReview && !right:
		c := NewReviewCard(item.QuestionID, in.At, loc)
		t.Card = &c
	case r.Kind == KindReview:
		c := NewReviewCard(item.QuestionID, in.At, loc)
		if card != nil {
			c = *card
		}
		if c.Review(right, in.At, loc) {
			t.Card = &c
		} else {
			t.DropCard = true
		}
	}
	return t, nil
}

// NewPost decides the post of a newly claimed occurrence: the team's
// rotation picks the question, and the post's id seeds the order its
// choices are shown in. rot is advanced. EINVALID when no question is a
// candidate.
func NewPost(c Claim, rot *Rotation, id uint64) (Post, error) {
	q, ok := rot.Next(c.Candidates, TeamSeed(c.Team))
	if !ok {
		return Post{}, Errorf(EINVALID, "No questions match this team's level and topic settings; widen them with /docker config.")
	}
	order := NewPermutation(PostSeed(id))
	return Post{
		ID:          id,
		Team:        c.Team,
		Channel:     c.Channel,
		Occurrence:  c.Occurrence,
		ScheduledAt: c.ScheduledAt,
		QuestionID:  q.ID,
		Topic:       q.Topic,
		Level:       q.Level,
		Order:       order,
		Correct:     order.CorrectLetter(q),
	}, nil
}
