package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
)

// backup writes a consistent copy of the database to a file. bbolt holds an
// exclusive lock while the bot runs, so when the database is in use the
// running bot streams the copy over its local ops endpoint; otherwise the
// file is copied directly. Either way the copy is written to a temporary
// file, compacted when asked (--compact: only the pages in use), checked to
// open as a database, and renamed into place.
func (a *app) backup(ctx context.Context, args []string) error {
	fs := a.flags("backup")
	cfg, err := a.loadConfig(fs)
	if err != nil {
		return err
	}
	fs.StringVar(&cfg.HTTPAddr, "http-addr", cfg.HTTPAddr, "ops address of the running bot (DOCKERQOTD_HTTP_ADDR)")
	compact := fs.Bool("compact", false, "write a compacted copy: only the pages in use, so a smaller file")
	if err := parse(fs, args); err != nil {
		return ignoreHelp(err)
	}
	if fs.NArg() != 1 {
		return usagef("backup takes the file to write, e.g. dockerqotd backup /backups/dockerqotd-$(date +%%F).db")
	}
	if cfg.Postgres() {
		return errors.New("backup copies a bbolt file; back PostgreSQL up with its own tools (pg_dump, or your provider's snapshots)")
	}
	dest := fs.Arg(0)
	tmp, err := os.CreateTemp(filepath.Dir(dest), ".dockerqotd-backup-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("backup: %w", err)
	}

	var how string
	store, err := boltstore.Open(cfg.DB, boltstore.Options{ReadOnly: true, Timeout: 500 * time.Millisecond})
	switch {
	case err == nil:
		_, err = store.Backup(tmp)
		store.Close()
		how = "copied " + cfg.DB
	case errors.Is(err, boltstore.ErrInUse):
		err = fetchBackup(ctx, localURL(cfg.HTTPAddr, "/backup"), tmp)
		how = "streamed from the running bot at " + localURL(cfg.HTTPAddr, "")
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("backup: no database at %s", cfg.DB)
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	written := tmp.Name()
	if *compact {
		compacted := tmp.Name() + ".compact"
		defer os.Remove(compacted)
		if err := boltstore.Compact(compacted, tmp.Name()); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		written, how = compacted, how+", compacted"
	}
	check, err := boltstore.Open(written, boltstore.Options{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("backup: the copy does not open as a database: %w", err)
	}
	check.Close()
	if err := os.Rename(written, dest); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	info, _ := os.Stat(dest)
	fmt.Fprintf(a.stdout, "backed up to %s (%d bytes, %s)\n", dest, info.Size(), how)
	return nil
}

func fetchBackup(ctx context.Context, url string, w io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("the database is in use and the running bot does not answer at %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the running bot refused the backup: %s", resp.Status)
	}
	_, err = io.Copy(w, resp.Body)
	return err
}

// healthcheck exits 0 when the local bot's /healthz answers 200; Docker's
// HEALTHCHECK runs it inside the container.
func (a *app) healthcheck(ctx context.Context, args []string) error {
	fs := a.flags("healthcheck")
	cfg, err := a.loadConfig(fs)
	if err != nil {
		return err
	}
	fs.StringVar(&cfg.HTTPAddr, "http-addr", cfg.HTTPAddr, "ops address of the bot (DOCKERQOTD_HTTP_ADDR)")
	if err := parse(fs, args); err != nil {
		return ignoreHelp(err)
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	url := localURL(cfg.HTTPAddr, "/healthz")
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("unhealthy: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("unhealthy: %s answered %s", url, resp.Status)
	}
	return nil
}

// localURL addresses the ops server from the same host: a wildcard listen
// address is reached on loopback.
func localURL(addr, path string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr + path
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + path
}
