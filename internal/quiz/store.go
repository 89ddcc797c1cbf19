package quiz

import (
	"context"
	"time"
)

// Store keeps teams, posts, answers, stats, leaderboards, practice rounds,
// review queues, interview results, once-only jobs, reports and
// reminders. Every method that changes state does it in one
// transaction that is durable when the method returns, so the user is told
// only what is already saved.
type Store interface {
	// Team returns a team; ENOTFOUND when it does not exist.
	Team(ctx context.Context, id TeamID) (Team, error)
	// EnsureTeam returns the stored team t.ID, creating it as t when it
	// does not exist yet.
	EnsureTeam(ctx context.Context, t Team) (Team, error)
	// UpdateTeam applies update to the stored team.
	UpdateTeam(ctx context.Context, id TeamID, update func(*Team) error) (Team, error)
	// Teams returns every team, ordered by id.
	Teams(ctx context.Context) ([]Team, error)

	// ClaimPost returns the post of c's occurrence, creating it (and
	// advancing the team's rotation) when the occurrence has none.
	// created reports which happened. EINVALID when there are no candidates.
	ClaimPost(ctx context.Context, c Claim) (p Post, created bool, err error)
	// OccurrencePost returns the post of a team's occurrence; ENOTFOUND
	// when the occurrence was never claimed.
	OccurrencePost(ctx context.Context, team TeamID, occurrence string) (Post, error)
	// MarkSent records the platform message id of a sent post.
	MarkSent(ctx context.Context, postID uint64, messageID string, at time.Time) (Post, error)
	// Post returns a post; ENOTFOUND when it does not exist.
	Post(ctx context.Context, id uint64) (Post, error)
	// Posts returns a team's posts, oldest first.
	Posts(ctx context.Context, team TeamID) ([]Post, error)
	// RevealPost closes a post to answers and, in the same transaction,
	// resets the streak of every user of the team who did not answer it
	// and puts the question in the review queue of everyone who answered
	// it wrong. Revealing a revealed post changes nothing; revealed
	// reports whether this call revealed it, so that of several replicas
	// only one edits the message and posts the model answer.
	RevealPost(ctx context.Context, postID uint64, at time.Time) (p Post, revealed bool, err error)
	// LeaseSend takes the right to send a post's message for ttl from at,
	// for holder (one per process): granted when the post has no message
	// id yet and no unexpired lease of another holder. Of several replicas
	// posting the same occurrence one sends; the holder's own retries are
	// granted at once; a lease left by a crashed sender expires.
	LeaseSend(ctx context.Context, postID uint64, holder string, at time.Time, ttl time.Duration) (bool, error)
	// ClaimLiveEdit reserves the next "N answered" edit of a post: granted
	// when the last one started at least interval before at, across every
	// replica.
	ClaimLiveEdit(ctx context.Context, postID uint64, at time.Time, interval time.Duration) (bool, error)
	// SeenEvent records a platform event id (a Slack event_id) and reports
	// whether it is new; an id seen within the last hour is a redelivery.
	SeenEvent(ctx context.Context, id string, at time.Time) (bool, error)
	// RecordAnswer stores a user's answer to a daily post with everything
	// it changes: stats, streak, leaderboards and the post's counters. A
	// wrong answer reaches the review queue at the reveal.
	RecordAnswer(ctx context.Context, in AnswerInput) (AnswerResult, error)
	// Answers returns the answers to a post in the order they arrived.
	Answers(ctx context.Context, postID uint64) ([]Answer, error)

	// UserStats returns a user's record; a user who never answered has a
	// zero record.
	UserStats(ctx context.Context, team TeamID, user string) (UserStats, error)
	// Leaderboard returns the top limit standings of the period containing
	// at and the caller's own standing.
	Leaderboard(ctx context.Context, team TeamID, period Period, at time.Time, caller string, limit int) (Leaderboard, error)

	// CreateRound stores a new practice round and returns it with its id.
	CreateRound(ctx context.Context, r Round) (Round, error)
	// AnswerRound records an answer to the next question of a round.
	AnswerRound(ctx context.Context, in RoundAnswer) (RoundResult, error)
	// DueReviews returns the user's review cards due at at, most overdue first.
	DueReviews(ctx context.Context, team TeamID, user string, at time.Time) ([]ReviewCard, error)

	// CreateInterview stores a graded interview answer, counts it in its
	// author's record and returns it with its id.
	CreateInterview(ctx context.Context, r InterviewResult) (InterviewResult, error)
	// Interview returns an interview result; ENOTFOUND when unknown.
	Interview(ctx context.Context, id uint64) (InterviewResult, error)
	// AppealInterview records an appeal as Appeal decides.
	AppealInterview(ctx context.Context, in AppealInput) (InterviewResult, error)
	// RateInterview records a rating as Rate decides and moves the
	// question in the author's review queue.
	RateInterview(ctx context.Context, in RateInput) (RateTransition, error)
	// Appeals returns every appealed key point with its result, grouped by
	// question and point.
	Appeals(ctx context.Context) ([]AppealedPoint, error)

	// ClaimJob takes a team's once-only job (a season's final board, a
	// week's recap, a member's reminder of a day) for holder until at+ttl:
	// granted when the job is not done and no other holder's claim is
	// unexpired; a holder's own retry is granted. A claim left by a
	// crashed replica expires.
	ClaimJob(ctx context.Context, team TeamID, key, holder string, at time.Time, ttl time.Duration) (bool, error)
	// FinishJob marks a job done: it is never granted again.
	FinishJob(ctx context.Context, team TeamID, key string, at time.Time) error
	// RecordSeasonRanks keeps each ranked member's best final season rank:
	// a rank better than their best replaces it, with the season's key.
	RecordSeasonRanks(ctx context.Context, team TeamID, season string, standings []Standing) error

	// SaveReport stores a member's report of a question (CheckReport
	// passed); a member's second report of a question in a team replaces
	// the first, and updated says so.
	SaveReport(ctx context.Context, r Report) (updated bool, err error)
	// Reports returns a team's reports, or every team's when team is "",
	// newest first.
	Reports(ctx context.Context, team TeamID) ([]Report, error)

	// SetReminders turns a member's review reminders on or off.
	SetReminders(ctx context.Context, team TeamID, user string, on bool) error
	// Reminded returns the members of a team with reminders on, by id.
	Reminded(ctx context.Context, team TeamID) ([]string, error)
}

// AppealedPoint is a key point a member marked covered in one result.
type AppealedPoint struct {
	QuestionID string
	Point      int
	Result     InterviewResult
}
