package card

import (
	"image"
	"image/color"
	"image/draw"
)

// The palette. The card is a dark slate with light text; the day colours
// differ in lightness as well as hue so right and wrong stay apart for
// red-green colour-blind readers, and the legend names them.
var (
	colBackground = rgb(0x15, 0x1b, 0x26)
	colBorder     = rgb(0x3a, 0x46, 0x5a)
	colDivider    = rgb(0x2a, 0x33, 0x42)
	colText       = rgb(0xe8, 0xec, 0xf2)
	colMuted      = rgb(0x9a, 0xa4, 0xb5)
	colTrack      = rgb(0x26, 0x2e, 0x3c)

	colRight   = rgb(0x6a, 0xe6, 0x96) // light green
	colWrong   = rgb(0xc8, 0x3c, 0x0c) // darker orange-red
	colMissed  = rgb(0x3b, 0x44, 0x55) // dim grey, outlined
	colOutline = rgb(0x6f, 0x7a, 0x8e)
	colFrozen  = rgb(0x6c, 0xb6, 0xff) // ice blue
	colNoPost  = rgb(0x20, 0x27, 0x34) // very faint
)

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{r, g, b, 0xff} }

// dayColour is the fill of a calendar cell.
func dayColour(d Day) color.RGBA {
	switch d {
	case Right:
		return colRight
	case Wrong:
		return colWrong
	case Missed:
		return colMissed
	case Frozen:
		return colFrozen
	default:
		return colNoPost
	}
}

// Frame: the card's margin and border.
const (
	pad    = 24
	border = 2
)

type canvas struct {
	img *image.RGBA
	f   *faces
}

func newCanvas(f *faces) *canvas {
	img := image.NewRGBA(image.Rect(0, 0, Width, Height))
	fill(img, img.Rect, colBorder)
	fill(img, img.Rect.Inset(border), colBackground)
	return &canvas{img: img, f: f}
}

func fill(img *image.RGBA, r image.Rectangle, col color.Color) {
	draw.Draw(img, r, image.NewUniform(col), image.Point{}, draw.Src)
}
