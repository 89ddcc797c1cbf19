// Command dqfuzz runs every fuzz target of the module for a bounded time
// each and fails on any crash. It finds the targets with `go test -list`,
// runs them one after another with `go test -fuzz`, and prints the time and
// executions of each.
//
//	go run ./cmd/dqfuzz                 # 60 s per target
//	go run ./cmd/dqfuzz -time 10s       # CI's short bound
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

type target struct{ pkg, name string }

func main() {
	fuzztime := flag.Duration("time", 60*time.Second, "how long to fuzz each target")
	run := flag.String("run", "", "only targets whose name matches this regexp")
	flag.Parse()
	if err := fuzzAll(*fuzztime, *run); err != nil {
		fmt.Fprintln(os.Stderr, "dqfuzz:", err)
		os.Exit(1)
	}
}

func fuzzAll(fuzztime time.Duration, only string) error {
	targets, err := list(only)
	if err != nil {
		return err
	}
	if len(targets) == 0 {
		return fmt.Errorf("no fuzz targets found")
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TARGET\tPACKAGE\tTIME\tEXECS\tRESULT")
	var totalExecs int64
	var total time.Duration
	var failed []string
	for _, t := range targets {
		start := time.Now()
		out, err := exec.Command("go", "test", "-run=^$", "-fuzz=^"+t.name+"$", "-fuzztime="+fuzztime.String(), t.pkg).CombinedOutput()
		elapsed := time.Since(start)
		execs := lastExecs(out)
		totalExecs += execs
		total += elapsed
		result := "ok"
		if err != nil {
			result = "CRASH"
			failed = append(failed, t.name)
			os.Stderr.Write(out)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", t.name, t.pkg, elapsed.Round(time.Second), execs, result)
	}
	fmt.Fprintf(tw, "total\t%d targets\t%s\t%d\t\n", len(targets), total.Round(time.Second), totalExecs)
	tw.Flush()
	if len(failed) > 0 {
		return fmt.Errorf("crashes in %s (inputs saved under testdata/fuzz)", strings.Join(failed, ", "))
	}
	return nil
}

// list asks go test for the fuzz targets of every package.
func list(only string) ([]target, error) {
	match, err := regexp.Compile(only)
	if err != nil {
		return nil, err
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
			fields := strings.Fields(line)
			for _, n := range names {
				if match.MatchString(n) {
					targets = append(targets, target{pkg: fields[1], name: n})
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
