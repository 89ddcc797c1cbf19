package slack

import (
	"fmt"
	"testing"
	"time"
)

func TestEventSet(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		id   string
		at   time.Duration
		want bool
	}{
		{"first delivery", "Ev1", 0, true},
		{"redelivery after 3s", "Ev1", 3 * time.Second, false},
		{"redelivery after 5m", "Ev1", 5 * time.Minute, false},
		{"another event", "Ev2", 5 * time.Minute, true},
		{"after the ttl", "Ev1", 11 * time.Minute, true},
		{"no id", "", 11 * time.Minute, true},
		{"no id again", "", 11 * time.Minute, true},
	}
	s := newEventSet(10*time.Minute, 100)
	for _, tc := range tests {
		if got := s.firstSeen(tc.id, t0.Add(tc.at)); got != tc.want {
			t.Errorf("%s: firstSeen(%q, +%v) = %t; want %t", tc.name, tc.id, tc.at, got, tc.want)
		}
	}
}

func TestEventSetIsBounded(t *testing.T) {
	s := newEventSet(time.Hour, 3)
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	for i := range 5 {
		s.firstSeen(fmt.Sprintf("Ev%d", i), now)
	}
	if len(s.seen) != 3 || len(s.order) != 3 {
		t.Errorf("set holds %d ids (%d in order); want 3", len(s.seen), len(s.order))
	}
	if !s.firstSeen("Ev0", now) {
		t.Error("firstSeen(Ev0) = false; want true, the oldest id evicted")
	}
	if s.firstSeen("Ev4", now) {
		t.Error("firstSeen(Ev4) = true; want false, the newest id kept")
	}
}
