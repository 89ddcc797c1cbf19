package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"time"
)

// maxRequestAge is how far a request's timestamp may be from now, either
// way, before it is refused as a replay (or a clock gone wrong).
const maxRequestAge = 5 * time.Minute

// Reasons a request is refused; none of them names the secret.
var (
	errNoSignature  = errors.New("missing X-Slack-Signature or X-Slack-Request-Timestamp")
	errBadTimestamp = errors.New("timestamp is not a number")
	errStale        = errors.New("timestamp is more than 5 minutes away from now")
	errBadSignature = errors.New("signature does not match")
)

// sign returns Slack's request signature of body sent at timestamp ts:
// "v0=" and the hex HMAC-SHA256, keyed with the signing secret, of
// "v0:<ts>:<body>".
func sign(secret, ts string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + ts + ":"))
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// verifySignature checks a request's X-Slack-Signature (sig) and
// X-Slack-Request-Timestamp (ts) against its body at time now.
func verifySignature(secret, sig, ts string, body []byte, now time.Time) error {
	if sig == "" || ts == "" {
		return errNoSignature
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errBadTimestamp
	}
	if age := now.Sub(time.Unix(sec, 0)); age > maxRequestAge || age < -maxRequestAge {
		return errStale
	}
	if !hmac.Equal([]byte(sign(secret, ts, body)), []byte(sig)) {
		return errBadSignature
	}
	return nil
}
