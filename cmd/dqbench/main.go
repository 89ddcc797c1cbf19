// Command dqbench measures the figures the bot is held to and prints them
// as a table: the figure, the value measured, the target, the baseline
// measured in the same run where there is one, and whether the target was
// met (and by how much it was missed).
//
//	go run ./cmd/dqbench            # every figure, full sizes (a few minutes)
//	go run ./cmd/dqbench -quick     # smaller data, for CI
//	go run ./cmd/dqbench -only leaderboard
package main

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
	"text/tabwriter"
	"time"
)

// row is one line of the table.
type row struct {
	figure, value, target, baseline, result string
}

// bench measures one or more figures.
type bench struct {
	name string
	run  func(env *env) ([]row, error)
}

var benches = []bench{
	{"answers", benchAnswers},
	{"leaderboard", benchLeaderboard},
	{"card", benchCard},
	{"postgres", benchPostgres},
	{"discord", benchDiscord},
	{"process", benchProcess},
}

func main() {
	quick := flag.Bool("quick", false, "smaller data sets (CI)")
	only := flag.String("only", "", "run only the benches whose name matches this regexp")
	flag.Parse()
	match, err := regexp.Compile(*only)
	if err != nil {
		fail(err)
	}
	env, err := newEnv(*quick)
	if err != nil {
		fail(err)
	}
	defer env.close()
	var rows []row
	failed := false
	for _, b := range benches {
		if !match.MatchString(b.name) {
			continue
		}
		start := time.Now()
		rs, err := b.run(env)
		if err != nil {
			fmt.Fprintf(os.Stderr, "dqbench: %s: %v\n", b.name, err)
			failed = true
			continue
		}
		fmt.Fprintf(os.Stderr, "dqbench: %s done in %v\n", b.name, time.Since(start).Round(time.Second))
		rows = append(rows, rs...)
	}
	print(rows, env)
	if failed {
		os.Exit(1)
	}
}

func print(rows []row, env *env) {
	fmt.Printf("dqbench on %s, %d CPUs, %s; sizes: %s\n\n", env.host, env.cpus, env.goVersion, env.sizes())
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FIGURE\tVALUE\tTARGET\tBASELINE\tRESULT")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.figure, r.value, r.target, or(r.baseline, "-"), r.result)
	}
	tw.Flush()
}

func or(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "dqbench:", err)
	os.Exit(1)
}

// atLeast and atMost judge a value against a target.
func atLeast(value, target float64, unit string) string {
	if value >= target {
		return "met"
	}
	return fmt.Sprintf("MISSED by %.0f%s (%.0f%%)", target-value, unit, 100*(target-value)/target)
}

func atMost(value, target float64, unit string) string {
	if value <= target {
		return "met"
	}
	return fmt.Sprintf("MISSED by %.2f%s (%.0f%%)", value-target, unit, 100*(value-target)/target)
}
