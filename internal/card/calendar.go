package card

import (
	"fmt"
	"image"
	"time"
)

// Calendar layout: like GitHub's contribution graph, a column per week and a
// row per weekday, Monday on top; the last column holds today.
const (
	bodyHeadingBase = 184
	calLeft         = pad + 40 // the weekday labels sit left of it
	calTop          = 220
	cellSize        = 11
	cellPitch       = 14
	calCols         = MaxDays/7 + 1 // 26 weeks start mid-week, so one more column
	calRight        = calLeft + calCols*cellPitch - (cellPitch - cellSize)
	calBottom       = calTop + 7*cellPitch - (cellPitch - cellSize)
	legendTop       = calBottom + 20
	summaryBase     = Height - pad - (tileLabelBase - tileValueBase) - 4
	summaryTileW    = (calRight - pad) / 2
)

// cellRect is the square of the cell in column col (0 is the oldest week)
// and row row (0 is Monday).
func cellRect(col, row int) image.Rectangle {
	x := calLeft + col*cellPitch
	y := calTop + row*cellPitch
	return image.Rect(x, y, x+cellSize, y+cellSize)
}

// weekRow is the row of a weekday: Monday 0 … Sunday 6.
func weekRow(d time.Weekday) int { return (int(d) + 6) % 7 }

// cellOf returns the column and row of the i-th of n days, the last of
// which falls on today; the grid is right-aligned, so today is always in the
// last column. n is at most MaxDays.
func cellOf(i, n int, today time.Weekday) (col, row int) {
	pos := (calCols-1)*7 + weekRow(today) - (n - 1 - i)
	return pos / 7, pos % 7
}

func (c *canvas) calendar(days []Day, today time.Time) {
	if len(days) > MaxDays {
		days = days[len(days)-MaxDays:]
	}
	c.text(c.f.heading, colText, pad, bodyHeadingBase, left, "Daily questions · last 26 weeks")

	for row, name := range []string{"Mon", "", "Wed", "", "Fri", "", "Sun"} {
		if name != "" {
			r := cellRect(0, row)
			c.text(c.f.small, colMuted, calLeft-6, r.Max.Y, right, name)
		}
	}
	c.monthLabels(today)

	// The whole grid up to today starts as "no question", so a short
	// record still sits in a full 26-week calendar.
	for pos := range (calCols-1)*7 + weekRow(today.Weekday()) + 1 {
		c.cell(cellRect(pos/7, pos%7), NoPost)
	}
	var count [Frozen + 1]int
	for i, d := range days {
		if d < NoPost || d > Frozen {
			d = NoPost
		}
		count[d]++
		col, row := cellOf(i, len(days), today.Weekday())
		c.cell(cellRect(col, row), d)
	}

	x := pad
	for _, item := range []struct {
		d    Day
		name string
	}{{Right, "right"}, {Wrong, "wrong"}, {Missed, "missed"}, {Frozen, "frozen"}, {NoPost, "no question"}} {
		r := image.Rect(x, legendTop, x+cellSize, legendTop+cellSize)
		c.cell(r, item.d)
		x += cellSize + 6
		x += c.text(c.f.small, colMuted, x, r.Max.Y+1, left, item.name) + 14
	}

	accuracy := tile{"—", "", "no daily answers"}
	if answered := count[Right] + count[Wrong]; answered > 0 {
		accuracy = tile{fmt.Sprintf("%d%%", count[Right]*100/answered), " right",
			fmt.Sprintf("%d of %d answered", count[Right], answered)}
	}
	c.tile(pad, summaryBase, summaryTileW, accuracy)
	// Frozen days were missed too; the freeze only kept the streak.
	c.tile(pad+summaryTileW, summaryBase, summaryTileW, tile{fmt.Sprint(count[Missed] + count[Frozen]), " missed",
		fmt.Sprintf("%d kept by a freeze", count[Frozen])})
}

// monthLabels names each month above the first column whose Monday is in
// it, leaving out labels that would crowd the one before.
func (c *canvas) monthLabels(today time.Time) {
	lastMonday := today.AddDate(0, 0, -weekRow(today.Weekday()))
	prev, lastX := time.Month(0), -100
	for col := range calCols {
		monday := lastMonday.AddDate(0, 0, 7*(col-calCols+1))
		if m := monday.Month(); m != prev {
			prev = m
			x := cellRect(col, 0).Min.X
			if col == 0 && monday.Day() > 21 {
				continue // too little of this month to name it
			}
			if x-lastX < 3*cellPitch {
				continue
			}
			c.text(c.f.small, colMuted, x, calTop-9, left, m.String()[:3])
			lastX = x
		}
	}
}

// cell draws one calendar square.
func (c *canvas) cell(r image.Rectangle, d Day) {
	fill(c.img, r, dayColour(d))
	if d == Missed {
		for _, edge := range []image.Rectangle{
			{r.Min, image.Pt(r.Max.X, r.Min.Y+1)},
			{image.Pt(r.Min.X, r.Max.Y-1), r.Max},
			{r.Min, image.Pt(r.Min.X+1, r.Max.Y)},
			{image.Pt(r.Max.X-1, r.Min.Y), r.Max},
		} {
			fill(c.img, edge, colOutline)
		}
	}
}

// Blank is a calendar cell after today, which Weeks leaves empty.
const Blank Day = -1

// Weeks lays days (oldest first, the last one today) out as n weeks for
// text calendars: weeks[col][row], the last column holding today, row 0
// Monday. Days before the first of days are NoPost, days after today
// Blank.
func Weeks(days []Day, today time.Weekday, n int) [][7]Day {
	weeks := make([][7]Day, n)
	last := (n-1)*7 + weekRow(today)
	for pos := range n * 7 {
		d := NoPost
		switch i := len(days) - 1 - (last - pos); {
		case pos > last:
			d = Blank
		case i >= 0:
			d = days[i]
		}
		weeks[pos/7][pos%7] = d
	}
	return weeks
}
