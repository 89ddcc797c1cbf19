package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
)

// result is what one run of a fuzz target came to.
type result int

const (
	// passed: go test exited 0.
	passed result = iota
	// crashed: the fuzzer found an input that fails the target, and saved
	// it (or named it in its output).
	crashed
	// flaked: go test failed but left no reproducer and named no failing
	// input: Go's fuzzing coordinator reports a worker still busy when a
	// -fuzztime duration ends as "context deadline exceeded"
	// (golang/go#75804, fixed in Go 1.27). A failure that repeats is not
	// a flake; the caller retries once to tell them apart.
	flaked
)

func (r result) String() string {
	return [...]string{"ok", "CRASH", "flake"}[r]
}

// failingInput matches the line go test prints when it saves a crasher:
// "Failing input written to testdata/fuzz/FuzzX/1de061fa29cfbb3d".
var failingInput = regexp.MustCompile(`Failing input written to (\S+)`)

// classify reads one run: whether go test failed, what it printed, and the
// files that appeared in the target's corpus directory during the run.
// It returns the result and, for a crash, where the input is.
func classify(failed bool, output []byte, newInputs []string) (result, string) {
	if !failed {
		return passed, ""
	}
	if len(newInputs) > 0 {
		return crashed, newInputs[0]
	}
	if m := failingInput.FindSubmatch(output); m != nil {
		return crashed, string(m[1])
	}
	return flaked, ""
}

// corpus lists the files of a target's corpus directory, dir/testdata/fuzz/name;
// none when it does not exist.
func corpus(dir, name string) []string {
	entries, err := os.ReadDir(filepath.Join(dir, "testdata", "fuzz", name))
	if err != nil {
		return nil
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() {
			files = append(files, filepath.Join(dir, "testdata", "fuzz", name, e.Name()))
		}
	}
	return files
}

// added returns the files of after that are not in before.
func added(before, after []string) []string {
	var out []string
	for _, f := range after {
		if !slices.Contains(before, f) {
			out = append(out, f)
		}
	}
	return out
}

// deadlineRace reports whether output shows the coordinator's deadline
// race, for the message of a flake.
func deadlineRace(output []byte) bool {
	return bytes.Contains(output, []byte("context deadline exceeded"))
}
