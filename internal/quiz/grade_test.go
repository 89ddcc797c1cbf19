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

func TestGradePhrasing(t *testing.T) {
	tests := []struct {
		term, answer string
		want         bool
	}{
		{"removes the containers", "Down removes all of the containers of the project.", true},
		{"keep the data", "The named volume keeps its data across restarts.", true},
		{"remove volume", "Adding -v deletes the volumes too.", true},
		{"remove volume", "It gets rid of the volumes as well.", true},
		{"several from", "There is more than one FROM in the file.", true},
		{"small image", "The point is a smaller image.", true},
		{"not restart", "A failing readiness probe does not restart the pod.", true},
		{"not restart", "It will restart it, not just take it out of rotation.", false},
		{"runs again", "The install runs again when the lock file changes.", true},
		{"runs again", "The install runs on every build.", false},
		{"that step only", "The mount exists for that step only.", true},
		{"that step only", "Docker caches that step.", false},
		{"removes the containers", "It removes the network, and later some other unrelated parts of the containers.", false},
	}
	for _, tc := range tests {
		g := GradeAnswer([]KeyPoint{{Point: "p", Match: [][]string{{tc.term}}}}, tc.answer)
		if g.Covered[0] != tc.want {
			t.Errorf("term %q in %q: covered %v; want %v", tc.term, tc.answer, g.Covered[0], tc.want)
		}
	}
}

func TestGradeListsAndFragments(t *testing.T) {
	points := []KeyPoint{
		{Point: "zombies", Match: [][]string{{"reap", "zombie"}}},
		{Point: "hierarchy", Match: [][]string{{"unified", "hierarchy"}}},
	}
	tests := []struct {
		name   string
		answer string
		want   []bool
	}{
		{"short fragments in a list count", "- **Reaps zombies.** The init process waits for its orphans.\n- **One unified hierarchy.** v1 had one tree per controller.", []bool{true, true}},
		{"a list inside prose covers nothing", "I know these things. reap zombie unified hierarchy tini sigterm pid namespaces cgroup seccomp apparmor capabilities", []bool{false, false}},
		{"paths count as one word", "The kernel keeps one unified hierarchy under /sys/fs/cgroup/system.slice/docker-abc.scope for it.", []bool{false, true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if g := GradeAnswer(points, tc.answer); !slices.Equal(g.Covered, tc.want) {
				t.Errorf("GradeAnswer(%q).Covered = %v; want %v", tc.answer, g.Covered, tc.want)
			}
		})
	}
}

func TestGradeMatchedNamesTheAlternative(t *testing.T) {
	g := GradeAnswer(initPoints, "Without a handler the process ignores SIGTERM, so docker waits.")
	if g.Matched[0] != 1 || g.Matched[1] != -1 {
		t.Errorf("Matched = %v; want point 1 by its second alternative, point 2 by none", g.Matched)
	}
}
