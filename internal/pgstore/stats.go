package pgstore

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// A user's record is a users row and the scores rows its periods name.
// The statements that read one are queued on a batch, so that a record
// costs one round trip, and the scores are read by a statement of their
// own after the users row was locked: it sees the scores as the last
// writer of the record committed them.

// teamRef names a team in the statements that read a user's record: by
// its id, or as the team of a post, so that one batch reads a post and
// its answerer's record before the post's team is known. id is the team's
// id, known when the batch's results are read.
type teamRef struct {
	id  *quiz.TeamID
	sql string // the team's id: an expression over $1
	arg any    // $1
}

func teamByID(team quiz.TeamID) teamRef {
	return teamRef{id: &team, sql: "$1", arg: string(team)}
}

// teamOfPost names the team of post postID, whose id the batch reads
// into id before it reads the record.
func teamOfPost(postID uint64, id *quiz.TeamID) teamRef {
	return teamRef{id: id, sql: "(SELECT team FROM posts WHERE id = $1)", arg: int64(postID)}
}

// queueStats queues the reading of user's record in team into st: for
// update (lock), creating the row first so that there is one to lock, or
// as it is. A user without a row has a zero record.
func queueStats(b *pgx.Batch, team teamRef, user string, lock bool, st *quiz.UserStats) {
	*st = quiz.UserStats{User: user}
	suffix := ""
	if lock {
		b.Queue(`INSERT INTO users (team, user_id) SELECT id, $2 FROM teams WHERE id = `+team.sql+` ON CONFLICT DO NOTHING`, team.arg, user)
		suffix = " FOR UPDATE"
	}
	b.Queue(`SELECT user_id, `+statsColumns+` FROM users WHERE team = `+team.sql+` AND user_id = $2`+suffix, team.arg, user).
		QueryRow(func(row pgx.Row) error {
			st.Team = *team.id
			got, err := scanStats(row, *team.id)
			switch {
			case errors.Is(err, pgx.ErrNoRows) && lock:
				return fmt.Errorf("lock record of %s in %s: the row is missing", user, *team.id)
			case errors.Is(err, pgx.ErrNoRows):
				return nil
			case err != nil:
				return fmt.Errorf("read record of %s in %s: %w", user, *team.id, err)
			}
			*st = got
			return nil
		})
	b.Queue(scoresQuery(team.sql, "= $2"), team.arg, user).Query(func(rows pgx.Rows) error {
		return scanScores(rows, *team.id, []quiz.UserStats{*st}, func(_ int, sc map[string]quiz.Score) { st.Scores = sc })
	})
}

// lockStats reads a user's record for update.
func lockStats(ctx context.Context, tx pgx.Tx, team quiz.TeamID, user string) (quiz.UserStats, error) {
	var st quiz.UserStats
	b := &pgx.Batch{}
	queueStats(b, teamByID(team), user, true, &st)
	return st, tx.SendBatch(ctx, b).Close()
}

// scoresQuery reads the scores of users of a team that make their
// records' Scores: those of the periods their rows name. team is the
// team's id in SQL, users the condition on user_id: "= ANY($2)" for
// several, "= $2" for one. One user is named by equality: for "= ANY"
// PostgreSQL may walk all the team's users, as it did for every answer
// while the tables were too new to have statistics.
func scoresQuery(team, users string) string {
	return `SELECT s.user_id, s.period, s.points, s.reached FROM users u
	JOIN scores s ON s.team = u.team AND s.user_id = u.user_id AND s.period = ANY(u.periods)
	WHERE u.team = ` + team + ` AND u.user_id ` + users
}

// scanScores reads rows of scoresQuery for the records sts and hands each
// record's scores to set, by its index in sts.
func scanScores(rows pgx.Rows, team quiz.TeamID, sts []quiz.UserStats, set func(i int, scores map[string]quiz.Score)) error {
	index := make(map[string]int, len(sts))
	for i, st := range sts {
		index[st.User] = i
	}
	scores := map[string]map[string]quiz.Score{}
	var (
		user, period string
		sc           quiz.Score
	)
	_, err := pgx.ForEachRow(rows, []any{&user, &period, &sc.Points, &sc.Reached}, func() error {
		if scores[user] == nil {
			scores[user] = map[string]quiz.Score{}
		}
		scores[user][period] = quiz.Score{Points: sc.Points, Reached: scoreTime(sc.Reached)}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read scores in %s: %w", team, err)
	}
	for user, sc := range scores {
		if i, ok := index[user]; ok {
			set(i, sc)
		}
	}
	return nil
}

// fillScores sets the Scores of team's records sts, read after their rows
// were locked.
func fillScores(ctx context.Context, tx pgx.Tx, team quiz.TeamID, sts []quiz.UserStats) error {
	if len(sts) == 0 {
		return nil
	}
	users := make([]string, len(sts))
	for i, st := range sts {
		users[i] = st.User
	}
	rows, _ := tx.Query(ctx, scoresQuery("$1", "= ANY($2)"), string(team), users)
	return scanScores(rows, team, sts, func(i int, sc map[string]quiz.Score) { sts[i].Scores = sc })
}

// queuePutStats queues the writing of a user's record, whose row exists
// and is locked. Its Scores are written by queueMoveOnBoard; the row names
// their periods.
func queuePutStats(b *pgx.Batch, st quiz.UserStats) error {
	values, err := statsValues(st)
	if err != nil {
		return fmt.Errorf("encode record of %s in %s: %w", st.User, st.Team, err)
	}
	periods := nonNil(slices.Sorted(maps.Keys(st.Scores)))
	b.Queue(`UPDATE users SET (`+statsColumns+`, periods) = (`+placeholders(statsColumns+`, periods`, 3)+`)
		WHERE team = $1 AND user_id = $2`, append(append([]any{string(st.Team), st.User}, values...), periods)...).
		Exec(func(tag pgconn.CommandTag) error {
			if tag.RowsAffected() != 1 {
				return fmt.Errorf("write record of %s in %s: the row is missing", st.User, st.Team)
			}
			return nil
		})
	return nil
}

// putStats writes a user's record, whose row exists and is locked.
func putStats(ctx context.Context, tx pgx.Tx, st quiz.UserStats) error {
	b := &pgx.Batch{}
	if err := queuePutStats(b, st); err != nil {
		return err
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("write record of %s in %s: %w", st.User, st.Team, err)
	}
	return nil
}

// queueMoveOnBoard queues the move of a user's entry on one period's board
// as m says. An unchanged score writes nothing.
func queueMoveOnBoard(b *pgx.Batch, team quiz.TeamID, user string, m quiz.BoardMove) error {
	if !m.Changed() {
		return nil
	}
	if err := checkPart("period", m.Key); err != nil {
		return err
	}
	b.Queue(`INSERT INTO scores (team, period, user_id, points, reached) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (team, period, user_id) DO UPDATE SET points = excluded.points, reached = excluded.reached`,
		string(team), m.Key, user, m.After.Points, boardTime(m.After.Reached))
	return nil
}

// UserStats returns a user's record, zero when the user never answered.
func (s *Store) UserStats(ctx context.Context, team quiz.TeamID, user string) (quiz.UserStats, error) {
	var st quiz.UserStats
	err := s.read(ctx, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		queueStats(b, teamByID(team), user, false, &st)
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return quiz.UserStats{Team: team, User: user}, err
	}
	return st, nil
}
