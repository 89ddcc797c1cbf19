package card

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// maxPNGBytes is the budget for one card.
const maxPNGBytes = 150 << 10

// decode renders s and decodes the PNG.
func decode(t *testing.T, s Stats) (image.Image, int) {
	t.Helper()
	b, err := StatsPNG(s)
	if err != nil {
		t.Fatalf("StatsPNG: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode card: %v", err)
	}
	return img, len(b)
}

// pixels renders s without the PNG encoding, which is lossless and checked
// by TestStatsPNGDecodes: the pixel tests run many cards, and deflate is most
// of the time under -race.
func pixels(t *testing.T, s Stats) image.Image {
	t.Helper()
	img, err := render(s)
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return img
}

// near reports whether two colours differ by at most tol in every channel.
func near(a, b color.Color, tol int) bool {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	d := func(x, y uint32) bool { return abs(int(x>>8)-int(y>>8)) <= tol }
	return d(ar, br) && d(ag, bg) && d(ab, bb)
}

func abs(n int) int { return max(n, -n) }

func centre(r image.Rectangle) image.Point {
	return image.Pt((r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2)
}

func TestStatsPNGDecodes(t *testing.T) {
	tooMany := busyStats()
	tooMany.Days = append(busyDays(), busyDays()...)
	for range 3 {
		tooMany.Topics = append(tooMany.Topics, tooMany.Topics...)
	}
	odd := busyStats()
	odd.Days = []Day{Right, -1, 99, Wrong}
	odd.Points, odd.Rank, odd.Players = 1234567, 1, 0
	odd.Topics = []Topic{{Name: "", Right: 5, Answered: 3}, {Name: "x", Right: -2, Answered: 4}}
	noTopics := busyStats()
	noTopics.Topics = nil
	practiceOnly := newMemberStats()
	practiceOnly.Topics = []Topic{{Name: "images", Right: 1, Answered: 2}}
	tests := []struct {
		name string
		s    Stats
	}{
		{"busy", busyStats()},
		{"new member", newMemberStats()},
		{"long name", longNameStats()},
		{"zero value", Stats{}},
		{"more days and topics than fit", tooMany},
		{"odd numbers", odd},
		{"no topics", noTopics},
		{"practice only", practiceOnly},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			img, n := decode(t, tc.s)
			if got, want := img.Bounds(), image.Rect(0, 0, Width, Height); got != want {
				t.Errorf("bounds = %v; want %v", got, want)
			}
			if n > maxPNGBytes {
				t.Errorf("PNG is %d bytes; want at most %d", n, maxPNGBytes)
			}
		})
	}
}

// wantCell is where the calendar must put a date, worked out from dates
// rather than positions: the row is the weekday, Monday first, and the column
// counts weeks back from today's, which is the last.
func wantCell(date, today time.Time) image.Rectangle {
	monday := func(d time.Time) time.Time { return d.AddDate(0, 0, -weekRow(d.Weekday())) }
	days := int(math.Round(monday(today).Sub(monday(date)).Hours() / 24))
	return cellRect(calCols-1-days/7, weekRow(date.Weekday()))
}

func TestCalendarCells(t *testing.T) {
	gap := []Day{Right, Wrong, NoPost, NoPost, NoPost, Right, Frozen, Missed, Right}
	tests := []struct {
		name string
		days []Day
	}{
		{"26 weeks", busyDays()},
		{"a gap", gap},
		{"one day", []Day{Wrong}},
		{"more than 26 weeks", append(busyDays(), gap...)},
	}
	for _, tc := range tests {
		// Every weekday for today, so the first day falls on each row.
		for wd := range 7 {
			today := time.Date(2026, time.November, 23+wd, 0, 0, 0, 0, time.UTC)
			t.Run(tc.name+"/"+today.Weekday().String(), func(t *testing.T) {
				s := busyStats()
				s.Days, s.Today = tc.days, today
				img := pixels(t, s)
				shown := tc.days[max(0, len(tc.days)-MaxDays):]
				first := today.AddDate(0, 0, 1-len(shown))
				for i, d := range shown {
					date := first.AddDate(0, 0, i)
					p := centre(wantCell(date, today))
					if got := img.At(p.X, p.Y); !near(got, dayColour(d), 8) {
						t.Errorf("cell of day %d (%s, %v) at %v = %v; want %v", i, date.Format("Mon Jan 2"), d, p, got, dayColour(d))
					}
				}
				// Before the first day the grid shows "no question"; after
				// today it is empty.
				for _, tc := range []struct {
					date time.Time
					want color.RGBA
				}{{first.AddDate(0, 0, -1), colNoPost}, {today.AddDate(0, 0, 1), colBackground}} {
					r := wantCell(tc.date, today)
					if r.Min.X < calLeft || r.Max.X > calRight {
						continue // no cell: the day is in a week off the grid
					}
					if p := centre(r); !near(img.At(p.X, p.Y), tc.want, 0) {
						t.Errorf("cell of %s, outside the days, at %v = %v; want %v", tc.date.Format("Mon Jan 2"), p, img.At(p.X, p.Y), tc.want)
					}
				}
			})
		}
	}
}

