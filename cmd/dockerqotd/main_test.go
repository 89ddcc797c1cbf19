package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
	"github.com/dockerqotd/dockerqotd/questions"
)

// run is one invocation of the program.
type run struct {
	code           int
	stdout, stderr string
}

// testEnv is a temporary installation: its own database and environment.
type testEnv struct {
	t   *testing.T
	dir string
	env map[string]string
	now time.Time
}

func newEnv(t *testing.T) *testEnv {
	dir := t.TempDir()
	return &testEnv{t: t, dir: dir, now: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), env: map[string]string{
		"DOCKERQOTD_DB":          filepath.Join(dir, "data", "dockerqotd.db"),
		"DOCKERQOTD_HTTP_ADDR":   "127.0.0.1:0",
		"DOCKERQOTD_PUBLIC_ADDR": "127.0.0.1:0",
		"USER":                   "tester",
	}}
}

// MustRunMain runs the program with args and stdin, as main does.
func (e *testEnv) MustRunMain(stdin string, args ...string) run {
	e.t.Helper()
	var out, errOut bytes.Buffer
	a := &app{
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut,
		getenv: func(k string) string { return e.env[k] },
		now:    func() time.Time { return e.now },
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	code := a.main(ctx, args)
	return run{code: code, stdout: out.String(), stderr: errOut.String()}
}

func (r run) must(t *testing.T, code int) run {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d; want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
	return r
}

func TestServeInTerminalAnswersTodaysQuestion(t *testing.T) {
	e := newEnv(t)
	// First start: no tokens, so the terminal bot posts today's question.
	first := e.MustRunMain("").must(t, 0)
	if !strings.Contains(first.stdout, "Docker question of the day · Monday 23 November") {
		t.Fatalf("first start shows no question:\n%s", first.stdout)
	}
	right := rightLetter(t, e)
	e.now = e.now.Add(time.Minute)
	second := e.MustRunMain(right+"\n").must(t, 0)
	if !strings.Contains(second.stdout, "✅ Right! "+right) || !strings.Contains(second.stdout, "+10 points") {
		t.Errorf("answering %s did not get the right verdict:\n%s", right, second.stdout)
	}
	var board []map[string]any
	lb := e.MustRunMain("", "leaderboard", "--json").must(t, 0)
	if err := json.Unmarshal([]byte(lb.stdout), &board); err != nil {
		t.Fatalf("leaderboard --json is not JSON: %v\n%s", err, lb.stdout)
	}
	if len(board) != 1 || board[0]["user"] != "tester" || board[0]["points"] != 10.0 || board[0]["rank"] != 1.0 || board[0]["streak"] != 1.0 || board[0]["name"] != "tester" {
		t.Errorf("leaderboard --json = %v; want tester first with 10 points and streak 1", board)
	}

	// Next quarter the season board starts empty, and the past season's
	// final board still has the answer.
	answeredIn := quiz.Team{Timezone: "UTC"}.SeasonKey(e.now)
	e.now = e.now.AddDate(0, 3, 0)
	if now := e.MustRunMain("", "leaderboard", "--period", "season", "--json").must(t, 0); strings.TrimSpace(now.stdout) != "[]" {
		t.Errorf("the new season's board = %s; want it empty", now.stdout)
	}
	past := e.MustRunMain("", "leaderboard", "--period", "season", "--season", answeredIn).must(t, 0)
	if !strings.Contains(past.stdout, "tester") || !strings.Contains(past.stdout, answeredIn) {
		t.Errorf("leaderboard --season %s lacks tester:\n%s", answeredIn, past.stdout)
	}
	bad := e.MustRunMain("", "leaderboard", "--period", "season", "--season", "1999-Q1").must(t, 2)
	if !strings.Contains(bad.stderr, answeredIn) {
		t.Errorf("an unknown season does not list the valid ones:\n%s", bad.stderr)
	}
}

// rightLetter reads the open post's right letter from the database, a
// bbolt file or PostgreSQL.
func rightLetter(t *testing.T, e *testEnv) string {
	t.Helper()
	ctx := context.Background()
	s, err := openStore(ctx, e.env["DOCKERQOTD_DB"], true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	posts, err := s.Posts(ctx, quiz.LocalTeam)
	if err != nil || len(posts) != 1 {
		t.Fatalf("posts = %v, %v; want one", posts, err)
	}
	return quiz.Letter(posts[0].Correct)
}

func TestPlayScriptedRound(t *testing.T) {
	e := newEnv(t)
	r := e.MustRunMain("b\nq\n", "play", "--count", "1", "--seed", "7").must(t, 0)
	if !strings.Contains(r.stdout, "Practice quiz · question 1 of 1") || !strings.Contains(r.stdout, "Round over:") {
		t.Errorf("play did not run a one-question round:\n%s", r.stdout)
	}
	again := newEnv(t)
	r2 := again.MustRunMain("b\n", "play", "--count", "1", "--seed", "7").must(t, 0)
	if question(r.stdout) != question(r2.stdout) {
		t.Errorf("--seed 7 asked %q, then %q; want the same question", question(r.stdout), question(r2.stdout))
	}
	r3 := e.MustRunMain("x\nxyz\nq\n", "play", "--count", "2", "--topic", "networking", "--level", "basic").must(t, 0)
	if !strings.Contains(r3.stdout, "[basic · networking]") || !strings.Contains(r3.stdout, `"X" is not an answer`) || !strings.Contains(r3.stdout, "Answer with A, B, C or D, or q to quit.") {
		t.Errorf("play --topic networking --level basic with a bad letter:\n%s", r3.stdout)
	}
	e.MustRunMain("", "play", "--topic", "kubernetes").must(t, 2)
	e.MustRunMain("", "play", "--count", "50").must(t, 2)
}

// TestPlayInterview scripts an interview round: the answer's lines, an
// empty line to send it, an appeal and a rating.
func TestPlayInterview(t *testing.T) {
	e := newEnv(t)
	script := "As PID 1 the process ignores SIGTERM because it has no handler.\nI would add --init so tini runs as PID 1.\n\ncovered 2\nhard\n"
	r := e.MustRunMain(script, "play", "--interview", "--count", "1", "--topic", "containers", "--seed", "2").must(t, 0)
	for _, want := range []string{"🎤 Interview practice", "key points", "Model answer", "Marked point 2 as covered", "Rated Hard"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("play --interview output lacks %q:\n%s", want, r.stdout)
		}
	}
	s, err := boltstore.Open(e.env["DOCKERQOTD_DB"], boltstore.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	st, _ := s.UserStats(context.Background(), quiz.LocalTeam, "tester")
	if st.Interview.Answered != 1 || st.Points != 0 {
		t.Errorf("stats after an interview round = %+v; want one interview answer and no points", st)
	}
	appeals, _ := s.Appeals(context.Background())
	s.Close()
	if len(appeals) != 1 || appeals[0].Point != 1 || !strings.Contains(appeals[0].Result.Answer, "tini") {
		t.Errorf("appeals = %+v; want point 2 with the answer's text", appeals)
	}
	var listed []struct {
		ID      string `json:"id"`
		Point   int    `json:"point"`
		Label   string `json:"label"`
		Appeals int    `json:"appeals"`
		Answers []struct {
			User   string `json:"user"`
			Answer string `json:"answer"`
		} `json:"answers"`
	}
	out := e.MustRunMain("", "questions", "appeals", "--json").must(t, 0).stdout
	if err := json.Unmarshal([]byte(out), &listed); err != nil {
		t.Fatal(err)
	}
	if len(listed) != 1 || listed[0].ID != appeals[0].QuestionID || listed[0].Point != 2 || listed[0].Appeals != 1 ||
		listed[0].Label == "" || len(listed[0].Answers) != 1 || listed[0].Answers[0].User != "tester" {
		t.Errorf("questions appeals --json = %+v", listed)
	}
}

var promptRE = regexp.MustCompile(`\]\n(.+)\n`)

func question(out string) string {
	if m := promptRE.FindStringSubmatch(out); m != nil {
		return m[1]
	}
	return ""
}

func TestQuestionsListJSON(t *testing.T) {
	e := newEnv(t)
	var all []map[string]string
	r := e.MustRunMain("", "questions", "list", "--json").must(t, 0)
	if err := json.Unmarshal([]byte(r.stdout), &all); err != nil {
		t.Fatal(err)
	}
	bank, err := questions.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(bank) {
		t.Errorf("list --json has %d questions; the bank has %d", len(all), len(bank))
	}
	for _, q := range all {
		if q["id"] == "" || q["level"] == "" || q["topic"] == "" || q["question"] == "" {
			t.Fatalf("entry %v lacks a field", q)
		}
	}
	var some []map[string]string
	r = e.MustRunMain("", "questions", "list", "--topic", "swarm", "--level", "advanced", "--json").must(t, 0)
	if err := json.Unmarshal([]byte(r.stdout), &some); err != nil {
		t.Fatal(err)
	}
	if len(some) == 0 || len(some) >= len(all) {
		t.Fatalf("filtered list has %d of %d", len(some), len(all))
	}
	for _, q := range some {
		if q["topic"] != "swarm" || q["level"] != "advanced" {
			t.Errorf("filter let through %v", q)
		}
	}
	show := e.MustRunMain("", "questions", "show", some[0]["id"]).must(t, 0)
	if !strings.Contains(show.stdout, some[0]["question"]) || !strings.Contains(show.stdout, "Model answer:") {
		t.Errorf("questions show:\n%s", show.stdout)
	}
	e.MustRunMain("", "questions", "show", "no-such-id").must(t, 1)
}

// TestQuestionsGrade grades answers read on standard input: the entry's
// own model answer covers every key point, its interview prompt at most
// one, and the JSON has the stable fields.
func TestQuestionsGrade(t *testing.T) {
	e := newEnv(t)
	bank, err := questions.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	q := bank[len(bank)/2]
	var got struct {
		ID     string  `json:"id"`
		Score  float64 `json:"score"`
		Points []struct {
			Point   string `json:"point"`
			Covered bool   `json:"covered"`
		} `json:"points"`
	}
	r := e.MustRunMain(q.Answer, "questions", "grade", "--json", q.ID).must(t, 0)
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	if got.ID != q.ID || got.Score != 1 || len(got.Points) != len(q.KeyPoints) || got.Points[0].Point != q.KeyPoints[0].Point {
		t.Errorf("grade of %s's own model answer = %+v; want every point covered", q.ID, got)
	}
	r = e.MustRunMain(q.InterviewPrompt(), "questions", "grade", "--json", q.ID).must(t, 0)
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	covered := 0
	for _, p := range got.Points {
		if p.Covered {
			covered++
		}
	}
	if covered > 1 {
		t.Errorf("the question pasted back covers %d points of %s; want at most one", covered, q.ID)
	}
	text := e.MustRunMain(q.Answer, "questions", "grade", q.ID).must(t, 0).stdout
	if !strings.Contains(text, fmt.Sprintf("%d of %d key points (100%%)", len(q.KeyPoints), len(q.KeyPoints))) || !strings.Contains(text, "✅ "+q.KeyPoints[0].Point) {
		t.Errorf("questions grade prints:\n%s", text)
	}
	e.MustRunMain("", "questions", "grade", q.ID).must(t, 2)
	e.MustRunMain(strings.Repeat("x ", 3000), "questions", "grade", q.ID).must(t, 2)
	if r := e.MustRunMain("an answer", "questions", "grade", "no-such-id").must(t, 1); !strings.Contains(r.stderr, "no question with id") {
		t.Errorf("unknown id: %q", r.stderr)
	}
}

func TestQuestionsLintReportsEveryProblem(t *testing.T) {
	e := newEnv(t)
	r := e.MustRunMain("", "questions", "lint").must(t, 0)
	if !strings.Contains(r.stdout, "questions, no problems") {
		t.Errorf("lint of the bank: %s", r.stdout)
	}
	r = e.MustRunMain("", "questions", "lint", "../../questions/testdata/too-long.yaml", "../../questions/testdata/bad-level-topic.yaml").must(t, 1)
	for _, want := range []string{"8 problems", "too-long.yaml:1: sample-too-long: want 3 to 6 key points, got 0", "too-long.yaml:4: sample-too-long: question is 301 characters", `bad-level-topic.yaml:3: sample-bad-level-topic: unknown topic "kubernetes"`} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("lint stderr lacks %q:\n%s", want, r.stderr)
		}
	}
}

