package discord

import (
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// syntax is how the core names the commands in its hints and help: the
// admin commands live in /docker-admin and take typed options.
var syntax = bot.Syntax{
	AdminHelp: []string{
		"**Admin** (`/docker-admin`, shown to members with Manage Server)",
		"`/docker-admin schedule set <channel> <cron> <timezone>`: where and when the daily question goes out, e.g. channel: #general cron: `0 9 * * 1-5` timezone: `Europe/Berlin`",
		"`/docker-admin schedule show|off|on`: show the settings and the next 3 posts, pause, resume",
		"`/docker-admin config [level] [topics] [reveal] [season] [freezes] [recap]`: e.g. level: `basic,intermediate` topics: `all` reveal: `8h` season: `month` recap: `off`",
		"`/docker-admin post-now`: post the next daily question at once",
		"`/docker-admin reports`: the team's reports of questions",
		"`/docker-admin insight`: the last 8 weeks: players, answers, share right, the hardest questions",
	},
	ScheduleHint: "Use `/docker-admin schedule set` with the channel, a cron spec and a timezone, e.g. channel: #general cron: `0 9 * * 1-5` timezone: `Europe/Berlin`.",
}

// The two top-level commands. Discord sets permissions per top-level
// command, so the admin subcommands live in their own command, shown by
// default only to members with Manage Server.
const (
	cmdDocker = "docker"
	cmdAdmin  = "docker-admin"
)

// Commands returns the slash commands the adapter registers: /docker for
// everyone and /docker-admin for members with Manage Server, both usable
// in servers only (a team is a server).
func Commands() []*discordgo.ApplicationCommand {
	guildOnly := &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	manageServer := int64(discordgo.PermissionManageGuild)
	one, max := 1.0, float64(bot.MaxQuizCount)
	topic := &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: "topic",
		Description: "A topic, e.g. networking", Autocomplete: true,
	}
	level := &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: "level",
		Description: "basic, intermediate or advanced", Choices: choices(quiz.Levels),
	}
	sub := func(name, description string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionSubCommand, Name: name, Description: description, Options: opts}
	}
	return []*discordgo.ApplicationCommand{
		{
			Type: discordgo.ChatApplicationCommand, Name: cmdDocker, Contexts: guildOnly,
			Description: "Docker interview questions: practice, leaderboard and stats",
			Options: []*discordgo.ApplicationCommandOption{
				sub(bot.CmdQuestion, "A random practice question, only you see it", topic, level),
				sub(bot.CmdQuiz, "A private practice round, one question at a time",
					&discordgo.ApplicationCommandOption{
						Type: discordgo.ApplicationCommandOptionInteger, Name: "count",
						Description: fmt.Sprintf("How many questions (1-%d, default %d)", bot.MaxQuizCount, bot.DefaultQuizCount), MinValue: &one, MaxValue: max,
					}, topic, level),
				sub(bot.CmdReview, "Retry the questions you got wrong, when they are due"),
				sub(bot.CmdInterview, "Answer a question in your own words; see which key points you covered", topic, level),
				sub(bot.CmdLeaderboard, "The top 10 and your rank",
					&discordgo.ApplicationCommandOption{
						Type: discordgo.ApplicationCommandOptionString, Name: "period",
						Description: "week (default), month, season or all", Choices: periodChoices(),
					},
					&discordgo.ApplicationCommandOption{
						Type: discordgo.ApplicationCommandOptionString, Name: "season",
						Description: "A past season's final board, e.g. 2026-Q3 or 2026-11",
					}),
				sub(bot.CmdStats, "Points, rank, streak and accuracy by topic",
					&discordgo.ApplicationCommandOption{
						Type: discordgo.ApplicationCommandOptionUser, Name: "user",
						Description: "Whose stats (default: yours)",
					}),
				sub(bot.CmdRemind, "A direct message on days when questions you got wrong are due for review",
					&discordgo.ApplicationCommandOption{
						Type: discordgo.ApplicationCommandOptionString, Name: "state",
						Description: "on or off (default: show the setting)", Choices: choices([]string{"on", "off"}),
					}),
				sub(bot.CmdReport, "Report a question that is wrong, unclear, outdated or has a typo",
					&discordgo.ApplicationCommandOption{
						Type: discordgo.ApplicationCommandOptionString, Name: "question", Required: true,
						Description: "The question's id, e.g. networking-user-defined-bridge-dns", Autocomplete: true,
					},
					&discordgo.ApplicationCommandOption{
						Type: discordgo.ApplicationCommandOptionString, Name: "reason",
						Description: "What is wrong with it", Choices: choices(quiz.ReportReasons),
					},
					&discordgo.ApplicationCommandOption{
						Type: discordgo.ApplicationCommandOptionString, Name: "note", MaxLength: quiz.MaxReportText,
						Description: "What should change, and why",
					}),
				sub(bot.CmdHelp, "The commands, with examples"),
			},
		},
		{
			Type: discordgo.ChatApplicationCommand, Name: cmdAdmin, Contexts: guildOnly,
			DefaultMemberPermissions: &manageServer,
			Description:              "Daily question settings (Manage Server)",
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type: discordgo.ApplicationCommandOptionSubCommandGroup, Name: bot.CmdSchedule,
					Description: "Where and when the daily question is posted",
					Options: []*discordgo.ApplicationCommandOption{
						sub("set", "Set the daily channel, cron schedule and timezone",
							&discordgo.ApplicationCommandOption{
								Type: discordgo.ApplicationCommandOptionChannel, Name: "channel", Required: true,
								Description:  "The daily channel",
								ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildText},
							},
							&discordgo.ApplicationCommandOption{
								Type: discordgo.ApplicationCommandOptionString, Name: "cron", Required: true,
								Description: "5-field cron, e.g. 0 9 * * 1-5 (09:00 Monday to Friday)",
							},
							&discordgo.ApplicationCommandOption{
								Type: discordgo.ApplicationCommandOptionString, Name: "timezone", Required: true,
								Description: "IANA timezone, e.g. Europe/Berlin", Autocomplete: true,
							}),
						sub("show", "Show the settings and the next 3 post times"),
						sub("off", "Pause the daily question"),
						sub("on", "Resume the daily question"),
					},
				},
				sub(bot.CmdConfig, "Filter the daily question by level and topic, and set the reveal",
					&discordgo.ApplicationCommandOption{
						Type: discordgo.ApplicationCommandOptionString, Name: "level",
						Description: "Levels, e.g. basic,intermediate, or all",
					},
					&discordgo.ApplicationCommandOption{
						Type: discordgo.ApplicationCommandOptionString, Name: "topics",
						Description: "Topics, e.g. networking,security, or all",
					},
					&discordgo.ApplicationCommandOption{
						Type: discordgo.ApplicationCommandOptionString, Name: "reveal",
						Description: "next (when the next question is posted) or a delay such as 8h",
					},
					&discordgo.ApplicationCommandOption{
						Type: discordgo.ApplicationCommandOptionString, Name: "season",
						Description: "How long seasons last", Choices: choices([]string{"quarter", "month", "off"}),
					},
					&discordgo.ApplicationCommandOption{
						Type: discordgo.ApplicationCommandOptionString, Name: "freezes",
						Description: "Streak freezes earned by 5 right answers in a row", Choices: choices([]string{"on", "off"}),
					},
					&discordgo.ApplicationCommandOption{
						Type: discordgo.ApplicationCommandOptionString, Name: "recap",
						Description: "A recap of the week before with the first question of each week", Choices: choices([]string{"on", "off"}),
					}),
				sub(bot.CmdPostNow, "Post the next daily question now"),
				sub(bot.CmdReports, "The team's reports of questions"),
				sub(bot.CmdInsight, "The last 8 weeks: players, answers, share right, the hardest questions"),
			},
		},
	}
}