func TestCalendarGapKeepsDates(t *testing.T) {
	// Monday, then a gap, then Friday: Friday must stay in Friday's row.
	today := time.Date(2026, time.November, 27, 0, 0, 0, 0, time.UTC) // a Friday
	s := busyStats()
	s.Days, s.Today = []Day{Right, NoPost, NoPost, NoPost, Wrong}, today
	img := pixels(t, s)
	for row, want := range []color.RGBA{colRight, colNoPost, colNoPost, colNoPost, colWrong} {
		p := centre(cellRect(calCols-1, row))
		if got := img.At(p.X, p.Y); !near(got, want, 8) {
			t.Errorf("last week, row %d at %v = %v; want %v", row, p, got, want)
		}
	}
}

func TestNoRecordCard(t *testing.T) {
	img, n := decode(t, newMemberStats())
	if n > maxPNGBytes {
		t.Errorf("PNG is %d bytes; want at most %d", n, maxPNGBytes)
	}
	area := image.Rect(calLeft, calTop, calRight, calBottom).Union(image.Rect(pad, dividerY+1, Width-pad, Height-pad))
	light := 0
	for y := area.Min.Y; y < area.Max.Y; y++ {
		for x := area.Min.X; x < area.Max.X; x++ {
			c := img.At(x, y)
			if near(c, colRight, 40) || near(c, colWrong, 40) {
				t.Fatalf("pixel %v = %v looks like a right or wrong day", image.Pt(x, y), c)
			}
			if near(c, colText, 30) {
				light++
			}
		}
	}
	if light < 100 {
		t.Errorf("%d text pixels in the body; want the no-answers message", light)
	}
}

func TestLongNameIsTruncated(t *testing.T) {
	for _, name := range []string{
		longNameStats().Name,
		strings.Repeat("W", 200),
		strings.Repeat("Ж", 200),
	} {
		s := busyStats()
		s.Name = name
		img := pixels(t, s)
		// The right margin beside the name is background.
		for y := nameBaseline - sizeName; y < nameBaseline+10; y++ {
			for x := Width - pad + 1; x < Width-border; x++ {
				if c := img.At(x, y); !near(c, colBackground, 0) {
					t.Fatalf("name %.20q…: pixel %v in the right margin = %v; want background", name, image.Pt(x, y), c)
				}
			}
		}
	}
}

func TestTopicBars(t *testing.T) {
	s := busyStats()
	s.Topics = []Topic{{"all right", 4, 4}, {"none right", 0, 4}, {"half", 2, 4}, {"unanswered", 0, 0}}
	img := pixels(t, s)
	barLeft, barRight := topicLeft+topicLabelW, topicRight-topicNumW
	at := func(row int, frac float64) color.Color {
		y := topicTop + row*topicPitch + topicPitch/2
		return img.At(barLeft+int(frac*float64(barRight-barLeft)), y)
	}
	tests := []struct {
		row  int
		frac float64
		want color.RGBA
	}{
		{0, 0.05, colRight}, {0, 0.95, colRight},
		{1, 0.05, colTrack}, {1, 0.95, colTrack},
		{2, 0.25, colRight}, {2, 0.75, colTrack},
		{3, 0.05, colTrack},
	}
	for _, tc := range tests {
		if got := at(tc.row, tc.frac); !near(got, tc.want, 8) {
			t.Errorf("bar %d at %.2f = %v; want %v", tc.row, tc.frac, got, tc.want)
		}
	}
}

// TestRenderConcurrent lets the race detector check that cards drawn at the
// same time share no font face.
func TestRenderConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := render(busyStats()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}

func BenchmarkStatsPNG(b *testing.B) {
	s := busyStats()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := StatsPNG(s); err != nil {
			b.Fatal(err)
		}
	}
}

func TestWeeks(t *testing.T) {
	// Nine days ending on a Wednesday: Monday to Wednesday of this week,
	// Tuesday to Sunday of the week before; the rest is before the record
	// or after today.
	days := []Day{Right, Wrong, Missed, Frozen, Right, Right, Wrong, Missed, Right}
	got := Weeks(days, time.Wednesday, 3)
	want := [][7]Day{
		{NoPost, NoPost, NoPost, NoPost, NoPost, NoPost, NoPost},
		{NoPost, Right, Wrong, Missed, Frozen, Right, Right},
		{Wrong, Missed, Right, Blank, Blank, Blank, Blank},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Weeks = %v; want %v", got, want)
	}
}
