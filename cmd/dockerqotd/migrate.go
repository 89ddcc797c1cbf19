package main

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
	"github.com/dockerqotd/dockerqotd/internal/config"
	"github.com/dockerqotd/dockerqotd/internal/pgstore"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// migrateStore copies a bbolt database into PostgreSQL: teams, rotations,
// posts, answers, members' records and boards, frozen streaks, reviews,
// rounds, interview results and appeals. The target must be empty, or the
// copy a resumed one (--resume: what is there already is kept, the rest
// added). At the end the two databases' counts must agree; they are
// printed side by side.
func (a *app) migrateStore(ctx context.Context, args []string) error {
	fs := a.flags("migrate-store")
	cfg, err := a.loadConfig(fs)
	if err != nil {
		return err
	}
	from := fs.String("from", "", "the bbolt file to copy (the bot must be stopped)")
	to := fs.String("to", "", "the PostgreSQL URL to copy into; without it DOCKERQOTD_DB (or DOCKERQOTD_DB_FILE), which keeps the password off the command line")
	resume := fs.Bool("resume", false, "continue a copy that was cut short: keep what the target holds and add the rest")
	if err := parse(fs, args); err != nil {
		return ignoreHelp(err)
	}
	if fs.NArg() > 0 {
		return usagef("migrate-store takes flags only, got %q", fs.Args())
	}
	if *to == "" && config.IsPostgresURL(cfg.DB) {
		*to = cfg.DB
	}
	switch {
	case *from == "":
		return usagef("migrate-store needs --from, the bbolt file, e.g. --from data/dockerqotd.db")
	case !config.IsPostgresURL(*to):
		return usagef("migrate-store needs a postgres:// URL in --to or DOCKERQOTD_DB")
	}

	src, err := boltstore.Open(*from, boltstore.Options{ReadOnly: true, Timeout: 500 * time.Millisecond})
	switch {
	case errors.Is(err, boltstore.ErrInUse):
		return fmt.Errorf("migrate-store: %s is in use: stop the bot first, so no answer arrives after the copy", *from)
	case err != nil:
		return fmt.Errorf("migrate-store: %w", err)
	}
	defer src.Close()
	dst, err := pgstore.Open(ctx, *to)
	if err != nil {
		return fmt.Errorf("migrate-store: %w", err)
	}
	defer dst.Close()
	empty, err := dst.IsEmpty(ctx)
	if err != nil {
		return fmt.Errorf("migrate-store: %w", err)
	}
	if !empty && !*resume {
		return fmt.Errorf("migrate-store: %s already holds data; copy into an empty database, or add --resume to continue a copy that was cut short", dst.Where())
	}

	start := a.now()
	imp, err := dst.Importer(ctx)
	if err != nil {
		return fmt.Errorf("migrate-store: %w", err)
	}
	if err := src.Export(ctx, imp); err != nil {
		return fmt.Errorf("migrate-store: the copy stopped (run again with --resume to finish it): %w", err)
	}
	want, err := src.Counts(ctx)
	if err != nil {
		return fmt.Errorf("migrate-store: %w", err)
	}
	got, err := dst.Counts(ctx)
	if err != nil {
		return fmt.Errorf("migrate-store: %w", err)
	}
	fmt.Fprintf(a.stdout, "copied %s into %s in %v\n\n", *from, dst.Where(), a.now().Sub(start).Round(time.Millisecond))
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tbbolt\tPostgreSQL\t")
	for _, c := range countRows(want, got) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t\n", c.name, c.want, c.got)
	}
	tw.Flush()
	if got != want {
		return errors.New("migrate-store: the counts differ; the copy is not complete (run again with --resume)")
	}
	fmt.Fprintln(a.stdout, "\nThe counts agree. Point DOCKERQOTD_DB at the PostgreSQL URL and start the bot.")
	return nil
}

type countRow struct {
	name      string
	want, got int
}

func countRows(want, got quiz.Counts) []countRow {
	return []countRow{
		{"teams", want.Teams, got.Teams},
		{"posts", want.Posts, got.Posts},
		{"answers", want.Answers, got.Answers},
		{"members", want.Users, got.Users},
		{"frozen streaks", want.Frozen, got.Frozen},
		{"review cards", want.Reviews, got.Reviews},
		{"practice rounds", want.Rounds, got.Rounds},
		{"interview results", want.Interviews, got.Interviews},
		{"appeals", want.Appeals, got.Appeals},
		{"jobs", want.Jobs, got.Jobs},
		{"reports", want.Reports, got.Reports},
		{"reminders", want.Reminders, got.Reminders},
	}
}
