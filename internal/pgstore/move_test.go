package pgstore_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
	"github.com/dockerqotd/dockerqotd/internal/pgstore"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
	"github.com/dockerqotd/dockerqotd/internal/quiz/storetest"
)

// copyInto exports src into dst through a new importer.
func copyInto(t *testing.T, src *boltstore.Store, dst *pgstore.Store) {
	t.Helper()
	imp, err := dst.Importer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := src.Export(ctx, imp); err != nil {
		t.Fatal(err)
	}
}

func counts(t *testing.T, s storetest.Counter) quiz.Counts {
	t.Helper()
	c, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestBoltDatabaseMovesToPostgres fills a bbolt database through its
// methods, copies it into an empty PostgreSQL schema, and reads everything
// back from both: the same records, boards and counts. A second copy
// changes nothing, and both stores then decide the next moves alike.
func TestBoltDatabaseMovesToPostgres(t *testing.T) {
	src, err := boltstore.Open(filepath.Join(t.TempDir(), "bolt.db"), boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	c := storetest.Fill(t, src)
	dst := openTest(t)
	if empty, err := dst.IsEmpty(ctx); err != nil || !empty {
		t.Fatalf("IsEmpty of a new schema = %v, %v; want true", empty, err)
	}

	copyInto(t, src, dst)
	want := counts(t, src)
	if got := counts(t, dst); got != want {
		t.Errorf("Counts after the copy = %+v; want %+v", got, want)
	}
	if empty, err := dst.IsEmpty(ctx); err != nil || empty {
		t.Errorf("IsEmpty after the copy = %v, %v; want false", empty, err)
	}
	storetest.Same(t, src, dst, c)

	copyInto(t, src, dst)
	if got := counts(t, dst); got != want {
		t.Errorf("Counts after copying twice = %+v; want %+v", got, want)
	}
	storetest.Same(t, src, dst, c)

	storetest.Proceed(t, c, src, dst)
	storetest.Same(t, src, dst, c)
}

// cutShort is an importer that fails after a number of answers, as a copy
// stopped half way (a lost connection, ^C) would.
type cutShort struct {
	*pgstore.Import
	answers int
}

var errCut = errors.New("cut short")

func (c *cutShort) ImportAnswer(ctx context.Context, a quiz.Answer) error {
	if c.answers == 0 {
		return errCut
	}
	c.answers--
	return c.Import.ImportAnswer(ctx, a)
}

// TestCopyCutShortResumes stops a copy half way through the answers and
// runs it again: the second run completes it, skipping what is there.
func TestCopyCutShortResumes(t *testing.T) {
	src, err := boltstore.Open(filepath.Join(t.TempDir(), "bolt.db"), boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	c := storetest.Fill(t, src)
	dst := openTest(t)
	imp, err := dst.Importer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := imp.Flush(ctx); err != nil { // nothing queued: nothing happens
		t.Fatal(err)
	}
	if err := src.Export(ctx, &cutShort{Import: imp, answers: 5}); !errors.Is(err, errCut) {
		t.Fatalf("Export into an importer that fails = %v; want its error", err)
	}
	copyInto(t, src, dst)
	if got, want := counts(t, dst), counts(t, src); got != want {
		t.Errorf("Counts after a resumed copy = %+v; want %+v", got, want)
	}
	storetest.Same(t, src, dst, c)
	storetest.Proceed(t, c, src, dst)
}
