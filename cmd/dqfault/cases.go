package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
	"github.com/dockerqotd/dockerqotd/internal/botproc"
	"github.com/dockerqotd/dockerqotd/internal/discord/discordtest"
)

func check(s *boltstore.Store) error {
	return s.DB().View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return fmt.Errorf("bbolt check: %w", err)
		}
		return nil
	})
}

// killDuringBurst fires a burst of clicks and kills the bot with SIGKILL
// part way through: every click that got its verdict must be stored.
func killDuringBurst(e *env) (string, error) {
	clicks := e.scale(10000, 3000)
	fake := discordtest.New(discordtest.Options{})
	defer fake.Close()
	db := e.path("kill9")
	p, post, err := e.startWithPost(fake, db, botproc.Options{})
	if err != nil {
		return "", err
	}
	buttons := post.Buttons()
	// 2,000 clicks a second, and the kill 40% of the way through.
	ids := make([]string, clicks)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for i := 0; i < clicks; i += 10 {
		<-tick.C
		for j := i; j < min(i+10, clicks); j++ {
			ids[j] = fake.Interact(discordtest.Click(post, buttons[j%len(buttons)].CustomID).By(member(j)))
		}
		if i == clicks*4/10 {
			p.Kill()
		}
	}
	acked := acknowledged(fake, ids, 3*time.Second)
	stored, err := storedAnswers(db)
	if err != nil {
		return "", err
	}
	lost := 0
	for user := range acked {
		if !stored[user] {
			lost++
		}
	}
	if lost > 0 {
		return "", fmt.Errorf("%d of %d acknowledged answers are missing after the kill", lost, len(acked))
	}
	if len(acked) == 0 {
		return "", errors.New("no click was acknowledged before the kill: the case proves nothing")
	}
	again, err := e.startOnDiscord(fake, db, botproc.Options{})
	if err != nil {
		return "", fmt.Errorf("restart: %w", err)
	}
	again.Stop()
	return fmt.Sprintf("killed after %d of %d clicks were sent; %d acknowledged, all %d stored (%d stored in all); bbolt check ok; restart ready in %v",
		clicks*4/10, clicks, len(acked), len(acked), len(stored), again.Ready.Round(time.Millisecond)), nil
}

