package deploy

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// buildContext lists the files `docker build` would send, by .dockerignore.
func buildContext(t *testing.T) (map[string]bool, int64) {
	t.Helper()
	f, err := os.Open(filepath.Join(repo, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	patterns, err := ignorefile.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]bool{}
	var size int64
	err = filepath.WalkDir(repo, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(repo, path)
		if rel == "." || d.IsDir() {
			return nil
		}
		excluded, err := pm.MatchesOrParentMatches(filepath.ToSlash(rel))
		if err != nil || excluded {
			return err
		}
		files[filepath.ToSlash(rel)] = true
		info, _ := d.Info()
		size += info.Size()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, size
}
