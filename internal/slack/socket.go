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
// when the connection fails for good (a bad app token) or ctx ends. slack-go
// reconnects by itself afterwards. A start that gave up while the client
// was still trying waits for that client instead of starting another.
func (a *Adapter) startSocket(ctx context.Context) error {
	if a.socket == nil || a.socketEnded() {
		a.runSocket()
	}
	select {
	case <-a.socketConnected:
		return nil
	case <-a.socketDone:
		return fmt.Errorf("socket mode: %w", rejected(a.socketErr))
	case <-ctx.Done():
		return fmt.Errorf("socket mode: %w", ctx.Err())
	}
}

// runSocket starts a Socket Mode client and the loop that reads its
// events; both stop when the client's run ends or the adapter closes.
func (a *Adapter) runSocket() {
	a.socket = socketmode.New(a.api)
	a.socketDone = make(chan struct{})
	a.socketConnected = make(chan struct{})
	a.eventsDone = make(chan struct{})
	runCtx, stop := context.WithCancel(a.ctx)
	socket, done, connected := a.socket, a.socketDone, a.socketConnected
	go func() {
		defer close(done)
		defer stop()
		err := socket.RunContext(runCtx)
		a.ready.Store(false)
		if a.ctx.Err() == nil {
			a.log.Error("slack socket mode stopped", "err", err)
		}
		a.socketErr = err
	}()
	go func() {
		defer close(a.eventsDone)
		a.socketEvents(runCtx, socket, connected)
	}()
}

// socketEnded reports whether the last client's run is over.
func (a *Adapter) socketEnded() bool {
	select {
	case <-a.socketDone:
		return true
	default:
		return false
	}
}

// socketEvents reads the Socket Mode client's events until Close. Every
// request is acknowledged here or, for commands, within ackWait.
func (a *Adapter) socketEvents(ctx context.Context, socket *socketmode.Client, connected chan<- struct{}) {
	first := true
	for {
		var evt socketmode.Event
		select {
		case <-ctx.Done():
			return
		case evt = <-socket.Events:
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
			a.socketCommand(socket, evt)
		case socketmode.EventTypeInteractive:
			ic, ok := evt.Data.(slackapi.InteractionCallback)
			if ok && ic.Type == slackapi.InteractionTypeViewSubmission {
				a.ack(socket, evt, a.viewSubmission(ic))
				continue
			}
			a.ack(socket, evt, nil)
			if ok {
				a.interaction(ic)
			}
		case socketmode.EventTypeEventsAPI:
			a.ack(socket, evt, nil)
			if ev, ok := evt.Data.(slackevents.EventsAPIEvent); ok {
				a.event(ev)
			}
		}
	}
}

// socketCommand runs a slash command without blocking the event loop; its
// acknowledgement carries the reply when it is ready in time.
func (a *Adapter) socketCommand(socket *socketmode.Client, evt socketmode.Event) {
	sc, ok := evt.Data.(slackapi.SlashCommand)
	if !ok {
		a.ack(socket, evt, nil)
		return
	}
	started := a.goWork(func(context.Context) {
		if msg := a.command(sc); msg != nil {
			a.ack(socket, evt, msg)
			return
		}
		a.ack(socket, evt, nil)
	})
	if !started {
		a.ack(socket, evt, webhookMessage(privateText(msgShuttingDown), ephemeral, false))
	}
}

// ack acknowledges a Socket Mode request, with a payload or none.
func (a *Adapter) ack(socket *socketmode.Client, evt socketmode.Event, payload any) {
	if evt.Request == nil {
		return
	}
	ctx, cancel := context.WithTimeout(a.ctx, ackTimeout)
	defer cancel()
	// A nil pointer in payload would be sent as "payload": null.
	if m, ok := payload.(*slackapi.WebhookMessage); ok && m == nil {
		payload = nil
	}
	if err := socket.AckCtx(ctx, evt.Request.EnvelopeID, payload); err != nil {
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
