package slack

import (
	"context"
	"time"

	"github.com/slack-go/slack/slackevents"
)

// Slack redelivers an event it thinks was not acknowledged: after a few
// seconds, a minute and five minutes. The core remembers event ids in the
// store, so a redelivery is dropped whichever replica it reaches.

// event handles one Events API event after it was acknowledged; a
// redelivered event (same event_id) is dropped.
func (a *Adapter) event(ev slackevents.EventsAPIEvent) {
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok {
		return
	}
	if cb.EventID != "" && !a.bot.FirstDelivery(a.ctx, cb.EventID) {
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
