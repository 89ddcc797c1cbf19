// Package storetest holds the contract of quiz.Store as tests that every
// implementation runs (boltstore on bbolt files, pgstore on PostgreSQL),
// so that the stores cannot drift apart, and the helpers their own tests
// share. Time is injected: the tests use fixed times and never sleep.
package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Run runs every contract of quiz.Store as a subtest, each on a fresh,
// empty store from open, which closes it when the test ends. The stores
// keep times in whole milliseconds; the contracts use such times.
func Run(t *testing.T, open func(t *testing.T) quiz.Store) {
	for _, c := range contracts {
		t.Run(c.name, func(t *testing.T) { c.test(t, open(t)) })
	}
}

type contract struct {
	name string
	test func(t *testing.T, s quiz.Store)
}

// contracts lists every test of the suite; each file adds its own.
var contracts = concat(teamContracts, postContracts, answerContracts, boardContracts, practiceContracts, interviewContracts, replicaContracts, feedbackContracts)

func concat(lists ...[]contract) []contract {
	var out []contract
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

var ctx = context.Background()

// T0 is the time the tests start from: Monday 23 November 2026, 09:00
// UTC, the first day of ISO week 2026-W48.
var T0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// Team is the team the tests play in.
const Team = quiz.TeamID("slack:T1")

// Bank returns n questions q00, q01, …, their topics in turn and their
// right choices A, B, C, D in turn.
func Bank(n int) []quiz.Question {
	qs := make([]quiz.Question, n)
	for i := range qs {
		qs[i] = quiz.Question{
			ID:      fmt.Sprintf("q%02d", i),
			Topic:   quiz.Topics[i%len(quiz.Topics)],
			Level:   quiz.Basic,
			Choices: [4]string{"a", "b", "c", "d"},
			Correct: i % 4,
		}
	}
	return qs
}

// EnsureTeam creates Team in timezone tz, daily channel C1.
func EnsureTeam(tb testing.TB, s quiz.Store, tz string) {
	tb.Helper()
	if _, err := s.EnsureTeam(ctx, quiz.Team{ID: Team, Timezone: tz, Channel: "C1"}); err != nil {
		tb.Fatal(err)
	}
}

// Post claims and sends Team's post of day n after T0, a question of
// Bank(20).
func Post(tb testing.TB, s quiz.Store, n int) quiz.Post {
	tb.Helper()
	at := T0.AddDate(0, 0, n)
	p, _, err := s.ClaimPost(ctx, quiz.Claim{Team: Team, Channel: "C1", Occurrence: at.Format(quiz.OccurrenceKeyLayout), ScheduledAt: at, Candidates: Bank(20), At: at})
	if err != nil {
		tb.Fatal(err)
	}
	if p, err = s.MarkSent(ctx, p.ID, fmt.Sprintf("m%d", p.ID), at); err != nil {
		tb.Fatal(err)
	}
	return p
}

// Answer clicks the right or a wrong letter of p for user (named in
// capitals) at at.
func Answer(tb testing.TB, s quiz.Store, p quiz.Post, user string, right bool, at time.Time) quiz.AnswerResult {
	tb.Helper()
	res, err := s.RecordAnswer(ctx, quiz.AnswerInput{PostID: p.ID, User: user, Name: strings.ToUpper(user), Letter: letter(p.Correct, right), At: at})
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// letter returns correct, or the letter after it when right is false.
func letter(correct int, right bool) int {
	if right {
		return correct
	}
	return (correct + 1) % quiz.NumChoices
}

// wantCode fails the test unless err carries code.
func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := quiz.ErrorCode(err); got != code {
		t.Errorf("%s: error %v (code %q); want code %q", what, err, got, code)
	}
}
