package discord

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"github.com/dockerqotd/dockerqotd/internal/card"
	"github.com/dockerqotd/dockerqotd/internal/discord/discordtest"
)

// checkCard fails unless the reply carries one stats card: a PNG of the
// card's size, under 150 KB.
func checkCard(t *testing.T, who string, r discordtest.Reply) {
	t.Helper()
	if len(r.Message.Attachments) != 1 {
		t.Fatalf("%s's stats carry %d attachments; want the card", who, len(r.Message.Attachments))
	}
	a := r.Message.Attachments[0]
	img, err := png.Decode(bytes.NewReader(a.Data))
	if err != nil || a.Filename != "stats.png" || a.ContentType != "image/png" {
		t.Fatalf("%s's card %q (%s) does not decode as PNG: %v", who, a.Filename, a.ContentType, err)
	}
	if b := img.Bounds(); b.Dx() != card.Width || b.Dy() != card.Height || len(a.Data) >= 150<<10 {
		t.Errorf("%s's card is %dx%d, %d bytes; want %dx%d under 150 KB", who, b.Dx(), b.Dy(), len(a.Data), card.Width, card.Height)
	}
}

// TestStatsCard: /docker stats answers privately with the record in words
// and the card as an uploaded PNG, also for a member with no answers yet.
func TestStatsCard(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fixtureOptions{})
	f.interact(discordtest.Command("docker-admin", discordtest.Sub("post-now")).By(alice))
	post := f.srv.Posts(discordtest.DefaultChannel)[0]
	f.interact(discordtest.Click(post, post.Buttons()[f.openPost().Correct].CustomID).By(bob))

	r := f.interact(discordtest.Command("docker", discordtest.Sub("stats")).By(bob))
	if !r.Ephemeral() || !strings.Contains(r.Message.Text(), "Stats for") {
		t.Errorf("stats = %s; want the private record in words", r.Message)
	}
	checkCard(t, "bob", r)

	newcomer := discordtest.Member{ID: "555", Name: "Dana"}
	r = f.interact(discordtest.Command("docker", discordtest.Sub("stats")).By(newcomer))
	if !strings.Contains(r.Message.Text(), "No answers yet") {
		t.Errorf("a newcomer's stats = %s; want No answers yet", r.Message)
	}
	checkCard(t, "a newcomer", r)
}
