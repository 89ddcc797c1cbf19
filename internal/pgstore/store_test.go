package pgstore_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/dockerqotd/dockerqotd/internal/pgstore"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
	"github.com/dockerqotd/dockerqotd/internal/quiz/storetest"
)

var ctx = context.Background()

// openTest opens a store on a fresh schema of the test server.
func openTest(t testing.TB) *pgstore.Store {
	t.Helper()
	s, err := pgstore.Open(ctx, pgstore.TestDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// TestStoreContract runs the contract of quiz.Store on PostgreSQL, a fresh
// schema for each test.
func TestStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) quiz.Store { return openTest(t) })
}

// schemaVersions returns the versions schema_version lists, in order.
func schemaVersions(t *testing.T, url string) []int {
	t.Helper()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, _ := conn.Query(ctx, `SELECT version FROM schema_version ORDER BY version`)
	versions, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil {
		t.Fatal(err)
	}
	return versions
}

// TestMigrationsRunOnceWhenOpensRace opens one new schema from several
// replicas at once: each migration is applied once, and every Open works.
func TestMigrationsRunOnceWhenOpensRace(t *testing.T) {
	url := pgstore.TestDatabase(t)
	const replicas = 4
	var wg sync.WaitGroup
	for range replicas {
		wg.Go(func() {
			s, err := pgstore.Open(ctx, url)
			if err != nil {
				t.Error(err)
				return
			}
			defer s.Close()
			if _, err := s.EnsureTeam(ctx, quiz.Team{ID: storetest.Team}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	versions := schemaVersions(t, url)
	if len(versions) != pgstore.SchemaVersion() {
		t.Fatalf("schema_version lists %v; want each of %d migrations once", versions, pgstore.SchemaVersion())
	}
	for i, v := range versions {
		if v != i+1 {
			t.Errorf("schema_version lists %v; want 1 to %d", versions, pgstore.SchemaVersion())
			break
		}
	}
	// Opening an up-to-date schema applies nothing.
	s, err := pgstore.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if again := schemaVersions(t, url); len(again) != len(versions) {
		t.Errorf("after another Open schema_version lists %v", again)
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	url := pgstore.TestDatabase(t)
	s, err := pgstore.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `INSERT INTO schema_version (version, name) VALUES ($1, 'from the future')`, pgstore.SchemaVersion()+1); err != nil {
		t.Fatal(err)
	}
	_, err = pgstore.Open(ctx, url)
	if err == nil || !strings.Contains(err.Error(), "newer than this build") {
		t.Errorf("opening a newer schema: %v; want a refusal that says so", err)
	}
}

// TestOpenErrorsHideThePassword: a server that cannot be reached and a URL
// that cannot be parsed give errors that say what is wrong, and never the
// password.
func TestOpenErrorsHideThePassword(t *testing.T) {
	for _, tc := range []struct {
		name, url string
		want      []string
	}{
		{"unreachable", "postgres://u:S3CRETPW@127.0.0.1:1/x", []string{"127.0.0.1:1", "database x", "user u"}},
		{"unreachable, password in the query", "postgres://u@127.0.0.1:1/x?password=S3CRETPW&sslmode=disable", []string{"127.0.0.1:1", "database x"}},
		{"not a URL", "postgres://u:S3CRETPW@127.0.0.1:port/x", []string{"cannot be parsed"}},
		{"bad option", "postgres://u:S3CRETPW@127.0.0.1:5432/x?sslmode=sometimes", []string{"cannot be parsed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := pgstore.Open(ctx, tc.url)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if strings.Contains(err.Error(), "S3CRETPW") {
				t.Errorf("error shows the password: %v", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

func TestPing(t *testing.T) {
	s := openTest(t)
	if err := s.Ping(ctx); err != nil {
		t.Errorf("Ping = %v", err)
	}
	s.Close()
	if err := s.Ping(ctx); err == nil {
		t.Error("Ping of a closed store succeeded")
	}
}
