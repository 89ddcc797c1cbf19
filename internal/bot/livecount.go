package bot

import (
	"context"
	"sync"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// liveCountInterval is the shortest time between two "N answered" edits of
// one post.
const liveCountInterval = 5 * time.Second

// liveCount keeps a daily post's "N answered" line current without editing
// the message on every click: the first answer after a quiet spell edits at
// once; answers within liveCountInterval of that edit are folded into one
// more edit when the interval ends, which reads the latest count. So there
// is at most one edit per post per interval, and the last count is always
// written. Several replicas share the interval through the store
// (ClaimLiveEdit): an edit another replica made in the interval defers
// this one to its end.
type liveCount struct {
	b         *Bot
	afterFunc func(time.Duration, func())

	mu    sync.Mutex
	posts map[uint64]*liveState
	wg    sync.WaitGroup
}

type liveState struct {
	last    time.Time // when the last edit started
	pending bool      // an edit is scheduled for the end of the interval
	// editing serialises the post's edits, so an older count never lands
	// after a newer one.
	editing sync.Mutex
}

func newLiveCount(b *Bot, afterFunc func(time.Duration, func())) *liveCount {
	return &liveCount{b: b, afterFunc: afterFunc, posts: map[uint64]*liveState{}}
}

// answered notes an answer to p; it never blocks on the platform.
func (l *liveCount) answered(p quiz.Post) {
	now := l.b.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.posts[p.ID]
	if st == nil {
		st = &liveState{}
		l.posts[p.ID] = st
	}
	if st.pending {
		return
	}
	if wait := st.last.Add(liveCountInterval).Sub(now); wait > 0 {
		st.pending = true
		l.afterFunc(wait, func() { l.flush(p.ID) })
		return
	}
	st.last = now
	l.wg.Add(1)
	go l.edit(p.ID, st, now)
}

// flush runs at the end of an interval with answers waiting; it does
// nothing when flushAll already wrote them.
func (l *liveCount) flush(id uint64) {
	l.mu.Lock()
	st := l.posts[id]
	if st == nil || !st.pending {
		l.mu.Unlock()
		return
	}
	st.pending = false
	// The edit is due at the end of the interval, when the timer was set
	// to fire; that is the time it claims.
	due := st.last.Add(liveCountInterval)
	st.last = later(l.b.now(), due)
	l.wg.Add(1)
	l.mu.Unlock()
	l.edit(id, st, due)
}

// flushAll writes every waiting count now, for a shutdown that cannot wait
// for the intervals to end.
func (l *liveCount) flushAll() {
	l.mu.Lock()
	var ids []uint64
	for id, st := range l.posts {
		if st.pending {
			ids = append(ids, id)
		}
	}
	l.mu.Unlock()
	for _, id := range ids {
		l.flush(id)
	}
	l.wait()
}

// forget drops a revealed post: the reveal's edit shows its final count,
// and an edit still scheduled for it finds nothing to do.
func (l *liveCount) forget(id uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.posts, id)
}

// edit writes the post's current count, unless it was revealed meanwhile
// (the reveal's edit shows the final count) or another replica edited it
// within the interval: then the edit waits for the interval's end.
func (l *liveCount) edit(id uint64, st *liveState, due time.Time) {
	defer l.wg.Done()
	st.editing.Lock()
	defer st.editing.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := l.b.store.Post(ctx, id)
	if err == nil && p.Revealed {
		l.forget(id)
		return
	}
	if err == nil {
		var mine bool
		mine, err = l.b.store.ClaimLiveEdit(ctx, id, due, liveCountInterval)
		if err == nil && !mine {
			l.mu.Lock()
			if cur := l.posts[id]; cur == st && !st.pending {
				st.pending = true
				l.afterFunc(liveCountInterval, func() { l.flush(id) })
			}
			l.mu.Unlock()
			return
		}
	}
	var team quiz.Team
	if err == nil {
		team, err = l.b.store.Team(ctx, p.Team)
	}
	pub := l.b.publisher(p.Team)
	if err == nil && pub != nil {
		err = pub.Edit(ctx, p, l.b.PostMessage(team, p))
	}
	if err != nil {
		l.b.log.Warn("live count edit failed", "post", id, "err", err)
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// wait blocks until the edits in progress are done.
func (l *liveCount) wait() { l.wg.Wait() }
