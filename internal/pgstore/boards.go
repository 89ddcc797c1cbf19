package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Leaderboard returns the top of a period's board and the caller's place,
// from the scores_rank index: the first limit entries of the board, and a
// count of the entries with more points than the caller's.
func (s *Store) Leaderboard(ctx context.Context, team quiz.TeamID, period quiz.Period, at time.Time, caller string, limit int) (quiz.Leaderboard, error) {
	lb := quiz.Leaderboard{Team: team, Period: period}
	err := s.read(ctx, func(tx pgx.Tx) error {
		t, err := getTeam(ctx, tx, team, "")
		if err != nil {
			return err
		}
		lb.Key = t.BoardKey(period, at)
		rows, _ := tx.Query(ctx, `SELECT s.user_id, coalesce(u.name, ''), coalesce(u.streak, 0), s.points, s.reached
			FROM scores s LEFT JOIN users u ON u.team = s.team AND u.user_id = s.user_id
			WHERE s.team = $1 AND s.period = $2
			ORDER BY s.points DESC, s.reached, s.user_id
			LIMIT $3`, string(team), lb.Key, max(limit, 0))
		top, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (quiz.Standing, error) {
			var st quiz.Standing
			err := row.Scan(&st.User, &st.Name, &st.Streak, &st.Points, &st.ReachedAt)
			st.ReachedAt = st.ReachedAt.UTC()
			return st, err
		})
		if err != nil {
			return fmt.Errorf("read board %s of %s: %w", lb.Key, team, err)
		}
		lb.Top = nilIfEmpty(top)
		quiz.AssignRanks(lb.Top)

		if err := tx.QueryRow(ctx, `SELECT count(*) FROM scores WHERE team = $1 AND period = $2`, string(team), lb.Key).Scan(&lb.Players); err != nil {
			return fmt.Errorf("count players of board %s of %s: %w", lb.Key, team, err)
		}
		if caller == "" {
			return nil
		}
		// The caller stands on the board when the period is one of their
		// record's current ones, as in boltstore.
		var own quiz.Standing
		err = tx.QueryRow(ctx, `SELECT u.name, u.streak, s.points, s.reached FROM users u
			JOIN scores s ON s.team = u.team AND s.user_id = u.user_id AND s.period = $3
			WHERE u.team = $1 AND u.user_id = $2 AND $3 = ANY(u.periods)`, string(team), caller, lb.Key).
			Scan(&own.Name, &own.Streak, &own.Points, &own.ReachedAt)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return nil
		case err != nil:
			return fmt.Errorf("read standing of %s on board %s of %s: %w", caller, lb.Key, team, err)
		}
		var ahead int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM scores WHERE team = $1 AND period = $2 AND points > $3`,
			string(team), lb.Key, own.Points).Scan(&ahead); err != nil {
			return fmt.Errorf("rank %s on board %s of %s: %w", caller, lb.Key, team, err)
		}
		own.User, own.Rank, own.ReachedAt = caller, ahead+1, scoreTime(own.ReachedAt)
		lb.Caller = &own
		return nil
	})
	return lb, err
}
