package pgstore

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// importBatch is how many statements an Import sends, and commits, at once.
const importBatch = 1000

// Import copies another store's records into this one (see quiz.Importer):
// it queues an insert per record, each ON CONFLICT DO NOTHING, so that a
// copy run again skips what is there, and sends them in batches of
// importBatch statements, one transaction each. Records keep their ids;
// Flush moves the id sequences past them. The leaderboards are rebuilt
// from each user's Scores and the board entries of past periods. An Import
// is used by one goroutine.
type Import struct {
	s     *Store
	batch *pgx.Batch
}

var _ quiz.Importer = (*Import)(nil)

// Importer returns an importer into the store, once the database answers.
func (s *Store) Importer(ctx context.Context) (*Import, error) {
	if err := s.Ping(ctx); err != nil {
		return nil, err
	}
	return &Import{s: s, batch: &pgx.Batch{}}, nil
}

// queue adds a statement, sending the batch when it is full.
func (im *Import) queue(ctx context.Context, sql string, args ...any) error {
	im.batch.Queue(sql, args...)
	if im.batch.Len() < importBatch {
		return nil
	}
	return im.send(ctx)
}

// send runs the queued statements in one transaction.
func (im *Import) send(ctx context.Context) error {
	if im.batch.Len() == 0 {
		return nil
	}
	b := im.batch
	im.batch = &pgx.Batch{}
	return im.s.write(ctx, func(tx pgx.Tx) error {
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("import: %w", err)
		}
		return nil
	})
}

// ImportTeam copies a team.
func (im *Import) ImportTeam(ctx context.Context, t quiz.Team) error {
	return im.queue(ctx, `INSERT INTO teams (`+teamColumns+`) VALUES (`+placeholders(teamColumns, 1)+`) ON CONFLICT DO NOTHING`, teamValues(t)...)
}

