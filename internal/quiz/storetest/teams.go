package storetest

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

var teamContracts = []contract{
	{"EnsureTeamKeepsSettingsAndFollowsRenames", testEnsureTeamKeepsSettingsAndFollowsRenames},
	{"TeamRoundTripsEverySetting", testTeamRoundTripsEverySetting},
	{"UpdateTeamSavesAllOrNothing", testUpdateTeamSavesAllOrNothing},
	{"TeamsInIDOrder", testTeamsInIDOrder},
	{"UnknownIDsAreNotFound", testUnknownIDsAreNotFound},
}

func testEnsureTeamKeepsSettingsAndFollowsRenames(t *testing.T, s quiz.Store) {
	first, err := s.EnsureTeam(ctx, quiz.Team{ID: Team, Name: "Acme", Schedule: "0 9 * * *", Timezone: "UTC"})
	if err != nil || first.Name != "Acme" {
		t.Fatalf("EnsureTeam = %+v, %v", first, err)
	}
	if _, err := s.UpdateTeam(ctx, Team, func(tm *quiz.Team) error { tm.Schedule = "30 8 * * 1-5"; return nil }); err != nil {
		t.Fatal(err)
	}
	got, _ := s.EnsureTeam(ctx, quiz.Team{ID: Team, Name: "Acme", Schedule: quiz.DefaultSchedule})
	if got.Schedule != "30 8 * * 1-5" {
		t.Errorf("EnsureTeam of a known team reset its schedule to %q", got.Schedule)
	}
	got, _ = s.EnsureTeam(ctx, quiz.Team{ID: Team, Name: "Acme Corp"})
	if got.Name != "Acme Corp" || got.Schedule != "30 8 * * 1-5" {
		t.Errorf("after a rename: %+v; want the new name and the same schedule", got)
	}
	got, _ = s.EnsureTeam(ctx, quiz.Team{ID: Team})
	if got.Name != "Acme Corp" {
		t.Errorf("a caller that does not know the name erased it: %q", got.Name)
	}
	if stored, _ := s.Team(ctx, Team); stored.Name != "Acme Corp" || stored.Schedule != "30 8 * * 1-5" {
		t.Errorf("Team = %+v; want the renamed team with its schedule", stored)
	}
}

// fullTeam sets every setting of a team to something other than its zero
// value, with times in whole milliseconds (the stores' precision).
func fullTeam(id quiz.TeamID) quiz.Team {
	return quiz.Team{
		ID: id, Name: "Acme", Channel: "C9", Schedule: "30 8 * * 1-5", Timezone: "Europe/Berlin", Paused: true,
		Filter:    quiz.Filter{Levels: []quiz.Level{quiz.Basic, quiz.Advanced}, Topics: []quiz.Topic{"networking", "security"}},
		Reveal:    8 * time.Hour,
		Season:    quiz.SeasonMonth,
		NoFreezes: true,
		NoRecap:   true,
		CreatedAt: T0.Add(1234 * time.Millisecond),
	}
}

func testTeamRoundTripsEverySetting(t *testing.T, s quiz.Store) {
	want := fullTeam(Team)
	if got, err := s.EnsureTeam(ctx, want); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("EnsureTeam(new) = %+v, %v; want %+v", got, err, want)
	}
	if got, err := s.Team(ctx, Team); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Team = %+v, %v; want %+v", got, err, want)
	}
	if got, err := s.EnsureTeam(ctx, quiz.Team{ID: Team, Name: "Acme"}); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("EnsureTeam(known) = %+v, %v; want %+v", got, err, want)
	}
	bare := quiz.Team{ID: "local"}
	if _, err := s.EnsureTeam(ctx, bare); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Team(ctx, "local"); err != nil || !reflect.DeepEqual(got, bare) {
		t.Errorf("Team(local) = %+v, %v; want %+v (no settings, no empty lists)", got, err, bare)
	}
}

func testUpdateTeamSavesAllOrNothing(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	want := fullTeam(Team)
	got, err := s.UpdateTeam(ctx, Team, func(tm *quiz.Team) error {
		*tm = fullTeam("slack:ignored") // the id stays
		return nil
	})
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("UpdateTeam = %+v, %v; want %+v", got, err, want)
	}
	refused := errors.New("refused")
	if _, err := s.UpdateTeam(ctx, Team, func(tm *quiz.Team) error { tm.Name = "Changed"; return refused }); !errors.Is(err, refused) {
		t.Errorf("UpdateTeam with a failing update = %v; want its error", err)
	}
	if stored, _ := s.Team(ctx, Team); !reflect.DeepEqual(stored, want) {
		t.Errorf("after a failed update Team = %+v; want %+v unchanged", stored, want)
	}
	if teams, err := s.Teams(ctx); err != nil || len(teams) != 1 {
		t.Errorf("Teams after UpdateTeam = %v, %v; want the one team", teams, err)
	}
}

