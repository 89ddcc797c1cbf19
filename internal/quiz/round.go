package quiz

import "time"

// RoundKind is what started a practice round.
type RoundKind string

// The kinds of practice round.
const (
	KindQuestion RoundKind = "question" // one random question
	KindQuiz     RoundKind = "quiz"     // several questions with a summary
	KindReview   RoundKind = "review"   // the user's due review cards
)

// Round is a private practice round: questions asked one at a time to one
// user. It lives in the store, so its buttons work across restarts.
type Round struct {
	ID    uint64
	Team  TeamID
	User  string
	Kind  RoundKind
	Items []RoundItem
	// Next is the index of the item to answer next; len(Items) when done.
	Next      int
	Right     int
	CreatedAt time.Time
}

// RoundItem is one question of a round with the order its choices are shown in.
type RoundItem struct {
	QuestionID string
	Topic      Topic
	Order      Permutation
	Correct    int
	// Letter is the user's answer, -1 until answered.
	Letter int
}

// NewRoundItem prepares q to be shown in the order seed gives.
func NewRoundItem(q Question, seed uint64) RoundItem {
	p := NewPermutation(seed)
	return RoundItem{QuestionID: q.ID, Topic: q.Topic, Order: p, Correct: p.CorrectLetter(q), Letter: -1}
}

// Done reports whether every question of the round was answered.
func (r Round) Done() bool { return r.Next >= len(r.Items) }

// RoundAnswer is a click on a practice round's button.
type RoundAnswer struct {
	RoundID uint64
	User    string
	Name    string
	Index   int
	Letter  int
	At      time.Time
}

// RoundStatus says what became of a practice answer.
type RoundStatus int

// Outcomes of AnswerRound.
const (
	RoundRecorded RoundStatus = iota
	// RoundAlreadyAnswered: that question of the round was answered before.
	RoundAlreadyAnswered
	// RoundNotYours: the round belongs to another user.
	RoundNotYours
)

// RoundResult is what AnswerRound did and the round after it.
type RoundResult struct {
	Status RoundStatus
	Round  Round
	Right  bool
	Stats  UserStats
}