func TestBadOperatorQuestionsStopStartup(t *testing.T) {
	e := newEnv(t)
	dir := filepath.Join(e.dir, "extra")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../../questions/testdata/two-correct.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ours.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	e.env["DOCKERQOTD_QUESTIONS"] = dir
	r := e.MustRunMain("").must(t, 1)
	if !strings.Contains(r.stderr, "ours.yaml:5: sample-two-correct: want exactly one correct choice, got 2") {
		t.Errorf("start-up with a bad question file:\n%s", r.stderr)
	}
}

func TestBadConfigurationListsEveryProblem(t *testing.T) {
	e := newEnv(t)
	e.env["DOCKERQOTD_TIMEZONE"] = "Mars/Olympus"
	e.env["DOCKERQOTD_LOG_LEVEL"] = "loud"
	e.env["SLACK_BOT_TOKEN"] = "xoxb-secret-value-123"
	r := e.MustRunMain("").must(t, 1)
	for _, want := range []string{`DOCKERQOTD_TIMEZONE: "Mars/Olympus" is not an IANA timezone`, `DOCKERQOTD_LOG_LEVEL: "loud"`, "SLACK_BOT_TOKEN needs SLACK_APP_TOKEN"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stdout+r.stderr, "secret-value-123") {
		t.Error("the token appears in the output")
	}
}

