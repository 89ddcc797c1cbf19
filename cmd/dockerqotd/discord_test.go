package main

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

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
	out, logs := &lockedBuffer{}, &lockedBuffer{}
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
