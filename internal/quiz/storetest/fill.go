package storetest

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Contents names what Fill stored, so that Same can read all of it back.
type Contents struct {
	Teams      []quiz.TeamID
	Users      map[quiz.TeamID][]string
	Interviews []uint64
	// Round is a practice round left half answered.
	Round quiz.Round
	// Open is a daily post sent and not revealed yet.
	Open quiz.Post
	// Times are the moments whose leaderboards Same compares.
	Times []time.Time
}

// OtherTeam is Fill's second team.
const OtherTeam = quiz.TeamID("discord:42")

// Fill stores a bit of everything through the store's methods: two teams,
// daily posts (sent, revealed, one only claimed), answers right and wrong,
// a streak freeze earned and used, practice rounds, review cards,
// interview results with an appeal and ratings, and boards of two weeks.
func Fill(tb testing.TB, s quiz.Store) Contents {
	tb.Helper()
	must := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
	}
	c := Contents{
		Teams: []quiz.TeamID{OtherTeam, Team},
		Users: map[quiz.TeamID][]string{Team: {"ann", "bob", "cat", "dan", "pat"}, OtherTeam: {"ann", "eve"}},
		Times: []time.Time{T0, T0.AddDate(0, 0, 7), T0.AddDate(0, 1, 0)},
	}
	_, err := s.EnsureTeam(ctx, fullTeam(Team))
	must(err)
	_, err = s.EnsureTeam(ctx, quiz.Team{ID: OtherTeam, Name: "Other", Timezone: "UTC", Channel: "G1"})
	must(err)

	claim := func(team quiz.TeamID, day int) quiz.Post {
		tb.Helper()
		at := T0.AddDate(0, 0, day)
		p, _, err := s.ClaimPost(ctx, quiz.Claim{Team: team, Channel: "C1", Occurrence: at.Format(quiz.OccurrenceKeyLayout), ScheduledAt: at, Candidates: Bank(12), At: at})
		must(err)
		return p
	}
	send := func(team quiz.TeamID, day int) quiz.Post {
		tb.Helper()
		p := claim(team, day)
		p, err := s.MarkSent(ctx, p.ID, "msg-"+p.Occurrence, p.ScheduledAt.Add(time.Second))
		must(err)
		return p
	}
	answer := func(p quiz.Post, user string, right bool, after time.Duration) {
		tb.Helper()
		Answer(tb, s, p, user, right, p.ScheduledAt.Add(after))
	}
	reveal := func(p quiz.Post, at time.Time) {
		tb.Helper()
		_, _, err := s.RevealPost(ctx, p.ID, at)
		must(err)
	}

	days := []quiz.Post{send(Team, 0), send(Team, 1), send(Team, 2)}
	other := send(OtherTeam, 0)
	answer(days[0], "ann", true, time.Minute)
	answer(days[0], "bob", false, 2*time.Minute)
	answer(days[0], "cat", true, 3*time.Minute)
	answer(other, "ann", false, time.Minute)
	answer(other, "eve", true, time.Minute)
	reveal(days[0], days[1].ScheduledAt)
	reveal(other, days[1].ScheduledAt)
	answer(days[1], "ann", true, time.Minute)
	answer(days[1], "bob", true, time.Hour)
	reveal(days[1], days[2].ScheduledAt)
	answer(days[2], "ann", false, 1500*time.Millisecond)
	answer(days[2], "bob", true, time.Minute)
	reveal(days[2], T0.AddDate(0, 0, 7))
	c.Open = send(Team, 7)
	// eve earns a streak freeze in the other team and uses it on day 5.
	for day := 1; day <= 5; day++ {
		p := send(OtherTeam, day)
		if day < 5 {
			answer(p, "eve", true, time.Minute)
		} else {
			answer(p, "ann", true, time.Minute)
		}
		reveal(p, p.ScheduledAt.Add(20*time.Hour))
	}
	answer(c.Open, "dan", true, time.Minute)
	answer(c.Open, "ann", true, 2*time.Minute)
	claim(Team, 8)
	_, err = s.LeaseSend(ctx, c.Open.ID, "replica-1", T0, time.Minute)
	must(err)
	_, err = s.SeenEvent(ctx, "Ev1", T0)
	must(err)

	round := func(user string, kind quiz.RoundKind, items ...int) quiz.Round {
		tb.Helper()
		r := quiz.Round{Team: Team, User: user, Kind: kind, CreatedAt: T0.Add(time.Hour)}
		for _, i := range items {
			r.Items = append(r.Items, quiz.NewRoundItem(Bank(12)[i], uint64(i)))
		}
		r, err := s.CreateRound(ctx, r)
		must(err)
		return r
	}
	play := func(r quiz.Round, index int, right bool, at time.Time) {
		tb.Helper()
		_, err := s.AnswerRound(ctx, quiz.RoundAnswer{RoundID: r.ID, User: r.User, Name: r.User, Index: index, Letter: letter(r.Items[index].Correct, right), At: at})
		must(err)
	}
	c.Round = round("ann", quiz.KindQuiz, 3, 4, 5)
	play(c.Round, 0, false, T0.Add(2*time.Hour))
	pat := round("pat", quiz.KindQuiz, 6, 7)
	play(pat, 0, false, T0.Add(2*time.Hour))
	play(pat, 1, false, T0.AddDate(0, 0, 1))
	review := round("pat", quiz.KindReview, 6)
	play(review, 0, true, T0.AddDate(0, 0, 2))

	for _, in := range []struct {
		user, q string
		covered []bool
		appeal  int
		rating  quiz.Rating
	}{
		{"ann", "q01", []bool{true, false, false}, 1, quiz.Good},
		{"bob", "q02", []bool{false, false}, -1, quiz.Again},
		{"cat", "q01", []bool{false, true, false}, 2, ""},
	} {
		r := interview(tb, s, in.user, in.q, T0.Add(3*time.Hour), in.covered...)
		c.Interviews = append(c.Interviews, r.ID)
		if in.appeal >= 0 {
			_, err := s.AppealInterview(ctx, quiz.AppealInput{ResultID: r.ID, User: in.user, Point: in.appeal, At: T0.Add(4 * time.Hour)})
			must(err)
		}
		if in.rating != "" {
			_, err := s.RateInterview(ctx, quiz.RateInput{ResultID: r.ID, User: in.user, Rating: in.rating, At: T0.Add(5 * time.Hour)})
			must(err)
		}
	}

	// A week's recap done, a season's final board claimed and not done.
	_, err = s.ClaimJob(ctx, Team, "recap:2026-W48", "replica-1", T0, time.Minute)
	must(err)
	must(s.FinishJob(ctx, Team, "recap:2026-W48", T0.Add(time.Second)))
	_, err = s.ClaimJob(ctx, OtherTeam, "season:2026-Q4", "replica-2", T0, 365*24*time.Hour)
	must(err)
	for _, r := range []quiz.Report{
		{Team: Team, User: "bob", Name: "Bob", QuestionID: "q01", Reason: quiz.ReasonUnclear, Text: "Which version?", At: T0.Add(6 * time.Hour)},
		{Team: OtherTeam, User: "eve", Name: "Eve", QuestionID: "q01", Reason: quiz.ReasonTypo, At: T0.Add(7 * time.Hour)},
	} {
		_, err = s.SaveReport(ctx, r)
		must(err)
	}
	must(s.SetReminders(ctx, Team, "ann", true))
	must(s.SetReminders(ctx, OtherTeam, "eve", true))
	return c
}

