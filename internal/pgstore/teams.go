package pgstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Team returns a team.
func (s *Store) Team(ctx context.Context, id quiz.TeamID) (quiz.Team, error) {
	var t quiz.Team
	err := s.read(ctx, func(tx pgx.Tx) error {
		var err error
		t, err = getTeam(ctx, tx, id, "")
		return err
	})
	return t, err
}

// getTeam reads a team, with lock (e.g. lockTeam) appended to the query;
// ENOTFOUND when it does not exist.
func getTeam(ctx context.Context, tx pgx.Tx, id quiz.TeamID, lock string) (quiz.Team, error) {
	t, err := scanTeam(tx.QueryRow(ctx, `SELECT `+teamColumns+` FROM teams WHERE id = $1 `+lock, string(id)))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return quiz.Team{}, quiz.Errorf(quiz.ENOTFOUND, "team %s is not known", id)
	case err != nil:
		return quiz.Team{}, fmt.Errorf("read team %s: %w", id, err)
	}
	return t, nil
}

// lockTeam locks a team's row for a change of its settings. Its key stays,
// so the lock is FOR NO KEY UPDATE, which lets answers go on inserting the
// team's new users, posts and cards (whose foreign keys share-lock the
// team's key) meanwhile.
const lockTeam = "FOR NO KEY UPDATE"

// EnsureTeam returns the stored team, creating it as t when new. A name
// that changed (a renamed server or workspace) is saved; a caller that
// does not know the name (empty) keeps the stored one.
func (s *Store) EnsureTeam(ctx context.Context, t quiz.Team) (quiz.Team, error) {
	var out quiz.Team
	err := s.write(ctx, func(tx pgx.Tx) error {
		stored, err := getTeam(ctx, tx, t.ID, "")
		switch {
		case err == nil && (t.Name == "" || t.Name == stored.Name):
			out = stored
			return errUnchanged
		case err == nil:
		case quiz.ErrorCode(err) != quiz.ENOTFOUND:
			return err
		default:
			tag, err := tx.Exec(ctx, `INSERT INTO teams (`+teamColumns+`) VALUES (`+placeholders(teamColumns, 1)+`)
				ON CONFLICT (id) DO NOTHING`, teamValues(t)...)
			if err != nil {
				return fmt.Errorf("create team %s: %w", t.ID, err)
			}
			if tag.RowsAffected() == 1 {
				out = t
				return nil
			}
			// Another replica created it meanwhile.
		}
		stored, err = getTeam(ctx, tx, t.ID, lockTeam)
		if err != nil {
			return err
		}
		out = stored
		if t.Name == "" || t.Name == stored.Name {
			return errUnchanged
		}
		out.Name = t.Name
		if _, err := tx.Exec(ctx, `UPDATE teams SET name = $2 WHERE id = $1`, string(t.ID), t.Name); err != nil {
			return fmt.Errorf("rename team %s: %w", t.ID, err)
		}
		return nil
	})
	return out, err
}

// UpdateTeam applies update to the stored team and saves it. When update
// returns an error nothing is saved.
func (s *Store) UpdateTeam(ctx context.Context, id quiz.TeamID, update func(*quiz.Team) error) (quiz.Team, error) {
	var t quiz.Team
	err := s.write(ctx, func(tx pgx.Tx) error {
		var err error
		if t, err = getTeam(ctx, tx, id, lockTeam); err != nil {
			return err
		}
		if err := update(&t); err != nil {
			return err
		}
		t.ID = id
		if _, err := tx.Exec(ctx, `UPDATE teams SET (`+teamColumns+`) = (`+placeholders(teamColumns, 1)+`) WHERE id = $1`, teamValues(t)...); err != nil {
			return fmt.Errorf("update team %s: %w", id, err)
		}
		return nil
	})
	return t, err
}

// Teams returns every team, ordered by id.
func (s *Store) Teams(ctx context.Context) ([]quiz.Team, error) {
	var teams []quiz.Team
	err := s.read(ctx, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT `+teamColumns+` FROM teams ORDER BY id`)
		var err error
		teams, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (quiz.Team, error) { return scanTeam(row) })
		if err != nil {
			return fmt.Errorf("read teams: %w", err)
		}
		teams = nilIfEmpty(teams)
		return nil
	})
	return teams, err
}