func TestDatabaseInUse(t *testing.T) {
	e := newEnv(t)
	s, err := boltstore.Open(e.env["DOCKERQOTD_DB"], boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := e.MustRunMain("", "leaderboard").must(t, 1)
	if want := "database " + e.env["DOCKERQOTD_DB"] + " is in use by another process"; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr = %q; want %q", r.stderr, want)
	}
}

func TestUsageErrors(t *testing.T) {
	e := newEnv(t)
	for _, args := range [][]string{{"frobnicate"}, {"questions"}, {"questions", "frob"}, {"leaderboard", "--period", "year"}, {"serve", "extra"}, {"play", "--nope"}} {
		r := e.MustRunMain("", args...)
		if r.code != 2 || !strings.Contains(r.stderr, "Run 'dockerqotd help' for usage.") {
			t.Errorf("%v: exit %d, stderr %q; want 2 with a usage hint", args, r.code, r.stderr)
		}
	}
	if r := e.MustRunMain("", "version").must(t, 0); !strings.HasPrefix(r.stdout, "dockerqotd ") {
		t.Errorf("version printed %q", r.stdout)
	}
	if r := e.MustRunMain("", "help").must(t, 0); !strings.Contains(r.stdout, "dockerqotd play") {
		t.Errorf("help printed %q", r.stdout)
	}
}

