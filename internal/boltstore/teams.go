package boltstore

import (
	"context"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/dockerqotd/dockerqotd/internal/boltstore/records"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Team returns a team.
func (s *Store) Team(ctx context.Context, id quiz.TeamID) (quiz.Team, error) {
	var t quiz.Team
	err := s.view(ctx, func(tx *bolt.Tx) error {
		var err error
		t, _, err = getTeam(tx, id)
		return err
	})
	return t, err
}

// getTeam reads a team and its tag; ENOTFOUND when it does not exist.
func getTeam(tx *bolt.Tx, id quiz.TeamID) (quiz.Team, uint32, error) {
	var r records.Team
	ok, err := get(tx.Bucket(bucketTeams), []byte(id), &r)
	switch {
	case err != nil:
		return quiz.Team{}, 0, err
	case !ok:
		return quiz.Team{}, 0, quiz.Errorf(quiz.ENOTFOUND, "team %s is not known", id)
	}
	return teamFromRecord(&r), r.Tag, nil
}

// teamTag returns a team's tag; ok is false when the team does not exist.
func teamTag(tx *bolt.Tx, id quiz.TeamID) (tag uint32, ok bool, err error) {
	_, tag, err = getTeam(tx, id)
	if quiz.ErrorCode(err) == quiz.ENOTFOUND {
		return 0, false, nil
	}
	return tag, err == nil, err
}

// EnsureTeam returns the stored team, creating it as t when new. A name
// that changed (a renamed server or workspace) is saved; otherwise nothing
// is written, so commands that only read pay for no commit.
func (s *Store) EnsureTeam(ctx context.Context, t quiz.Team) (quiz.Team, error) {
	var out quiz.Team
	found := false
	err := s.view(ctx, func(tx *bolt.Tx) error {
		var err error
		out, _, err = getTeam(tx, t.ID)
		found = err == nil
		if quiz.ErrorCode(err) == quiz.ENOTFOUND {
			return nil
		}
		return err
	})
	if err != nil || (found && (t.Name == "" || t.Name == out.Name)) {
		return out, err
	}
	err = s.update(ctx, func(tx *bolt.Tx) error {
		stored, tag, err := getTeam(tx, t.ID)
		switch {
		case quiz.ErrorCode(err) == quiz.ENOTFOUND:
			out = t
			return createTeam(tx, t)
		case err != nil:
			return err
		}
		out = stored
		out.Name = t.Name
		return put(tx.Bucket(bucketTeams), []byte(t.ID), teamRecord(out, tag))
	})
	return out, err
}

// createTeam stores a new team under a new tag.
func createTeam(tx *bolt.Tx, t quiz.Team) error {
	tags := tx.Bucket(bucketTeamTags)
	n, err := tags.NextSequence()
	if err != nil {
		return err
	}
	if n > 1<<32-1 {
		return fmt.Errorf("no team tags left")
	}
	tag := uint32(n)
	if err := tags.Put(u32(tag), []byte(t.ID)); err != nil {
		return err
	}
	return put(tx.Bucket(bucketTeams), []byte(t.ID), teamRecord(t, tag))
}

// UpdateTeam applies update to the stored team and saves it. When update
// returns an error nothing is saved.
func (s *Store) UpdateTeam(ctx context.Context, id quiz.TeamID, update func(*quiz.Team) error) (quiz.Team, error) {
	var t quiz.Team
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var (
			tag uint32
			err error
		)
		if t, tag, err = getTeam(tx, id); err != nil {
			return err
		}
		if err := update(&t); err != nil {
			return err
		}
		t.ID = id
		return put(tx.Bucket(bucketTeams), []byte(id), teamRecord(t, tag))
	})
	return t, err
}

// Teams returns every team, ordered by id.
func (s *Store) Teams(ctx context.Context) ([]quiz.Team, error) {
	var teams []quiz.Team
	err := s.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTeams).ForEach(func(k, v []byte) error {
			var r records.Team
			if err := decode(k, v, &r); err != nil {
				return err
			}
			teams = append(teams, teamFromRecord(&r))
			return nil
		})
	})
	return teams, err
}

// questionNumber returns the number a question id is kept under in keys
// and rotations, giving it one the first time.
func questionNumber(tx *bolt.Tx, id string) (uint32, error) {
	ids := tx.Bucket(bucketQIDs)
	if v := ids.Get([]byte(id)); len(v) == 4 {
		return binary.BigEndian.Uint32(v), nil
	}
	n, err := ids.NextSequence()
	if err != nil {
		return 0, err
	}
	if n > 1<<32-1 {
		return 0, fmt.Errorf("no question numbers left")
	}
	if err := ids.Put([]byte(id), u32(uint32(n))); err != nil {
		return 0, err
	}
	return uint32(n), tx.Bucket(bucketQNames).Put(u32(uint32(n)), []byte(id))
}

// questionName returns the id of a question number.
func questionName(tx *bolt.Tx, n uint32) (string, error) {
	v := tx.Bucket(bucketQNames).Get(u32(n))
	if v == nil {
		return "", fmt.Errorf("question number %d is not known", n)
	}
	return string(v), nil
}
