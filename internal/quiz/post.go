package quiz

import "time"

// Post is one daily question in one team's channel.
type Post struct {
	ID      uint64
	Team    TeamID
	Channel string
	// Occurrence identifies the scheduled slot the post fills; a team has at
	// most one post per occurrence (e.g. "2026-11-23T09:00" in the team's
	// timezone, or "now:<RFC 3339>" for an admin's post-now).
	Occurrence  string
	ScheduledAt time.Time
	QuestionID  string
	Topic       Topic
	Level       Level
	// Order is the order the choices are shown in; Correct is the shown
	// position of the right one.
	Order   Permutation
	Correct int
	// MessageID is the platform's id of the sent message; empty until sent.
	MessageID  string
	PostedAt   time.Time
	Revealed   bool
	RevealedAt time.Time
	Answers    int
	Right      int
	ByLetter   [NumChoices]int
}

// Sent reports whether the post reached the platform.
func (p Post) Sent() bool { return p.MessageID != "" }

// PercentRight returns the share of right answers, rounded down, 0 when
// nobody answered.
func (p Post) PercentRight() int {
	if p.Answers == 0 {
		return 0
	}
	return p.Right * 100 / p.Answers
}

// PostSeed derives a post's choice order from its id, so the order can be
// recomputed and does not depend on the clock or on process state.
func PostSeed(id uint64) uint64 { return splitmix64(id ^ 0x646f636b65727174) }

// Answer is one user's answer to a post. Only the first answer counts.
type Answer struct {
	PostID  uint64
	User    string
	Letter  int
	Correct bool
	Points  int
	// Streak is the user's streak after this answer.
	Streak int
	At     time.Time
}

// AnswerInput is a click on a daily post's button.
type AnswerInput struct {
	PostID uint64
	User   string
	Name   string
	Letter int
	At     time.Time
}

// AnswerStatus says what became of an answer.
type AnswerStatus int

// Outcomes of RecordAnswer.
const (
	// Recorded: the answer counted and is stored.
	Recorded AnswerStatus = iota
	// AlreadyAnswered: the user answered this post before; Answer holds
	// that first answer.
	AlreadyAnswered
	// Closed: the post was revealed; answers are no longer taken.
	Closed
)

// AnswerResult is what RecordAnswer did and the state after it.
type AnswerResult struct {
	Status AnswerStatus
	Answer Answer
	Post   Post
	Stats  UserStats
	// EarnedFreeze reports that the answer earned a streak freeze.
	EarnedFreeze bool
}

// Claim asks the store for the post of one occurrence, creating it if the
// occurrence has none yet.
type Claim struct {
	Team        TeamID
	Channel     string
	Occurrence  string
	ScheduledAt time.Time
	// Candidates are the questions the team may be asked, ordered by id;
	// the team's rotation picks among them.
	Candidates []Question
	At         time.Time
}
