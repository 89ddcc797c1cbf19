package discord

import (
	"crypto/ed25519"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/discord/discordtest"
)

// RFC 8032, section 7.1, test 1: the key pair every test here signs with.
const (
	rfcSeed   = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
	rfcPublic = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
	// rfcSignature is the RFC's signature of the empty message.
	rfcSignature = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
)

func rfcKey(t testing.TB) ed25519.PrivateKey {
	t.Helper()
	seed, err := hex.DecodeString(rfcSeed)
	if err != nil {
		t.Fatal(err)
	}
	return ed25519.NewKeyFromSeed(seed)
}

func TestRFC8032Vector(t *testing.T) {
	key := rfcKey(t)
	if got := hex.EncodeToString(key.Public().(ed25519.PublicKey)); got != rfcPublic {
		t.Fatalf("public key from the RFC's seed = %s; want %s", got, rfcPublic)
	}
	if got := hex.EncodeToString(ed25519.Sign(key, nil)); got != rfcSignature {
		t.Errorf("signature of the empty message = %s; want the RFC's %s", got, rfcSignature)
	}
}

func TestVerifySignature(t *testing.T) {
	key := rfcKey(t)
	pub := key.Public().(ed25519.PublicKey)
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	body := []byte(`{"type":1}`)
	sign := func(k ed25519.PrivateKey, ts string, b []byte) string {
		return hex.EncodeToString(ed25519.Sign(k, append([]byte(ts), b...)))
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	_, other, _ := ed25519.GenerateKey(nil)
	old := strconv.FormatInt(now.Add(-6*time.Minute).Unix(), 10)
	tests := []struct {
		name      string
		sig, ts   string
		body      []byte
		wantError error
	}{
		{"valid", sign(key, ts, body), ts, body, nil},
		{"forged with another key", sign(other, ts, body), ts, body, errBadSignature},
		{"altered body", sign(key, ts, body), ts, []byte(`{"type":2}`), errBadSignature},
		{"stale", sign(key, old, body), old, body, errStale},
		{"no signature", "", ts, body, errNoSignature},
		{"not hex", "zz", ts, body, errBadSignature},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := verifySignature(pub, tc.sig, tc.ts, tc.body, now); err != tc.wantError {
				t.Errorf("verifySignature = %v; want %v", err, tc.wantError)
			}
		})
	}
}

// httpFixture is an adapter without a gateway, taking interactions over
// HTTP, signed with the RFC 8032 key.
func httpFixture(t *testing.T) (*fixture, string, discordtest.Signer) {
	t.Helper()
	f := newFixture(t, fixtureOptions{bank: embeddedBank(t), cfg: Config{PublicKey: rfcPublic, NoGateway: true}})
	srv := httptest.NewServer(f.a.InteractionsHandler())
	t.Cleanup(srv.Close)
	if !f.a.Ready() {
		t.Fatal("an adapter started without a gateway is not ready")
	}
	return f, srv.URL + "/discord/interactions", discordtest.Signer{Key: rfcKey(t)}
}

// TestHTTPInteractions answers Discord's HTTP interactions: a PING gets a
// PONG, a command and a click are answered in the HTTP response and their
// follow-ups over REST, a modal opens and its submit is graded, and a
// forged or stale request gets 401 and nothing else.
func TestHTTPInteractions(t *testing.T) {
	t.Parallel()
	f, endpoint, signer := httpFixture(t)
	if calls := f.srv.Calls("", "/gateway"); len(calls) != 0 {
		t.Errorf("the adapter asked for the gateway %d times; want none", len(calls))
	}
	if len(f.srv.Calls("PUT", "/api/v9/applications/*/commands")) != 1 {
		t.Error("commands were not registered without a gateway")
	}

	status, body, err := discordtest.PostSigned(endpoint, []byte(`{"id":"1","type":1,"token":"t","application_id":"a","version":1}`), signer)
	if err != nil || status != 200 || strings.TrimSpace(string(body)) != `{"type":1}` {
		t.Errorf("PING = %d %s, %v; want 200 {\"type\":1}", status, body, err)
	}

	id, status, _, err := f.srv.InteractHTTP(endpoint, discordtest.Command("docker", discordtest.Sub("help")).By(bob), signer)
	if err != nil || status != 200 {
		t.Fatalf("/docker help over HTTP = %d, %v", status, err)
	}
	if r := f.answer(id); r.Type != 4 || !r.Ephemeral() || !strings.Contains(r.Message.Text(), "/docker interview") {
		t.Errorf("help reply = type %d, %s", r.Type, r.Message)
	}

	id, _, _, err = f.srv.InteractHTTP(endpoint, discordtest.Command("docker", discordtest.Sub("interview")).By(bob), signer)
	if err != nil {
		t.Fatal(err)
	}
	ask := f.answer(id).Message
	id, _, _, err = f.srv.InteractHTTP(endpoint, discordtest.Click(ask, buttonLabelled(t, ask, "✍️ Answer").CustomID).By(bob), signer)
	if err != nil {
		t.Fatal(err)
	}
	form := f.answer(id)
	if form.Type != 9 || form.Modal == nil {
		t.Fatalf("Answer over HTTP = type %d; want a modal", form.Type)
	}
	id, _, _, err = f.srv.InteractHTTP(endpoint, discordtest.SubmitModal(*form.Modal, map[string]string{"answer": "I would read the logs first."}).By(bob), signer)
	if err != nil {
		t.Fatal(err)
	}
	if r := f.answer(id); !r.Ephemeral() || !strings.Contains(r.Message.Text(), "key points") {
		t.Errorf("modal submit over HTTP = %s; want the graded result", r.Message)
	}

	// A card cannot go in the HTTP response: the bot defers, then edits
	// the deferred response with the upload.
	id, _, _, err = f.srv.InteractHTTP(endpoint, discordtest.Command("docker", discordtest.Sub("stats")).By(bob), signer)
	if err != nil {
		t.Fatal(err)
	}
	stats := f.answer(id)
	if stats.Type != 5 || !stats.Ephemeral() {
		t.Errorf("stats over HTTP = type %d; want a private deferral", stats.Type)
	}
	checkCard(t, "bob over HTTP", stats)

	forged := discordtest.Signer{Key: ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))}
	stale := discordtest.Signer{Key: rfcKey(t), At: func() time.Time { return time.Now().Add(-10 * time.Minute) }}
	for name, s := range map[string]discordtest.Signer{"forged": forged, "stale": stale} {
		before := len(f.srv.Calls("", ""))
		status, body, _ := discordtest.PostSigned(endpoint, []byte(`{"id":"9","type":2,"token":"t","data":{"name":"docker"}}`), s)
		if status != http.StatusUnauthorized {
			t.Errorf("%s request = %d %s; want 401", name, status, body)
		}
		if after := len(f.srv.Calls("", "")); after != before {
			t.Errorf("a %s request made %d REST calls; want none", name, after-before)
		}
	}
}
