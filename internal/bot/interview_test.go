package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// interviewQuestion has key points, as every entry of the bank does.
func interviewQuestion() quiz.Question {
	return quiz.Question{
		ID: "containers-init", Topic: "containers", Level: quiz.Intermediate,
		Prompt:      "What does --init fix?",
		Open:        "Why would you add --init to docker run?",
		Choices:     [4]string{"right: an init reaps zombies", "wrong one", "wrong two", "wrong three"},
		Explanation: "PID 1 is special.",
		Answer:      "As PID 1 the app ignores signals it has no handler for. Orphans must be reaped or zombies pile up. The --init flag runs tini as PID 1.",
		KeyPoints: []quiz.KeyPoint{
			{Point: "PID 1 ignores signals it has no handler for", Match: [][]string{{"pid 1", "signal"}, {"sigterm", "handler"}}},
			{Point: "Orphans must be reaped, or zombies pile up", Match: [][]string{{"zombie"}, {"reap"}}},
			{Point: "--init runs tini as PID 1", Match: [][]string{{"tini"}, {"init", "pid 1"}}},
		},
	}
}

// buttonWord finds the button a text interface would type word for.
func buttonWord(t *testing.T, m Message, word string) Button {
	t.Helper()
	for _, b := range m.Buttons {
		if b.Word == word {
			return b
		}
	}
	t.Fatalf("no button %q among %+v", word, m.Buttons)
	return Button{}
}

func TestInterviewFlow(t *testing.T) {
	f := newFixtureWith(t, []quiz.Question{interviewQuestion()})
	ann := teamCaller("ann")
	ask := f.bot.CommandText(ctx, ann, "interview containers")
	if !ask.Private || ask.Form == nil || !strings.Contains(ask.Text, "Why would you add --init to docker run?") {
		t.Fatalf("interview = %+v; want a private message with the open prompt and a form", ask)
	}
	answer := buttonWord(t, ask, "interview containers-init")
	if !answer.OpensForm || answer.ID != ask.Form.ID {
		t.Errorf("the Answer button %+v does not open the form %q", answer, ask.Form.ID)
	}
	// A click on the Answer button (or on Practise answering) asks again.
	if m := f.bot.Button(ctx, ann, answer.ID); m.Form == nil || m.Form.ID != ask.Form.ID {
		t.Errorf("clicking Answer = %+v; want the form", m)
	}

	for _, bad := range []struct{ text, want string }{
		{"   ", "Write your answer first"},
		{strings.Repeat("word ", 1000), "the limit is 4000"},
	} {
		m := f.bot.Submit(ctx, ann, ask.Form.ID, bad.text)
		contains(t, "bad answer", m.Text, bad.want)
		if !m.Private || len(m.Buttons) != 0 {
			t.Errorf("a bad answer got %+v; want a private hint and no result", m)
		}
	}

	res := f.bot.Submit(ctx, ann, ask.Form.ID, "PID 1 ignores SIGTERM because it has no handler, so docker stop waits.")
	contains(t, "result", res.Text, "1 of 3 key points")
	contains(t, "result", res.Text, "✅ PID 1 ignores signals it has no handler for")
	contains(t, "result", res.Text, "⬜ 2. Orphans must be reaped")
	contains(t, "result", res.Text, "**Model answer**")
	for _, w := range []string{"again", "hard", "good", "easy", "covered 2", "covered 3"} {
		buttonWord(t, res, w)
	}
	st, _ := f.store.UserStats(ctx, ann.Team, "ann")
	if st.Interview.Answered != 1 || st.Interview.Mean() != 33 || st.Points != 0 || st.Streak != 0 {
		t.Errorf("stats after one interview = %+v; want 1 answer, mean 33%%, no points", st)
	}

	// Another member may not appeal or rate ann's answer.
	bob := teamCaller("bob")
	contains(t, "bob appeals", f.bot.Button(ctx, bob, buttonWord(t, res, "covered 2").ID).Text, "someone else's")
	contains(t, "bob rates", f.bot.Button(ctx, bob, buttonWord(t, res, "good").ID).Text, "someone else's")

	appealed := f.bot.Button(ctx, ann, buttonWord(t, res, "covered 2").ID)
	if !appealed.Replace {
		t.Error("an appeal does not update the result in place")
	}
	contains(t, "appealed", appealed.Text, "2 of 3 key points** (66%) · self-assessed")
	contains(t, "appealed", appealed.Text, "☑️ Orphans must be reaped, or zombies pile up")
	contains(t, "appeal twice", f.bot.Button(ctx, ann, buttonWord(t, res, "covered 2").ID).Text, "already marked")
	if st, _ := f.store.UserStats(ctx, ann.Team, "ann"); st.Interview.Mean() != 66 {
		t.Errorf("mean after the appeal = %d%%; want 66%%", st.Interview.Mean())
	}
	appeals, err := f.store.Appeals(ctx)
	if err != nil || len(appeals) != 1 || appeals[0].Point != 1 || appeals[0].Result.Answer == "" {
		t.Errorf("appeals = %+v, %v; want point 2 of the answer, with its text", appeals, err)
	}

	rated := f.bot.Button(ctx, ann, buttonWord(t, res, "hard").ID)
	contains(t, "rated", rated.Text, "Rated **Hard**")
	contains(t, "rated", rated.Text, "Tuesday 24 November (box 1 of 5)")
	for _, b := range rated.Buttons {
		if b.Word == "good" {
			t.Error("rating buttons remain after rating")
		}
	}
	contains(t, "rate twice", f.bot.Button(ctx, ann, buttonWord(t, res, "easy").ID).Text, "already rated this answer hard")
	f.clock.add(24 * time.Hour)
	review := f.bot.CommandText(ctx, ann, "review")
	if review.Card == nil || review.Card.Prompt != "What does --init fix?" {
		t.Errorf("review the next day = %+v; want the rated question", review)
	}
	stats := f.bot.CommandText(ctx, ann, "stats")
	contains(t, "stats", stats.Text, "Interview practice: 1 answer · mean score 66%")
}

