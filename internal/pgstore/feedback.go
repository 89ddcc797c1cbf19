package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// ClaimJob grants a team's job to holder until at+ttl when it is not done
// and no other holder's claim runs: one conditional upsert, so replicas
// racing for it are granted once.
func (s *Store) ClaimJob(ctx context.Context, team quiz.TeamID, key, holder string, at time.Time, ttl time.Duration) (bool, error) {
	if err := checkPart("job key", key); err != nil {
		return false, err
	}
	granted := false
	err := s.write(ctx, func(tx pgx.Tx) error {
		if _, err := getTeam(ctx, tx, team, ""); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `INSERT INTO jobs AS j (team, key, holder, until) VALUES ($1, $2, $3, $4)
			ON CONFLICT (team, key) DO UPDATE SET holder = excluded.holder, until = excluded.until
			WHERE j.done IS NULL AND (j.until IS NULL OR j.until <= $5 OR j.holder = $3)`,
			string(team), key, holder, dbTime(at.Add(ttl)), at)
		if err != nil {
			return fmt.Errorf("claim job %s of %s: %w", key, team, err)
		}
		granted = tag.RowsAffected() == 1
		return nil
	})
	return granted, err
}

// FinishJob marks a team's job done.
func (s *Store) FinishJob(ctx context.Context, team quiz.TeamID, key string, at time.Time) error {
	if err := checkPart("job key", key); err != nil {
		return err
	}
	// A job done at the epoch is still done.
	done := max(at.UnixMilli(), 1)
	return s.write(ctx, func(tx pgx.Tx) error {
		if _, err := getTeam(ctx, tx, team, ""); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO jobs (team, key, done) VALUES ($1, $2, $3)
			ON CONFLICT (team, key) DO UPDATE SET done = excluded.done, holder = '', until = NULL`,
			string(team), key, time.UnixMilli(done).UTC()); err != nil {
			return fmt.Errorf("finish job %s of %s: %w", key, team, err)
		}
		return nil
	})
}

// RecordSeasonRanks keeps each ranked member's best final season rank: one
// update per member whose rank is better than the best they hold.
func (s *Store) RecordSeasonRanks(ctx context.Context, team quiz.TeamID, season string, standings []quiz.Standing) error {
	return s.write(ctx, func(tx pgx.Tx) error {
		if _, err := getTeam(ctx, tx, team, ""); err != nil {
			return err
		}
		b := &pgx.Batch{}
		for _, sd := range standings {
			if sd.Rank <= 0 {
				continue
			}
			b.Queue(`UPDATE users SET best_season_rank = $3, best_season = $4
				WHERE team = $1 AND user_id = $2 AND (best_season_rank = 0 OR best_season_rank > $3)`,
				string(team), sd.User, sd.Rank, season)
		}
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("record the ranks of season %s in %s: %w", season, team, err)
		}
		return nil
	})
}

// SaveReport stores a report, replacing the member's earlier one of the
// same question in the team.
func (s *Store) SaveReport(ctx context.Context, r quiz.Report) (bool, error) {
	if err := quiz.CheckReport(r); err != nil {
		return false, err
	}
	if err := checkPart("user id", r.User); err != nil {
		return false, err
	}
	updated := false
	err := s.write(ctx, func(tx pgx.Tx) error {
		if _, err := getTeam(ctx, tx, r.Team, ""); err != nil {
			return err
		}
		// xmax is 0 for a row this statement inserted, and names the
		// transaction for one it updated.
		err := tx.QueryRow(ctx, `INSERT INTO reports (team, question_id, user_id, name, reason, note, at) VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (team, question_id, user_id) DO UPDATE SET name = excluded.name, reason = excluded.reason, note = excluded.note, at = excluded.at
			RETURNING xmax <> 0`,
			string(r.Team), r.QuestionID, r.User, r.Name, string(r.Reason), r.Text, dbTime(r.At)).Scan(&updated)
		if err != nil {
			return fmt.Errorf("save the report of %s on %s: %w", r.User, r.QuestionID, err)
		}
		return nil
	})
	return updated, err
}

// Reports returns a team's reports, or every team's when team is "",
// newest first.
func (s *Store) Reports(ctx context.Context, team quiz.TeamID) ([]quiz.Report, error) {
	var out []quiz.Report
	err := s.read(ctx, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT team, question_id, user_id, name, reason, note, at FROM reports
			WHERE $1 = '' OR team = $1 ORDER BY at DESC NULLS LAST, team, question_id, user_id`, string(team))
		var err error
		out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (quiz.Report, error) {
			var (
				r  quiz.Report
				at pgtype.Timestamptz
			)
			err := row.Scan(&r.Team, &r.QuestionID, &r.User, &r.Name, &r.Reason, &r.Text, &at)
			r.At = timeOf(at)
			return r, err
		})
		if err != nil {
			return fmt.Errorf("read reports: %w", err)
		}
		return nil
	})
	return out, err
}

// SetReminders turns a member's review reminders on or off.
func (s *Store) SetReminders(ctx context.Context, team quiz.TeamID, user string, on bool) error {
	if err := checkPart("user id", user); err != nil {
		return err
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		if _, err := getTeam(ctx, tx, team, ""); err != nil {
			return err
		}
		query := `DELETE FROM reminders WHERE team = $1 AND user_id = $2`
		if on {
			query = `INSERT INTO reminders (team, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`
		}
		if _, err := tx.Exec(ctx, query, string(team), user); err != nil {
			return fmt.Errorf("set the reminders of %s in %s: %w", user, team, err)
		}
		return nil
	})
}

// Reminded returns the members of a team with reminders on, by id.
func (s *Store) Reminded(ctx context.Context, team quiz.TeamID) ([]string, error) {
	var out []string
	err := s.read(ctx, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT user_id FROM reminders WHERE team = $1 ORDER BY user_id`, string(team))
		var err error
		if out, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			return fmt.Errorf("read the reminded members of %s: %w", team, err)
		}
		return nil
	})
	return out, err
}
