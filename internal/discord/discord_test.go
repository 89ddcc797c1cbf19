package discord

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/testutil"

	"github.com/dockerqotd/dockerqotd/internal/discord/discordtest"
)

func TestNewRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no token", Config{}, "no bot token"},
		{"blank", Config{Token: " \n"}, "no bot token"},
		{"API URL without scheme", Config{Token: "t", APIURL: "127.0.0.1:8081"}, "API URL"},
		{"API URL of another scheme", Config{Token: "t", APIURL: "ftp://example.com"}, "API URL"},
		{"gateway URL over HTTP", Config{Token: "t", GatewayURL: "http://example.com"}, "gateway URL"},
		{"shard out of range", Config{Token: "t", ShardID: 2, ShardCount: 2}, "shard"},
		{"negative shard", Config{Token: "t", ShardID: -1}, "shard"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.cfg, nil, nil, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("New = %v; want an error about %q", err, tc.want)
			}
		})
	}
}

func TestStart(t *testing.T) {
	t.Parallel()
	commands := "/api/v9/applications/" + discordtest.DefaultAppID + "/commands"
	tests := []struct {
		name      string
		configure func(*discordtest.Server, *Config)
		fault     *discordtest.Fault
		// fakeToken is the token the fake accepts; empty means testToken.
		fakeToken string
		// path is where the commands go; empty means Start fails.
		path string
	}{
		{name: "guild commands",
			configure: func(_ *discordtest.Server, c *Config) { c.GuildID = discordtest.DefaultGuildID },
			path:      "/api/v9/applications/" + discordtest.DefaultAppID + "/guilds/" + discordtest.DefaultGuildID + "/commands"},
		{name: "global commands", path: commands},
		{name: "gateway URL override",
			configure: func(srv *discordtest.Server, c *Config) {
				c.GatewayURL = "ws" + strings.TrimPrefix(srv.URL, "http") + "/gateway"
			},
			fault: &discordtest.Fault{Method: "GET", Path: "/api/v9/gateway", Status: http.StatusInternalServerError},
			path:  commands},
		{name: "sharded", configure: func(_ *discordtest.Server, c *Config) { c.ShardID, c.ShardCount = 1, 2 }, path: commands},
		{name: "registration refused",
			fault: &discordtest.Fault{Method: "PUT", Status: http.StatusForbidden, Body: `{"message":"Missing Access","code":50001}`}},
		{name: "wrong token", fakeToken: "another-token"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, fixtureOptions{noStart: true, fakeToken: tc.fakeToken, configure: tc.configure})
			if tc.fault != nil {
				f.srv.Inject(*tc.fault)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := f.a.Start(ctx)
			if tc.path == "" {
				if err == nil || f.a.Ready() {
					t.Fatalf("Start = %v, Ready() = %v; want an error and not ready", err, f.a.Ready())
				}
				if strings.Contains(err.Error(), testToken) {
					t.Errorf("the error shows the token: %v", err)
				}
				return
			}
			if err != nil || !f.a.Ready() {
				t.Fatalf("Start = %v, Ready() = %v", err, f.a.Ready())
			}
			if puts := f.srv.Calls("PUT", tc.path); len(puts) != 1 {
				t.Errorf("PUT %s: %d calls; want 1", tc.path, len(puts))
			}
			if tc.fault != nil && f.srv.Hits() != 0 {
				t.Errorf("GET /gateway was asked although the gateway URL is set")
			}
		})
	}
}

func TestTokenNeverLogged(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fixtureOptions{})
	f.a.log.Info("configuration", "discord", f.a.cfg)
	if s := fmt.Sprint(f.a.cfg); !strings.Contains(s, "[redacted]") || strings.Contains(s, testToken) {
		t.Errorf("printed config = %s; want the token redacted", s)
	}
	// Failures that get logged with their errors.
	f.srv.Inject(discordtest.Fault{Method: "PATCH", Path: "/api/v9/channels/*/messages/*", Status: http.StatusUnauthorized})
	f.srv.Inject(discordtest.Fault{Method: "POST", Path: "/api/v9/interactions/*/*/callback", Times: 1, Status: http.StatusInternalServerError})
	id := f.srv.Interact(discordtest.Command("docker", discordtest.Sub("help")).By(bob))
	testutil.Eventually(t, "the failed response logged", func() bool { return strings.Contains(f.logs.String(), "interaction response failed") })
	if f.srv.Acknowledged(id) {
		t.Error("the failed callback counts as acknowledged")
	}
	f.interact(discordtest.Command("docker-admin", discordtest.Sub("post-now")).By(alice))
	post := f.srv.Posts(discordtest.DefaultChannel)[0]
	f.interact(discordtest.Click(post, post.Buttons()[0].CustomID).By(bob))
	f.bot.Wait()
	f.srv.RateLimit("POST", "/api/v9/interactions/*/*/callback", 1, 10*time.Millisecond)
	f.interact(discordtest.Command("docker", discordtest.Sub("stats")).By(bob))

	logs := f.logs.String()
	for _, want := range []string{"live count edit failed", "discord rate limited", `"token":"[redacted]"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}
	for _, secret := range []string{testToken, "interaction-token-"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs show %q:\n%s", secret, logs)
		}
	}
}

func TestDroppedGatewayResumes(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fixtureOptions{})
	f.srv.Drop()
	f.await("resume", func() bool { return f.srv.Resumes() == 1 && f.srv.Connected() })
	testutil.Eventually(t, "ready again", f.a.Ready)
	if r := f.interact(discordtest.Command("docker", discordtest.Sub("help")).By(bob)); !strings.Contains(r.Message.Text(), "/docker quiz") {
		t.Errorf("help after the drop = %s", r.Message)
	}
	if got := f.metrics.reconnected.Load(); got != 1 {
		t.Errorf("Reconnected() calls = %d; want 1", got)
	}
}

func TestTransportRewritesDiscordOnly(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Host+" "+r.URL.Path)
	}))
	defer srv.Close()
	tr, err := newTransport(srv.URL+"/proxy/", "")
	if err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	for _, u := range []string{"https://discord.com/api/v9/channels/1/messages", srv.URL + "/elsewhere"} {
		req, _ := http.NewRequest("GET", u, nil)
		resp, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if req.URL.String() != u {
			t.Errorf("RoundTrip changed the caller's request to %s", req.URL)
		}
	}
	want := []string{host + " /proxy/api/v9/channels/1/messages", host + " /elsewhere"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("requests arrived as %q; want %q", got, want)
	}
}