// Counter is a store that counts its records.
type Counter interface {
	Counts(ctx context.Context) (quiz.Counts, error)
}

// Same fails the test unless got reads back everything of c exactly as want
// does: teams, posts, answers, records, review queues, leaderboards,
// interview results, appeals, reports, reminded members and, when both
// count them, the counts.
func Same(tb testing.TB, want, got quiz.Store, c Contents) {
	tb.Helper()
	same := func(what string, read func(s quiz.Store) (any, error)) {
		tb.Helper()
		w, werr := read(want)
		g, gerr := read(got)
		if werr != nil || gerr != nil || !reflect.DeepEqual(g, w) {
			tb.Errorf("%s = %+v, %v;\nwant %+v, %v", what, g, gerr, w, werr)
		}
	}
	same("Teams", func(s quiz.Store) (any, error) { return s.Teams(ctx) })
	same("Appeals", func(s quiz.Store) (any, error) { return s.Appeals(ctx) })
	same("Reports", func(s quiz.Store) (any, error) { return s.Reports(ctx, "") })
	for _, team := range c.Teams {
		same("Reminded("+string(team)+")", func(s quiz.Store) (any, error) { return s.Reminded(ctx, team) })
		posts, err := want.Posts(ctx, team)
		if err != nil {
			tb.Fatal(err)
		}
		same("Posts("+string(team)+")", func(s quiz.Store) (any, error) { return s.Posts(ctx, team) })
		for _, p := range posts {
			same("Answers", func(s quiz.Store) (any, error) { return s.Answers(ctx, p.ID) })
			same("OccurrencePost("+p.Occurrence+")", func(s quiz.Store) (any, error) { return s.OccurrencePost(ctx, team, p.Occurrence) })
		}
		for _, user := range c.Users[team] {
			same("UserStats("+user+")", func(s quiz.Store) (any, error) { return s.UserStats(ctx, team, user) })
			same("DueReviews("+user+")", func(s quiz.Store) (any, error) {
				due, err := s.DueReviews(ctx, team, user, T0.AddDate(1, 0, 0))
				// The order of cards due at one moment is the store's.
				slices.SortStableFunc(due, func(a, b quiz.ReviewCard) int {
					if c := a.Due.Compare(b.Due); c != 0 {
						return c
					}
					return strings.Compare(a.QuestionID, b.QuestionID)
				})
				return due, err
			})
			for _, period := range []quiz.Period{quiz.Week, quiz.Month, quiz.All, quiz.Season} {
				for _, at := range c.Times {
					same("Leaderboard("+string(period)+", "+at.Format(time.DateOnly)+", "+user+")", func(s quiz.Store) (any, error) {
						return s.Leaderboard(ctx, team, period, at, user, 10)
					})
				}
			}
		}
	}
	for _, id := range c.Interviews {
		same("Interview", func(s quiz.Store) (any, error) { return s.Interview(ctx, id) })
	}
	_, wantCounts := want.(Counter)
	_, gotCounts := got.(Counter)
	if wantCounts && gotCounts {
		same("Counts", func(s quiz.Store) (any, error) { return s.(Counter).Counts(ctx) })
	}
}

