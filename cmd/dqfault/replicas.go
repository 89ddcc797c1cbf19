package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/botproc"
	"github.com/dockerqotd/dockerqotd/internal/discord/discordtest"
	"github.com/dockerqotd/dockerqotd/internal/pgstore"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// replica is one bot process of several sharing a PostgreSQL database,
// served over Discord's HTTP interactions.
type replica struct {
	proc     *botproc.Proc
	endpoint string
	alive    atomic.Bool
}

// replicaSet is the replicas, the fake Discord they share and how to sign
// interactions for them.
type replicaSet struct {
	e        *env
	fake     *discordtest.Server
	signer   discordtest.Signer
	db       string
	replicas []*replica
}

// startReplica runs one more replica.
func (rs *replicaSet) startReplica() (*replica, error) {
	public, err := freeAddr()
	if err != nil {
		return nil, err
	}
	p, err := botproc.Start(rs.e.bin, botproc.Options{DB: rs.db, Env: []string{
		"DISCORD_TOKEN=dqfault-token", "DISCORD_API_URL=" + rs.fake.URL, "DISCORD_GUILD_ID=" + discordtest.DefaultGuildID,
		"DISCORD_GATEWAY=off", "DISCORD_PUBLIC_KEY=" + hex.EncodeToString(rs.signer.Key.Public().(ed25519.PublicKey)),
		"DOCKERQOTD_PUBLIC_ADDR=" + public,
		// A replica started after an occurrence does not catch it up:
		// the occurrences of the run are the ones scheduled during it.
		"DOCKERQOTD_GRACE=1s",
	}})
	if err != nil {
		return nil, err
	}
	r := &replica{proc: p, endpoint: "http://" + public + "/discord/interactions"}
	r.alive.Store(true)
	return r, nil
}

// interact sends i to replica n, or, when it refuses the connection (it
// is down), to the next live one, as a load balancer in front of them
// would. It returns the interaction's id, or an error when no replica
// took it or the one that did failed mid-request.
func (rs *replicaSet) interact(n int, i discordtest.Interaction) (string, error) {
	for k := range rs.replicas {
		r := rs.replicas[(n+k)%len(rs.replicas)]
		if !r.alive.Load() {
			continue
		}
		id, status, _, err := rs.fake.InteractHTTP(r.endpoint, i, rs.signer)
		switch {
		case err != nil && errors.Is(err, syscall.ECONNREFUSED):
			continue
		case err != nil:
			return id, err
		case status != 200:
			return id, fmt.Errorf("HTTP %d", status)
		}
		return id, nil
	}
	return "", errors.New("no replica is up")
}

func (rs *replicaSet) stop() {
	for _, r := range rs.replicas {
		if r.alive.Load() {
			r.proc.Stop()
		}
	}
}

