package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
	"github.com/dockerqotd/dockerqotd/questions"
)

// TestQuestionsStatsAndReports seeds a history in two teams and reads the
// exact figures and the reports back through the command line.
func TestQuestionsStatsAndReports(t *testing.T) {
	e := newEnv(t)
	qs, err := questions.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	hard, easy := qs[0], qs[1]
	ctx := context.Background()
	s, err := boltstore.Open(e.env["DOCKERQOTD_DB"], boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	post := func(team quiz.TeamID, q quiz.Question, day int, right, wrong int) {
		t.Helper()
		when := at.AddDate(0, 0, day)
		p, _, err := s.ClaimPost(ctx, quiz.Claim{Team: team, Channel: "C1", Occurrence: when.Format(quiz.OccurrenceKeyLayout), ScheduledAt: when, Candidates: []quiz.Question{q}, At: when})
		if err != nil {
			t.Fatal(err)
		}
		if p, err = s.MarkSent(ctx, p.ID, "m", when); err != nil {
			t.Fatal(err)
		}
		for i := range right + wrong {
			letter := p.Correct
			if i >= right {
				letter = (p.Correct + 1) % quiz.NumChoices
			}
			// Answers come in a minute apart: the median is known.
			if _, err := s.RecordAnswer(ctx, quiz.AnswerInput{PostID: p.ID, User: fmt.Sprintf("%s-u%d", team, i), Letter: letter, At: when.Add(time.Duration(i+1) * time.Minute)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, team := range []quiz.TeamID{"slack:T1", "discord:2"} {
		if _, err := s.EnsureTeam(ctx, quiz.Team{ID: team, Timezone: "UTC", Channel: "C1"}); err != nil {
			t.Fatal(err)
		}
	}
	post("slack:T1", hard, 0, 1, 11)  // 12 answers
	post("discord:2", hard, 0, 2, 10) // 12 more: 3 of 24 right, 12%
	post("slack:T1", easy, 1, 5, 0)
	for i, reason := range []quiz.ReportReason{quiz.ReasonWrongAnswer, quiz.ReasonUnclear, quiz.ReasonUnclear} {
		if _, err := s.SaveReport(ctx, quiz.Report{Team: "slack:T1", User: fmt.Sprintf("r%d", i), QuestionID: easy.ID, Reason: reason, Text: "note " + fmt.Sprint(i), At: at.Add(time.Duration(i) * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()

	var stats []statsJSON
	r := e.MustRunMain("", "questions", "stats", "--json").must(t, 0)
	if err := json.Unmarshal([]byte(r.stdout), &stats); err != nil {
		t.Fatalf("questions stats --json: %v\n%s", err, r.stdout)
	}
	byID := map[string]statsJSON{}
	for _, st := range stats {
		byID[st.ID] = st
	}
	h, ez := byID[hard.ID], byID[easy.ID]
	if h.Asked != 2 || h.Answers != 24 || h.Right != 3 || h.PercentRight != 12 || h.MedianSeconds != 7*60 || strings.Join(h.Flags, ",") != "hard" || h.ObservedLevel != "advanced" || h.Level != string(hard.Level) {
		t.Errorf("figures of %s = %+v; want asked 2, 24 answers, 3 right (12%%), median 7m, flagged hard, observed advanced", hard.ID, h)
	}
	if sum := h.ByChoice[0] + h.ByChoice[1] + h.ByChoice[2] + h.ByChoice[3]; sum != 24 || h.ByChoice[hard.Correct] != 3 {
		t.Errorf("%s by choice = %v; want 3 on the bank's right choice of 24", hard.ID, h.ByChoice)
	}
	if ez.Answers != 5 || ez.Reports != 3 || strings.Join(ez.Flags, ",") != "reported" || ez.ObservedLevel != "" {
		t.Errorf("figures of %s = %+v; want 5 answers, 3 reports, flagged reported, too few answers to observe a level", easy.ID, ez)
	}
	if len(stats) != 2 || stats[0].ID != hard.ID {
		t.Errorf("stats list %d questions, %s first; want the 2 asked, the flagged one with more answers first", len(stats), stats[0].ID)
	}
	table := e.MustRunMain("", "questions", "stats", hard.ID).must(t, 0)
	if !strings.Contains(table.stdout, hard.ID) || !strings.Contains(table.stdout, "12%") || !strings.Contains(table.stdout, "7m0s") {
		t.Errorf("questions stats %s:\n%s", hard.ID, table.stdout)
	}
	unknown := e.MustRunMain("", "questions", "stats", "no-such-question").must(t, 1)
	if !strings.Contains(unknown.stderr, `no question "no-such-question"`) {
		t.Errorf("an unknown id: %s", unknown.stderr)
	}

	var reports []reportJSON
	r = e.MustRunMain("", "questions", "reports", "--json").must(t, 0)
	if err := json.Unmarshal([]byte(r.stdout), &reports); err != nil {
		t.Fatalf("questions reports --json: %v\n%s", err, r.stdout)
	}
	if len(reports) != 1 || reports[0].ID != easy.ID || reports[0].Reports != 3 || reports[0].Reasons["unclear"] != 2 || reports[0].Items[0].Note != "note 2" {
		t.Errorf("reports = %+v; want 3 on %s, 2 unclear, newest first", reports, easy.ID)
	}
	text := e.MustRunMain("", "questions", "reports").must(t, 0)
	if !strings.Contains(text.stdout, easy.ID+" · 3 reports") || !strings.Contains(text.stdout, "unclear") {
		t.Errorf("questions reports:\n%s", text.stdout)
	}
}