// Proceed makes the same moves in each store, after Fill (and a copy):
// a new post, an answer, a reveal, a practice answer, a new round, a
// new interview result and claims of the jobs Fill left. Every store must decide each move alike (the same
// ids, the same question, the same results).
func Proceed(tb testing.TB, c Contents, stores ...quiz.Store) {
	tb.Helper()
	day := T0.AddDate(0, 0, 9)
	moves := []struct {
		name string
		do   func(s quiz.Store) (any, error)
	}{
		{"ClaimPost", func(s quiz.Store) (any, error) {
			p, created, err := s.ClaimPost(ctx, quiz.Claim{Team: Team, Channel: "C1", Occurrence: day.Format(quiz.OccurrenceKeyLayout), ScheduledAt: day, Candidates: Bank(12), At: day})
			return []any{p, created}, err
		}},
		{"RecordAnswer", func(s quiz.Store) (any, error) {
			return s.RecordAnswer(ctx, quiz.AnswerInput{PostID: c.Open.ID, User: "bob", Name: "Bob", Letter: c.Open.Correct, At: day})
		}},
		{"RecordAnswer again", func(s quiz.Store) (any, error) {
			return s.RecordAnswer(ctx, quiz.AnswerInput{PostID: c.Open.ID, User: "dan", Letter: 0, At: day})
		}},
		{"RevealPost", func(s quiz.Store) (any, error) {
			p, revealed, err := s.RevealPost(ctx, c.Open.ID, day.Add(time.Hour))
			return []any{p, revealed}, err
		}},
		{"AnswerRound", func(s quiz.Store) (any, error) {
			return s.AnswerRound(ctx, quiz.RoundAnswer{RoundID: c.Round.ID, User: c.Round.User, Index: 1, Letter: c.Round.Items[1].Correct, At: day})
		}},
		{"CreateRound", func(s quiz.Store) (any, error) {
			return s.CreateRound(ctx, quiz.Round{Team: Team, User: "eve", Kind: quiz.KindQuestion, CreatedAt: day})
		}},
		{"CreateInterview", func(s quiz.Store) (any, error) {
			return s.CreateInterview(ctx, quiz.InterviewResult{Team: OtherTeam, User: "eve", QuestionID: "q03", Covered: []bool{true}, Appealed: []bool{false}, At: day})
		}},
		{"Leaderboard", func(s quiz.Store) (any, error) { return s.Leaderboard(ctx, Team, quiz.All, day, "bob", 10) }},
		{"ClaimJob done", func(s quiz.Store) (any, error) {
			return s.ClaimJob(ctx, Team, "recap:2026-W48", "replica-3", day, time.Minute)
		}},
		{"ClaimJob held", func(s quiz.Store) (any, error) {
			return s.ClaimJob(ctx, OtherTeam, "season:2026-Q4", "replica-3", day, time.Minute)
		}},
		{"ClaimJob held, by its holder", func(s quiz.Store) (any, error) {
			return s.ClaimJob(ctx, OtherTeam, "season:2026-Q4", "replica-2", day, time.Minute)
		}},
	}
	for _, m := range moves {
		var first any
		for i, s := range stores {
			got, err := m.do(s)
			if err != nil {
				tb.Fatalf("%s in store %d: %v", m.name, i, err)
			}
			if i == 0 {
				first = got
			} else if !reflect.DeepEqual(got, first) {
				tb.Errorf("%s in store %d = %+v;\nin store 0 %+v", m.name, i, got, first)
			}
		}
	}
}
