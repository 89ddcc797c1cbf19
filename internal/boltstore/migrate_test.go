package boltstore

import (
	"encoding/binary"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// rawAt creates a bbolt file brought up to schema version n by the first n
// migrations only, as an older release would have left it, and lets fill
// write data in that version's layout.
func rawAt(t *testing.T, n int, fill func(*bolt.Tx) error) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		for v, m := range migrations[:n] {
			if err := m.up(tx); err != nil {
				return err
			}
			if err := tx.Bucket(bucketMeta).Put(keySchema, u64(uint64(v+1))); err != nil {
				return err
			}
		}
		if fill != nil {
			return fill(tx)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return path
}

func TestMigration1CreatesBuckets(t *testing.T) {
	path := rawAt(t, 1, nil)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx *bolt.Tx) error {
		if v := schemaVersion(tx); v != 1 {
			t.Errorf("schema version = %d; want 1", v)
		}
		for _, name := range [][]byte{
			bucketMeta, bucketTeams, bucketPosts, bucketOccurrences, bucketTeamPosts,
			bucketAnswers, bucketUsers, []byte("streaks"), bucketBoards, bucketRotations,
			bucketRounds, bucketReviews,
		} {
			if tx.Bucket(name) == nil {
				t.Errorf("bucket %s missing after migration 1", name)
			}
		}
		return nil
	})
}

