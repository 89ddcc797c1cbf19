package slack

import (
	"context"
	"sync"
	"time"

	"github.com/slack-go/slack/slackevents"
)

// Slack redelivers an event it thinks was not acknowledged: after a few
// seconds, a minute and five minutes. The adapter remembers event ids for
// longer than that, but only so many.
const (
	eventTTL  = 10 * time.Minute
	maxEvents = 10000
)

// eventSet remembers the event ids seen recently, to drop redeliveries.
type eventSet struct {
	ttl time.Duration
	max int

	mu   sync.Mutex
	seen map[string]time.Time
	// order lists the ids oldest first, to expire and evict them.
	order []string
}

func newEventSet(ttl time.Duration, max int) *eventSet {
	return &eventSet{ttl: ttl, max: max, seen: map[string]time.Time{}}
}

// firstSeen records id and reports whether it is new: not seen within the
// last ttl. An empty id is always new.
func (s *eventSet) firstSeen(id string, now time.Time) bool {
	if id == "" {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.order) > 0 && (len(s.order) >= s.max || now.Sub(s.seen[s.order[0]]) > s.ttl) {
		delete(s.seen, s.order[0])
		s.order = s.order[1:]
	}
	if _, ok := s.seen[id]; ok {
		return false
	}
	s.seen[id] = now
	s.order = append(s.order, id)
	return true
}

// event handles one Events API event after it was acknowledged; a
// redelivered event (same event_id) is dropped.
func (a *Adapter) event(ev slackevents.EventsAPIEvent) {
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok {
		return
	}
	if !a.events.firstSeen(cb.EventID, a.now()) {
		a.log.Debug("slack event redelivered; ignored", "event_id", cb.EventID)
		return
	}
	home, ok := ev.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent)
	if !ok || (home.Tab != "" && home.Tab != "home") {
		return
	}
	team := ev.TeamID
	a.goWork(func(ctx context.Context) {
		start := time.Now()
		if err := a.publishHome(ctx, team, home.User); err != nil {
			a.log.Warn("slack app home not published", "team", team, "user", home.User, "err", err)
		}
		a.metrics.Interaction("event", time.Since(start))
	})
}
