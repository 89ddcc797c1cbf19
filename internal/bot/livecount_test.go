package bot

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// timers is a fake AfterFunc: it keeps the functions and their delays
// until the test fires them.
type timers struct {
	mu     sync.Mutex
	delays []time.Duration
	funcs  []func()
}

func (tm *timers) afterFunc(d time.Duration, f func()) {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	tm.delays = append(tm.delays, d)
	tm.funcs = append(tm.funcs, f)
}

func (tm *timers) fire() int {
	tm.mu.Lock()
	fs := tm.funcs
	tm.funcs = nil
	tm.mu.Unlock()
	for _, f := range fs {
		f()
	}
	return len(fs)
}

func TestLiveCountDebouncesEdits(t *testing.T) {
	f := newFixture(t)
	tm := &timers{}
	f.bot.live = newLiveCount(f.bot, tm.afterFunc)
	f.bot.SetPublisher("slack", f.pub)
	team := f.team(t)
	if _, err := f.bot.PostNow(ctx, team, f.pub); err != nil {
		t.Fatal(err)
	}
	post := f.pub.sent[0]
	click := func(user string) {
		f.click(t, teamCaller(user), post, "A")
		f.bot.Wait()
	}
	footers := func() []string {
		var out []string
		for _, m := range f.pub.edits {
			out = append(out, m.Card.Footer)
		}
		return out
	}

	click("u1") // the first answer edits at once
	if got := footers(); len(got) != 1 || got[0] != "1 answered" {
		t.Fatalf("after the first answer: edits %v; want [1 answered]", got)
	}
	f.clock.add(time.Second)
	for i := 2; i <= 4; i++ {
		click(fmt.Sprintf("u%d", i)) // within 5 s: folded into one later edit
	}
	if got := footers(); len(got) != 1 {
		t.Fatalf("answers within 5 s edited at once: %v", got)
	}
	if len(tm.delays) != 1 || tm.delays[0] != 4*time.Second {
		t.Fatalf("scheduled edits %v; want one, 4 s later (5 s after the last edit)", tm.delays)
	}
	f.clock.add(4 * time.Second)
	tm.fire()
	f.bot.Wait()
	if got := footers(); len(got) != 2 || got[1] != "4 answered" {
		t.Fatalf("after the interval: edits %v; want the last count, 4 answered", got)
	}
	f.clock.add(10 * time.Second)
	click("u5") // a quiet spell has passed: at once again
	if got := footers(); len(got) != 3 || got[2] != "5 answered" {
		t.Errorf("after a quiet spell: edits %v; want 5 answered at once", got)
	}
	if tm.fire() != 0 {
		t.Error("an edit was scheduled although none was needed")
	}
}

func TestFlushWritesWaitingCounts(t *testing.T) {
	f := newFixture(t)
	tm := &timers{}
	f.bot.live = newLiveCount(f.bot, tm.afterFunc)
	f.bot.SetPublisher("slack", f.pub)
	if _, err := f.bot.PostNow(ctx, f.team(t), f.pub); err != nil {
		t.Fatal(err)
	}
	post := f.pub.sent[0]
	f.click(t, teamCaller("u1"), post, "A")
	f.click(t, teamCaller("u2"), post, "B")
	f.bot.Flush()
	if n := len(f.pub.edits); n != 2 || f.pub.edits[1].Card.Footer != "2 answered" {
		t.Fatalf("after Flush: %d edits; want the waiting count written", n)
	}
	tm.fire() // the interval ends after the flush: nothing more to write
	f.bot.Wait()
	if n := len(f.pub.edits); n != 2 {
		t.Errorf("the timer wrote again after the flush: %d edits", n)
	}
}

// TestLiveCountForgetsRevealedPosts answers and reveals many posts: the
// live count keeps no state for a revealed post.
func TestLiveCountForgetsRevealedPosts(t *testing.T) {
	f := newFixture(t)
	tm := &timers{}
	f.bot.live = newLiveCount(f.bot, tm.afterFunc)
	f.bot.SetPublisher("slack", f.pub)
	team := f.team(t)
	size := func() int {
		f.bot.live.mu.Lock()
		defer f.bot.live.mu.Unlock()
		return len(f.bot.live.posts)
	}
	for i := range 200 {
		if _, err := f.bot.PostNow(ctx, team, f.pub); err != nil {
			t.Fatal(err)
		}
		post := f.pub.sent[len(f.pub.sent)-1]
		f.click(t, teamCaller("u1"), post, "A")
		f.click(t, teamCaller("u2"), post, "B") // within 5 s: an edit waits
		f.bot.Wait()
		if n := size(); n != 1 {
			t.Fatalf("post %d: the live count holds %d posts; want only the open one", i+1, n)
		}
		f.clock.add(time.Minute)
	}
	// The last post is revealed by post-now; the waiting edits find nothing.
	if _, err := f.bot.PostNow(ctx, team, f.pub); err != nil {
		t.Fatal(err)
	}
	tm.fire()
	f.bot.Wait()
	if n := size(); n != 0 {
		t.Errorf("after every answered post was revealed the live count holds %d posts; want 0", n)
	}
}
