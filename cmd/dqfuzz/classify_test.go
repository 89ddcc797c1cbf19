package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The recorded outputs: crash.txt and pass.txt are go test's own output for
// a throwaway target that panics on some inputs and one that never fails;
// deadline.txt is the shape testing.(*F).Fuzz prints when Go's coordinator
// loses its deadline race (golang/go#75804): a FAIL with "context deadline
// exceeded" and no input.
func readRecorded(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name      string
		failed    bool
		output    string
		newInputs []string
		want      result
		wantInput string
	}{
		{"clean pass", false, "pass.txt", nil, passed, ""},
		{"crash with a saved reproducer", true, "crash.txt", []string{"testdata/fuzz/FuzzBoom/1de061fa29cfbb3d"}, crashed, "testdata/fuzz/FuzzBoom/1de061fa29cfbb3d"},
		{"crash named in the output only", true, "crash.txt", nil, crashed, "testdata/fuzz/FuzzBoom/1de061fa29cfbb3d"},
		{"deadline race without a reproducer", true, "deadline.txt", nil, flaked, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, input := classify(tc.failed, readRecorded(t, tc.output), tc.newInputs)
			if got != tc.want || input != tc.wantInput {
				t.Errorf("classify(%v, %s, %v) = %v, %q; want %v, %q", tc.failed, tc.output, tc.newInputs, got, input, tc.want, tc.wantInput)
			}
		})
	}
}

func TestCorpusAdded(t *testing.T) {
	dir := t.TempDir()
	seeds := filepath.Join(dir, "testdata", "fuzz", "FuzzX")
	if err := os.MkdirAll(seeds, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := corpus(dir, "FuzzMissing"); len(got) != 0 {
		t.Errorf("corpus of a target without a directory = %v; want none", got)
	}
	os.WriteFile(filepath.Join(seeds, "seed1"), []byte("go test fuzz v1\n"), 0o644)
	before := corpus(dir, "FuzzX")
	os.WriteFile(filepath.Join(seeds, "abc123"), []byte("go test fuzz v1\n"), 0o644)
	got := added(before, corpus(dir, "FuzzX"))
	if len(got) != 1 || filepath.Base(got[0]) != "abc123" {
		t.Errorf("added = %v; want only the new abc123", got)
	}
}

// script returns a fuzz runner that answers each target's runs in turn.
func script(runs map[string][]outcome) func(target) outcome {
	return func(t target) outcome {
		o := runs[t.name][0]
		runs[t.name] = runs[t.name][1:]
		return o
	}
}

func TestFuzzAllRetriesFlakesOnce(t *testing.T) {
	deadline := readRecorded(t, "deadline.txt")
	ok := outcome{result: passed, execs: 100}
	flake := outcome{result: flaked, execs: 50, output: deadline}
	tests := []struct {
		name     string
		runs     []outcome
		wantErr  string
		wantLine string
	}{
		{"clean pass", []outcome{ok}, "", "1 passed, 0 failed, 0 flaked"},
		{"flake then pass", []outcome{flake, ok}, "", "0 passed, 0 failed, 1 flaked"},
		{"flake twice", []outcome{flake, flake}, "failed twice in a row without saving an input", "0 passed, 1 failed, 0 flaked"},
		{"crash", []outcome{{result: crashed, input: "testdata/fuzz/FuzzX/abc", output: []byte("Failing input written to testdata/fuzz/FuzzX/abc")}},
			"input saved as testdata/fuzz/FuzzX/abc", "0 passed, 1 failed, 0 flaked"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			runs := map[string][]outcome{"FuzzX": tc.runs}
			err := fuzzAll(&stdout, &stderr, []target{{pkg: "example.com/p", name: "FuzzX"}}, script(runs))
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("fuzzAll = %v; want no error", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("fuzzAll = %v; want an error saying %q", err, tc.wantErr)
			}
			if len(runs["FuzzX"]) != 0 {
				t.Errorf("%d scripted runs left over; the target ran too few times", len(runs["FuzzX"]))
			}
			if !strings.Contains(stdout.String(), tc.wantLine) {
				t.Errorf("summary:\n%s\nwant it to count %q", stdout.String(), tc.wantLine)
			}
			if tc.runs[len(tc.runs)-1].input == "" && err != nil && strings.Contains(err.Error(), "saved as") {
				t.Errorf("error %q claims an input was saved when none was", err)
			}
		})
	}
}
