package storetest

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

var postContracts = []contract{
	{"ClaimPostOncePerOccurrence", testClaimPostOncePerOccurrence},
	{"ConcurrentClaimsMakeOnePost", testConcurrentClaimsMakeOnePost},
	{"OccurrencePostFindsTheClaimedPost", testOccurrencePostFindsTheClaimedPost},
	{"MarkSentRecordsTheMessage", testMarkSentRecordsTheMessage},
	{"PostsOldestFirst", testPostsOldestFirst},
	{"RevealClosesPostAndResetsMissedStreaks", testRevealClosesPostAndResetsMissedStreaks},
	{"RevealPostReportsWhoRevealed", testRevealPostReportsWhoRevealed},
	{"StreakFreezesKeepStreaksOverMissedPosts", testStreakFreezesKeepStreaksOverMissedPosts},
}

func testClaimPostOncePerOccurrence(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	c := quiz.Claim{Team: Team, Channel: "C1", Occurrence: "2026-11-23T09:00", ScheduledAt: T0, Candidates: Bank(5), At: T0}
	p1, created, err := s.ClaimPost(ctx, c)
	if err != nil || !created {
		t.Fatalf("first claim = %v, created %v; want a new post", err, created)
	}
	p2, created, err := s.ClaimPost(ctx, c)
	if err != nil || created || !reflect.DeepEqual(p2, p1) {
		t.Fatalf("second claim = %+v, created %v, %v; want %+v again", p2, created, err, p1)
	}
	if p1.Team != Team || p1.Channel != "C1" || p1.Occurrence != c.Occurrence || !p1.ScheduledAt.Equal(T0) || p1.Sent() || p1.Revealed {
		t.Errorf("claimed post = %+v; want the claim's team, channel, occurrence and time, not sent", p1)
	}
	if !p1.Order.Valid() || p1.Order != quiz.NewPermutation(quiz.PostSeed(p1.ID)) {
		t.Errorf("post order %v is not derived from its id", p1.Order)
	}
	var q quiz.Question
	for _, cand := range Bank(5) {
		if cand.ID == p1.QuestionID {
			q = cand
		}
	}
	if q.ID == "" || p1.Topic != q.Topic || p1.Level != q.Level || p1.Correct != p1.Order.CorrectLetter(q) {
		t.Errorf("post %+v does not ask a candidate with its topic, level and right letter", p1)
	}
	// The rotation does not repeat a question until all were asked.
	seen := map[string]bool{p1.QuestionID: true}
	for i := 1; i < 5; i++ {
		c.Occurrence = fmt.Sprintf("2026-11-%dT09:00", 23+i)
		p, _, err := s.ClaimPost(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		if seen[p.QuestionID] {
			t.Fatalf("question %s repeated within the rotation", p.QuestionID)
		}
		seen[p.QuestionID] = true
	}
	if _, _, err := s.ClaimPost(ctx, quiz.Claim{Team: Team, Occurrence: "x", At: T0}); quiz.ErrorCode(err) != quiz.EINVALID {
		t.Errorf("claim with no candidates: %v; want EINVALID", err)
	}
	if _, err := s.OccurrencePost(ctx, Team, "x"); quiz.ErrorCode(err) != quiz.ENOTFOUND {
		t.Errorf("a refused claim left occurrence x claimed: %v", err)
	}
}

// testConcurrentClaimsMakeOnePost claims one occurrence from several
// replicas at once, then distinct occurrences at once: one post per
// occurrence, and the rotation never hands out a question twice.
func testConcurrentClaimsMakeOnePost(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	const replicas = 8
	claim := func(occurrence string) quiz.Claim {
		return quiz.Claim{Team: Team, Channel: "C1", Occurrence: occurrence, ScheduledAt: T0, Candidates: Bank(6), At: T0}
	}
	type result struct {
		p       quiz.Post
		created bool
		err     error
	}
	results := make([]result, replicas)
	var wg sync.WaitGroup
	for i := range replicas {
		wg.Go(func() {
			p, created, err := s.ClaimPost(ctx, claim("2026-11-23T09:00"))
			results[i] = result{p, created, err}
		})
	}
	wg.Wait()
	created := 0
	for _, r := range results {
		if r.err != nil {
			t.Fatal(r.err)
		}
		if r.created {
			created++
		}
		if r.p.ID != results[0].p.ID || r.p.QuestionID != results[0].p.QuestionID {
			t.Errorf("claims of one occurrence returned posts %d (%s) and %d (%s)", r.p.ID, r.p.QuestionID, results[0].p.ID, results[0].p.QuestionID)
		}
	}
	if created != 1 {
		t.Errorf("%d of %d concurrent claims created the post; want 1", created, replicas)
	}

	questions := make([]string, 5)
	for i := range questions {
		wg.Go(func() {
			p, _, err := s.ClaimPost(ctx, claim(fmt.Sprintf("2026-11-%dT09:00", 24+i)))
			if err != nil {
				t.Error(err)
			}
			questions[i] = p.QuestionID
		})
	}
	wg.Wait()
	seen := map[string]bool{results[0].p.QuestionID: true}
	for _, q := range questions {
		if seen[q] {
			t.Errorf("question %s asked twice in one rotation: %s then %v", q, results[0].p.QuestionID, questions)
		}
		seen[q] = true
	}
	if posts, _ := s.Posts(ctx, Team); len(posts) != 6 {
		t.Errorf("%d posts for 6 occurrences", len(posts))
	}
}

func testOccurrencePostFindsTheClaimedPost(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	if _, err := s.EnsureTeam(ctx, quiz.Team{ID: "slack:T2"}); err != nil {
		t.Fatal(err)
	}
	p := Post(t, s, 0)
	Answer(t, s, p, "ann", true, T0.Add(time.Minute))
	got, err := s.OccurrencePost(ctx, Team, p.Occurrence)
	if err != nil || got.ID != p.ID || got.MessageID != p.MessageID || got.Answers != 1 || got.Right != 1 {
		t.Errorf("OccurrencePost = %+v, %v; want post %d, sent, with its answer counted", got, err, p.ID)
	}
	if _, err := s.OccurrencePost(ctx, "slack:T2", p.Occurrence); quiz.ErrorCode(err) != quiz.ENOTFOUND {
		t.Errorf("the occurrence in another team: %v; want ENOTFOUND", err)
	}
	// The same occurrence in another team is another post.
	q, created, err := s.ClaimPost(ctx, quiz.Claim{Team: "slack:T2", Occurrence: p.Occurrence, ScheduledAt: T0, Candidates: Bank(3), At: T0})
	if err != nil || !created || q.ID == p.ID {
		t.Errorf("claim of the occurrence in another team = post %d, created %v, %v; want a new post", q.ID, created, err)
	}
}

func testMarkSentRecordsTheMessage(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	p, _, err := s.ClaimPost(ctx, quiz.Claim{Team: Team, Channel: "C1", Occurrence: "o1", ScheduledAt: T0, Candidates: Bank(3), At: T0})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Post(ctx, p.ID); got.Sent() || !got.PostedAt.IsZero() {
		t.Fatalf("a claimed post is sent: %+v", got)
	}
	at := T0.Add(1500 * time.Millisecond)
	sent, err := s.MarkSent(ctx, p.ID, "1234.5678", at)
	want := p
	want.MessageID, want.PostedAt = "1234.5678", at
	if err != nil || !reflect.DeepEqual(sent, want) {
		t.Fatalf("MarkSent = %+v, %v; want %+v", sent, err, want)
	}
	if got, err := s.Post(ctx, p.ID); err != nil || !reflect.DeepEqual(got, want) || !got.Sent() {
		t.Errorf("Post after MarkSent = %+v, %v; want %+v", got, err, want)
	}
	if got, _ := s.OccurrencePost(ctx, Team, "o1"); !reflect.DeepEqual(got, want) {
		t.Errorf("OccurrencePost after MarkSent = %+v; want %+v", got, want)
	}
}

func testPostsOldestFirst(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	other := quiz.TeamID("discord:1")
	if _, err := s.EnsureTeam(ctx, quiz.Team{ID: other}); err != nil {
		t.Fatal(err)
	}
	if posts, err := s.Posts(ctx, Team); err != nil || len(posts) != 0 {
		t.Fatalf("Posts before any = %v, %v; want none", posts, err)
	}
	var want []quiz.Post
	for i := range 6 {
		team := Team
		if i%2 == 1 {
			team = other
		}
		at := T0.AddDate(0, 0, i)
		p, _, err := s.ClaimPost(ctx, quiz.Claim{Team: team, Channel: "C", Occurrence: at.Format(quiz.OccurrenceKeyLayout), ScheduledAt: at, Candidates: Bank(4), At: at})
		if err != nil {
			t.Fatal(err)
		}
		if team == Team {
			want = append(want, p)
		}
	}
	got, err := s.Posts(ctx, Team)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Posts = %v, %v; want %v", got, err, want)
	}
	for i := 1; i < len(got); i++ {
		if got[i].ID <= got[i-1].ID {
			t.Errorf("Posts lists post %d after post %d", got[i].ID, got[i-1].ID)
		}
	}
}

