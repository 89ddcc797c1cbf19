package card

import (
	"fmt"
	"image"
)

// Topic layout: one row per topic, its name, a bar of the share answered
// right, then "right/answered" and the percent.
const (
	topicLeft   = calRight + 28
	topicRight  = Width - pad
	topicTop    = bodyHeadingBase + 12
	topicPitch  = 22
	topicLabelW = 114
	topicPctW   = 48 // the percent column, right-aligned
	topicNumW   = 110
	barHeight   = 9
)

func (c *canvas) topics(ts []Topic) {
	c.text(c.f.heading, colText, topicLeft, bodyHeadingBase, left, "Accuracy by topic")
	if len(ts) == 0 {
		c.text(c.f.body, colMuted, topicLeft, topicTop+topicPitch, left, "No topics answered yet.")
		return
	}
	if len(ts) > MaxTopics {
		ts = ts[:MaxTopics]
	}
	barLeft := topicLeft + topicLabelW
	barRight := topicRight - topicNumW
	for i, t := range ts {
		top := topicTop + i*topicPitch
		base := top + topicPitch/2 + 5
		name := fit(c.f.small, printable(c.f.regular, t.Name), topicLabelW-8)
		track := image.Rect(barLeft, top+topicPitch/2-barHeight/2, barRight, top+topicPitch/2+barHeight/2)
		fill(c.img, track, colTrack)
		if t.Answered <= 0 {
			c.text(c.f.small, colMuted, topicLeft, base, left, name)
			c.text(c.f.small, colMuted, topicRight, base, right, "—")
			continue
		}
		good := min(max(t.Right, 0), t.Answered)
		pct := good * 100 / t.Answered
		bar := track
		bar.Max.X = bar.Min.X + track.Dx()*good/t.Answered
		fill(c.img, bar, colRight)
		c.text(c.f.small, colText, topicLeft, base, left, name)
		c.text(c.f.mono, colMuted, topicRight-topicPctW, base, right, fmt.Sprintf("%d/%d", good, t.Answered))
		c.text(c.f.small, colText, topicRight, base, right, fmt.Sprintf("%d%%", pct))
	}
}
