package slack

import (
	"context"
	"errors"
	"fmt"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// startSocket connects over Socket Mode and returns once connected, or
// when the first connection fails for good (a bad app token) or ctx ends.
// slack-go reconnects by itself afterwards.
func (a *Adapter) startSocket(ctx context.Context) error {
	a.socket = socketmode.New(a.api)
	a.socketDone = make(chan struct{})
	connected := make(chan struct{})
	runErr := make(chan error, 1)
	go func() {
		defer close(a.socketDone)
		err := a.socket.RunContext(a.ctx)
		a.ready.Store(false)
		if a.ctx.Err() == nil {
			a.log.Error("slack socket mode stopped", "err", err)
		}
		runErr <- err
	}()
	a.eventsDone = make(chan struct{})
	go func() {
		defer close(a.eventsDone)
		a.socketEvents(connected)
	}()
	select {
	case <-connected:
		return nil
	case err := <-runErr:
		return fmt.Errorf("slack socket mode: %w", err)
	case <-ctx.Done():
		return fmt.Errorf("slack socket mode: %w", ctx.Err())
	}
}

// socketEvents reads the Socket Mode client's events until Close. Every
// request is acknowledged here or, for commands, within ackWait.
func (a *Adapter) socketEvents(connected chan<- struct{}) {
	first := true
	for {
		var evt socketmode.Event
		select {
		case <-a.ctx.Done():
			return
		case evt = <-a.socket.Events:
		}
		switch evt.Type {
		case socketmode.EventTypeConnected:
			a.ready.Store(true)
			if first {
				first = false
				close(connected)
			} else {
				a.metrics.Reconnected()
				a.log.Info("slack socket mode reconnected")
			}
		case socketmode.EventTypeConnecting:
			a.ready.Store(false)
			a.log.Debug("slack socket mode connecting")
		case socketmode.EventTypeConnectionError, socketmode.EventTypeDisconnect:
			a.ready.Store(false)
			a.log.Warn("slack socket mode disconnected", "event", string(evt.Type), "err", eventError(evt))
		case socketmode.EventTypeInvalidAuth:
			a.ready.Store(false)
			a.log.Error("slack socket mode: the app token was refused")
		case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorBadMessage, socketmode.EventTypeErrorWriteFailed:
			a.log.Warn("slack socket mode error", "event", string(evt.Type), "err", eventError(evt))
		case socketmode.EventTypeSlashCommand:
			a.socketCommand(evt)
		case socketmode.EventTypeInteractive:
			a.ack(evt, nil)
			if ic, ok := evt.Data.(slackapi.InteractionCallback); ok {
				a.interaction(ic)
			}
		case socketmode.EventTypeEventsAPI:
			a.ack(evt, nil)
			if ev, ok := evt.Data.(slackevents.EventsAPIEvent); ok {
				a.event(ev)
			}
		}
	}
}

// socketCommand runs a slash command without blocking the event loop; its
// acknowledgement carries the reply when it is ready in time.
func (a *Adapter) socketCommand(evt socketmode.Event) {
	sc, ok := evt.Data.(slackapi.SlashCommand)
	if !ok {
		a.ack(evt, nil)
		return
	}
	started := a.goWork(func(context.Context) {
		if msg := a.command(sc); msg != nil {
			a.ack(evt, msg)
			return
		}
		a.ack(evt, nil)
	})
	if !started {
		a.ack(evt, webhookMessage(privateText(msgShuttingDown), ephemeral, false))
	}
}

// ack acknowledges a Socket Mode request, with a payload or none.
func (a *Adapter) ack(evt socketmode.Event, payload *slackapi.WebhookMessage) {
	if evt.Request == nil {
		return
	}
	ctx, cancel := context.WithTimeout(a.ctx, ackTimeout)
	defer cancel()
	var body any // a nil *WebhookMessage would be sent as "payload": null
	if payload != nil {
		body = payload
	}
	if err := a.socket.AckCtx(ctx, evt.Request.EnvelopeID, body); err != nil {
		a.log.Warn("slack socket mode ack failed", "err", err)
	}
}

// eventError is the error a Socket Mode client event carries, if any.
func eventError(evt socketmode.Event) error {
	switch d := evt.Data.(type) {
	case *slackapi.ConnectionErrorEvent:
		return d.ErrorObj
	case *slackapi.IncomingEventError:
		return d.ErrorObj
	case *socketmode.ErrorBadMessage:
		return d.Cause
	case *socketmode.ErrorWriteFailed:
		return d.Cause
	case error:
		return d
	}
	return errors.New(string(evt.Type))
}