// restartsAroundMinute kills and restarts the bot again and again across
// a minute boundary of a schedule that posts every minute. The team
// played last week, so the first post of this week brings last week's
// recap: it too must arrive once, whichever process sends it.
func restartsAroundMinute(e *env) (string, error) {
	restarts := e.scale(20, 8)
	fake := discordtest.New(discordtest.Options{})
	defer fake.Close()
	db := e.path("restarts")
	if err := ensureTeam(db, "* * * * *"); err != nil {
		return "", err
	}
	if err := playedLastWeek(db); err != nil {
		return "", err
	}
	// Start the restarts some seconds before a minute, so they straddle it.
	now := time.Now()
	boundary := now.Truncate(time.Minute).Add(time.Minute)
	if boundary.Sub(now) < 10*time.Second {
		boundary = boundary.Add(time.Minute)
	}
	time.Sleep(time.Until(boundary.Add(-time.Duration(restarts/3) * time.Second)))
	for range restarts {
		p, err := e.startOnDiscord(fake, db, botproc.Options{})
		if err != nil {
			return "", err
		}
		time.Sleep(time.Duration(100+rand.IntN(900)) * time.Millisecond)
		p.Kill()
	}
	final, err := e.startOnDiscord(fake, db, botproc.Options{})
	if err != nil {
		return "", err
	}
	// A process killed holding the recap's claim leaves it to a later
	// post, once the claim has run out: wait for it a little over two
	// minutes.
	recaps := func() int { return len(messagesWith(fake, "Last week in review")) }
	c, cancel := context.WithTimeout(ctx, 130*time.Second)
	waitErr := fake.Await(c, func() bool { return recaps() > 0 })
	cancel()
	time.Sleep(2 * time.Second)
	if err := final.Stop(); err != nil {
		return "", err
	}
	if waitErr != nil || recaps() != 1 {
		return "", fmt.Errorf("%d recaps of last week in the channel; want 1", recaps())
	}
	s, err := boltstore.Open(db, boltstore.Options{ReadOnly: true})
	if err != nil {
		return "", err
	}
	defer s.Close()
	posts, err := s.Posts(ctx, team)
	if err != nil {
		return "", err
	}
	messages := map[string]bool{}
	for _, m := range fake.Posts(discordtest.DefaultChannel) {
		// Daily questions have buttons; a recap or a final board has none.
		if len(m.Buttons()) > 0 {
			messages[m.ID] = true
		}
	}
	seen := map[string]bool{}
	sent := 0
	for _, p := range posts {
		if p.ScheduledAt.Before(now.Truncate(time.Minute)) {
			continue // last week's
		}
		if seen[p.Occurrence] {
			return "", fmt.Errorf("occurrence %s has two posts", p.Occurrence)
		}
		seen[p.Occurrence] = true
		if p.Sent() {
			sent++
			if !messages[strings.SplitN(p.MessageID, "/", 2)[1]] {
				return "", fmt.Errorf("post %d of %s names a message Discord does not have", p.ID, p.Occurrence)
			}
		}
	}
	if len(messages) != sent {
		return "", fmt.Errorf("%d messages in the channel for %d sent posts: a post appeared twice", len(messages), sent)
	}
	sends := len(fake.Calls("POST", "/api/v9/channels/*/messages"))
	return fmt.Sprintf("%d kills around %s; %d occurrences claimed, %d posted, one message each, and one recap of last week; %d sends for %d messages (retries absorbed by the nonce)",
		restarts, boundary.Format("15:04:05"), len(seen), sent, sends, len(messages)+1), nil
}

// gatewayDrops clicks steadily while the fake cuts the gateway every 2 s.
func gatewayDrops(e *env) (string, error) {
	seconds := e.scale(10, 5)
	fake := discordtest.New(discordtest.Options{})
	defer fake.Close()
	db := e.path("drops")
	p, post, err := e.startWithPost(fake, db, botproc.Options{})
	if err != nil {
		return "", err
	}
	defer p.Stop()
	buttons := post.Buttons()
	var ids []string
	drops := 0
	start := time.Now()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	nextDrop := start.Add(2 * time.Second)
	for time.Since(start) < time.Duration(seconds)*time.Second {
		<-tick.C
		i := len(ids)
		ids = append(ids, fake.Interact(discordtest.Click(post, buttons[i%len(buttons)].CustomID).By(member(i))))
		if time.Now().After(nextDrop) {
			fake.Drop()
			drops++
			nextDrop = nextDrop.Add(2 * time.Second)
		}
	}
	acked := acknowledged(fake, ids, 20*time.Second)
	twice := 0
	for _, c := range fake.Calls("POST", "/api/v9/interactions/*/*/callback") {
		if c.Status == http.StatusBadRequest {
			twice++
		}
	}
	stored, err := storedAnswersLive(p, db)
	if err != nil {
		return "", err
	}
	switch {
	case len(acked) != len(ids):
		return "", fmt.Errorf("%d of %d delivered clicks got no verdict", len(ids)-len(acked), len(ids))
	case twice > 0:
		return "", fmt.Errorf("%d interactions were answered twice", twice)
	case stored != len(ids):
		return "", fmt.Errorf("%d answers stored for %d clicks", stored, len(ids))
	}
	return fmt.Sprintf("%d clicks, %d drops, %d resumes: every click answered once and stored once", len(ids), drops, fake.Resumes()), nil
}

