package quiz

import (
	"slices"
	"time"
)

// QuestionFigures are one question's daily-post figures across teams.
// ByChoice counts answers by the choice as written in the bank (A is the
// bank's first choice), whatever order each post showed them in.
type QuestionFigures struct {
	QuestionID string
	Asked      int
	Answers    int
	Right      int
	ByChoice   [NumChoices]int
	// ToAnswer is the median time from a post going out to an answer; 0
	// without answers.
	ToAnswer time.Duration
	Reports  int
}

// PercentRight returns the share of right answers, rounded down.
func (f QuestionFigures) PercentRight() int {
	if f.Answers == 0 {
		return 0
	}
	return f.Right * 100 / f.Answers
}

// Outlier thresholds: a share right under OutlierLow or over OutlierHigh
// percent with at least OutlierAnswers answers, or OutlierReports
// reports, flags a question for a second look.
const (
	OutlierLow     = 20
	OutlierHigh    = 95
	OutlierAnswers = 20
	OutlierReports = 3
)

// Flags says why a question needs a second look: "hard", "easy",
// "reported", or none.
func (f QuestionFigures) Flags() []string {
	var flags []string
	if f.Answers >= OutlierAnswers && f.PercentRight() < OutlierLow {
		flags = append(flags, "hard")
	}
	if f.Answers >= OutlierAnswers && f.PercentRight() > OutlierHigh {
		flags = append(flags, "easy")
	}
	if f.Reports >= OutlierReports {
		flags = append(flags, "reported")
	}
	return flags
}

// ObservedLevel is the level a question's share right suggests, "" with
// fewer than OutlierAnswers answers: basic from 70% right, intermediate
// from 40%, advanced below.
func (f QuestionFigures) ObservedLevel() Level {
	switch p := f.PercentRight(); {
	case f.Answers < OutlierAnswers:
		return ""
	case p >= 70:
		return Basic
	case p >= 40:
		return Intermediate
	}
	return Advanced
}

// Figures totals sent daily posts and their answers by question, and the
// reports, in the order questions first appear in posts; reported
// questions never asked come last. answers holds each post's answers.
func Figures(posts []Post, answers map[uint64][]Answer, reports []Report) []QuestionFigures {
	index := map[string]int{}
	var out []QuestionFigures
	var waits [][]time.Duration
	at := func(id string) *QuestionFigures {
		i, ok := index[id]
		if !ok {
			i = len(out)
			index[id] = i
			out = append(out, QuestionFigures{QuestionID: id})
			waits = append(waits, nil)
		}
		return &out[i]
	}
	for _, p := range posts {
		if !p.Sent() {
			continue
		}
		f := at(p.QuestionID)
		f.Asked++
		for _, a := range answers[p.ID] {
			f.Answers++
			if a.Correct {
				f.Right++
			}
			if a.Letter >= 0 && a.Letter < NumChoices {
				f.ByChoice[p.Order[a.Letter]]++
			}
			if !p.PostedAt.IsZero() && a.At.After(p.PostedAt) {
				waits[index[p.QuestionID]] = append(waits[index[p.QuestionID]], a.At.Sub(p.PostedAt))
			}
		}
	}
	for _, r := range reports {
		at(r.QuestionID).Reports++
	}
	for i, w := range waits {
		if len(w) > 0 {
			slices.Sort(w)
			out[i].ToAnswer = w[len(w)/2]
		}
	}
	return out
}

// WeekFigures are a team's daily-post figures for one ISO week.
type WeekFigures struct {
	// Key is the week's leaderboard key, "2026-W48"; Start its Monday
	// 00:00 in the team's timezone.
	Key   string
	Start time.Time
	Posts []Post
	// Players is how many members answered in the week.
	Players int
	Answers int
	Right   int
}

// PercentRight returns the share of right answers, rounded down.
func (w WeekFigures) PercentRight() int {
	if w.Answers == 0 {
		return 0
	}
	return w.Right * 100 / w.Answers
}

// TeamWeeks returns the n ISO weeks before the week containing now, oldest
// first, each with the team's sent posts scheduled in it and their
// answers and right answers, from the posts' counters. Players is left
// to the caller: the week's leaderboard counts them without reading
// every answer.
func TeamWeeks(posts []Post, now time.Time, loc *time.Location, n int) []WeekFigures {
	this := WeekStart(now, loc)
	weeks := make([]WeekFigures, n)
	index := map[string]int{}
	for i := range weeks {
		start := this.AddDate(0, 0, -7*(n-i))
		weeks[i] = WeekFigures{Key: Week.Key(start, loc), Start: start}
		index[weeks[i].Key] = i
	}
	for _, p := range posts {
		i, ok := index[Week.Key(p.ScheduledAt, loc)]
		if !p.Sent() || !ok {
			continue
		}
		w := &weeks[i]
		w.Posts = append(w.Posts, p)
		w.Answers += p.Answers
		w.Right += p.Right
	}
	return weeks
}

// WeekStart returns the Monday 00:00 in loc that starts t's ISO week.
func WeekStart(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, loc)
	return day.AddDate(0, 0, -(int(day.Weekday())+6)%7)
}