// ImportRotation copies a team's rotation.
func (im *Import) ImportRotation(ctx context.Context, team quiz.TeamID, r quiz.Rotation) error {
	return im.queue(ctx, `INSERT INTO rotations (team, cycle, used) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, string(team), r.Cycle, nonNil(r.Used))
}

// ImportPost copies a post with its id, counters and state; the counters
// become the post's shard 0.
func (im *Import) ImportPost(ctx context.Context, p quiz.Post) error {
	if err := im.queue(ctx, `INSERT INTO posts (`+postColumns+`) VALUES (`+placeholders(postColumns, 1)+`) ON CONFLICT DO NOTHING`, postValues(p)...); err != nil {
		return err
	}
	if p.Answers == 0 && p.Right == 0 && p.ByLetter == [quiz.NumChoices]int{} {
		return nil
	}
	return im.queue(ctx, `INSERT INTO post_counts (post_id, shard, `+countColumns+`) VALUES ($1, 0, `+placeholders(countColumns, 2)+`) ON CONFLICT DO NOTHING`,
		append([]any{int64(p.ID)}, countValues(quiz.Post{}, p)...)...)
}

// ImportAnswer copies an answer; a post's answers arrive in order and get
// their seq in it.
func (im *Import) ImportAnswer(ctx context.Context, a quiz.Answer) error {
	return im.queue(ctx, `INSERT INTO answers (`+answerColumns+`) VALUES (`+placeholders(answerColumns, 1)+`) ON CONFLICT DO NOTHING`, answerValues(a)...)
}

// ImportUser copies a user's record and puts the user on the boards of
// the periods of its Scores.
func (im *Import) ImportUser(ctx context.Context, st quiz.UserStats) error {
	values, err := statsValues(st)
	if err != nil {
		return fmt.Errorf("encode record of %s in %s: %w", st.User, st.Team, err)
	}
	periods := slices.Sorted(maps.Keys(st.Scores))
	args := append(append([]any{string(st.Team), st.User}, values...), nonNil(periods))
	if err := im.queue(ctx, `INSERT INTO users (team, user_id, `+statsColumns+`, periods)
		VALUES (`+placeholders(`team, user_id, `+statsColumns+`, periods`, 1)+`) ON CONFLICT DO NOTHING`, args...); err != nil {
		return err
	}
	for _, period := range periods {
		e := quiz.BoardEntry{Team: st.Team, Period: period, User: st.User, Score: st.Scores[period]}
		if err := im.ImportBoardEntry(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

// ImportFrozen copies a member whose streak a freeze kept at a reveal.
func (im *Import) ImportFrozen(ctx context.Context, f quiz.Frozen) error {
	return im.queue(ctx, `INSERT INTO frozen (team, post_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, string(f.Team), int64(f.PostID), f.User)
}

// ImportBoardEntry copies a user's score on one period's board.
func (im *Import) ImportBoardEntry(ctx context.Context, e quiz.BoardEntry) error {
	if err := checkPart("period", e.Period); err != nil {
		return err
	}
	return im.queue(ctx, `INSERT INTO scores (team, period, user_id, points, reached) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
		string(e.Team), e.Period, e.User, e.Score.Points, boardTime(e.Score.Reached))
}

// ImportReview copies a review card.
func (im *Import) ImportReview(ctx context.Context, team quiz.TeamID, c quiz.UserCard) error {
	return im.queue(ctx, `INSERT INTO reviews (team, user_id, question_id, box, due) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
		string(team), c.User, c.Card.QuestionID, c.Card.Box, dbTime(c.Card.Due))
}

// ImportRound copies a practice round with its id.
func (im *Import) ImportRound(ctx context.Context, r quiz.Round) error {
	values, err := roundValues(r)
	if err != nil {
		return err
	}
	return im.queue(ctx, `INSERT INTO rounds (`+roundColumns+`) VALUES (`+placeholders(roundColumns, 1)+`) ON CONFLICT DO NOTHING`, values...)
}

// ImportInterview copies an interview result with its id.
func (im *Import) ImportInterview(ctx context.Context, r quiz.InterviewResult) error {
	return im.queue(ctx, `INSERT INTO interviews (`+interviewColumns+`) VALUES (`+placeholders(interviewColumns, 1)+`) ON CONFLICT DO NOTHING`, interviewValues(r)...)
}

// ImportAppeal copies an appealed key point.
func (im *Import) ImportAppeal(ctx context.Context, a quiz.AppealedPoint) error {
	return im.queue(ctx, `INSERT INTO appeals (question_id, point, result_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
		a.QuestionID, a.Point, int64(a.Result.ID))
}

// ImportJob copies a team's once-only job.
func (im *Import) ImportJob(ctx context.Context, j quiz.Job) error {
	return im.queue(ctx, `INSERT INTO jobs (team, key, holder, until, done) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
		string(j.Team), j.Key, j.Holder, dbTime(j.Until), dbTime(j.Done))
}

// ImportReport copies a member's report of a question.
func (im *Import) ImportReport(ctx context.Context, r quiz.Report) error {
	return im.queue(ctx, `INSERT INTO reports (team, question_id, user_id, name, reason, note, at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
		string(r.Team), r.QuestionID, r.User, r.Name, string(r.Reason), r.Text, dbTime(r.At))
}

// ImportReminder copies a member with review reminders on.
func (im *Import) ImportReminder(ctx context.Context, team quiz.TeamID, user string) error {
	return im.queue(ctx, `INSERT INTO reminders (team, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, string(team), user)
}

// importedTables are the tables a copy fills.
const importedTables = `teams, rotations, posts, post_counts, answers, users, scores, frozen, reviews, rounds,
	interviews, appeals, jobs, reports, reminders`

// Flush sends what is queued, moves each id sequence past the largest id
// stored, so that new posts, rounds and results get fresh ids, and
// vacuums and analyses the tables: the planner gets statistics for what
// was copied, and the leaderboards' counts become index-only scans.
func (im *Import) Flush(ctx context.Context) error {
	if err := im.send(ctx); err != nil {
		return err
	}
	if err := im.moveSequences(ctx); err != nil {
		return err
	}
	// VACUUM runs outside a transaction.
	if _, err := im.s.pool.Exec(ctx, `VACUUM (ANALYZE) `+importedTables); err != nil {
		return fmt.Errorf("vacuum and analyse the copied tables: %w", err)
	}
	return nil
}

func (im *Import) moveSequences(ctx context.Context) error {
	return im.s.write(ctx, func(tx pgx.Tx) error {
		for _, t := range []struct{ seq, table string }{{"post_ids", "posts"}, {"round_ids", "rounds"}, {"interview_ids", "interviews"}} {
			if _, err := tx.Exec(ctx, `SELECT setval('`+t.seq+`', m.id) FROM (SELECT max(id) AS id FROM `+t.table+`) m, `+t.seq+` s
				WHERE m.id >= CASE WHEN s.is_called THEN s.last_value + 1 ELSE s.last_value END`); err != nil {
				return fmt.Errorf("move sequence %s: %w", t.seq, err)
			}
		}
		return nil
	})
}

// IsEmpty reports whether the database holds no team: a copy's target
// that nothing was copied into yet.
func (s *Store) IsEmpty(ctx context.Context) (bool, error) {
	var empty bool
	err := s.read(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM teams)`).Scan(&empty)
	})
	return empty, err
}

// Counts returns how many records of each kind the database holds.
func (s *Store) Counts(ctx context.Context) (quiz.Counts, error) {
	var c quiz.Counts
	err := s.read(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT
			(SELECT count(*) FROM teams), (SELECT count(*) FROM posts), (SELECT count(*) FROM answers),
			(SELECT count(*) FROM users), (SELECT count(*) FROM reviews), (SELECT count(*) FROM rounds),
			(SELECT count(*) FROM interviews), (SELECT count(*) FROM appeals), (SELECT count(*) FROM frozen),
			(SELECT count(*) FROM jobs), (SELECT count(*) FROM reports), (SELECT count(*) FROM reminders)`).
			Scan(&c.Teams, &c.Posts, &c.Answers, &c.Users, &c.Reviews, &c.Rounds, &c.Interviews, &c.Appeals, &c.Frozen, &c.Jobs, &c.Reports, &c.Reminders)
	})
	return c, err
}