func TestSchedulePreview(t *testing.T) {
	e := newEnv(t)
	r := e.MustRunMain("", "schedule", "preview", "30 2 * * *", "--timezone", "America/New_York", "--from", "2026-03-07", "--count", "3").must(t, 0)
	want := "2026-03-07T02:30:00-05:00\n2026-03-08T03:00:00-04:00\n2026-03-09T02:30:00-04:00\n"
	if r.stdout != want {
		t.Errorf("preview across spring forward:\n%s\nwant\n%s", r.stdout, want)
	}
	r = e.MustRunMain("", "schedule", "preview", "30 1 * * *", "--timezone", "America/New_York", "--from", "2026-10-31T12:00:00Z", "--count", "2").must(t, 0)
	if want := "2026-11-01T01:30:00-04:00\n2026-11-02T01:30:00-05:00\n"; r.stdout != want {
		t.Errorf("preview across fall back:\n%s\nwant\n%s", r.stdout, want)
	}
	// Default start: now (09:00 UTC on Monday 23 November 2026).
	r = e.MustRunMain("", "schedule", "preview", "0", "9", "*", "*", "1-5", "--count", "2").must(t, 0)
	if want := "2026-11-23T09:00:00Z\n2026-11-24T09:00:00Z\n"; r.stdout != want {
		t.Errorf("preview from now (unquoted spec):\n%s\nwant\n%s", r.stdout, want)
	}
	bad := e.MustRunMain("", "schedule", "preview", "0 9 * * mon-fry").must(t, 2)
	if !strings.Contains(bad.stderr, "is not a valid schedule") {
		t.Errorf("bad spec: %s", bad.stderr)
	}
	e.MustRunMain("", "schedule", "preview", "0 9 * * *", "--timezone", "Mars/Base").must(t, 2)
	e.MustRunMain("", "schedule", "preview", "0 9 * * *", "--from", "tomorrow").must(t, 2)
}

