package quiz

import (
	"context"
	"time"
)

// Importer receives every record of a store, to copy them into another
// store (dockerqotd migrate-store). A store's export calls the methods in
// dependency order: teams, rotations, posts, answers, user records, frozen
// streaks, board entries, review cards, rounds, interview results,
// appeals, jobs, reports and reminders, then Flush. Ids (post, round and interview ids) are kept. An
// importer skips a record it already holds, so that a copy cut short can
// be run again.
type Importer interface {
	// ImportTeam copies a team with its settings.
	ImportTeam(ctx context.Context, t Team) error
	// ImportRotation copies a team's way through the bank.
	ImportRotation(ctx context.Context, team TeamID, r Rotation) error
	// ImportPost copies a daily post as stored: its occurrence, counters,
	// message id and reveal state.
	ImportPost(ctx context.Context, p Post) error
	// ImportAnswer copies an answer to a post; a post's answers come in
	// the order they arrived.
	ImportAnswer(ctx context.Context, a Answer) error
	// ImportUser copies a user's record, with the scores of the current
	// periods that put the user on the leaderboards.
	ImportUser(ctx context.Context, st UserStats) error
	// ImportFrozen copies a member whose streak a freeze kept at a
	// post's reveal.
	ImportFrozen(ctx context.Context, f Frozen) error
	// ImportBoardEntry copies one user's score on one period's board,
	// past periods included.
	ImportBoardEntry(ctx context.Context, e BoardEntry) error
	// ImportReview copies a card of a user's review queue.
	ImportReview(ctx context.Context, team TeamID, c UserCard) error
	// ImportRound copies a practice round.
	ImportRound(ctx context.Context, r Round) error
	// ImportInterview copies an interview result.
	ImportInterview(ctx context.Context, r InterviewResult) error
	// ImportAppeal copies an appealed key point; its result came before.
	ImportAppeal(ctx context.Context, a AppealedPoint) error
	// ImportJob copies a team's once-only job: done, or claimed.
	ImportJob(ctx context.Context, j Job) error
	// ImportReport copies a member's report of a question.
	ImportReport(ctx context.Context, r Report) error
	// ImportReminder copies a member who has review reminders on.
	ImportReminder(ctx context.Context, team TeamID, user string) error
	// Flush makes everything handed over so far durable. The export
	// calls it last.
	Flush(ctx context.Context) error
}

// BoardEntry is one user's score on the board of one leaderboard period
// ("2026-W48", "2026-11", "2026-Q4", "all").
type BoardEntry struct {
	Team   TeamID
	Period string
	User   string
	Score  Score
}

// Frozen is a member whose streak a freeze kept at the reveal of a post:
// the next reveal looks at their streak too (see RevealFor).
type Frozen struct {
	Team   TeamID
	PostID uint64
	User   string
}

// Job is a team's once-only job as a store keeps it (see Store.ClaimJob):
// done at Done, or claimed by Holder until Until.
type Job struct {
	Team   TeamID
	Key    string
	Holder string
	Until  time.Time
	Done   time.Time
}

// Counts is how many records of each kind a store holds: what a copy
// compares between its source and its target.
type Counts struct {
	Teams      int
	Posts      int
	Answers    int
	Users      int
	Reviews    int
	Rounds     int
	Interviews int
	Appeals    int
	Frozen     int
	Jobs       int
	Reports    int
	Reminders  int
}