func testRevealClosesPostAndResetsMissedStreaks(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	p1 := Post(t, s, 0)
	Answer(t, s, p1, "keeps", true, T0.Add(time.Minute))
	Answer(t, s, p1, "misses", true, T0.Add(time.Minute))
	if _, _, err := s.RevealPost(ctx, p1.ID, T0.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	p2 := Post(t, s, 1)
	Answer(t, s, p2, "keeps", true, T0.Add(25*time.Hour))
	revealed, first, err := s.RevealPost(ctx, p2.ID, T0.Add(48*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if !revealed.Revealed || !first {
		t.Fatal("RevealPost did not mark the post revealed")
	}
	for user, want := range map[string]int{"keeps": 2, "misses": 0} {
		st, _ := s.UserStats(ctx, Team, user)
		if st.Streak != want || st.BestStreak < 1 {
			t.Errorf("%s: streak %d, best %d; want streak %d and the best kept", user, st.Streak, st.BestStreak, want)
		}
	}
	if res := Answer(t, s, p2, "late", true, T0.Add(49*time.Hour)); res.Status != quiz.Closed {
		t.Errorf("answer after reveal: status %v; want Closed", res.Status)
	}
	if st, _ := s.UserStats(ctx, Team, "late"); st.Daily.Answered != 0 {
		t.Errorf("an answer after the reveal was counted")
	}
	// A second click after the reveal is refused as closed too: the
	// record no longer holds the letter of a revealed post.
	if res := Answer(t, s, p2, "keeps", false, T0.Add(49*time.Hour)); res.Status != quiz.Closed {
		t.Errorf("second click after the reveal: status %v; want Closed", res.Status)
	}
}

// testRevealPostReportsWhoRevealed reveals one post from several replicas
// at once: one of them reveals it, the others are told it was done.
func testRevealPostReportsWhoRevealed(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	p := Post(t, s, 0)
	Answer(t, s, p, "ann", false, T0.Add(time.Minute))
	at := T0.Add(24*time.Hour + 250*time.Millisecond)
	const replicas = 8
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		revealed int
	)
	for range replicas {
		wg.Go(func() {
			got, first, err := s.RevealPost(ctx, p.ID, at)
			if err != nil {
				t.Error(err)
				return
			}
			if !got.Revealed || !got.RevealedAt.Equal(at) || got.Answers != 1 {
				t.Errorf("RevealPost = %+v; want the post revealed at %v with its answer", got, at)
			}
			if first {
				mu.Lock()
				revealed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if revealed != 1 {
		t.Errorf("%d of %d concurrent RevealPost calls reported revealing; want 1", revealed, replicas)
	}
	got, again, err := s.RevealPost(ctx, p.ID, at.Add(time.Hour))
	if err != nil || again || !got.RevealedAt.Equal(at) {
		t.Errorf("a later RevealPost = %+v, revealed %v, %v; want nothing revealed, the first reveal's time kept", got, again, err)
	}
	if stored, _ := s.Post(ctx, p.ID); !stored.Revealed || !stored.RevealedAt.Equal(at) {
		t.Errorf("Post after the reveal = %+v", stored)
	}
	// The wrong answer was queued once, not once per replica.
	if due, _ := s.DueReviews(ctx, Team, "ann", T0.AddDate(0, 0, 2)); len(due) != 1 {
		t.Errorf("ann's review queue after the reveal = %v; want the one question", due)
	}
}

// testStreakFreezesKeepStreaksOverMissedPosts: five right answers in a row
// earn a freeze; the next missed post uses it and the streak goes on; the
// post missed after that, with no freeze left, ends the streak, though the
// member answered nothing since the freeze (the store remembers whom a
// freeze kept). A team with freezes off earns none.
func testStreakFreezesKeepStreaksOverMissedPosts(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	if _, err := s.EnsureTeam(ctx, quiz.Team{ID: OtherTeam, NoFreezes: true}); err != nil {
		t.Fatal(err)
	}
	reveal := func(p quiz.Post) {
		t.Helper()
		if _, _, err := s.RevealPost(ctx, p.ID, p.ScheduledAt.Add(23*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	var res quiz.AnswerResult
	for day := range 5 {
		p := Post(t, s, day)
		res = Answer(t, s, p, "ann", true, p.ScheduledAt.Add(time.Minute))
		Answer(t, s, p, "bob", true, p.ScheduledAt.Add(time.Minute))
		reveal(p)
	}
	if !res.EarnedFreeze || res.Stats.Freezes != 1 || res.Stats.Streak != 5 {
		t.Fatalf("fifth right answer = %+v; want a freeze earned, streak 5", res)
	}
	missed := Post(t, s, 5)
	Answer(t, s, missed, "bob", true, missed.ScheduledAt.Add(time.Minute))
	reveal(missed)
	st, _ := s.UserStats(ctx, Team, "ann")
	if st.Streak != 5 || st.Freezes != 0 || st.FreezesUsed != 1 || st.LastPost != missed.ID ||
		len(st.History) != 6 || st.History[5] != (quiz.Outcome{Post: missed.ID, Result: quiz.ResultFrozen}) {
		t.Fatalf("ann after a missed post = %+v; want the freeze used and streak 5 kept", st)
	}
	again := Post(t, s, 6)
	Answer(t, s, again, "bob", true, again.ScheduledAt.Add(time.Minute))
	reveal(again)
	if st, _ := s.UserStats(ctx, Team, "ann"); st.Streak != 0 || st.BestStreak != 5 || st.FreezesUsed != 1 {
		t.Errorf("ann after a second missed post = %+v; want streak 0, best 5", st)
	}
	if st, _ := s.UserStats(ctx, Team, "bob"); st.Streak != 7 || st.Freezes != 1 {
		t.Errorf("bob = %+v; want streak 7 and one freeze", st)
	}

	for day := range 5 {
		at := T0.AddDate(0, 0, day)
		p, _, err := s.ClaimPost(ctx, quiz.Claim{Team: OtherTeam, Occurrence: at.Format(quiz.OccurrenceKeyLayout), ScheduledAt: at, Candidates: Bank(6), At: at})
		if err != nil {
			t.Fatal(err)
		}
		if res = Answer(t, s, p, "ann", true, at); res.EarnedFreeze {
			t.Errorf("a freeze earned in a team with freezes off")
		}
	}
	if res.Stats.Freezes != 0 || res.Stats.Streak != 5 {
		t.Errorf("ann in a team with freezes off = %+v; want streak 5, no freeze", res.Stats)
	}
}
