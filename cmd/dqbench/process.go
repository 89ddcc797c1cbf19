package main

import (
	"fmt"
	"os"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
	"github.com/dockerqotd/dockerqotd/internal/botproc"
	"github.com/dockerqotd/dockerqotd/internal/discord/discordtest"
)

// benchProcess runs the built binary: its memory when idle and connected
// (to a fake Discord) and with the big database after leaderboard and
// stats queries, how long it takes from start to ready with the big
// database, and the database's size.
func benchProcess(e *env) ([]row, error) {
	bin, err := e.binary()
	if err != nil {
		return nil, err
	}
	fake := discordtest.New(discordtest.Options{})
	defer fake.Close()
	idle, err := botproc.Start(bin, botproc.Options{DB: e.dir + "/idle.db", Env: []string{
		"DISCORD_TOKEN=bench-token", "DISCORD_API_URL=" + fake.URL, "DISCORD_GUILD_ID=" + discordtest.DefaultGuildID,
	}})
	if err != nil {
		return nil, err
	}
	time.Sleep(2 * time.Second) // let start-up garbage be collected
	idleRSS, _, err := idle.RSS()
	idle.Stop()
	if err != nil {
		return nil, err
	}
	if fake.Identifies() == 0 {
		return nil, fmt.Errorf("the bot never connected to the fake Discord")
	}

	path, err := e.bigDB()
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	answers := e.users * e.posts
	perAnswer := func(size int64) float64 { return float64(size) / float64(answers) }
	compactPath := path + ".compact"
	if err := boltstore.Compact(compactPath, path); err != nil {
		return nil, err
	}
	compactInfo, err := os.Stat(compactPath)
	if err != nil {
		return nil, err
	}
	compacted := compactInfo.Size()
	os.Remove(compactPath)
	big, err := botproc.Start(bin, botproc.Options{DB: path})
	if err != nil {
		return nil, err
	}
	defer big.Stop()
	for _, cmd := range []string{"leaderboard", "leaderboard month", "leaderboard all", "stats " + scattered(12345%e.users), "stats"} {
		if err := big.Type(cmd); err != nil {
			return nil, err
		}
	}
	bigRSS, peak, err := big.RSS()
	if err != nil {
		return nil, err
	}
	mb := func(b int64) string { return fmt.Sprintf("%.1f MB", float64(b)/1e6) }
	return []row{
		{figure: "resident memory, idle and connected (Discord gateway to the fake, empty database)", value: mb(idleRSS), target: "< 30 MB", result: atMost(float64(idleRSS)/1e6, 30, " MB")},
		{figure: fmt.Sprintf("resident memory, %d users and %d answers, after leaderboards and stats (peak)", e.users, answers),
			value: mb(bigRSS) + " (" + mb(peak) + ")", target: "< 150 MB", result: atMost(float64(peak)/1e6, 150, " MB")},
		{figure: fmt.Sprintf("start to ready (/readyz 200) with %d answers", answers), value: big.Ready.Round(time.Millisecond).String(), target: "< 1s", result: atMost(big.Ready.Seconds(), 1, "s")},
		{figure: fmt.Sprintf("database size per answer, %d answers", answers),
			value:  fmt.Sprintf("%.0f bytes (%s; built in %v)", perAnswer(info.Size()), mb(info.Size()), e.bigGen.Round(time.Second)),
			target: "≤ 200 bytes (schema 3: 817)", result: atMost(perAnswer(info.Size()), 200, " bytes")},
		{figure: "the same, compacted by backup --compact", value: fmt.Sprintf("%.0f bytes (%s)", perAnswer(compacted), mb(compacted)), target: "reported", result: "-"},
	}, nil
}
