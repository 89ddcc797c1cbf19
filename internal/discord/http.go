package discord

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Discord's HTTP interactions endpoint: instead of the gateway, Discord
// POSTs each interaction to the bot's URL, signed with the application's
// Ed25519 key, and takes the first response from the HTTP response. So
// several replicas behind a load balancer can answer interactions, with
// no gateway at all (DISCORD_GATEWAY=off).

// signatureWindow is how old a signed request may be: a replayed request
// outside it is refused.
const signatureWindow = 5 * time.Minute

// maxInteractionBody bounds the body read before the signature is
// checked.
const maxInteractionBody = 1 << 20

var (
	errNoSignature  = errors.New("missing X-Signature-Ed25519 or X-Signature-Timestamp")
	errBadSignature = errors.New("the signature does not match the body")
	errStale        = errors.New("the signed timestamp is too old or in the future")
)

// verifySignature checks Discord's signature: Ed25519 over timestamp+body
// with the application's public key, and a timestamp within
// signatureWindow of now (Discord signs the current Unix time).
func verifySignature(key ed25519.PublicKey, sigHex, timestamp string, body []byte, now time.Time) error {
	if sigHex == "" || timestamp == "" {
		return errNoSignature
	}
	sig, err := hex.DecodeString(sigHex)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return errBadSignature
	}
	if !ed25519.Verify(key, append([]byte(timestamp), body...), sig) {
		return errBadSignature
	}
	secs, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return errStale
	}
	if d := now.Sub(time.Unix(secs, 0)); d > signatureWindow || d < -signatureWindow {
		return errStale
	}
	return nil
}

// InteractionsHandler serves POST /discord/interactions: a request with a
// bad, missing or stale signature gets 401 and nothing else; a PING gets
// a PONG; any other interaction is answered as from the gateway, its first
// response in the HTTP response.
func (a *Adapter) InteractionsHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		received := time.Now()
		if req.Method != http.MethodPost {
			http.Error(w, "POST interactions here", http.StatusMethodNotAllowed)
			return
		}
		body, err := io.ReadAll(io.LimitReader(req.Body, maxInteractionBody))
		if err != nil {
			http.Error(w, "unreadable body", http.StatusBadRequest)
			return
		}
		if err := verifySignature(a.publicKey, req.Header.Get("X-Signature-Ed25519"), req.Header.Get("X-Signature-Timestamp"), body, a.now()); err != nil {
			a.log.Warn("discord interaction refused", "err", err, "remote", req.RemoteAddr)
			http.Error(w, "invalid request signature", http.StatusUnauthorized)
			return
		}
		var in discordgo.Interaction
		if err := json.Unmarshal(body, &in); err != nil || in.ID == "" || in.Token == "" {
			r := readable(body)
			if r == nil {
				http.Error(w, "not an interaction", http.StatusBadRequest)
				return
			}
			in = *r
		}
		if in.Type == discordgo.InteractionPing {
			writeResponse(w, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
			return
		}
		first := make(chan *discordgo.InteractionResponse, 1)
		a.mu.Lock()
		if a.closed {
			a.mu.Unlock()
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
			return
		}
		a.inflight.Add(1)
		a.mu.Unlock()
		go func() {
			defer a.inflight.Done()
			a.handle(&reply{a: a, in: &in, received: received, kind: kindOf(in.Type), first: first})
		}()
		select {
		case resp := <-first:
			writeResponse(w, resp)
		case <-time.After(responseWindow):
			a.log.Warn("discord interaction not answered in time", "interaction", in.ID, "kind", kindOf(in.Type))
			http.Error(w, "no response in time", http.StatusInternalServerError)
		}
	})
}

func writeResponse(w http.ResponseWriter, resp *discordgo.InteractionResponse) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(resp)
}
