// Command dqfuzz runs every fuzz target of the module with a bound each and
// fails on any crash. It finds the targets with `go test -list`, runs them
// one after another with `go test -fuzz`, and prints the time, executions
// and result of each.
//
//	go run ./cmd/dqfuzz                 # 60 s per target, for long runs by hand
//	go run ./cmd/dqfuzz -execs 30000    # CI: a count per target, no deadline
//
// A duration bound races Go's fuzzing coordinator (golang/go#75804, fixed in
// Go 1.27): a worker still busy when the time is up is reported as a failure
// with "context deadline exceeded" and no input. So a failure counts as a
// crash only when a new reproducer appears under testdata/fuzz/<target>/ or
// the output names a failing input. A failure without one is a flake: the
// target runs once more, and fails only if that run fails too.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

type target struct{ pkg, dir, name string }

func main() {
	fuzztime := flag.Duration("time", 60*time.Second, "how long to fuzz each target")
	execs := flag.Int("execs", 0, "fuzz each target for this many executions instead of a time (no deadline to race)")
	run := flag.String("run", "", "only targets whose name matches this regexp")
	flag.Parse()
	bound := fuzztime.String()
	if *execs > 0 {
		bound = strconv.Itoa(*execs) + "x"
	}
	targets, err := list(*run)
	if err == nil && len(targets) == 0 {
		err = fmt.Errorf("no fuzz targets found")
	}
	if err == nil {
		err = fuzzAll(os.Stdout, os.Stderr, targets, func(t target) outcome { return fuzzOnce(t, bound) })
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "dqfuzz:", err)
		os.Exit(1)
	}
}

// tally counts the targets by their final result.
type tally struct{ passed, failed, flaked int }

// outcome is one run of one target.
type outcome struct {
	result result
	// input is the saved or named failing input of a crash.
	input  string
	execs  int64
	output []byte
}

// fuzzAll runs every target through fuzz, retrying a flake once, prints a
// line per target and a summary, and returns the failures.
func fuzzAll(stdout, stderr io.Writer, targets []target, fuzz func(target) outcome) error {
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TARGET\tPACKAGE\tTIME\tEXECS\tRESULT")
	var (
		totalExecs int64
		total      time.Duration
		n          tally
		problems   []string
	)
	for _, t := range targets {
		start := time.Now()
		o := fuzz(t)
		res, execs := o.result, o.execs
		note := res.String()
		if res == flaked {
			fmt.Fprintf(stderr, "dqfuzz: %s failed without a reproducer (%s); running it again\n", t.name, flakeCause(o.output))
			o = fuzz(t)
			res = o.result
			execs += o.execs
			switch res {
			case passed:
				res, note = flaked, "flake, then ok"
			case flaked:
				res, note = crashed, "FAILED twice"
			default:
				note = "flake, then CRASH"
			}
		}
		elapsed := time.Since(start)
		totalExecs += execs
		total += elapsed
		switch res {
		case passed:
			n.passed++
		case flaked:
			n.flaked++
		default:
			n.failed++
			stderr.Write(o.output)
			problems = append(problems, problem(t, o.input))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", t.name, t.pkg, elapsed.Round(time.Second), execs, note)
	}
	fmt.Fprintf(tw, "total\t%d targets\t%s\t%d\t%d passed, %d failed, %d flaked\n",
		len(targets), total.Round(time.Second), totalExecs, n.passed, n.failed, n.flaked)
	tw.Flush()
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

// fuzzOnce runs one target once with go test and classifies the run.
func fuzzOnce(t target, bound string) outcome {
	before := corpus(t.dir, t.name)
	out, err := exec.Command("go", "test", "-run=^$", "-fuzz=^"+t.name+"$", "-fuzztime="+bound, t.pkg).CombinedOutput()
	res, input := classify(err != nil, out, added(before, corpus(t.dir, t.name)))
	return outcome{result: res, input: input, execs: lastExecs(out), output: out}
}

// problem says what failed and how to look at it, claiming a saved input
// only when there is one.
func problem(t target, input string) string {
	if input == "" {
		return fmt.Sprintf("%s (%s) failed twice in a row without saving an input; its output is above", t.name, t.pkg)
	}
	return fmt.Sprintf("crash in %s (%s): input saved as %s; re-run with go test -run=%s/%s %s",
		t.name, t.pkg, input, t.name, lastPathElem(input), t.pkg)
}

func flakeCause(out []byte) string {
	if deadlineRace(out) {
		return "Go fuzz deadline race"
	}
	return "no input named"
}

func lastPathElem(p string) string {
	return p[strings.LastIndexAny(p, `/\`)+1:]
}

// list asks go test for the fuzz targets of every package, and go list
// for the packages' directories.
func list(only string) ([]target, error) {
	match, err := regexp.Compile(only)
	if err != nil {
		return nil, err
	}
	dirsOut, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{.Dir}}", "./...").Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	dirs := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(dirsOut)), "\n") {
		if pkg, dir, ok := strings.Cut(line, " "); ok {
			dirs[pkg] = dir
		}
	}
	out, err := exec.Command("go", "test", "-list=^Fuzz", "./...").Output()
	if err != nil {
		return nil, fmt.Errorf("go test -list: %w", err)
	}
	var targets []target
	var names []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "Fuzz"):
			names = append(names, line)
		case strings.HasPrefix(line, "ok "):
			pkg := strings.Fields(line)[1]
			for _, n := range names {
				if match.MatchString(n) {
					targets = append(targets, target{pkg: pkg, dir: dirs[pkg], name: n})
				}
			}
			names = nil
		}
	}
	return targets, sc.Err()
}

var execsRE = regexp.MustCompile(`execs: (\d+)`)

func lastExecs(out []byte) int64 {
	m := execsRE.FindAllSubmatch(out, -1)
	if len(m) == 0 {
		return 0
	}
	n, _ := strconv.ParseInt(string(m[len(m)-1][1]), 10, 64)
	return n
}
