package discord

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// discordHost is the host of discordgo's endpoints (discordgo.EndpointDiscord).
const discordHost = "discord.com"

// transport sends discordgo's requests for https://discord.com to another
// base URL, and answers GET /gateway itself when the gateway URL is fixed.
// discordgo computes its endpoint strings once at start-up, so the
// transport of Session.Client is where they can be redirected.
type transport struct {
	base    http.RoundTripper
	api     *url.URL // nil: leave requests alone
	gateway string   // empty: ask the API
}

func newTransport(apiURL, gatewayURL string) (*transport, error) {
	base := http.DefaultTransport.(*http.Transport).Clone()
	// Interaction replies go to one host in bursts.
	base.MaxIdleConnsPerHost = 64
	t := &transport{base: base, gateway: gatewayURL}
	if apiURL != "" {
		u, err := url.Parse(apiURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("discord: API URL %q: want an absolute http or https URL", apiURL)
		}
		t.api = u
	}
	if gatewayURL != "" {
		u, err := url.Parse(gatewayURL)
		if err != nil || (u.Scheme != "ws" && u.Scheme != "wss") || u.Host == "" {
			return nil, fmt.Errorf("discord: gateway URL %q: want an absolute ws or wss URL", gatewayURL)
		}
	}
	return t, nil
}

// RoundTrip implements http.RoundTripper.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != discordHost {
		return t.base.RoundTrip(req)
	}
	if t.gateway != "" && req.Method == http.MethodGet &&
		(strings.HasSuffix(req.URL.Path, "/gateway") || strings.HasSuffix(req.URL.Path, "/gateway/bot")) {
		return t.gatewayResponse(req)
	}
	if t.api == nil {
		return t.base.RoundTrip(req)
	}
	out := req.Clone(req.Context())
	u := *req.URL
	u.Scheme, u.Host = t.api.Scheme, t.api.Host
	u.Path = strings.TrimSuffix(t.api.Path, "/") + req.URL.Path
	u.RawPath = ""
	out.URL, out.Host = &u, ""
	return t.base.RoundTrip(out)
}

// gatewayResponse answers GET /gateway with the configured gateway URL.
func (t *transport) gatewayResponse(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	body, err := json.Marshal(map[string]any{"url": t.gateway, "shards": 1})
	if err != nil {
		return nil, err
	}
	return &http.Response{
		Status: "200 OK", StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}, nil
}

// cleanURLError drops the URL from a transport error: interaction URLs
// carry the interaction's token.
func cleanURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", strings.ToLower(ue.Op), ue.Err)
	}
	return err
}