func TestInterviewRatingsMoveTheReviewCard(t *testing.T) {
	tests := []struct {
		rating  quiz.Rating
		wantBox int // 0: not in the queue
	}{
		{quiz.Again, 1}, {quiz.Hard, 1}, {quiz.Good, 1}, {quiz.Easy, 2},
	}
	for _, tc := range tests {
		t.Run(string(tc.rating), func(t *testing.T) {
			f := newFixtureWith(t, []quiz.Question{interviewQuestion()})
			ann := teamCaller("ann")
			res := f.bot.Submit(ctx, ann, "v1:interview:containers-init", "Zombies are reaped by tini running as PID 1.")
			f.bot.Button(ctx, ann, buttonWord(t, res, string(tc.rating)).ID)
			due, _ := f.store.DueReviews(ctx, ann.Team, "ann", f.clock.now().Add(40*24*time.Hour))
			if len(due) != 1 || due[0].Box != tc.wantBox {
				t.Errorf("after %s: queue %+v; want the question in box %d", tc.rating, due, tc.wantBox)
			}
		})
	}
}

func TestPractiseAnsweringButtons(t *testing.T) {
	f := newFixtureWith(t, []quiz.Question{interviewQuestion()})
	team := f.team(t)
	if _, err := f.bot.PostNow(ctx, team, f.pub); err != nil {
		t.Fatal(err)
	}
	post := f.pub.sent[0]
	if len(post.Buttons) != 4 {
		t.Errorf("an open daily post has %d buttons; want only A-D", len(post.Buttons))
	}
	f.clock.add(24 * time.Hour)
	if _, err := f.bot.PostNow(ctx, team, f.pub); err != nil {
		t.Fatal(err)
	}
	revealed := f.pub.edits[len(f.pub.edits)-1]
	if b := buttonWord(t, revealed, "interview containers-init"); b.Disabled || !b.OpensForm {
		t.Errorf("the revealed post's Practise answering button = %+v; want it enabled", b)
	}
	q := f.bot.CommandText(ctx, teamCaller("ann"), "question")
	v := f.click(t, teamCaller("ann"), q, "A")
	buttonWord(t, v, "interview containers-init")
}

func TestInterviewStaleAndUnknown(t *testing.T) {
	f := newFixtureWith(t, []quiz.Question{interviewQuestion()})
	ann := teamCaller("ann")
	contains(t, "removed question", f.bot.Submit(ctx, ann, "v1:interview:gone-question", "an answer").Text, "no longer in the bank")
	contains(t, "stale form", f.bot.Submit(ctx, ann, "v0:interview:x", "an answer").Text, "another version of the bot")
	contains(t, "unknown result", f.bot.Button(ctx, ann, "v1:rate:999:good").Text, "no longer available")
	contains(t, "bad rating", f.bot.Button(ctx, ann, "v1:rate:1:superb").Text, "another version of the bot")
	contains(t, "topic without questions", f.bot.CommandText(ctx, ann, "interview swarm").Text, "No questions match topic swarm")
}
