package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/testutil"

	"github.com/dockerqotd/dockerqotd/internal/discord/discordtest"
)

// TestDiscordThroughMain runs the whole program against the fake Discord:
// it connects, registers its commands, an admin's post-now posts a daily
// question, a member's click gets a private verdict, and the token shows
// up nowhere in the debug logs.
func TestDiscordThroughMain(t *testing.T) {
	const token = "MTIzNDU2Nzg5.FAKE.discord-token-SECRET"
	fake := discordtest.New(discordtest.Options{Token: token})
	defer fake.Close()

	e := newEnv(t)
	e.env["DOCKERQOTD_HTTP_ADDR"] = freeAddr(t)
	e.env["DOCKERQOTD_LOG_LEVEL"] = "debug"
	e.env["DISCORD_TOKEN"] = token
	e.env["DISCORD_GUILD_ID"] = discordtest.DefaultGuildID
	e.env["DISCORD_API_URL"] = fake.URL
	out, logs := &testutil.Buffer{}, &testutil.Buffer{}
	signals := make(chan os.Signal, 1)
	a := &app{stdin: strings.NewReader(""), stdout: out, stderr: logs, getenv: func(k string) string { return e.env[k] }, now: time.Now, signals: signals, exit: func(int) {}}
	done := make(chan int)
	go func() { done <- a.main(context.Background(), nil) }()

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := fake.Await(ctx, func() bool { return len(fake.Calls("PUT", "/api/v9/applications/*/guilds/*/commands")) > 0 }); err != nil {
		t.Fatalf("no command registration:\n%s", logs.String())
	}
	admin := discordtest.Member{ID: "400000000000000001", Name: "Boss", Permissions: 0x20}
	reply, err := fake.Answer(ctx, fake.Interact(discordtest.Command("docker-admin", discordtest.Sub("post-now")).By(admin)))
	if err != nil || !strings.Contains(reply.Message.Text(), "Posted question") {
		t.Fatalf("post-now: %+v, %v\n%s", reply, err, logs.String())
	}
	posts := fake.Posts(discordtest.DefaultChannel)
	if len(posts) != 1 || len(posts[0].Buttons()) != 4 {
		t.Fatalf("daily posts = %+v; want one with four buttons", posts)
	}
	member := discordtest.Member{ID: "400000000000000002", Name: "Ann"}
	reply, err = fake.Answer(ctx, fake.Interact(discordtest.Click(posts[0], posts[0].Buttons()[2].CustomID).By(member)))
	if err != nil || !reply.Ephemeral() || (!strings.Contains(reply.Message.Text(), "Right!") && !strings.Contains(reply.Message.Text(), "Not quite")) {
		t.Fatalf("click: %+v, %v", reply, err)
	}

	metrics := get(t, "http://"+e.env["DOCKERQOTD_HTTP_ADDR"]+"/metrics")
	signals <- os.Interrupt
	if code := <-done; code != 0 {
		t.Errorf("exit %d\n%s", code, logs.String())
	}
	if all := out.String() + logs.String() + metrics; strings.Contains(all, token) || strings.Contains(all, "discord-token-SECRET") {
		t.Error("the Discord token appears in the output")
	}
	if !strings.Contains(logs.String(), "invite") {
		t.Errorf("logs lack the invite URL:\n%s", logs.String())
	}
}

// TestDiscordOutageAtStart starts the bot while Discord's gateway answers
// 503: the bot keeps running, reports Discord on /readyz, tries again with
// growing delays, and connects once Discord is back.
func TestDiscordOutageAtStart(t *testing.T) {
	fake := discordtest.New(discordtest.Options{})
	defer fake.Close()
	fake.Inject(discordtest.Fault{Method: "GET", Path: "/api/v9/gateway", Status: 503})

	e := newEnv(t)
	addr := freeAddr(t)
	e.env["DOCKERQOTD_HTTP_ADDR"] = addr
	e.env["DISCORD_TOKEN"] = "any-token"
	e.env["DISCORD_API_URL"] = fake.URL
	logs := &testutil.Buffer{}
	signals := make(chan os.Signal, 1)
	a := &app{stdin: strings.NewReader(""), stdout: &testutil.Buffer{}, stderr: logs, getenv: func(k string) string { return e.env[k] },
		now: time.Now, signals: signals, exit: func(int) {}, reconnectBase: 20 * time.Millisecond}
	done := make(chan int, 1)
	go func() { done <- a.main(context.Background(), nil) }()

	readyz := func() (int, string) {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	testutil.Eventually(t, "two failed tries logged", func() bool { return strings.Count(logs.String(), "platform not reachable") >= 2 })
	select {
	case code := <-done:
		t.Fatalf("the bot exited with %d while Discord was down:\n%s", code, logs.String())
	default:
	}
	if code, body := readyz(); code != http.StatusServiceUnavailable || !strings.Contains(body, "discord") || !strings.Contains(body, "503") {
		t.Errorf("/readyz while Discord is down = %d %s; want 503 naming discord and why", code, body)
	}
	if !strings.Contains(logs.String(), `"retry_in":"40ms"`) {
		t.Errorf("the second retry does not wait twice as long as the first:\n%s", logs.String())
	}

	fake.Clear()
	testutil.Eventually(t, "/readyz 200 after Discord came back", func() bool { code, _ := readyz(); return code == http.StatusOK })
	if len(fake.Calls("PUT", "/api/v9/applications/*/commands")) == 0 {
		t.Error("commands were not registered after reconnecting")
	}
	signals <- os.Interrupt
	if code := <-done; code != 0 {
		t.Errorf("exit %d\n%s", code, logs.String())
	}
}

// TestDiscordRejectedTokenStops: a token Discord refuses is not retried;
// the bot stops and says so.
func TestDiscordRejectedTokenStops(t *testing.T) {
	fake := discordtest.New(discordtest.Options{Token: "the-right-token"})
	defer fake.Close()
	e := newEnv(t)
	e.env["DOCKERQOTD_HTTP_ADDR"] = freeAddr(t)
	e.env["DISCORD_TOKEN"] = "a-wrong-token"
	e.env["DISCORD_API_URL"] = fake.URL
	r := e.MustRunMain("")
	r.must(t, 1)
	if !strings.Contains(r.stderr, "discord: connect to the gateway: the platform rejected the token") || !strings.Contains(r.stderr, "check the token") {
		t.Errorf("stderr = %q; want the rejected token named once per layer", r.stderr)
	}
	if strings.Contains(r.stderr, "discord: discord:") || strings.Contains(r.stderr, "a-wrong-token") {
		t.Errorf("stderr = %q; want one prefix per layer and no token", r.stderr)
	}
}
