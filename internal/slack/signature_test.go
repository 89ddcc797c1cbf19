package slack

import (
	"errors"
	"testing"
	"time"
)

// Slack's published signing example
// (https://api.slack.com/authentication/verifying-requests-from-slack).
const (
	exampleSecret    = "8f742231b10e8888abcd99yyyzzz85a5"
	exampleTimestamp = "1531420618"
	exampleBody      = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	exampleSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
)

func TestSignSlackExample(t *testing.T) {
	if got := sign(exampleSecret, exampleTimestamp, []byte(exampleBody)); got != exampleSignature {
		t.Errorf("sign(Slack's example) = %s; want %s", got, exampleSignature)
	}
}

func TestVerifySignature(t *testing.T) {
	sent := time.Unix(1531420618, 0)
	tests := []struct {
		name        string
		secret, sig string
		ts, body    string
		now         time.Time
		want        error
	}{
		{"Slack's example, a second later", exampleSecret, exampleSignature, exampleTimestamp, exampleBody, sent.Add(time.Second), nil},
		{"4m59s old", exampleSecret, exampleSignature, exampleTimestamp, exampleBody, sent.Add(5*time.Minute - time.Second), nil},
		{"5m01s old", exampleSecret, exampleSignature, exampleTimestamp, exampleBody, sent.Add(5*time.Minute + time.Second), errStale},
		{"5m01s ahead", exampleSecret, exampleSignature, exampleTimestamp, exampleBody, sent.Add(-5*time.Minute - time.Second), errStale},
		{"other secret", "another-secret", exampleSignature, exampleTimestamp, exampleBody, sent, errBadSignature},
		{"body changed", exampleSecret, exampleSignature, exampleTimestamp, exampleBody + "&admin=1", sent, errBadSignature},
		{"timestamp changed", exampleSecret, exampleSignature, "1531420619", exampleBody, sent, errBadSignature},
		{"v1 signature", exampleSecret, "v1=" + exampleSignature[3:], exampleTimestamp, exampleBody, sent, errBadSignature},
		{"no signature", exampleSecret, "", exampleTimestamp, exampleBody, sent, errNoSignature},
		{"no timestamp", exampleSecret, exampleSignature, "", exampleBody, sent, errNoSignature},
		{"timestamp not a number", exampleSecret, exampleSignature, "yesterday", exampleBody, sent, errBadTimestamp},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := verifySignature(tc.secret, tc.sig, tc.ts, []byte(tc.body), tc.now); !errors.Is(err, tc.want) {
				t.Errorf("verifySignature(%s) = %v; want %v", tc.name, err, tc.want)
			}
		})
	}
}
