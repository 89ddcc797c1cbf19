package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/boltstore"
	"github.com/dockerqotd/dockerqotd/internal/botproc"
	"github.com/dockerqotd/dockerqotd/internal/discord/discordtest"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
	"github.com/dockerqotd/dockerqotd/questions"
)

var (
	admin = discordtest.Member{ID: "700000000000000001", Name: "Admin", Permissions: discordtest.PermManageGuild}
	team  = quiz.TeamID("discord:" + discordtest.DefaultGuildID)
)

func member(i int) discordtest.Member {
	return discordtest.Member{ID: fmt.Sprintf("%d", 710000000000000000+i), Name: fmt.Sprintf("Member %d", i)}
}

// startOnDiscord runs the bot connected to fake.
func (e *env) startOnDiscord(fake *discordtest.Server, db string, opts botproc.Options) (*botproc.Proc, error) {
	opts.DB = db
	opts.Env = append(opts.Env, "DISCORD_TOKEN=dqfault-token", "DISCORD_API_URL="+fake.URL, "DISCORD_GUILD_ID="+discordtest.DefaultGuildID)
	return botproc.Start(e.bin, opts)
}

// startWithPost runs the bot connected to fake and has the admin post a
// daily question.
func (e *env) startWithPost(fake *discordtest.Server, db string, opts botproc.Options) (*botproc.Proc, discordtest.Message, error) {
	p, err := e.startOnDiscord(fake, db, opts)
	if err != nil {
		return nil, discordtest.Message{}, err
	}
	post, err := postNow(fake)
	if err != nil {
		p.Kill()
		return nil, discordtest.Message{}, err
	}
	return p, post, nil
}

// postNow has the admin post a daily question and returns it.
func postNow(fake *discordtest.Server) (discordtest.Message, error) {
	c, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	before := len(fake.Posts(discordtest.DefaultChannel))
	r, err := fake.Answer(c, fake.Interact(discordtest.Command("docker-admin", discordtest.Sub("post-now")).By(admin)))
	if err != nil {
		return discordtest.Message{}, fmt.Errorf("post-now: %w", err)
	}
	posts := fake.Posts(discordtest.DefaultChannel)
	if len(posts) == before {
		return discordtest.Message{}, fmt.Errorf("post-now posted nothing: %q", r.Message.Text())
	}
	return posts[len(posts)-1], nil
}

// acknowledged returns the members whose click got a verdict, by
// interaction id.
func acknowledged(fake *discordtest.Server, ids []string, wait time.Duration) map[string]bool {
	acked := map[string]bool{}
	c, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	for i, id := range ids {
		r, err := fake.Answer(c, id)
		if err != nil {
			continue
		}
		if t := r.Message.Text(); strings.Contains(t, "Right!") || strings.Contains(t, "Not quite") {
			acked[member(i).ID] = true
		}
	}
	return acked
}

// storedAnswers opens the database and returns who answered the team's
// latest post, after checking the file with bbolt's consistency check.
func storedAnswers(db string) (map[string]bool, error) {
	s, err := boltstore.Open(db, boltstore.Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if err := check(s); err != nil {
		return nil, err
	}
	posts, err := s.Posts(ctx, team)
	if err != nil || len(posts) == 0 {
		return nil, fmt.Errorf("no posts in the database: %v", err)
	}
	answers, err := s.Answers(ctx, posts[len(posts)-1].ID)
	if err != nil {
		return nil, err
	}
	users := map[string]bool{}
	for _, a := range answers {
		users[a.User] = true
	}
	return users, nil
}

// ensureTeam writes the team's settings before the bot starts.
func ensureTeam(db, schedule string) error {
	s, err := boltstore.Open(db, boltstore.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	_, err = s.EnsureTeam(ctx, quiz.Team{ID: team, Name: "Docker Fans", Channel: discordtest.DefaultChannel, Schedule: schedule, Timezone: "UTC"})
	return err
}

// playedLastWeek gives the team a daily post a week ago, answered by a
// member, so that the first post of this week brings a recap.
func playedLastWeek(db string) error {
	s, err := boltstore.Open(db, boltstore.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	qs, err := questions.Embedded()
	if err != nil {
		return err
	}
	at := time.Now().UTC().Truncate(time.Minute).AddDate(0, 0, -7)
	p, _, err := s.ClaimPost(ctx, quiz.Claim{Team: team, Channel: discordtest.DefaultChannel, Occurrence: at.Format(quiz.OccurrenceKeyLayout), ScheduledAt: at, Candidates: qs, At: at})
	if err != nil {
		return err
	}
	if p, err = s.MarkSent(ctx, p.ID, discordtest.DefaultChannel+"/1", at); err != nil {
		return err
	}
	_, err = s.RecordAnswer(ctx, quiz.AnswerInput{PostID: p.ID, User: member(1).ID, Name: member(1).Name, Letter: p.Correct, At: at.Add(time.Minute)})
	return err
}

// messagesWith returns the messages of the daily channel whose text
// contains s.
func messagesWith(fake *discordtest.Server, s string) []discordtest.Message {
	var out []discordtest.Message
	for _, m := range fake.Posts(discordtest.DefaultChannel) {
		if strings.Contains(m.Text(), s) {
			out = append(out, m)
		}
	}
	return out
}

func (e *env) path(name string) string { return filepath.Join(e.dir, name, "bot.db") }
