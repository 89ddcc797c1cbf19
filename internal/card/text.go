package card

import (
	"fmt"
	"image"
	"image/color"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Text sizes in pixels. A Discord embed may show the card scaled down to
// about 520 px wide, so nothing is smaller than 16 px (about 10 px there).
const (
	sizeName    = 34
	sizeValue   = 28
	sizeMessage = 24
	sizeHeading = 18
	sizeBody    = 17
	sizeSmall   = 16
)

// parsedFonts are parsed once: an sfnt.Font is safe for concurrent use, a
// font.Face is not, so faces are made per card.
var parsedFonts = sync.OnceValues(func() ([3]*sfnt.Font, error) {
	var fs [3]*sfnt.Font
	for i, ttf := range [][]byte{goregular.TTF, gobold.TTF, gomono.TTF} {
		f, err := opentype.Parse(ttf)
		if err != nil {
			return fs, fmt.Errorf("parse Go font: %w", err)
		}
		fs[i] = f
	}
	return fs, nil
})

// faces are the font faces one card is drawn with.
type faces struct {
	regular              *sfnt.Font
	name, value, message font.Face
	heading, body, small font.Face
	mono                 font.Face
}

func newFaces() (*faces, error) {
	fs, err := parsedFonts()
	if err != nil {
		return nil, err
	}
	face := func(f *sfnt.Font, size float64) font.Face {
		// NewFace fails only for a nil font.
		ff, _ := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
		return ff
	}
	regular, bold, mono := fs[0], fs[1], fs[2]
	return &faces{
		regular: regular,
		name:    face(bold, sizeName),
		value:   face(bold, sizeValue),
		message: face(bold, sizeMessage),
		heading: face(bold, sizeHeading),
		body:    face(regular, sizeBody),
		small:   face(regular, sizeSmall),
		mono:    face(mono, sizeSmall),
	}, nil
}

// align says where x is relative to the drawn text.
type align int

const (
	left align = iota
	center
	right
)

// width is the advance of s in pixels.
func width(f font.Face, s string) int { return font.MeasureString(f, s).Ceil() }

// text draws s with its baseline at y and returns its width in pixels.
func (c *canvas) text(f font.Face, col color.Color, x, y int, a align, s string) int {
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(col), Face: f}
	w := width(f, s)
	switch a {
	case center:
		x -= w / 2
	case right:
		x -= w
	}
	d.Dot = fixed.P(x, y)
	d.DrawString(s)
	return w
}

// fit shortens s with an ellipsis until it is at most max pixels wide.
func fit(f font.Face, s string, max int) string {
	if width(f, s) <= max {
		return s
	}
	r := []rune(s)
	for len(r) > 0 {
		r = r[:len(r)-1]
		t := strings.TrimRightFunc(string(r), unicode.IsSpace) + "…"
		if width(f, t) <= max {
			return t
		}
	}
	return "…"
}

// printable keeps the runes of s that the Go fonts can draw (regular and bold
// cover the same characters), so an emoji in a display name is left out
// rather than drawn as a box, and folds runs of spaces and control characters
// into one space.
func printable(fnt *sfnt.Font, s string) string {
	var b strings.Builder
	var buf sfnt.Buffer
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = b.Len() > 0
			continue
		}
		if i, err := fnt.GlyphIndex(&buf, r); err != nil || i == 0 {
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// thousands writes n with comma separators: 12,345.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return s
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
