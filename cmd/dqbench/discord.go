package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/discord"
	"github.com/dockerqotd/dockerqotd/internal/discord/discordtest"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
	"github.com/dockerqotd/dockerqotd/internal/schedule"
)

// discordBot is the bot core and the real Discord adapter, connected to a
// fake Discord through the real discordgo client.
type discordBot struct {
	store *boltstore.Store
	bot   *bot.Bot
	a     *discord.Adapter
}

func startDiscordBot(e *env, name string, fake *discordtest.Server) (*discordBot, error) {
	s, err := boltstore.Open(filepath.Join(e.dir, name+".db"), boltstore.Options{})
	if err != nil {
		return nil, err
	}
	b := bot.New(bot.Config{Store: s, Bank: e.bank(), Timetable: func(spec, tz string) (bot.Timetable, error) { return schedule.Parse(spec, tz) }})
	a, err := discord.New(discord.Config{Token: "bench-token", APIURL: fake.URL}, b, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		s.Close()
		return nil, err
	}
	b.SetPublisher(discord.Platform, a)
	if err := a.Start(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return &discordBot{store: s, bot: b, a: a}, nil
}

func (d *discordBot) close() {
	d.a.Close()
	d.bot.Flush()
	d.store.Close()
}

// benchDiscord measures click→response latency through the real discordgo
// client against the fake Discord at 1,000 clicks a second, and the daily
// fan-out of 1,000 teams scheduled at the same minute against a fake that
// enforces Discord's 50 requests a second.
func benchDiscord(e *env) ([]row, error) {
	lat, err := clickLatency(e)
	if err != nil {
		return nil, err
	}
	fan, err := fanOut(e)
	if err != nil {
		return nil, err
	}
	return append(lat, fan...), nil
}

func clickLatency(e *env) ([]row, error) {
	fake := discordtest.New(discordtest.Options{})
	defer fake.Close()
	d, err := startDiscordBot(e, "latency", fake)
	if err != nil {
		return nil, err
	}
	defer d.close()
	team, err := d.bot.EnsureTeam(ctx, quiz.TeamID("discord:"+discordtest.DefaultGuildID), "bench")
	if err != nil {
		return nil, err
	}
	team.Channel = discordtest.DefaultChannel
	if _, err := d.bot.PostNow(ctx, team, d.a); err != nil {
		return nil, err
	}
	posts := fake.Posts(discordtest.DefaultChannel)
	if len(posts) != 1 {
		return nil, fmt.Errorf("post-now made %d posts", len(posts))
	}
	post := posts[0]
	buttons := post.Buttons()
	seconds := 10
	if e.quick {
		seconds = 3
	}
	clicks := 1000 * seconds
	ids := make([]string, 0, clicks)
	tick := time.NewTicker(10 * time.Millisecond) // 10 clicks every 10 ms
	defer tick.Stop()
	start := time.Now()
	for len(ids) < clicks {
		<-tick.C
		for range 10 {
			i := len(ids)
			m := discordtest.Member{ID: fmt.Sprintf("%d", 600000000000000000+i), Name: fmt.Sprintf("Member %d", i)}
			ids = append(ids, fake.Interact(discordtest.Click(post, buttons[i%len(buttons)].CustomID).By(m)))
		}
	}
	rate := float64(clicks) / time.Since(start).Seconds()
	var lat []time.Duration
	for _, id := range ids {
		r, err := fake.Answer(ctx, id)
		if err != nil {
			return nil, err
		}
		if !r.Ephemeral() {
			return nil, errors.New("a click's reply is not private")
		}
		lat = append(lat, r.Latency)
	}
	slices.Sort(lat)
	p50, p99 := lat[len(lat)/2], lat[len(lat)*99/100]
	return []row{{
		figure: fmt.Sprintf("click→response latency, discordgo vs fake Discord, %d clicks at %.0f/s, p50 / p99", clicks, rate),
		value:  fmt.Sprintf("%v / %v", p50.Round(10*time.Microsecond), p99.Round(10*time.Microsecond)),
		target: "p99 < 25ms",
		result: atMost(float64(p99.Microseconds())/1000, 25, "ms"),
	}}, nil
}

func fanOut(e *env) ([]row, error) {
	const teams = 1000
	var guilds []discordtest.Guild
	for i := range teams {
		guilds = append(guilds, discordtest.Guild{ID: fmt.Sprintf("%d", 210000000000000000+i), Name: fmt.Sprintf("Guild %d", i), Channels: []string{fmt.Sprintf("%d", 310000000000000000+i)}})
	}
	fake := discordtest.New(discordtest.Options{Guilds: guilds, GlobalLimit: 50})
	defer fake.Close()
	d, err := startDiscordBot(e, "fanout", fake)
	if err != nil {
		return nil, err
	}
	defer d.close()
	for _, g := range guilds {
		t := quiz.Team{ID: quiz.TeamID("discord:" + g.ID), Name: g.Name, Channel: g.Channels[0], Schedule: "0 9 * * *", Timezone: "UTC"}
		if _, err := d.store.EnsureTeam(ctx, t); err != nil {
			return nil, err
		}
	}
	minute := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	sched := schedule.New(schedule.Options{Poster: d.bot, Teams: d.store, Now: func() time.Time { return minute }, Grace: 2 * time.Hour})
	// The minute comes: cron starts every team's job at once.
	start := time.Now()
	var wg sync.WaitGroup
	for _, g := range guilds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sched.Run(ctx, quiz.TeamID("discord:"+g.ID))
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	posted, refused := 0, 0
	for _, g := range guilds {
		posted += len(fake.Posts(g.Channels[0]))
	}
	for _, c := range fake.Calls("", "") {
		if c.Status == http.StatusTooManyRequests {
			refused++
		}
	}
	result := atMost(elapsed.Seconds(), 25, "s")
	if posted != teams || refused > 0 {
		result = fmt.Sprintf("MISSED: %d of %d posted, %d refused with 429", posted, teams, refused)
	}
	return []row{{
		figure: fmt.Sprintf("daily fan-out, %d teams at the same minute, fake Discord enforcing 50 req/s", teams),
		value:  fmt.Sprintf("%d posted in %v, %d × 429", posted, elapsed.Round(100*time.Millisecond), refused),
		target: "all in ≤ 25s, no 429",
		result: result,
	}}, nil
}
