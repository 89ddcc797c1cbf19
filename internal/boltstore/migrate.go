package boltstore

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// migration brings the database from version n-1 to version n, where n is
// its position in migrations plus one. Migrations run in one transaction
// each, in order, and are never edited once released: a schema change is a
// new entry at the end, with a test.
type migration struct {
	name string
	up   func(*bolt.Tx) error
}

var migrations = []migration{
	{name: "create buckets", up: createBuckets},
}

// SchemaVersion is the schema version this build writes.
var SchemaVersion = uint64(len(migrations))

func createBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{
		bucketMeta, bucketTeams, bucketPosts, bucketOccurrences, bucketTeamPosts,
		bucketAnswers, bucketUsers, bucketStreaks, bucketBoards, bucketRotations,
		bucketRounds, bucketReviews,
	} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

// schemaVersion reads the stored version; 0 for a new file.
func schemaVersion(tx *bolt.Tx) uint64 {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0
	}
	v := meta.Get(keySchema)
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

func (s *Store) migrate(readOnly bool) error {
	var current uint64
	if err := s.db.View(func(tx *bolt.Tx) error {
		current = schemaVersion(tx)
		return nil
	}); err != nil {
		return err
	}
	switch {
	case current > SchemaVersion:
		return fmt.Errorf("schema version %d is newer than this build understands (%d): upgrade dockerqotd", current, SchemaVersion)
	case current == SchemaVersion:
		return nil
	case readOnly:
		return fmt.Errorf("schema version %d is older than this build's (%d): start the bot once to upgrade it", current, SchemaVersion)
	}
	for v := current; v < SchemaVersion; v++ {
		m := migrations[v]
		err := s.db.Update(func(tx *bolt.Tx) error {
			if err := m.up(tx); err != nil {
				return err
			}
			return tx.Bucket(bucketMeta).Put(keySchema, u64(v+1))
		})
		if err != nil {
			return fmt.Errorf("migration %d (%s): %w", v+1, m.name, err)
		}
	}
	return nil
}