func testTeamsInIDOrder(t *testing.T, s quiz.Store) {
	if teams, err := s.Teams(ctx); err != nil || len(teams) != 0 {
		t.Fatalf("Teams of an empty store = %v, %v; want none", teams, err)
	}
	// Bytewise order: upper case before lower case, ':' after digits.
	ids := []quiz.TeamID{"slack:T2", "slack:t1", "discord:9", "local", "slack:T10", "discord:10"}
	for _, id := range ids {
		if _, err := s.EnsureTeam(ctx, quiz.Team{ID: id, Name: string(id)}); err != nil {
			t.Fatal(err)
		}
	}
	teams, err := s.Teams(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []quiz.TeamID
	for _, tm := range teams {
		got = append(got, tm.ID)
		if tm.Name != string(tm.ID) {
			t.Errorf("team %s named %q", tm.ID, tm.Name)
		}
	}
	want := []quiz.TeamID{"discord:10", "discord:9", "local", "slack:T10", "slack:T2", "slack:t1"}
	if !slices.Equal(got, want) {
		t.Errorf("Teams = %v; want %v", got, want)
	}
}

func testUnknownIDsAreNotFound(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	const unknown = 4242
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"Team", func() error { _, err := s.Team(ctx, "slack:nobody"); return err }},
		{"UpdateTeam", func() error {
			_, err := s.UpdateTeam(ctx, "slack:nobody", func(*quiz.Team) error { return nil })
			return err
		}},
		{"ClaimPost", func() error {
			_, _, err := s.ClaimPost(ctx, quiz.Claim{Team: "slack:nobody", Occurrence: "x", Candidates: Bank(3), At: T0})
			return err
		}},
		{"OccurrencePost", func() error { _, err := s.OccurrencePost(ctx, Team, "2030-01-01T09:00"); return err }},
		{"OccurrencePost of an unknown team", func() error { _, err := s.OccurrencePost(ctx, "slack:nobody", "x"); return err }},
		{"Post", func() error { _, err := s.Post(ctx, unknown); return err }},
		{"MarkSent", func() error { _, err := s.MarkSent(ctx, unknown, "m", T0); return err }},
		{"RevealPost", func() error { _, _, err := s.RevealPost(ctx, unknown, T0); return err }},
		{"LeaseSend", func() error { _, err := s.LeaseSend(ctx, unknown, "h", T0, time.Minute); return err }},
		{"RecordAnswer", func() error {
			_, err := s.RecordAnswer(ctx, quiz.AnswerInput{PostID: unknown, User: "ann", Letter: 0, At: T0})
			return err
		}},
		{"Leaderboard", func() error { _, err := s.Leaderboard(ctx, "slack:nobody", quiz.Week, T0, "ann", 10); return err }},
		{"AnswerRound", func() error {
			_, err := s.AnswerRound(ctx, quiz.RoundAnswer{RoundID: unknown, User: "ann", Letter: 0, At: T0})
			return err
		}},
		{"CreateInterview", func() error {
			_, err := s.CreateInterview(ctx, quiz.InterviewResult{Team: "slack:nobody", User: "ann", QuestionID: "q00", Covered: []bool{false}, At: T0})
			return err
		}},
		{"Interview", func() error { _, err := s.Interview(ctx, unknown); return err }},
		{"AppealInterview", func() error {
			_, err := s.AppealInterview(ctx, quiz.AppealInput{ResultID: unknown, User: "ann", At: T0})
			return err
		}},
		{"RateInterview", func() error {
			_, err := s.RateInterview(ctx, quiz.RateInput{ResultID: unknown, User: "ann", Rating: quiz.Good, At: T0})
			return err
		}},
		{"ClaimJob", func() error {
			_, err := s.ClaimJob(ctx, "slack:nobody", "recap:2026-W48", "h", T0, time.Minute)
			return err
		}},
		{"FinishJob", func() error { return s.FinishJob(ctx, "slack:nobody", "recap:2026-W48", T0) }},
		{"RecordSeasonRanks", func() error { return s.RecordSeasonRanks(ctx, "slack:nobody", "2026-Q4", nil) }},
		{"SaveReport", func() error {
			_, err := s.SaveReport(ctx, quiz.Report{Team: "slack:nobody", User: "ann", QuestionID: "q00", Reason: quiz.ReasonTypo, At: T0})
			return err
		}},
		{"SetReminders", func() error { return s.SetReminders(ctx, "slack:nobody", "ann", true) }},
	} {
		wantCode(t, tc.name, tc.call(), quiz.ENOTFOUND)
	}
	// Lists of unknown things are empty, not errors.
	if posts, err := s.Posts(ctx, "slack:nobody"); err != nil || len(posts) != 0 {
		t.Errorf("Posts of an unknown team = %v, %v; want none", posts, err)
	}
	if answers, err := s.Answers(ctx, unknown); err != nil || len(answers) != 0 {
		t.Errorf("Answers of an unknown post = %v, %v; want none", answers, err)
	}
	if due, err := s.DueReviews(ctx, "slack:nobody", "ann", T0); err != nil || len(due) != 0 {
		t.Errorf("DueReviews in an unknown team = %v, %v; want none", due, err)
	}
	for _, team := range []quiz.TeamID{Team, "slack:nobody"} {
		st, err := s.UserStats(ctx, team, "stranger")
		if want := (quiz.UserStats{Team: team, User: "stranger"}); err != nil || !reflect.DeepEqual(st, want) {
			t.Errorf("UserStats(%s, stranger) = %+v, %v; want a zero record", team, st, err)
		}
	}
}