// threeReplicas runs three replicas on one PostgreSQL database against the
// fake Discord in HTTP-interactions mode, with a question every minute:
// each minute is posted once; a storm of clicks spread over the replicas,
// one of them killed with SIGKILL half way, loses no acknowledged answer;
// and every replica, the killed one restarted, shows the same board.
func threeReplicas(e *env) (string, error) {
	db, drop, err := botproc.FreshSchema(ctx, "dqfault")
	if err != nil {
		return "", err
	}
	defer drop()
	if err := ensureTeamPG(db); err != nil {
		return "", err
	}
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", err
	}
	fake := discordtest.New(discordtest.Options{})
	defer fake.Close()
	rs := &replicaSet{e: e, fake: fake, signer: discordtest.Signer{Key: key}, db: db}
	defer rs.stop()

	// Start between two minutes, with time for the replicas to be ready
	// before the next one.
	if s := time.Now().Second(); s > 40 {
		time.Sleep(time.Until(time.Now().Truncate(time.Minute).Add(time.Minute + 2*time.Second)))
	}
	started := time.Now()
	for range 3 {
		r, err := rs.startReplica()
		if err != nil {
			return "", err
		}
		rs.replicas = append(rs.replicas, r)
	}
	first, err := awaitPosts(fake, 1, time.Until(started.Truncate(time.Minute).Add(time.Minute+30*time.Second)))
	if err != nil {
		return "", err
	}
	post := first[0]

	clicks := e.scale(2000, 600)
	ids := make([]string, clicks)
	var lost, sent atomic.Int64
	var lat []time.Duration
	var latMu sync.Mutex
	killAt := clicks / 2
	var kill sync.Once
	work := make(chan int)
	var wg sync.WaitGroup
	stormStart := time.Now()
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				if int(sent.Add(1)) == killAt {
					kill.Do(func() {
						rs.replicas[2].alive.Store(false)
						rs.replicas[2].proc.Kill()
					})
				}
				button := post.Buttons()[i%4].CustomID
				start := time.Now()
				id, err := rs.interact(i, discordtest.Click(post, button).By(member(i)))
				if err != nil {
					lost.Add(1)
					continue
				}
				latMu.Lock()
				lat = append(lat, time.Since(start))
				latMu.Unlock()
				ids[i] = id
			}
		}()
	}
	for i := range clicks {
		work <- i
	}
	close(work)
	wg.Wait()
	storm := time.Since(stormStart)
	acked := map[string]bool{}
	for i, id := range ids {
		if id == "" {
			continue
		}
		if r, err := answerWithin(fake, id, 10*time.Second); err == nil &&
			(strings.Contains(r.Message.Text(), "Right!") || strings.Contains(r.Message.Text(), "Not quite")) {
			acked[member(i).ID] = true
		}
	}
	stored, err := answersPG(db)
	if err != nil {
		return "", err
	}
	for user := range acked {
		if !stored[user] {
			return "", fmt.Errorf("member %s was told their answer counted, but it is not stored", user)
		}
	}

	back, err := rs.startReplica()
	if err != nil {
		return "", err
	}
	rs.replicas[2] = back
	var boards []string
	for n := range rs.replicas {
		id, err := rs.interact(n, discordtest.Command("docker", discordtest.Sub("leaderboard", discordtest.String("period", "all"))).By(admin))
		if err != nil {
			return "", fmt.Errorf("leaderboard from replica %d: %w", n+1, err)
		}
		r, err := answerWithin(fake, id, 10*time.Second)
		if err != nil {
			return "", fmt.Errorf("leaderboard from replica %d: %w", n+1, err)
		}
		boards = append(boards, r.Message.Text())
	}
	if boards[0] != boards[1] || boards[1] != boards[2] || !strings.Contains(boards[0], "1.") {
		return "", fmt.Errorf("the replicas show different boards:\n%s", strings.Join(boards, "\n---\n"))
	}

	second, err := awaitPosts(fake, 2, time.Until(started.Truncate(time.Minute).Add(2*time.Minute+30*time.Second)))
	if err != nil {
		return "", err
	}
	// The replica that revealed the first post may still be writing its
	// model answer while another sends the second post.
	threadPath := "/api/v9/channels/*/messages/*/threads"
	for deadline := time.Now().Add(10 * time.Second); len(fake.Calls("POST", threadPath)) == 0 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	// Stop the replicas before another minute brings a third post, then
	// check the database agrees with the channel.
	rs.stop()
	posts, err := postsPG(db)
	if err != nil {
		return "", err
	}
	if len(posts) != len(second) {
		return "", fmt.Errorf("%d posts in the database, %d messages in the channel", len(posts), len(second))
	}
	occurrences := map[string]bool{}
	for _, p := range posts {
		if occurrences[p.Occurrence] || !p.Sent() {
			return "", fmt.Errorf("post %d of %s is a second post or unsent", p.ID, p.Occurrence)
		}
		occurrences[p.Occurrence] = true
	}
	threads := len(fake.Calls("POST", threadPath))
	if !posts[0].Revealed || threads != 1 {
		var logs []string
		for _, r := range rs.replicas {
			logs = append(logs, r.proc.Output())
		}
		return "", fmt.Errorf("the first post: revealed %v, %d model-answer threads; want revealed once\n%s", posts[0].Revealed, threads, strings.Join(logs, "\n---\n"))
	}
	slices.Sort(lat)
	return fmt.Sprintf("%d posts for %d minutes (%d model-answer thread); %d clicks over 3 replicas in %v (%.0f/s, p50 %v, p99 %v), replica 3 killed after %d: %d acknowledged, all stored (%d stored), %d lost in flight; the same board from all 3",
		len(posts), len(occurrences), threads, clicks, storm.Round(time.Millisecond), float64(clicks)/storm.Seconds(),
		lat[len(lat)/2].Round(100*time.Microsecond), lat[len(lat)*99/100].Round(100*time.Microsecond), killAt, len(acked), len(stored), lost.Load()), nil
}

// awaitPosts waits until the channel has n posts.
func awaitPosts(fake *discordtest.Server, n int, within time.Duration) ([]discordtest.Message, error) {
	deadline := time.Now().Add(within)
	for {
		posts := fake.Posts(discordtest.DefaultChannel)
		switch {
		case len(posts) > n:
			return nil, fmt.Errorf("%d posts in the channel; want %d", len(posts), n)
		case len(posts) == n:
			return posts, nil
		case time.Now().After(deadline):
			return nil, fmt.Errorf("%d posts in the channel after waiting; want %d", len(posts), n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func ensureTeamPG(db string) error {
	s, err := pgstore.Open(ctx, db)
	if err != nil {
		return err
	}
	defer s.Close()
	_, err = s.EnsureTeam(ctx, quiz.Team{ID: team, Name: "Docker Fans", Channel: discordtest.DefaultChannel, Schedule: "* * * * *", Timezone: "UTC"})
	return err
}

func postsPG(db string) ([]quiz.Post, error) {
	s, err := pgstore.Open(ctx, db)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return s.Posts(ctx, team)
}

// answersPG returns who answered the team's first post.
func answersPG(db string) (map[string]bool, error) {
	s, err := pgstore.Open(ctx, db)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	posts, err := s.Posts(ctx, team)
	if err != nil || len(posts) == 0 {
		return nil, fmt.Errorf("no posts in the database: %v", err)
	}
	answers, err := s.Answers(ctx, posts[0].ID)
	if err != nil {
		return nil, err
	}
	users := map[string]bool{}
	for _, a := range answers {
		if users[a.User] {
			return nil, fmt.Errorf("member %s answered twice", a.User)
		}
		users[a.User] = true
	}
	return users, nil
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}