func choices[T ~string](vs []T) []*discordgo.ApplicationCommandOptionChoice {
	out := make([]*discordgo.ApplicationCommandOptionChoice, len(vs))
	for i, v := range vs {
		out[i] = &discordgo.ApplicationCommandOptionChoice{Name: string(v), Value: string(v)}
	}
	return out
}

func periodChoices() []*discordgo.ApplicationCommandOptionChoice {
	names := map[quiz.Period]string{quiz.Week: "This week", quiz.Month: "This month", quiz.All: "All time", quiz.Season: "This season"}
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, p := range append(quiz.Periods, quiz.Season) {
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: names[p], Value: string(p)})
	}
	return out
}

// errBadOptions is what a user sees for options the adapter cannot read.
var errBadOptions = quiz.Errorf(quiz.EINVALID, "Discord sent options I could not read. Try the command again, or `/docker help`.")

type options []*discordgo.ApplicationCommandInteractionDataOption

// subcommand returns the single subcommand (or group) and its options.
func (o options) subcommand() (string, options, bool) {
	if len(o) != 1 || o[0] == nil {
		return "", nil, false
	}
	t := o[0].Type
	if t != discordgo.ApplicationCommandOptionSubCommand && t != discordgo.ApplicationCommandOptionSubCommandGroup {
		return "", nil, false
	}
	return o[0].Name, options(o[0].Options), true
}