// storedAnswersLive counts the latest post's answers through the running
// bot's backup endpoint, since the bot holds the database.
func storedAnswersLive(p *botproc.Proc, db string) (int, error) {
	backup := db + ".copy"
	resp, err := http.Get("http://" + p.Addr + "/backup")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	f, err := os.Create(backup)
	if err != nil {
		return 0, err
	}
	if _, err := f.ReadFrom(resp.Body); err != nil {
		return 0, err
	}
	f.Close()
	users, err := storedAnswers(backup)
	return len(users), err
}

// rateLimitStorm answers every REST call but interaction responses with
// 429 for longer than a call's deadline: the admin's post-now must end,
// reported, within bounds, and work once the storm is over.
func rateLimitStorm(e *env) (string, error) {
	fake := discordtest.New(discordtest.Options{})
	defer fake.Close()
	db := e.path("storm")
	p, err := e.startOnDiscord(fake, db, botproc.Options{})
	if err != nil {
		return "", err
	}
	defer p.Stop()
	fake.Inject(discordtest.Fault{Method: "POST", Path: "/api/v9/channels/*/messages", RetryAfter: 2 * time.Second})
	start := time.Now()
	r, err := answerWithin(fake, fake.Interact(discordtest.Command("docker-admin", discordtest.Sub("post-now")).By(admin)), 30*time.Second)
	if err != nil {
		return "", fmt.Errorf("post-now during the storm got no answer: %w", err)
	}
	during := time.Since(start)
	if !r.Ephemeral() || !strings.Contains(r.Message.Text(), "Something went wrong") {
		return "", fmt.Errorf("post-now during the storm: %q; want a private report", r.Message.Text())
	}
	limited := fake.Hits()
	fake.Clear()
	if _, err := postNow(fake); err != nil {
		return "", fmt.Errorf("after the storm: %w", err)
	}
	if n := len(fake.Posts(discordtest.DefaultChannel)); n != 1 {
		return "", fmt.Errorf("%d posts after the storm; want 1", n)
	}
	return fmt.Sprintf("post-now during the storm reported privately after %v (%d calls answered 429); delivered once after it", during.Round(100*time.Millisecond), limited), nil
}

func answerWithin(fake *discordtest.Server, id string, d time.Duration) (discordtest.Reply, error) {
	c, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return fake.Answer(c, id)
}

// readOnlyDir starts the bot, as an unprivileged user, on a database in a
// directory it may not write.
func readOnlyDir(e *env) (string, error) {
	dir := filepath.Join(e.dir, "readonly")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		return "", err
	}
	opts := botproc.Options{DB: filepath.Join(dir, "bot.db"), NoWait: true}
	who := "this user"
	if os.Geteuid() == 0 {
		// root ignores permissions; run as nobody.
		opts.Credential = &syscall.Credential{Uid: 65534, Gid: 65534}
		who = "nobody"
	}
	p, err := botproc.Start(e.bin, opts)
	if err != nil {
		return "", err
	}
	exit, done := p.Wait(10 * time.Second)
	if !done {
		p.Kill()
		return "", errors.New("the bot did not stop")
	}
	out := p.Output()
	if exit == nil || !strings.Contains(out, "permission denied") {
		return "", fmt.Errorf("exit %v, output %q; want a failure naming the permission", exit, out)
	}
	if _, err := os.Stat(opts.DB); !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("a database file was left behind: %v", err)
	}
	return fmt.Sprintf("as %s: %s", who, firstLine(out)), nil
}

