package card

import (
	"fmt"
	"image"
)

// Header layout: the name, then a row of tiles, each a big value (with a
// smaller word after it) over a label.
const (
	nameBaseline  = 58
	tileValueBase = 108
	tileLabelBase = 132
	tileMinGap    = 20
	dividerY      = 150
)

// tile is one number in the header.
type tile struct{ value, suffix, label string }

func headerTiles(s Stats) []tile {
	plural := func(n int, one, many string) string {
		if n == 1 {
			return one
		}
		return many
	}
	rank := tile{"—", "", "no rank yet"}
	if s.Rank > 0 {
		rank = tile{fmt.Sprintf("#%s", thousands(s.Rank)), "", "rank"}
		if s.Players > 0 {
			rank.suffix = " of " + thousands(s.Players)
		}
	}
	interview := tile{"—", "", "no interview answers"}
	if s.Interview.Answered > 0 {
		interview = tile{fmt.Sprintf("%d%%", s.Interview.MeanPercent), " mean",
			fmt.Sprintf("%s interview %s", thousands(s.Interview.Answered), plural(s.Interview.Answered, "answer", "answers"))}
	}
	return []tile{
		{thousands(s.Points), "", plural(s.Points, "point", "points")},
		rank,
		{thousands(s.Streak), plural(s.Streak, " day", " days"), fmt.Sprintf("streak · best %s", thousands(s.Best))},
		{thousands(s.FreezesHeld), " held", fmt.Sprintf("freezes · %s used", thousands(s.FreezesUsed))},
		interview,
	}
}

func (c *canvas) header(s Stats) {
	name := fit(c.f.name, printable(c.f.regular, s.Name), Width-2*pad)
	if name == "" {
		name = "Member"
	}
	c.text(c.f.name, colText, pad, nameBaseline, left, name)

	// Tiles take their natural width and share the rest of the row as
	// gaps; if that leaves too little gap, they get equal widths and
	// their text is shortened to fit.
	tiles := headerTiles(s)
	widths := make([]int, len(tiles))
	total := 0
	for i, t := range tiles {
		widths[i] = max(width(c.f.value, t.value)+width(c.f.body, t.suffix), width(c.f.small, t.label))
		total += widths[i]
	}
	room := Width - 2*pad
	gap := (room - total) / (len(tiles) - 1)
	if gap < tileMinGap {
		gap = tileMinGap
		for i := range widths {
			widths[i] = (room - gap*(len(tiles)-1)) / len(tiles)
		}
	}
	x := pad
	for i, t := range tiles {
		c.tile(x, tileValueBase, widths[i], t)
		x += widths[i] + gap
	}
	fill(c.img, image.Rect(pad, dividerY, Width-pad, dividerY+1), colDivider)
}

// tile draws t at most w pixels wide with the value's baseline at y.
func (c *canvas) tile(x, y, w int, t tile) {
	value := fit(c.f.value, t.value, w)
	vw := c.text(c.f.value, colText, x, y, left, value)
	if t.suffix != "" && value == t.value {
		c.text(c.f.body, colMuted, x+vw, y, left, fit(c.f.body, t.suffix, w-vw))
	}
	c.text(c.f.small, colMuted, x, y+tileLabelBase-tileValueBase, left, fit(c.f.small, t.label, w))
}

// noRecord fills the body of a member who has not answered anything yet.
func (c *canvas) noRecord() {
	mid := (dividerY + Height) / 2
	c.text(c.f.message, colText, Width/2, mid-14, center, "No answers yet")
	c.text(c.f.body, colMuted, Width/2, mid+18, center, "Answer the daily question to start your record:")
	c.text(c.f.body, colMuted, Width/2, mid+42, center, "your 26-week calendar and accuracy by topic will show here.")
}
