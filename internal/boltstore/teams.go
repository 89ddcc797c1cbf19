package boltstore

import (
	"context"

	bolt "go.etcd.io/bbolt"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Team returns a team.
func (s *Store) Team(ctx context.Context, id quiz.TeamID) (quiz.Team, error) {
	var t quiz.Team
	err := s.view(ctx, func(tx *bolt.Tx) error {
		var err error
		t, err = getTeam(tx, id)
		return err
	})
	return t, err
}

func getTeam(tx *bolt.Tx, id quiz.TeamID) (quiz.Team, error) {
	var t quiz.Team
	ok, err := getJSON(tx.Bucket(bucketTeams), []byte(id), &t)
	switch {
	case err != nil:
		return t, err
	case !ok:
		return t, quiz.Errorf(quiz.ENOTFOUND, "team %s is not known", id)
	}
	return t, nil
}

// EnsureTeam returns the stored team, creating it as t when new. A name
// that changed (a renamed server or workspace) is saved; otherwise nothing
// is written, so commands that only read pay for no commit.
func (s *Store) EnsureTeam(ctx context.Context, t quiz.Team) (quiz.Team, error) {
	var out quiz.Team
	found := false
	err := s.view(ctx, func(tx *bolt.Tx) error {
		var err error
		found, err = getJSON(tx.Bucket(bucketTeams), []byte(t.ID), &out)
		return err
	})
	if err != nil || (found && (t.Name == "" || t.Name == out.Name)) {
		return out, err
	}
	err = s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTeams)
		ok, err := getJSON(b, []byte(t.ID), &out)
		switch {
		case err != nil:
			return err
		case !ok:
			out = t
		case t.Name != "":
			out.Name = t.Name
		}
		return putJSON(b, []byte(t.ID), out)
	})
	return out, err
}

// UpdateTeam applies update to the stored team and saves it. When update
// returns an error nothing is saved.
func (s *Store) UpdateTeam(ctx context.Context, id quiz.TeamID, update func(*quiz.Team) error) (quiz.Team, error) {
	var t quiz.Team
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var err error
		if t, err = getTeam(tx, id); err != nil {
			return err
		}
		if err := update(&t); err != nil {
			return err
		}
		t.ID = id
		return putJSON(tx.Bucket(bucketTeams), []byte(id), t)
	})
	return t, err
}

// Teams returns every team, ordered by id.
func (s *Store) Teams(ctx context.Context) ([]quiz.Team, error) {
	var teams []quiz.Team
	err := s.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTeams).ForEach(func(k, v []byte) error {
			var t quiz.Team
			if err := decodeJSON(k, v, &t); err != nil {
				return err
			}
			teams = append(teams, t)
			return nil
		})
	})
	return teams, err
}
