package card

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var samples = flag.String("samples", "", "write the sample cards as PNG files to this directory")

// today is a Thursday, so the 26 weeks start mid-week.
var today = time.Date(2026, time.November, 26, 0, 0, 0, 0, time.UTC)

// topicNames is the project's fixed topic list.
var topicNames = []string{"images", "containers", "dockerfile", "compose", "volumes", "networking",
	"registry", "security", "swarm", "orchestration", "internals", "operations", "debugging"}

// busyDays is 26 weeks of weekday questions with every kind of day, the
// same each run.
func busyDays() []Day {
	days := make([]Day, MaxDays)
	first := today.AddDate(0, 0, 1-MaxDays)
	seed := uint32(7)
	for i := range days {
		seed = seed*1664525 + 1013904223
		switch wd := first.AddDate(0, 0, i).Weekday(); {
		case wd == time.Saturday || wd == time.Sunday:
			days[i] = NoPost
		case seed>>24 < 150:
			days[i] = Right
		case seed>>24 < 200:
			days[i] = Wrong
		case seed>>24 < 235:
			days[i] = Missed
		default:
			days[i] = Frozen
		}
	}
	return days
}

func busyStats() Stats {
	s := Stats{
		Name: "Grace Hopper", Points: 1284, Rank: 3, Players: 41,
		Streak: 12, Best: 31, FreezesHeld: 2, FreezesUsed: 5,
		Days: busyDays(), Today: today,
		Interview: Interview{Answered: 14, MeanPercent: 72},
	}
	for i, n := range topicNames {
		answered := 3 + i*2
		s.Topics = append(s.Topics, Topic{Name: n, Right: answered * (13 - i%7) / 13, Answered: answered})
	}
	s.Topics[8] = Topic{Name: "swarm"}
	return s
}

func newMemberStats() Stats {
	days := make([]Day, MaxDays)
	for i := MaxDays - 10; i < MaxDays; i++ {
		days[i] = Missed
	}
	return Stats{Name: "New Member", Players: 41, Days: days, Today: today}
}

// starterStats is a member of a team that started three weeks ago, with a
// few topics answered and no interview practice.
func starterStats() Stats {
	days := busyDays()[MaxDays-20:]
	return Stats{
		Name: "Linus", Points: 42, Rank: 17, Players: 17, Streak: 1, Best: 3, FreezesHeld: 1,
		Days: days, Today: today,
		Topics: []Topic{{"images", 2, 3}, {"compose", 1, 1}, {"networking", 0, 2}, {"security", 0, 0}},
	}
}

func longNameStats() Stats {
	s := busyStats()
	s.Name = "Wolfgang Amadeus Theophilus Mozart-Featherstonehaugh the Third 🎻 of Salzburg"
	return s
}

func TestWriteSamples(t *testing.T) {
	if *samples == "" {
		t.Skip("no -samples directory")
	}
	for name, s := range map[string]Stats{
		"busy":      busyStats(),
		"newmember": newMemberStats(),
		"longname":  longNameStats(),
		"starter":   starterStats(),
	} {
		b, err := StatsPNG(s)
		if err != nil {
			t.Fatalf("StatsPNG(%s): %v", name, err)
		}
		path := filepath.Join(*samples, "card-"+name+".png")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d bytes", path, len(b))
	}
}