// TestMigration2FlattensBoards writes a board, a streak and a post in
// schema 1's layout and opens the file with this build.
func TestMigration2FlattensBoards(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	path := rawAt(t, 1, func(tx *bolt.Tx) error {
		if err := v3putJSON(tx.Bucket(bucketTeams), []byte(team), v3Team{ID: team, Timezone: "UTC"}); err != nil {
			return err
		}
		for _, p := range []v3Post{
			{ID: 6, Team: team, QuestionID: "q6", Correct: 0, MessageID: "m6", Revealed: true, Answers: 2, Right: 2, ByLetter: [4]int{2, 0, 0, 0}},
			{ID: 7, Team: team, QuestionID: "q7", Correct: 1, MessageID: "m7", Answers: 3, Right: 2, ByLetter: [4]int{1, 2, 0, 0}},
		} {
			if err := v3putJSON(tx.Bucket(bucketPosts), u64(p.ID), p); err != nil {
				return err
			}
			if err := tx.Bucket(bucketTeamPosts).Put(v3teamKey(team, u64(p.ID)), nil); err != nil {
				return err
			}
		}
		users := tx.Bucket(bucketUsers)
		for _, u := range []struct {
			id     string
			points int
			streak int
		}{{"ann", 21, 2}, {"bob", 10, 1}, {"cat", 0, 0}} {
			if err := v3putJSON(users, v3teamKey(team, []byte(u.id)), v3Stats{Team: team, User: u.id, Name: strings.ToUpper(u.id), Points: u.points, Streak: u.streak, LastPost: 6}); err != nil {
				return err
			}
			if u.streak > 0 {
				if err := tx.Bucket([]byte("streaks")).Put(v3teamKey(team, []byte(u.id)), u64(6)); err != nil {
					return err
				}
				if err := v3putJSON(tx.Bucket(bucketAnswers), userAnswerKey(6, u.id), v3Answer{PostID: 6, User: u.id, Letter: 0, Correct: true, Points: 10, Streak: u.streak}); err != nil {
					return err
				}
			}
			for _, period := range []string{"2026-W48", "2026-11", "all"} {
				board, err := tx.Bucket(bucketBoards).CreateBucketIfNotExists(v3teamKey(team, []byte(period)))
				if err != nil {
					return err
				}
				rank, _ := board.CreateBucketIfNotExists([]byte("rank"))
				byUser, _ := board.CreateBucketIfNotExists([]byte("user"))
				count, _ := board.CreateBucketIfNotExists([]byte("count"))
				k := v3rankKey(u.points, at.Add(time.Duration(u.points)*time.Minute), u.id)
				if err := rank.Put(k, []byte(strings.ToUpper(u.id))); err != nil {
					return err
				}
				byUser.Put([]byte(u.id), k)
				var n uint64 = 1
				if v := count.Get(pointsKey(u.points)); v != nil {
					n += uint64(v[7])
				}
				count.Put(pointsKey(u.points), u64(n))
			}
		}
		return nil
	})

	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.DB().View(func(tx *bolt.Tx) error {
		if v := schemaVersion(tx); v != SchemaVersion {
			t.Errorf("schema version = %d; want %d", v, SchemaVersion)
		}
		if tx.Bucket([]byte("streaks")) != nil {
			t.Error("the streaks index of schema 1 is still there")
		}
		return tx.Bucket(bucketBoards).ForEach(func(k, v []byte) error {
			if v == nil {
				t.Errorf("nested board bucket %q left behind", k)
			}
			return nil
		})
	})

	lb, err := s.Leaderboard(ctx, team, quiz.Week, at, "bob", 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, st := range lb.Top {
		got = append(got, st.Name)
	}
	if strings.Join(got, ",") != "ANN,BOB,CAT" || lb.Caller == nil || lb.Caller.Rank != 2 || lb.Players != 3 {
		t.Errorf("week board after migration: %v, caller %+v of %d; want ANN,BOB,CAT with bob 2nd of 3", got, lb.Caller, lb.Players)
	}
	p, err := s.Post(ctx, 7)
	if err != nil || p.Answers != 3 || p.Right != 2 || p.ByLetter != [4]int{1, 2, 0, 0} {
		t.Errorf("post counters after migration: %+v, %v", p, err)
	}
	// An answer moves a migrated player's entry instead of adding one.
	if _, err := s.RecordAnswer(ctx, quiz.AnswerInput{PostID: 7, User: "bob", Name: "BOB", Letter: 1, At: at}); err != nil {
		t.Fatal(err)
	}
	lb, _ = s.Leaderboard(ctx, team, quiz.All, at, "bob", 10)
	if lb.Players != 3 || lb.Caller == nil || lb.Caller.Points != 21 {
		t.Errorf("after bob's answer: %d players, bob %+v; want 3 players, bob on 21 (10 + 11)", lb.Players, lb.Caller)
	}
	// The converted streak index still resets those who missed a post.
	if _, _, err := s.RevealPost(ctx, 7, at); err != nil {
		t.Fatal(err)
	}
	for user, want := range map[string]int{"ann": 0, "bob": 2} {
		if st, _ := s.UserStats(ctx, team, user); st.Streak != want {
			t.Errorf("%s's streak after the reveal = %d; want %d", user, st.Streak, want)
		}
	}
}

// v3rankKey is a board rank key of schemas 1 to 3: ^points, reached in
// Unix nanoseconds, user.
func v3rankKey(points int, reached time.Time, user string) []byte {
	k := binary.BigEndian.AppendUint32(nil, ^uint32(points))
	k = binary.BigEndian.AppendUint64(k, uint64(reached.UnixNano()))
	return append(k, user...)
}

// userAnswerKey is how schemas 1 and 2 keyed an answer: <post id> <user>.
func userAnswerKey(postID uint64, user string) []byte { return append(u64(postID), user...) }

// TestMigration3AppendsAnswers writes answers in schema 2's layout, one
// post revealed and one open, and opens the file with this build.
func TestMigration3AppendsAnswers(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	answers := []v3Answer{
		{PostID: 1, User: "zed", Letter: 2, At: at.Add(3 * time.Minute)},
		{PostID: 1, User: "amy", Letter: 1, At: at.Add(time.Minute)},
		{PostID: 2, User: "zed", Letter: 3, At: at.Add(25 * time.Hour)},
		{PostID: 2, User: "amy", Letter: 0, At: at.Add(24 * time.Hour)},
	}
	path := rawAt(t, 2, func(tx *bolt.Tx) error {
		if err := v3putJSON(tx.Bucket(bucketTeams), []byte(team), v3Team{ID: team, Timezone: "UTC"}); err != nil {
			return err
		}
		for _, p := range []v3Post{{ID: 1, Team: team, MessageID: "m1", Revealed: true}, {ID: 2, Team: team, MessageID: "m2", Correct: 3}} {
			if err := v3putPost(tx, p); err != nil {
				return err
			}
			if err := tx.Bucket(bucketTeamPosts).Put(v3teamKey(team, u64(p.ID)), nil); err != nil {
				return err
			}
		}
		for _, a := range answers {
			if err := v3putJSON(tx.Bucket(bucketAnswers), userAnswerKey(a.PostID, a.User), a); err != nil {
				return err
			}
			if err := v3putJSON(tx.Bucket(bucketUsers), v3teamKey(team, []byte(a.User)), v3Stats{Team: team, User: a.User, LastPost: a.PostID}); err != nil {
				return err
			}
		}
		return nil
	})
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for post, want := range map[uint64]string{1: "amy,zed", 2: "amy,zed"} {
		got, err := s.Answers(ctx, post)
		if err != nil {
			t.Fatal(err)
		}
		var users []string
		for _, a := range got {
			users = append(users, a.User)
		}
		if strings.Join(users, ",") != want {
			t.Errorf("answers to post %d = %v; want %s in arrival order", post, users, want)
		}
	}
	// A second click on the open post is caught through the user's record.
	res, err := s.RecordAnswer(ctx, quiz.AnswerInput{PostID: 2, User: "zed", Letter: 0, At: at.Add(26 * time.Hour)})
	if err != nil || res.Status != quiz.AlreadyAnswered || res.Answer.Letter != 3 {
		t.Errorf("zed's second click on the open post: %+v, %v; want AlreadyAnswered with D", res, err)
	}
	res, err = s.RecordAnswer(ctx, quiz.AnswerInput{PostID: 2, User: "new", Letter: 3, At: at.Add(26 * time.Hour)})
	if err != nil || res.Status != quiz.Recorded {
		t.Errorf("a new user's answer after the migration: %+v, %v", res.Status, err)
	}
	if got, _ := s.Answers(ctx, 2); len(got) != 3 || got[2].User != "new" {
		t.Errorf("answers to post 2 after a new one: %v; want it appended", got)
	}
}

func TestMigrationsRunOnce(t *testing.T) {
	if SchemaVersion != uint64(len(migrations)) {
		t.Fatalf("SchemaVersion %d does not match %d migrations", SchemaVersion, len(migrations))
	}
	first, path := openTemp(t)
	first.Close()
	var runs int
	saved := migrations
	migrations = append([]migration(nil), saved...)
	for i := range migrations {
		up := migrations[i].up
		migrations[i].up = func(tx *bolt.Tx) error { runs++; return up(tx) }
	}
	t.Cleanup(func() { migrations = saved })
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if runs != 0 {
		t.Errorf("%d migrations ran on a current database; want 0", runs)
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	s, path := openTemp(t)
	if err := s.DB().Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchema, u64(SchemaVersion+1))
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(path, Options{})
	if err == nil || !strings.Contains(err.Error(), "newer than this build") {
		t.Errorf("opening a newer schema: %v; want a refusal that says so", err)
	}
}

// TestMigration8AddsFeedbackBuckets opens a schema-7 file: the jobs,
// reports and reminders it lacked work after the migration.
func TestMigration8AddsFeedbackBuckets(t *testing.T) {
	path := rawAt(t, 7, nil)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketJobs) != nil || tx.Bucket(bucketReports) != nil || tx.Bucket(bucketReminders) != nil {
			t.Error("schema 7 already has the buckets of migration 8")
		}
		return nil
	})
	db.Close()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.EnsureTeam(ctx, quiz.Team{ID: team}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	if ok, err := s.ClaimJob(ctx, team, "recap:2026-W48", "r1", at, time.Minute); err != nil || !ok {
		t.Errorf("ClaimJob after migration 8 = %v, %v; want granted", ok, err)
	}
	if _, err := s.SaveReport(ctx, quiz.Report{Team: team, User: "ann", QuestionID: "q1", Reason: quiz.ReasonTypo, At: at}); err != nil {
		t.Errorf("SaveReport after migration 8: %v", err)
	}
	if err := s.SetReminders(ctx, team, "ann", true); err != nil {
		t.Errorf("SetReminders after migration 8: %v", err)
	}
}
