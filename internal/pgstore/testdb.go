package pgstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestServerEnv names the variable with the URL of the PostgreSQL server
// tests use; DefaultTestServer is the one they use without it.
const (
	TestServerEnv     = "DOCKERQOTD_TEST_POSTGRES"
	DefaultTestServer = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
)

// TestDatabase returns the URL of a fresh, empty schema on the test server
// (TestServerEnv, else DefaultTestServer), dropped with everything in it
// when the test ends. A test on a machine without the server is skipped,
// except in CI (CI=true), where it fails.
func TestDatabase(t testing.TB) string {
	t.Helper()
	server := os.Getenv(TestServerEnv)
	if server == "" {
		server = DefaultTestServer
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		msg := "no PostgreSQL server for the tests (" + TestServerEnv + "): " + safeError(passwordOf(server), "connect", err).Error()
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	defer conn.Close(context.Background())

	var b [8]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, server)
		if err != nil {
			t.Errorf("drop test schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop test schema %s: %v", schema, err)
		}
	})

	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("test server URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// passwordOf returns the password a URL carries, "" when none.
func passwordOf(server string) string {
	u, err := url.Parse(server)
	if err != nil || u.User == nil {
		return ""
	}
	p, _ := u.User.Password()
	return p
}
