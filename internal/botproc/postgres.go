package botproc

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"

	"github.com/jackc/pgx/v5"

	"github.com/dockerqotd/dockerqotd/internal/pgstore"
)

// FreshSchema makes an empty schema named after prefix on the PostgreSQL
// server the tests use (pgstore.TestServerEnv, else
// pgstore.DefaultTestServer) and returns a URL that works in it, and how
// to drop it with everything in it.
func FreshSchema(ctx context.Context, prefix string) (string, func(), error) {
	server := os.Getenv(pgstore.TestServerEnv)
	if server == "" {
		server = pgstore.DefaultTestServer
	}
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		return "", nil, fmt.Errorf("PostgreSQL (%s): %w", pgstore.TestServerEnv, err)
	}
	defer conn.Close(ctx)
	var b [6]byte
	rand.Read(b[:])
	schema := prefix + "_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		return "", nil, err
	}
	u, err := url.Parse(server)
	if err != nil {
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	drop := func() {
		if conn, err := pgx.Connect(context.Background(), server); err == nil {
			conn.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			conn.Close(context.Background())
		}
	}
	return u.String(), drop, nil
}
