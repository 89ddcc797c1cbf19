package boltstore

import (
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestMigration1CreatesBuckets opens a brand-new file (schema 0) and checks
// that migration 1 made every bucket and recorded the version.
func TestMigration1CreatesBuckets(t *testing.T) {
	s, _ := openTemp(t)
	err := s.DB().View(func(tx *bolt.Tx) error {
		if v := schemaVersion(tx); v != 1 {
			t.Errorf("schema version = %d; want 1", v)
		}
		for _, name := range [][]byte{
			bucketMeta, bucketTeams, bucketPosts, bucketOccurrences, bucketTeamPosts,
			bucketAnswers, bucketUsers, bucketStreaks, bucketBoards, bucketRotations,
			bucketRounds, bucketReviews,
		} {
			if tx.Bucket(name) == nil {
				t.Errorf("bucket %s missing after migration 1", name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMigrationsRunInOrderOnce(t *testing.T) {
	if len(migrations) == 0 || SchemaVersion != uint64(len(migrations)) {
		t.Fatalf("SchemaVersion %d does not match %d migrations", SchemaVersion, len(migrations))
	}
	first, path := openTemp(t)
	first.Close()
	// Opening again finds the schema current and runs nothing.
	var runs int
	saved := migrations
	migrations = append([]migration(nil), saved...)
	migrations[0].up = func(tx *bolt.Tx) error { runs++; return createBuckets(tx) }
	t.Cleanup(func() { migrations = saved })
	s := reopen(t, path)
	s.Close()
	if runs != 0 {
		t.Errorf("migration 1 ran %d times on a current database; want 0", runs)
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	s, path := openTemp(t)
	if err := s.DB().Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchema, u64(SchemaVersion+1))
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(path, Options{})
	if err == nil || !strings.Contains(err.Error(), "newer than this build") {
		t.Errorf("opening a newer schema: %v; want a refusal that says so", err)
	}
}

func reopen(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(filepath.Clean(path), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