func (o options) find(name string) *discordgo.ApplicationCommandInteractionDataOption {
	for _, opt := range o {
		if opt != nil && opt.Name == name {
			return opt
		}
	}
	return nil
}

// optionReader reads typed option values; a value of the wrong type (a
// malformed payload) makes err errBadOptions.
type optionReader struct {
	opts options
	err  error
}

// str returns a string-valued option (string, user, channel), "" when absent.
func (r *optionReader) str(name string) string {
	opt := r.opts.find(name)
	if opt == nil {
		return ""
	}
	s, ok := opt.Value.(string)
	if !ok {
		r.err = errBadOptions
	}
	return s
}

// integer returns an integer option, 0 when absent.
func (r *optionReader) integer(name string) int {
	opt := r.opts.find(name)
	if opt == nil {
		return 0
	}
	f, ok := opt.Value.(float64)
	if !ok || f != float64(int(f)) {
		r.err = errBadOptions
	}
	return int(f)
}

// parseCommand turns a slash command's data into the core's command.
func parseCommand(d discordgo.ApplicationCommandInteractionData) (bot.Command, error) {
	name, opts, ok := options(d.Options).subcommand()
	if !ok {
		return bot.Command{}, errBadOptions
	}
	switch d.Name {
	case cmdDocker:
		return parseDocker(name, opts)
	case cmdAdmin:
		return parseAdmin(name, opts)
	}
	return bot.Command{}, quiz.Errorf(quiz.EINVALID, "Unknown command `/%s`. Try `/docker help`.", d.Name)
}

func parseDocker(name string, opts options) (bot.Command, error) {
	r := optionReader{opts: opts}
	cmd := bot.Command{Name: name, User: r.str("user"), Count: r.integer("count"), SeasonID: r.str("season"),
		Remind: r.str("state"), QuestionID: r.str("question"), Reason: r.str("reason"), Note: r.str("note")}
	topic, level, period := r.str("topic"), r.str("level"), r.str("period")
	if r.err != nil {
		return bot.Command{}, r.err
	}
	var err error
	switch name {
	case bot.CmdQuestion, bot.CmdQuiz, bot.CmdInterview:
		if topic != "" {
			if cmd.Topic, err = quiz.ParseTopic(topic); err != nil {
				return bot.Command{}, err
			}
		}
		if level != "" {
			if cmd.Level, err = quiz.ParseLevel(level); err != nil {
				return bot.Command{}, err
			}
		}
	case bot.CmdLeaderboard:
		if period != "" {
			if cmd.Period, err = quiz.ParsePeriod(period); err != nil {
				return bot.Command{}, err
			}
		}
		if cmd.SeasonID != "" {
			cmd.Period = quiz.Season
		}
	case bot.CmdReview, bot.CmdStats, bot.CmdRemind, bot.CmdReport, bot.CmdHelp:
	default:
		return bot.Command{}, quiz.Errorf(quiz.EINVALID, "Unknown command `/docker %s`. Try `/docker help`.", name)
	}
	return cmd, nil
}

func parseAdmin(name string, opts options) (bot.Command, error) {
	var cmd bot.Command
	switch name {
	case bot.CmdSchedule:
		sub, subOpts, ok := opts.subcommand()
		if !ok {
			return bot.Command{}, errBadOptions
		}
		switch sub {
		case "set", "show", "off", "on":
		default:
			return bot.Command{}, quiz.Errorf(quiz.EINVALID, "Unknown schedule option %q. Try `/docker-admin schedule show`.", sub)
		}
		r := optionReader{opts: subOpts}
		cmd = bot.Command{Name: bot.CmdSchedule, Sub: sub, Channel: r.str("channel"), Cron: r.str("cron"), Timezone: r.str("timezone")}
		return cmd, r.err
	case bot.CmdConfig:
		r := optionReader{opts: opts}
		cmd = bot.Command{Name: bot.CmdConfig, Levels: r.str("level"), Topics: r.str("topics"), Reveal: r.str("reveal"), Season: r.str("season"), Freezes: r.str("freezes"), Recap: r.str("recap")}
		return cmd, r.err
	case bot.CmdPostNow, bot.CmdReports, bot.CmdInsight:
		return bot.Command{Name: name}, nil
	}
	return bot.Command{}, quiz.Errorf(quiz.EINVALID, "Unknown command `/docker-admin %s`. Try `/docker help`.", name)
}

// describe names a command for logs: "/docker-admin schedule set".
func describe(d discordgo.ApplicationCommandInteractionData) string {
	s := "/" + d.Name
	opts := options(d.Options)
	for {
		name, sub, ok := opts.subcommand()
		if !ok {
			return s
		}
		s, opts = fmt.Sprintf("%s %s", s, name), sub
	}
}
