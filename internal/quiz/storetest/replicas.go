package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

var replicaContracts = []contract{
	{"LeaseSendHolders", testLeaseSendHolders},
	{"ConcurrentLeasesGrantOne", testConcurrentLeasesGrantOne},
	{"ClaimLiveEditInterval", testClaimLiveEditInterval},
	{"SeenEventWithinAnHour", testSeenEventWithinAnHour},
}

func testLeaseSendHolders(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	p, _, err := s.ClaimPost(ctx, quiz.Claim{Team: Team, Channel: "C1", Occurrence: "o1", ScheduledAt: T0, Candidates: Bank(3), At: T0})
	if err != nil {
		t.Fatal(err)
	}
	const ttl = time.Minute
	for _, step := range []struct {
		holder string
		at     time.Duration
		want   bool
	}{
		{"a", 0, true},                 // granted, until +60 s
		{"b", 30 * time.Second, false}, // refused for another holder
		{"a", 40 * time.Second, true},  // the same holder again, at once: until +100 s
		{"b", ttl, false},              // the renewal counts from its own time
		{"b", 100*time.Second - time.Millisecond, false},
		{"b", 100 * time.Second, true}, // expired: another holder takes it
		{"a", 101 * time.Second, false},
	} {
		got, err := s.LeaseSend(ctx, p.ID, step.holder, T0.Add(step.at), ttl)
		if err != nil || got != step.want {
			t.Errorf("LeaseSend(%s at +%v) = %v, %v; want %v", step.holder, step.at, got, err, step.want)
		}
	}
	if _, err := s.MarkSent(ctx, p.ID, "m1", T0.Add(110*time.Second)); err != nil {
		t.Fatal(err)
	}
	for _, holder := range []string{"a", "b"} {
		if got, err := s.LeaseSend(ctx, p.ID, holder, T0.Add(time.Hour), ttl); err != nil || got {
			t.Errorf("LeaseSend(%s) of a sent post = %v, %v; want refused", holder, got, err)
		}
	}
	// The lease and the live-count slot of a post live side by side.
	q, _, err := s.ClaimPost(ctx, quiz.Claim{Team: Team, Channel: "C1", Occurrence: "o2", ScheduledAt: T0, Candidates: Bank(3), At: T0})
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := s.ClaimLiveEdit(ctx, q.ID, T0, 5*time.Second); err != nil || !ok {
		t.Fatalf("ClaimLiveEdit = %v, %v", ok, err)
	}
	if ok, err := s.LeaseSend(ctx, q.ID, "a", T0, ttl); err != nil || !ok {
		t.Errorf("LeaseSend after a live edit = %v, %v; want granted", ok, err)
	}
	if ok, err := s.ClaimLiveEdit(ctx, q.ID, T0.Add(time.Second), 5*time.Second); err != nil || ok {
		t.Errorf("ClaimLiveEdit within the interval after a lease = %v, %v; want refused", ok, err)
	}
}

// testConcurrentLeasesGrantOne: of replicas asking at once, one sends.
func testConcurrentLeasesGrantOne(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	p, _, err := s.ClaimPost(ctx, quiz.Claim{Team: Team, Channel: "C1", Occurrence: "o1", ScheduledAt: T0, Candidates: Bank(3), At: T0})
	if err != nil {
		t.Fatal(err)
	}
	const replicas = 8
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		granted []string
	)
	for i := range replicas {
		wg.Go(func() {
			holder := fmt.Sprintf("replica-%d", i)
			ok, err := s.LeaseSend(ctx, p.ID, holder, T0, time.Minute)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				granted = append(granted, holder)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(granted) != 1 {
		t.Errorf("leases granted to %v; want exactly one replica", granted)
	}
}

func testClaimLiveEditInterval(t *testing.T, s quiz.Store) {
	EnsureTeam(t, s, "UTC")
	p := Post(t, s, 0)
	const interval = 5 * time.Second
	for _, step := range []struct {
		at   time.Duration
		want bool
	}{
		{0, true},
		{time.Second, false},
		{interval - time.Millisecond, false},
		{interval, true}, // the interval counts from the last granted edit
		{interval + 4*time.Second, false},
		{3 * interval, true},
	} {
		got, err := s.ClaimLiveEdit(ctx, p.ID, T0.Add(step.at), interval)
		if err != nil || got != step.want {
			t.Errorf("ClaimLiveEdit(+%v) = %v, %v; want %v", step.at, got, err, step.want)
		}
	}
	// Each post has its own slot.
	q := Post(t, s, 1)
	if got, err := s.ClaimLiveEdit(ctx, q.ID, T0.Add(time.Second), interval); err != nil || !got {
		t.Errorf("ClaimLiveEdit of another post = %v, %v; want granted", got, err)
	}
}

func testSeenEventWithinAnHour(t *testing.T, s quiz.Store) {
	seen := func(id string, at time.Time, want bool) {
		t.Helper()
		if got, err := s.SeenEvent(ctx, id, at); err != nil || got != want {
			t.Errorf("SeenEvent(%s, %v) = %v, %v; want %v", id, at.Format(time.TimeOnly), got, err, want)
		}
	}
	seen("Ev1", T0, true)
	seen("Ev1", T0.Add(time.Second), false)
	seen("Ev2", T0.Add(time.Second), true)
	seen("Ev1", T0.Add(time.Hour-time.Millisecond), false)
	seen("Ev1", T0.Add(time.Hour), true)
	seen("Ev1", T0.Add(90*time.Minute), false) // remembered again from its new sighting
	// Many events over three hours prune the old ones as they come; a
	// recent one is still remembered, an old one is new again.
	for i := range 300 {
		seen(fmt.Sprintf("Ev%03d-later", i), T0.Add(time.Duration(i)*36*time.Second), true)
	}
	last := T0.Add(299 * 36 * time.Second)
	seen("Ev299-later", last, false)
	seen(fmt.Sprintf("Ev%03d-later", 250), last, false)
	seen("Ev000-later", last, true)
	seen("Ev2", last, true)
}
