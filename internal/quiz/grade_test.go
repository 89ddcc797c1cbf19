package quiz

import (
	"slices"
	"testing"
)

// initPoints are the key points of the --init question, as the bank has them.
var initPoints = []KeyPoint{
	{Point: "PID 1 ignores signals it has no handler for", Match: [][]string{{"pid 1", "signal"}, {"sigterm", "handler"}}},
	{Point: "PID 1 must reap orphaned zombie processes", Match: [][]string{{"zombie"}, {"reap"}}},
	{Point: "--init runs docker-init (tini) as PID 1", Match: [][]string{{"init", "pid 1"}, {"tini"}}},
}

func TestGradeAnswer(t *testing.T) {
	tests := []struct {
		name   string
		answer string
		want   []bool
	}{
		{"empty", "", []bool{false, false, false}},
		{"off topic", "I would restart the container and check the logs with docker logs.", []bool{false, false, false}},
		{"strong", "As PID 1 the app ignores signals it has no handler for, so docker stop waits 10 seconds. " +
			"It also has to reap orphaned children or zombies pile up. The --init flag runs tini as PID 1 to do both.",
			[]bool{true, true, true}},
		{"word order and endings", "Zombies are reaped by nobody. Signals are ignored by the process running as pid 1.",
			[]bool{true, true, false}},
		{"spelling: PID1 and docker-init", "The docker-init binary becomes PID1 in the container.", []bool{false, false, true}},
		{"terms split across distant sentences do not count", "PID 1 is special in a container. The weather is nice today. " +
			"It is sunny. We went out. A signal was sent to the router.", []bool{false, false, false}},
		{"terms in two sentences in a row count", "The process is PID 1 in the container. It never sees the signal.",
			[]bool{true, false, false}},
		{"a bare list of words covers nothing", "PID 1 signal SIGTERM handler zombie reap init tini", []bool{false, false, false}},
		{"a list with commas covers nothing", "pid 1, signals, sigterm, handler, zombies, reaping, --init, tini", []bool{false, false, false}},
		{"case and punctuation", "**SIGTERM** has no HANDLER; so it's ignored.", []bool{true, false, false}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := GradeAnswer(initPoints, tc.answer)
			if !slices.Equal(g.Covered, tc.want) {
				t.Errorf("GradeAnswer(%q).Covered = %v; want %v", tc.answer, g.Covered, tc.want)
			}
		})
	}
}

func TestGradeSpellings(t *testing.T) {
	tests := []struct {
		term, answer string
	}{
		{"compose yaml", "Put the services in compose.yaml at the root."},
		{"compose yaml", "Put the services in docker-compose.yml at the root."},
		{"multi stage", "I use a multistage build for the image."},
		{"multi stage", "I use a multi-stage build for the image."},
		{"multistage", "I use a multi-stage build for the image."},
		{"kubernetes", "On k8s the pod is rescheduled by the kubelet."},
		{"cgroup", "Limits are enforced by control groups in the kernel."},
		{"environment variable", "Pass it as an env var to the container."},
		{"layer", "The image layers are shared between the containers."},
		{"cache", "The build was cached on the second run."},
		{"cannot", "The container can't reach the host."},
		{"does not", "It doesn't forward the signal."},
		{"alias", "Compose adds network aliases for each service."},
	}
	for _, tc := range tests {
		g := GradeAnswer([]KeyPoint{{Point: "p", Match: [][]string{{tc.term}}}}, tc.answer)
		if !g.Covered[0] {
			t.Errorf("term %q not found in %q", tc.term, tc.answer)
		}
	}
	// Words that only look alike stay apart.
	for _, tc := range []struct{ term, answer string }{
		{"init", "Put the config file in it and restart it."},
		{"init", "The initial image is large."},
		{"pid 1", "The pid is 12 in the container."},
	} {
		g := GradeAnswer([]KeyPoint{{Point: "p", Match: [][]string{{tc.term}}}}, tc.answer)
		if g.Covered[0] {
			t.Errorf("term %q found in %q", tc.term, tc.answer)
		}
	}
}

func TestGradeScore(t *testing.T) {
	g := Grade{Covered: []bool{true, false, true, false}}
	if g.CoveredCount() != 2 || g.Score() != 0.5 || g.Percent() != 50 {
		t.Errorf("Grade%v: count %d score %v percent %d; want 2, 0.5, 50", g.Covered, g.CoveredCount(), g.Score(), g.Percent())
	}
	if (Grade{}).Score() != 0 || (Grade{}).Percent() != 0 {
		t.Error("an empty grade must score 0")
	}
}

func TestGradeIsDeterministic(t *testing.T) {
	answer := "PID 1 ignores signals without a handler, and --init runs tini to reap zombies."
	first := GradeAnswer(initPoints, answer)
	for range 20 {
		if g := GradeAnswer(initPoints, answer); !slices.Equal(g.Covered, first.Covered) {
			t.Fatalf("GradeAnswer gave %v, then %v", first.Covered, g.Covered)
		}
	}
}