// diskFullAtStart limits the bot's file size below a new database's.
func diskFullAtStart(e *env) (string, error) {
	db := e.path("fullstart")
	p, err := botproc.Start(e.bin, botproc.Options{DB: db, Wrap: []string{"prlimit", "--fsize=8192", "--"}, NoWait: true})
	if err != nil {
		return "", err
	}
	exit, done := p.Wait(10 * time.Second)
	if !done {
		p.Kill()
		return "", errors.New("the bot did not stop")
	}
	if exit == nil || !strings.Contains(p.Output(), "file too large") {
		return "", fmt.Errorf("exit %v, output %q; want a failure naming the full disk", exit, p.Output())
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("a half-created database was left behind: %v", err)
	}
	again, err := botproc.Start(e.bin, botproc.Options{DB: db})
	if err != nil {
		return "", fmt.Errorf("start with room again: %w", err)
	}
	again.Stop()
	return fmt.Sprintf("%s; no file left; starts cleanly once there is room", firstLine(p.Output())), nil
}

// diskFullWhileRunning lets the database grow until its file-size limit
// while members click: answers that could not be written are reported,
// acknowledged ones survive, and the file stays consistent.
func diskFullWhileRunning(e *env) (string, error) {
	fake := discordtest.New(discordtest.Options{})
	defer fake.Close()
	db := e.path("fullrun")
	const limit = 256 << 10
	p, post, err := e.startWithPost(fake, db, botproc.Options{Wrap: []string{"prlimit", fmt.Sprintf("--fsize=%d", limit), "--"}})
	if err != nil {
		return "", err
	}
	buttons := post.Buttons()
	var ids []string
	apologies := 0
	for i := 0; i < 20000 && apologies == 0; i++ {
		id := fake.Interact(discordtest.Click(post, buttons[i%len(buttons)].CustomID).By(member(i)))
		ids = append(ids, id)
		if i%50 == 49 {
			if r, err := answerWithin(fake, id, 10*time.Second); err == nil && strings.Contains(r.Message.Text(), "Something went wrong") {
				apologies++
			}
		}
	}
	if apologies == 0 {
		p.Kill()
		return "", fmt.Errorf("%d clicks never filled the %d-byte limit", len(ids), limit)
	}
	acked := acknowledged(fake, ids, 5*time.Second)
	if err := p.Stop(); err != nil {
		return "", fmt.Errorf("stop: %w", err)
	}
	stored, err := storedAnswers(db)
	if err != nil {
		return "", err
	}
	for user := range acked {
		if !stored[user] {
			return "", fmt.Errorf("acknowledged answer of %s lost", user)
		}
	}
	logged := strings.Contains(p.Output(), "file too large")
	again, err := e.startOnDiscord(fake, db, botproc.Options{})
	if err != nil {
		return "", fmt.Errorf("restart with room: %w", err)
	}
	again.Stop()
	return fmt.Sprintf("%d clicks until writes failed at %d KiB; failures answered \"Something went wrong\" (logged: %v); %d acknowledged, all stored; bbolt check ok; restarts cleanly",
		len(ids), limit>>10, logged, len(acked)), nil
}

// secondProcess starts a second bot on the database the first one holds.
func secondProcess(e *env) (string, error) {
	db := e.path("second")
	first, err := botproc.Start(e.bin, botproc.Options{DB: db})
	if err != nil {
		return "", err
	}
	defer first.Stop()
	start := time.Now()
	second, err := botproc.Start(e.bin, botproc.Options{DB: db, NoWait: true})
	if err != nil {
		return "", err
	}
	exit, done := second.Wait(10 * time.Second)
	took := time.Since(start)
	if !done {
		second.Kill()
		return "", errors.New("the second process hangs")
	}
	want := "database " + db + " is in use by another process"
	if exit == nil || !strings.Contains(second.Output(), want) {
		return "", fmt.Errorf("exit %v, output %q; want %q", exit, second.Output(), want)
	}
	if !first.Healthy("/healthz") {
		return "", errors.New("the first bot is no longer healthy")
	}
	return fmt.Sprintf("second process exited after %v: %s", took.Round(10*time.Millisecond), firstLine(second.Output())), nil
}

func firstLine(s string) string {
	for _, line := range strings.Split(s, "\n") {
		if strings.Contains(line, "dockerqotd:") {
			return strings.TrimSpace(line)
		}
	}
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
