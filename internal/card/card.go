// Package card draws a member's stats card as a PNG for chat platforms that
// show images (Discord embeds): a header with the numbers, a 26-week calendar
// of the daily questions and accuracy by topic.
//
// Rendering is a pure function from Stats to PNG bytes: no I/O, fonts are the
// Go fonts compiled into the binary. The card has its own opaque dark
// background so it reads the same in Discord's light and dark themes.
package card

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"time"
)

// Day is what happened to one day's daily question for the member.
type Day int

// The days a calendar cell can show.
const (
	NoPost Day = iota // no daily question was posted that day
	Right             // answered right
	Wrong             // answered wrong
	Missed            // a question was posted and not answered
	Frozen            // not answered, but a streak freeze kept the streak
)

// Topic is the member's record on one topic.
type Topic struct {
	Name            string
	Right, Answered int
}

// Interview is the member's interview practice.
type Interview struct {
	Answered, MeanPercent int
}

// Stats is what a member's card shows.
type Stats struct {
	Name    string
	Points  int
	Rank    int // 0: no rank yet (no points)
	Players int // members ranked, for "#3 of 41"
	Streak  int
	Best    int // best streak
	// FreezesHeld and FreezesUsed count streak freezes.
	FreezesHeld, FreezesUsed int
	// Days are the daily questions of the last weeks, one per calendar day,
	// oldest first, ending with Today. At most MaxDays are shown (the most
	// recent ones).
	Days []Day
	// Today is the date of the last of Days in the team's timezone; its
	// weekday aligns the grid Monday-first and its month labels the columns.
	Today time.Time
	// Topics is the accuracy by topic, in the order to show; at most
	// MaxTopics are shown.
	Topics    []Topic
	Interview Interview
}

// MaxDays is how many days the calendar shows: 26 weeks.
const MaxDays = 26 * 7

// MaxTopics is how many topic rows fit on the card.
const MaxTopics = 13

// Width and Height are the card's size in pixels.
const (
	Width  = 800
	Height = 500
)

// StatsPNG draws s as a Width×Height PNG.
func StatsPNG(s Stats) ([]byte, error) {
	img, err := render(s)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	// The flat colours compress well: about 75 KB for a busy card at the
	// default level; BestCompression saves 2% for six times the CPU.
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode card: %w", err)
	}
	return buf.Bytes(), nil
}

// hasRecord reports whether the member answered anything at all.
func (s Stats) hasRecord() bool {
	for _, d := range s.Days {
		if d == Right || d == Wrong {
			return true
		}
	}
	for _, t := range s.Topics {
		if t.Answered > 0 {
			return true
		}
	}
	return s.Interview.Answered > 0 || s.Points > 0
}

func render(s Stats) (image.Image, error) {
	f, err := newFaces()
	if err != nil {
		return nil, err
	}
	c := newCanvas(f)
	c.header(s)
	if s.hasRecord() {
		c.calendar(s.Days, s.Today)
		c.topics(s.Topics)
	} else {
		c.noRecord()
	}
	return c.img, nil
}
