package boltstore

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
	"github.com/dockerqotd/dockerqotd/internal/quiz/storetest"
)

// recorder is a quiz.Importer that keeps what it is handed and checks that
// each record comes after the records it depends on.
type recorder struct {
	t          *testing.T
	teams      map[quiz.TeamID]bool
	posts      map[uint64]quiz.Post
	answers    map[uint64][]quiz.Answer
	users      map[quiz.TeamID]map[string]quiz.UserStats
	boards     int
	reviews    int
	rounds     int
	interviews map[uint64]quiz.InterviewResult
	appeals    []quiz.AppealedPoint
	frozen     []quiz.Frozen
	jobs       []quiz.Job
	reports    []quiz.Report
	reminders  int
	flushed    int
}

func newRecorder(t *testing.T) *recorder {
	return &recorder{
		t: t, teams: map[quiz.TeamID]bool{}, posts: map[uint64]quiz.Post{}, answers: map[uint64][]quiz.Answer{},
		users: map[quiz.TeamID]map[string]quiz.UserStats{}, interviews: map[uint64]quiz.InterviewResult{},
	}
}

func (r *recorder) needTeam(what string, team quiz.TeamID) {
	if !r.teams[team] {
		r.t.Errorf("%s of team %s comes before the team", what, team)
	}
}

func (r *recorder) ImportTeam(_ context.Context, t quiz.Team) error {
	r.teams[t.ID] = true
	return nil
}

func (r *recorder) ImportRotation(_ context.Context, team quiz.TeamID, _ quiz.Rotation) error {
	r.needTeam("a rotation", team)
	return nil
}

func (r *recorder) ImportPost(_ context.Context, p quiz.Post) error {
	r.needTeam("a post", p.Team)
	r.posts[p.ID] = p
	return nil
}

func (r *recorder) ImportAnswer(_ context.Context, a quiz.Answer) error {
	if _, ok := r.posts[a.PostID]; !ok {
		r.t.Errorf("an answer to post %d comes before the post", a.PostID)
	}
	r.answers[a.PostID] = append(r.answers[a.PostID], a)
	return nil
}

func (r *recorder) ImportUser(_ context.Context, st quiz.UserStats) error {
	r.needTeam("a user", st.Team)
	if r.users[st.Team] == nil {
		r.users[st.Team] = map[string]quiz.UserStats{}
	}
	r.users[st.Team][st.User] = st
	return nil
}

func (r *recorder) ImportFrozen(_ context.Context, f quiz.Frozen) error {
	if _, ok := r.posts[f.PostID]; !ok {
		r.t.Errorf("kept streak %+v comes before its post", f)
	}
	if _, ok := r.users[f.Team][f.User]; !ok {
		r.t.Errorf("kept streak %+v comes before its user", f)
	}
	r.frozen = append(r.frozen, f)
	return nil
}

func (r *recorder) ImportBoardEntry(_ context.Context, e quiz.BoardEntry) error {
	if _, ok := r.users[e.Team][e.User]; !ok {
		r.t.Errorf("board entry %+v comes before its user", e)
	}
	r.boards++
	return nil
}

func (r *recorder) ImportReview(_ context.Context, team quiz.TeamID, _ quiz.UserCard) error {
	r.needTeam("a review card", team)
	r.reviews++
	return nil
}

func (r *recorder) ImportRound(_ context.Context, _ quiz.Round) error {
	r.rounds++
	return nil
}

func (r *recorder) ImportInterview(_ context.Context, ir quiz.InterviewResult) error {
	r.needTeam("an interview result", ir.Team)
	r.interviews[ir.ID] = ir
	return nil
}

func (r *recorder) ImportAppeal(_ context.Context, a quiz.AppealedPoint) error {
	if _, ok := r.interviews[a.Result.ID]; !ok {
		r.t.Errorf("an appeal of result %d comes before the result", a.Result.ID)
	}
	r.appeals = append(r.appeals, a)
	return nil
}

func (r *recorder) ImportJob(_ context.Context, j quiz.Job) error {
	r.needTeam("a job", j.Team)
	r.jobs = append(r.jobs, j)
	return nil
}

func (r *recorder) ImportReport(_ context.Context, rp quiz.Report) error {
	r.needTeam("a report", rp.Team)
	r.reports = append(r.reports, rp)
	return nil
}

func (r *recorder) ImportReminder(_ context.Context, team quiz.TeamID, _ string) error {
	r.needTeam("a reminder", team)
	r.reminders++
	return nil
}

func (r *recorder) Flush(context.Context) error {
	r.flushed++
	return nil
}

// TestExportHandsOverEverythingInOrder exports a filled store into a
// recorder: every record once, after those it depends on, as the store's
// own readers return it, and as many as Counts says.
func TestExportHandsOverEverythingInOrder(t *testing.T) {
	s, _ := openTemp(t)
	c := storetest.Fill(t, s)
	rec := newRecorder(t)
	if err := s.Export(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if rec.flushed != 1 {
		t.Errorf("Export flushed %d times; want once, at the end", rec.flushed)
	}
	counts, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	answers, users := 0, 0
	for _, list := range rec.answers {
		answers += len(list)
	}
	for _, m := range rec.users {
		users += len(m)
	}
	exported := quiz.Counts{
		Teams: len(rec.teams), Posts: len(rec.posts), Answers: answers, Users: users, Reviews: rec.reviews,
		Rounds: rec.rounds, Interviews: len(rec.interviews), Appeals: len(rec.appeals), Frozen: len(rec.frozen),
		Jobs: len(rec.jobs), Reports: len(rec.reports), Reminders: rec.reminders,
	}
	if exported != counts || counts.Answers == 0 || counts.Appeals == 0 || counts.Reviews == 0 || counts.Frozen == 0 ||
		counts.Jobs == 0 || counts.Reports == 0 || counts.Reminders == 0 {
		t.Errorf("exported %+v; Counts says %+v", exported, counts)
	}
	if rec.boards < users {
		t.Errorf("exported %d board entries for %d users", rec.boards, users)
	}
	for _, team := range c.Teams {
		posts, _ := s.Posts(ctx, team)
		for _, p := range posts {
			if !reflect.DeepEqual(rec.posts[p.ID], p) {
				t.Errorf("exported post %+v; want %+v", rec.posts[p.ID], p)
			}
			if want, _ := s.Answers(ctx, p.ID); !reflect.DeepEqual(rec.answers[p.ID], want) {
				t.Errorf("exported answers to post %d = %+v; want %+v", p.ID, rec.answers[p.ID], want)
			}
		}
		for _, user := range c.Users[team] {
			if want, _ := s.UserStats(ctx, team, user); !reflect.DeepEqual(rec.users[team][user], want) {
				t.Errorf("exported record of %s = %+v; want %+v", user, rec.users[team][user], want)
			}
		}
	}
	if want, _ := s.Appeals(ctx); !reflect.DeepEqual(rec.appeals, want) {
		t.Errorf("exported appeals = %+v; want %+v", rec.appeals, want)
	}
	slices.SortFunc(rec.reports, func(a, b quiz.Report) int { return b.At.Compare(a.At) })
	if want, _ := s.Reports(ctx, ""); !reflect.DeepEqual(rec.reports, want) {
		t.Errorf("exported reports = %+v; want %+v", rec.reports, want)
	}
	for _, j := range rec.jobs {
		if j.Done.IsZero() == (j.Holder == "") {
			t.Errorf("exported job %+v; want either done or held", j)
		}
	}
}
