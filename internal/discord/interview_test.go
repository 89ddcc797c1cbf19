package discord

import (
	"strings"
	"testing"

	"github.com/dockerqotd/dockerqotd/internal/discord/discordtest"
)

// buttonLabelled finds a button of m by its label.
func buttonLabelled(t *testing.T, m discordtest.Message, label string) discordtest.Component {
	t.Helper()
	for _, b := range m.Buttons() {
		if b.Label == label {
			return b
		}
	}
	t.Fatalf("no button %q in %s", label, m)
	return discordtest.Component{}
}

// TestInterviewThroughTheGateway runs interview mode as a member does on
// Discord: /docker interview shows the question privately with an Answer
// button, the button opens a modal, the modal's submit gets the graded
// result, and the rating and appeal buttons update it in place.
func TestInterviewThroughTheGateway(t *testing.T) {
	t.Parallel()
	bank := embeddedBank(t)
	f := newFixture(t, fixtureOptions{bank: bank})
	ask := f.interact(discordtest.Command("docker", discordtest.Sub("interview", discordtest.String("topic", "containers"))).By(bob))
	if ask.Type != 4 || !ask.Ephemeral() || !strings.Contains(ask.Message.Text(), "Interview practice") {
		t.Fatalf("/docker interview = type %d, %s; want a private message with the question", ask.Type, ask.Message)
	}
	answer := buttonLabelled(t, ask.Message, "✍️ Answer")
	form := f.interact(discordtest.Click(ask.Message, answer.CustomID).By(bob))
	if form.Type != 9 || form.Modal == nil || len(form.Modal.Inputs) != 1 || form.Modal.Inputs[0].Style != 2 || form.Modal.Inputs[0].MaxLength != 4000 {
		t.Fatalf("clicking Answer = type %d, modal %+v; want a modal (9) with one paragraph input of up to 4,000 characters", form.Type, form.Modal)
	}
	q, ok := bank.Question(strings.TrimPrefix(form.Modal.CustomID, "v1:interview:"))
	if !ok || !strings.Contains(ask.Message.Text(), q.InterviewPrompt()) {
		t.Fatalf("modal %q does not name the question asked", form.Modal.CustomID)
	}

	empty := f.interact(discordtest.SubmitModal(*form.Modal, map[string]string{"answer": "   "}).By(bob))
	if !empty.Ephemeral() || !strings.Contains(empty.Message.Text(), "Write your answer first") {
		t.Errorf("an empty answer = %s; want a private hint", empty.Message)
	}
	res := f.interact(discordtest.SubmitModal(*form.Modal, map[string]string{"answer": "I would restart the container and look at the logs."}).By(bob))
	if !res.Ephemeral() || !strings.Contains(res.Message.Text(), "0 of ") || !strings.Contains(res.Message.Text(), "Model answer") {
		t.Fatalf("the submit = %s; want the private graded result", res.Message)
	}
	for _, label := range []string{"Again", "Hard", "Good", "Easy", "I covered 1"} {
		buttonLabelled(t, res.Message, label)
	}
	appeal := f.interact(discordtest.Click(res.Message, buttonLabelled(t, res.Message, "I covered 1").CustomID).By(bob))
	if appeal.Type != 7 || appeal.Message.ID != res.Message.ID || !strings.Contains(appeal.Message.Text(), "self-assessed") {
		t.Errorf("appeal = type %d, %s; want the result updated in place (7), self-assessed", appeal.Type, appeal.Message)
	}
	other := f.interact(discordtest.Click(res.Message, buttonLabelled(t, res.Message, "I covered 2").CustomID).By(alice))
	if !other.Ephemeral() || other.Type == 7 || !strings.Contains(other.Message.Text(), "someone else's") {
		t.Errorf("another member's appeal = type %d, %s; want a private refusal", other.Type, other.Message)
	}
	rated := f.interact(discordtest.Click(appeal.Message, buttonLabelled(t, appeal.Message, "Good").CustomID).By(bob))
	if rated.Type != 7 || !strings.Contains(rated.Message.Text(), "Rated **Good**") {
		t.Errorf("rating = type %d, %s; want the result updated with the rating", rated.Type, rated.Message)
	}
	stale := f.interact(discordtest.SubmitModal(discordtest.Modal{CustomID: "v1:interview:no-such-question", Inputs: form.Modal.Inputs}, map[string]string{"answer": "an answer"}).By(bob))
	if !stale.Ephemeral() || !strings.Contains(stale.Message.Text(), "no longer in the bank") {
		t.Errorf("a stale modal = %s; want a private refusal", stale.Message)
	}
}

// TestPractiseAnsweringOpensAModal: the Practise answering button of a
// revealed daily post opens the modal at once.
func TestPractiseAnsweringOpensAModal(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fixtureOptions{bank: embeddedBank(t)})
	for range 2 {
		f.interact(discordtest.Command("docker-admin", discordtest.Sub("post-now")).By(alice))
	}
	posts := f.srv.Posts(discordtest.DefaultChannel)
	if len(posts) != 2 {
		t.Fatalf("%d posts; want 2", len(posts))
	}
	f.await("the first post revealed", func() bool {
		m, _ := f.srv.Message(posts[0].ID)
		for _, b := range m.Buttons() {
			if b.Label == "🎤 Practise answering" {
				return true
			}
		}
		return false
	})
	revealed, _ := f.srv.Message(posts[0].ID)
	r := f.interact(discordtest.Click(revealed, buttonLabelled(t, revealed, "🎤 Practise answering").CustomID).By(alice))
	if r.Type != 9 || r.Modal == nil {
		t.Errorf("Practise answering = type %d; want a modal", r.Type)
	}
}
