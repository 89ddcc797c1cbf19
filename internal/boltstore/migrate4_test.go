package boltstore

import (
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
	"github.com/dockerqotd/dockerqotd/internal/quiz/storetest"
)

// TestMigration4CompactsRecords writes a database in schema 3's layout,
// with something in every bucket, and reads all of it back through the
// store after the migration.
func TestMigration4CompactsRecords(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	other := quiz.TeamID("discord:123456789012345678")
	bank := storetest.Bank(4)
	path := rawAt(t, 3, func(tx *bolt.Tx) error {
		for _, tm := range []v3Team{
			{ID: team, Name: "Acme", Channel: "C1", Schedule: "0 9 * * 1-5", Timezone: "Europe/Berlin", Reveal: 8 * time.Hour, CreatedAt: at},
			{ID: other, Name: "Other", Timezone: "UTC", Paused: true},
		} {
			tm.Filter.Levels = []quiz.Level{quiz.Basic}
			if err := v3putJSON(tx.Bucket(bucketTeams), []byte(tm.ID), tm); err != nil {
				return err
			}
		}
		for _, p := range []v3Post{
			{ID: 1, Team: team, Channel: "C1", Occurrence: "2026-11-23T09:00", ScheduledAt: at, QuestionID: bank[0].ID, Topic: "images", Level: quiz.Basic,
				Order: [4]int{2, 0, 3, 1}, Correct: 1, MessageID: "m1", PostedAt: at, Revealed: true, RevealedAt: at.Add(24 * time.Hour), Answers: 2, Right: 1, ByLetter: [4]int{0, 1, 1, 0}},
			{ID: 2, Team: team, Channel: "C1", Occurrence: "2026-11-24T09:00", ScheduledAt: at.Add(24 * time.Hour), QuestionID: bank[1].ID, Topic: "swarm",
				Order: [4]int{0, 1, 2, 3}, Correct: 0, MessageID: "m2", PostedAt: at.Add(24 * time.Hour), Answers: 1, Right: 1, ByLetter: [4]int{1, 0, 0, 0}},
		} {
			if err := v3putPost(tx, p); err != nil {
				return err
			}
			if err := v3putCounts(tx, p); err != nil {
				return err
			}
			if err := tx.Bucket(bucketOccurrences).Put(v3teamKey(team, []byte(p.Occurrence)), u64(p.ID)); err != nil {
				return err
			}
			if err := tx.Bucket(bucketTeamPosts).Put(v3teamKey(team, u64(p.ID)), nil); err != nil {
				return err
			}
		}
		for _, a := range []v3Answer{
			{PostID: 1, User: "ann", Letter: 1, Correct: true, Points: 10, Streak: 1, At: at.Add(time.Minute)},
			{PostID: 1, User: "bob", Letter: 2, At: at.Add(2 * time.Minute)},
			{PostID: 2, User: "ann", Letter: 0, Correct: true, Points: 11, Streak: 2, At: at.Add(25 * time.Hour)},
		} {
			if err := v3appendAnswer(tx, a); err != nil {
				return err
			}
		}
		users := tx.Bucket(bucketUsers)
		ann := v3Stats{Team: team, User: "ann", Name: "Ann", Points: 21, Streak: 2, BestStreak: 2, LastPost: 2,
			Daily: v3Tally{2, 2}, Practice: v3Tally{3, 1}, Open: map[uint64]int{2: 0}, LastSeen: at.Add(25 * time.Hour),
			Topics: map[quiz.Topic]struct{ Daily, Practice v3Tally }{"images": {v3Tally{1, 1}, v3Tally{3, 1}}, "swarm": {Daily: v3Tally{1, 1}}},
			Scores: map[string]v3Score{"2026-W48": {21, at.Add(25 * time.Hour)}, "2026-11": {21, at.Add(25 * time.Hour)}, "all": {21, at.Add(25 * time.Hour)}}}
		bob := v3Stats{Team: team, User: "bob", Name: "Bob", LastPost: 1, Daily: v3Tally{1, 0},
			Scores: map[string]v3Score{"2026-W48": {0, at.Add(2 * time.Minute)}, "2026-11": {0, at.Add(2 * time.Minute)}, "all": {0, at.Add(2 * time.Minute)}}}
		for _, st := range []v3Stats{ann, bob} {
			if err := v3putJSON(users, v3teamKey(team, []byte(st.User)), st); err != nil {
				return err
			}
			for period, sc := range st.Scores {
				if err := v3moveOnBoard(tx.Bucket(bucketBoards), team, period, st.User, sc); err != nil {
					return err
				}
			}
		}
		if err := v3putJSON(tx.Bucket(bucketRotations), []byte(team), v3Rotation{Cycle: 0, Used: []string{bank[0].ID, bank[1].ID}}); err != nil {
			return err
		}
		r := v3Round{ID: 5, Team: team, User: "bob", Kind: quiz.KindReview, CreatedAt: at}
		r.Items = append(r.Items, struct {
			QuestionID string
			Topic      quiz.Topic
			Order      [quiz.NumChoices]int
			Correct    int
			Letter     int
		}{bank[0].ID, "images", [4]int{0, 1, 2, 3}, 1, -1})
		if err := v3putJSON(tx.Bucket(bucketRounds), u64(5), r); err != nil {
			return err
		}
		if err := tx.Bucket(bucketRounds).SetSequence(5); err != nil {
			return err
		}
		card := v3Card{QuestionID: bank[0].ID, Box: 2, Due: at.Add(48 * time.Hour)}
		return v3putJSON(tx.Bucket(bucketReviews), v3teamKey(team, []byte("bob"), []byte(bank[0].ID)), card)
	})

	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	tm, err := s.Team(ctx, team)
	if err != nil || tm.Name != "Acme" || tm.Timezone != "Europe/Berlin" || tm.Reveal != 8*time.Hour || !tm.CreatedAt.Equal(at) ||
		!slices.Equal(tm.Filter.Levels, []quiz.Level{quiz.Basic}) {
		t.Errorf("team after migration = %+v, %v", tm, err)
	}
	if o, err := s.Team(ctx, other); err != nil || !o.Paused {
		t.Errorf("second team after migration = %+v, %v", o, err)
	}
	posts, err := s.Posts(ctx, team)
	if err != nil || len(posts) != 2 {
		t.Fatalf("posts after migration = %v, %v", posts, err)
	}
	if p := posts[0]; p.Order != [4]int{2, 0, 3, 1} || p.Correct != 1 || !p.Revealed || p.Answers != 2 || p.ByLetter != [4]int{0, 1, 1, 0} || p.MessageID != "m1" {
		t.Errorf("post 1 after migration = %+v", p)
	}
	if p, err := s.OccurrencePost(ctx, team, "2026-11-24T09:00"); err != nil || p.ID != 2 {
		t.Errorf("occurrence of post 2 after migration = %d, %v", p.ID, err)
	}
	answers, err := s.Answers(ctx, 1)
	if err != nil || len(answers) != 2 || answers[0].User != "ann" || !answers[0].Correct || answers[1].Letter != 2 {
		t.Errorf("answers to post 1 after migration = %+v, %v", answers, err)
	}
	st, err := s.UserStats(ctx, team, "ann")
	if err != nil || st.Name != "Ann" || st.Points != 21 || st.Streak != 2 || st.Daily != (quiz.Tally{Answered: 2, Right: 2}) ||
		st.Topics["images"].Practice != (quiz.Tally{Answered: 3, Right: 1}) || st.Open[2] != 0 || len(st.Open) != 1 || st.Scores["all"].Points != 21 {
		t.Errorf("ann after migration = %+v, %v", st, err)
	}
	lb, err := s.Leaderboard(ctx, team, quiz.Week, at.Add(25*time.Hour), "bob", 10)
	if err != nil || len(lb.Top) != 2 || lb.Top[0].User != "ann" || lb.Caller == nil || lb.Caller.Rank != 2 || lb.Players != 2 {
		t.Errorf("week board after migration = %+v, %v", lb, err)
	}
	// A second click on the open post is still caught, and a new answer
	// moves the migrated board entry.
	if res, err := s.RecordAnswer(ctx, quiz.AnswerInput{PostID: 2, User: "ann", Letter: 1, At: at.Add(26 * time.Hour)}); err != nil || res.Status != quiz.AlreadyAnswered {
		t.Errorf("ann's second click after migration = %v, %v", res.Status, err)
	}
	if _, err := s.RecordAnswer(ctx, quiz.AnswerInput{PostID: 2, User: "bob", Letter: 0, At: at.Add(26 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if lb, _ := s.Leaderboard(ctx, team, quiz.All, at.Add(26*time.Hour), "bob", 10); lb.Players != 2 || lb.Caller.Points != 10 {
		t.Errorf("after bob's answer: %d players, bob %+v; want 2 players, bob on 10", lb.Players, lb.Caller)
	}
	due, err := s.DueReviews(ctx, team, "bob", at.Add(72*time.Hour))
	if err != nil || len(due) != 1 || due[0].QuestionID != bank[0].ID || due[0].Box != 2 {
		t.Errorf("bob's review queue after migration = %+v, %v", due, err)
	}
	res, err := s.AnswerRound(ctx, quiz.RoundAnswer{RoundID: 5, User: "bob", Index: 0, Letter: 1, At: at.Add(72 * time.Hour)})
	if err != nil || res.Status != quiz.RoundRecorded || !res.Right {
		t.Errorf("answering the migrated review round = %+v, %v", res, err)
	}
	if due, _ := s.DueReviews(ctx, team, "bob", at.Add(30*24*time.Hour)); len(due) != 1 || due[0].Box != 3 {
		t.Errorf("the migrated card after a right review = %+v; want box 3", due)
	}
	if r, err := s.CreateRound(ctx, quiz.Round{Team: team, User: "bob", Kind: quiz.KindQuiz}); err != nil || r.ID != 6 {
		t.Errorf("new round after migration = %d, %v; want id 6 (the sequence kept)", r.ID, err)
	}
	// The rotation goes on where it was: the two questions used are not
	// asked again before the others.
	for i, want := range []int{2, 3} {
		day := at.Add(time.Duration(48+24*i) * time.Hour)
		p, _, err := s.ClaimPost(ctx, quiz.Claim{Team: team, Channel: "C1", Occurrence: day.Format(quiz.OccurrenceKeyLayout), ScheduledAt: day, Candidates: bank, At: day})
		if err != nil {
			t.Fatal(err)
		}
		if p.QuestionID == bank[0].ID || p.QuestionID == bank[1].ID {
			t.Errorf("post %d after migration asks %s again; want one of the unused questions (%d of them)", i, p.QuestionID, want)
		}
	}
}
