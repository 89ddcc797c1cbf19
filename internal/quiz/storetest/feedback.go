package storetest

import (
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

var feedbackContracts = []contract{
	{"JobGrantedToOneHolderUntilDone", testJobGrantedToOneHolderUntilDone},
	{"ConcurrentJobClaimsGrantOne", testConcurrentJobClaimsGrantOne},
	{"SeasonRanksKeepTheBest", testSeasonRanksKeepTheBest},
	{"ReportsReplacedAndListed", testReportsReplacedAndListed},
	{"BadReportsStoreNothing", testBadReportsStoreNothing},
	{"RemindersOnAndOff", testRemindersOnAndOff},
}

func testJobGrantedToOneHolderUntilDone(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	const key, ttl = "recap:2026-W48", 30 * time.Second
	claim := func(holder string, at time.Time) bool {
		t.Helper()
		ok, err := s.ClaimJob(ctx, Team, key, holder, at, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	steps := []struct {
		what   string
		holder string
		at     time.Time
		want   bool
	}{
		{"the first claim", "a", T0, true},
		{"another holder while the claim runs", "b", T0.Add(ttl - time.Millisecond), false},
		{"the holder's own retry", "a", T0.Add(time.Second), true},
		{"another holder when the retry's claim has not expired", "b", T0.Add(ttl), false},
		{"another holder once the claim expired", "b", T0.Add(time.Second + ttl), true},
	}
	for _, st := range steps {
		if got := claim(st.holder, st.at); got != st.want {
			t.Errorf("%s (%s at +%v) granted %v; want %v", st.what, st.holder, st.at.Sub(T0), got, st.want)
		}
	}
	if err := s.FinishJob(ctx, Team, key, T0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	for _, holder := range []string{"a", "b", "c"} {
		if claim(holder, T0.Add(time.Hour)) {
			t.Errorf("%s was granted a job that is done", holder)
		}
	}
}

func testConcurrentJobClaimsGrantOne(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	const holders = 8
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		granted []int
	)
	for h := range holders {
		wg.Go(func() {
			ok, err := s.ClaimJob(ctx, Team, "season:2026-Q4", string(rune('a'+h)), T0, time.Minute)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				granted = append(granted, h)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(granted) != 1 {
		t.Errorf("%d replicas claiming one job at once: granted to %v; want exactly one", holders, granted)
	}
}

func testSeasonRanksKeepTheBest(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	p := Post(t, s, 0)
	for _, u := range []string{"ann", "bob", "cat"} {
		Answer(t, s, p, u, true, T0.Add(time.Minute))
	}
	seasons := []struct {
		key   string
		ranks map[string]int
	}{
		{"2026-Q3", map[string]int{"ann": 3, "bob": 1}},
		{"2026-Q4", map[string]int{"ann": 1, "bob": 2, "cat": 0}},
	}
	for _, season := range seasons {
		var standings []quiz.Standing
		for user, rank := range season.ranks {
			standings = append(standings, quiz.Standing{User: user, Rank: rank})
		}
		if err := s.RecordSeasonRanks(ctx, Team, season.key, standings); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]struct {
		rank   int
		season string
	}{
		"ann": {1, "2026-Q4"}, // better later
		"bob": {1, "2026-Q3"}, // worse later: the best stays
		"cat": {0, ""},        // never ranked
	}
	for user, w := range want {
		st, err := s.UserStats(ctx, Team, user)
		if err != nil {
			t.Fatal(err)
		}
		if st.BestSeasonRank != w.rank || st.BestSeason != w.season {
			t.Errorf("%s: best season rank %d in %q; want %d in %q", user, st.BestSeasonRank, st.BestSeason, w.rank, w.season)
		}
	}
}

func testReportsReplacedAndListed(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	if _, err := s.EnsureTeam(ctx, quiz.Team{ID: OtherTeam}); err != nil {
		t.Fatal(err)
	}
	save := func(r quiz.Report) bool {
		t.Helper()
		updated, err := s.SaveReport(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		return updated
	}
	first := quiz.Report{Team: Team, User: "ann", Name: "Ann", QuestionID: "q01", Reason: quiz.ReasonTypo, At: T0}
	if save(first) {
		t.Error("a first report was said to update an earlier one")
	}
	second := quiz.Report{Team: Team, User: "ann", Name: "Ann B", QuestionID: "q01", Reason: quiz.ReasonWrongAnswer, Text: "B is also right", At: T0.Add(time.Hour)}
	if !save(second) {
		t.Error("a member's second report of a question was not said to update the first")
	}
	bob := quiz.Report{Team: Team, User: "bob", Name: "Bob", QuestionID: "q01", Reason: quiz.ReasonUnclear, At: T0.Add(30 * time.Minute)}
	other := quiz.Report{Team: OtherTeam, User: "ann", Name: "Ann", QuestionID: "q01", Reason: quiz.ReasonOutdated, At: T0.Add(2 * time.Hour)}
	for _, r := range []quiz.Report{bob, other} {
		if save(r) {
			t.Errorf("%s's report in %s was said to update another", r.User, r.Team)
		}
	}

	got, err := s.Reports(ctx, Team)
	if err != nil {
		t.Fatal(err)
	}
	if want := []quiz.Report{second, bob}; !reflect.DeepEqual(got, want) {
		t.Errorf("Reports(%s) =\n%+v\nwant, newest first, one per member and question:\n%+v", Team, got, want)
	}
	all, err := s.Reports(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := []quiz.Report{other, second, bob}; !reflect.DeepEqual(all, want) {
		t.Errorf("Reports of every team =\n%+v\nwant\n%+v", all, want)
	}
}

func testBadReportsStoreNothing(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	for _, tc := range []struct {
		name string
		r    quiz.Report
	}{
		{"no reason", quiz.Report{Team: Team, User: "ann", QuestionID: "q01", At: T0}},
		{"an unknown reason", quiz.Report{Team: Team, User: "ann", QuestionID: "q01", Reason: "boring", At: T0}},
		{"a note over the limit", quiz.Report{Team: Team, User: "ann", QuestionID: "q01", Reason: quiz.ReasonOther, Text: strings.Repeat("é", quiz.MaxReportText+1), At: T0}},
	} {
		_, err := s.SaveReport(ctx, tc.r)
		wantCode(t, tc.name, err, quiz.EINVALID)
	}
	if got, err := s.Reports(ctx, ""); err != nil || len(got) != 0 {
		t.Errorf("Reports after refused reports = %+v, %v; want none", got, err)
	}
	long := quiz.Report{Team: Team, User: "ann", QuestionID: "q01", Reason: quiz.ReasonOther, Text: strings.Repeat("é", quiz.MaxReportText), At: T0}
	if _, err := s.SaveReport(ctx, long); err != nil {
		t.Errorf("a note of exactly %d characters: %v", quiz.MaxReportText, err)
	}
}

func testRemindersOnAndOff(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	if _, err := s.EnsureTeam(ctx, quiz.Team{ID: OtherTeam}); err != nil {
		t.Fatal(err)
	}
	set := func(team quiz.TeamID, user string, on bool) {
		t.Helper()
		if err := s.SetReminders(ctx, team, user, on); err != nil {
			t.Fatal(err)
		}
	}
	set(Team, "cat", true)
	set(Team, "ann", true)
	set(Team, "ann", true) // twice on is on
	set(Team, "bob", true)
	set(Team, "bob", false)
	set(Team, "dan", false) // off for one never on
	set(OtherTeam, "eve", true)
	got, err := s.Reminded(ctx, Team)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"ann", "cat"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Reminded(%s) = %q; want %q", Team, got, want)
	}
	if got, err := s.Reminded(ctx, "slack:nobody"); err != nil || len(got) != 0 {
		t.Errorf("Reminded(unknown team) = %q, %v; want none", got, err)
	}
}
