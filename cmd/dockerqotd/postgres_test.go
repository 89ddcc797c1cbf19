package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
	"github.com/dockerqotd/dockerqotd/internal/pgstore"
	"github.com/dockerqotd/dockerqotd/internal/quiz/storetest"
)

// TestMigrateStoreRoundTrip fills a bbolt file, copies it into an empty
// PostgreSQL schema with migrate-store, and reads the same from both. A
// second copy into the now full schema is refused unless resumed.
func TestMigrateStoreRoundTrip(t *testing.T) {
	e := newEnv(t)
	url := pgstore.TestDatabase(t)
	path := e.env["DOCKERQOTD_DB"]
	src, err := boltstore.Open(path, boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	contents := storetest.Fill(t, src)
	src.Close()

	// The URL comes from DOCKERQOTD_DB, so no password would be on the
	// command line.
	e.env["DOCKERQOTD_DB"] = url
	r := e.MustRunMain("", "migrate-store", "--from", path).must(t, 0)
	if !strings.Contains(r.stdout, "The counts agree") || !strings.Contains(r.stdout, "answers") {
		t.Errorf("migrate-store printed:\n%s", r.stdout)
	}
	src, err = boltstore.Open(path, boltstore.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := pgstore.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	storetest.Same(t, src, dst, contents)

	again := e.MustRunMain("", "migrate-store", "--from", path).must(t, 1)
	if !strings.Contains(again.stderr, "already holds data") || !strings.Contains(again.stderr, "--resume") {
		t.Errorf("a copy into a full database said:\n%s", again.stderr)
	}
	e.MustRunMain("", "migrate-store", "--from", path, "--resume").must(t, 0)
	storetest.Same(t, src, dst, contents)
}

// TestPostgresUnreachable: a server that does not answer stops start-up
// with a message that names it and never shows the password.
func TestPostgresUnreachable(t *testing.T) {
	e := newEnv(t)
	e.env["DOCKERQOTD_DB"] = "postgres://bot:s3cret-pw@127.0.0.1:1/dockerqotd?sslmode=disable&connect_timeout=2"
	for _, args := range [][]string{{"serve"}, {"leaderboard"}} {
		r := e.MustRunMain("", args...).must(t, 1)
		if !strings.Contains(r.stderr, "127.0.0.1:1") || strings.Contains(r.stdout+r.stderr, "s3cret-pw") {
			t.Errorf("%v with an unreachable server said:\n%s", args, r.stderr)
		}
	}
	r := e.MustRunMain("", "backup", "x.db").must(t, 1)
	if !strings.Contains(r.stderr, "pg_dump") {
		t.Errorf("backup on PostgreSQL said:\n%s", r.stderr)
	}
}

// TestTerminalBotOnPostgres plays the terminal bot on PostgreSQL: the
// question is posted, answered, and on the board the command line reads.
func TestTerminalBotOnPostgres(t *testing.T) {
	e := newEnv(t)
	e.env["DOCKERQOTD_DB"] = pgstore.TestDatabase(t)
	first := e.MustRunMain("").must(t, 0)
	if !strings.Contains(first.stdout, "Docker question of the day") {
		t.Fatalf("no question on PostgreSQL:\n%s", first.stdout)
	}
	e.now = e.now.Add(time.Minute)
	right := rightLetter(t, e)
	if r := e.MustRunMain(right+"\n").must(t, 0); !strings.Contains(r.stdout, "✅ Right! "+right) {
		t.Fatalf("answering %s on PostgreSQL got:\n%s", right, r.stdout)
	}
	lb := e.MustRunMain("", "leaderboard").must(t, 0)
	if !strings.Contains(lb.stdout, "tester") || !strings.Contains(lb.stdout, "10") {
		t.Errorf("leaderboard on PostgreSQL lacks the answer:\n%s", lb.stdout)
	}
}
