package slack

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// maxBody bounds the body of a request from Slack.
const maxBody = 1 << 20

// Handler serves Slack's requests in HTTP mode: POST /slack/commands (the
// /docker command), /slack/interactions (button clicks) and /slack/events
// (App Home, and the URL check when the events URL is saved). Every
// request must carry a valid signature made with Config.SigningSecret and
// a timestamp within 5 minutes of now, or it gets 401. Mount it on the bot's
// HTTP server as it is: mux.Handle("/slack/", a.Handler()).
func (a *Adapter) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /slack/commands", a.verified(a.serveCommand))
	mux.Handle("POST /slack/interactions", a.verified(a.serveInteraction))
	mux.Handle("POST /slack/events", a.verified(a.serveEvent))
	return mux
}

// verified passes on the requests signed with the signing secret, their
// body ready to read again.
func (a *Adapter) verified(next func(http.ResponseWriter, *http.Request, []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			http.Error(w, "cannot read the body", http.StatusBadRequest)
			return
		}
		if a.cfg.SigningSecret == "" {
			http.Error(w, "HTTP mode is off: no signing secret", http.StatusUnauthorized)
			return
		}
		err = verifySignature(a.cfg.SigningSecret, r.Header.Get("X-Slack-Signature"), r.Header.Get("X-Slack-Request-Timestamp"), body, a.now())
		if err != nil {
			a.log.Warn("slack request refused", "path", r.URL.Path, "reason", err)
			http.Error(w, "invalid signature", http.StatusUnauthorized)
			return
		}
		a.mu.Lock()
		closing := a.closing
		a.mu.Unlock()
		if closing {
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next(w, r, body)
	})
}

func (a *Adapter) serveCommand(w http.ResponseWriter, r *http.Request, _ []byte) {
	sc, err := slackapi.SlashCommandParse(r)
	if err != nil {
		http.Error(w, "not a slash command", http.StatusBadRequest)
		return
	}
	msg := a.command(sc)
	if msg == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	writeJSON(w, msg)
}

func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request, _ []byte) {
	ic, err := slackapi.InteractionCallbackParse(r)
	if err != nil {
		http.Error(w, "not an interaction payload", http.StatusBadRequest)
		return
	}
	if ic.Type == slackapi.InteractionTypeViewSubmission {
		if resp := a.viewSubmission(ic); resp != nil {
			writeJSON(w, resp)
			return
		}
		w.WriteHeader(http.StatusOK)
		return
	}
	w.WriteHeader(http.StatusOK)
	a.interaction(ic)
}

// serveEvent answers the URL check and acknowledges events at once; a
// redelivery (X-Slack-Retry-Num, same event_id) is acknowledged and
// dropped.
func (a *Adapter) serveEvent(w http.ResponseWriter, r *http.Request, body []byte) {
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		a.log.Warn("slack event not understood", "err", err)
		http.Error(w, "not an event", http.StatusBadRequest)
		return
	}
	if v, ok := ev.Data.(*slackevents.EventsAPIURLVerificationEvent); ok {
		writeJSON(w, map[string]string{"challenge": v.Challenge})
		return
	}
	if n := r.Header.Get("X-Slack-Retry-Num"); n != "" {
		a.log.Debug("slack event retry", "retry", n, "reason", r.Header.Get("X-Slack-Retry-Reason"))
	}
	w.WriteHeader(http.StatusOK)
	a.event(ev)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