// TestTerminalFollowsSchedule starts the terminal bot twice, a minute apart,
// with a schedule of every minute: each start catches up on the minute's
// post, and the second reveals the first.
func TestTerminalFollowsSchedule(t *testing.T) {
	e := newEnv(t)
	e.env["DOCKERQOTD_SCHEDULE"] = "* * * * *"
	e.now = time.Date(2026, 11, 23, 9, 0, 20, 0, time.UTC)
	first := e.MustRunMain("").must(t, 0)
	if strings.Count(first.stdout, "Docker question of the day") != 1 {
		t.Fatalf("first start:\n%s", first.stdout)
	}
	e.now = e.now.Add(time.Minute)
	second := e.MustRunMain("").must(t, 0)
	for _, want := range []string{"The answer to an earlier question is out:", "Answer: ", "How to answer this in an interview", "Docker question of the day"} {
		if !strings.Contains(second.stdout, want) {
			t.Errorf("second start lacks %q:\n%s", want, second.stdout)
		}
	}
	var hist []map[string]any
	r := e.MustRunMain("", "history", "--json").must(t, 0)
	if err := json.Unmarshal([]byte(r.stdout), &hist); err != nil {
		t.Fatal(err)
	}
	// The first start finds a new team: 09:00 came before it existed, so
	// the terminal posts a question of its own; the second start catches
	// up on 09:01.
	if len(hist) != 2 || hist[0]["date"] != "2026-11-23" || hist[0]["team"] != "local" || hist[0]["scheduled_at"] != "2026-11-23T09:00:20Z" || hist[1]["scheduled_at"] != "2026-11-23T09:01:00Z" {
		t.Fatalf("history --json = %v; want the start post at 09:00:20 and the 09:01 post", hist)
	}
	for _, h := range hist {
		for _, key := range []string{"posted_at", "question_id", "answers", "correct"} {
			if _, ok := h[key]; !ok {
				t.Errorf("history entry lacks %q: %v", key, h)
			}
		}
	}
	text := e.MustRunMain("", "history").must(t, 0)
	if !strings.Contains(text.stdout, "DATE") || strings.Count(text.stdout, "2026-11-23") != 2 {
		t.Errorf("history:\n%s", text.stdout)
	}
}

// TestTerminalAdminCommands types the admin commands into the terminal
// bot, whose local user is its admin, through main's wiring.
func TestTerminalAdminCommands(t *testing.T) {
	e := newEnv(t)
	r := e.MustRunMain("schedule show\nschedule 30 7 * * 1-5 Europe/Berlin\nconfig level=advanced\nschedule 0 9 * * mon-fry UTC\n").must(t, 0)
	for _, want := range []string{
		"Channel: this terminal · schedule `0 9 * * 1-5` in UTC · on",
		"Next posts: Tue 24 Nov 09:00 UTC", // it is 09:00 UTC on Monday: the next post is Tuesday's
		"✅ Daily questions are scheduled.",
		"Next posts: Tue 24 Nov 07:30 CET",
		"Levels: advanced",
		"is not a valid schedule",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("terminal admin session lacks %q:\n%s", want, r.stdout)
		}
	}
}
