package discord

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

type opt = discordgo.ApplicationCommandInteractionDataOption

func sub(name string, opts ...*opt) *opt {
	return &opt{Name: name, Type: discordgo.ApplicationCommandOptionSubCommand, Options: opts}
}

func group(name string, s *opt) *opt {
	return &opt{Name: name, Type: discordgo.ApplicationCommandOptionSubCommandGroup, Options: []*opt{s}}
}

func str(name, v string) *opt {
	return &opt{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: v}
}

func num(name string, v float64) *opt {
	return &opt{Name: name, Type: discordgo.ApplicationCommandOptionInteger, Value: v}
}

func data(name string, opts ...*opt) discordgo.ApplicationCommandInteractionData {
	return discordgo.ApplicationCommandInteractionData{Name: name, Options: opts}
}

func TestParseCommand(t *testing.T) {
	tests := []struct {
		name string
		in   discordgo.ApplicationCommandInteractionData
		want bot.Command
		// err is in the error's message; empty means no error.
		err string
	}{
		{"question", data("docker", sub("question", str("topic", "networking"), str("level", "advanced"))),
			bot.Command{Name: bot.CmdQuestion, Topic: "networking", Level: quiz.Advanced}, ""},
		{"topic in capitals", data("docker", sub("question", str("topic", "Networking"))),
			bot.Command{Name: bot.CmdQuestion, Topic: "networking"}, ""},
		{"quiz", data("docker", sub("quiz", num("count", 7), str("topic", "security"))),
			bot.Command{Name: bot.CmdQuiz, Count: 7, Topic: "security"}, ""},
		{"quiz without count", data("docker", sub("quiz")), bot.Command{Name: bot.CmdQuiz}, ""},
		{"count out of bounds: passed on for the core to refuse", data("docker", sub("quiz", num("count", 21))), bot.Command{Name: bot.CmdQuiz, Count: 21}, ""},
		{"count not whole", data("docker", sub("quiz", num("count", 2.5))), bot.Command{}, "could not read"},
		{"unknown topic", data("docker", sub("question", str("topic", "kubernetes"))), bot.Command{}, "kubernetes"},
		{"review", data("docker", sub("review")), bot.Command{Name: bot.CmdReview}, ""},
		{"leaderboard", data("docker", sub("leaderboard", str("period", "month"))),
			bot.Command{Name: bot.CmdLeaderboard, Period: quiz.Month}, ""},
		{"stats of a user", data("docker", sub("stats", &opt{Name: "user", Type: discordgo.ApplicationCommandOptionUser, Value: "42"})),
			bot.Command{Name: bot.CmdStats, User: "42"}, ""},
		{"help", data("docker", sub("help")), bot.Command{Name: bot.CmdHelp}, ""},
		{"schedule set", data("docker-admin", group("schedule", sub("set",
			&opt{Name: "channel", Type: discordgo.ApplicationCommandOptionChannel, Value: "300"},
			str("cron", "0 9 * * 1-5"), str("timezone", "Europe/Berlin")))),
			bot.Command{Name: bot.CmdSchedule, Sub: "set", Channel: "300", Cron: "0 9 * * 1-5", Timezone: "Europe/Berlin"}, ""},
		{"schedule off", data("docker-admin", group("schedule", sub("off"))), bot.Command{Name: bot.CmdSchedule, Sub: "off"}, ""},
		{"schedule without subcommand", data("docker-admin", &opt{Name: "schedule", Type: discordgo.ApplicationCommandOptionSubCommandGroup}),
			bot.Command{}, "could not read"},
		{"config", data("docker-admin", sub("config", str("level", "basic,intermediate"), str("topics", "all"), str("reveal", "8h"))),
			bot.Command{Name: bot.CmdConfig, Levels: "basic,intermediate", Topics: "all", Reveal: "8h"}, ""},
		{"post-now", data("docker-admin", sub("post-now")), bot.Command{Name: bot.CmdPostNow}, ""},
		{"admin subcommand under /docker", data("docker", sub("post-now")), bot.Command{}, "Unknown command"},
		{"string option as a number", data("docker", sub("question", num("topic", 3))), bot.Command{}, "could not read"},
		{"two subcommands", data("docker", sub("help"), sub("review")), bot.Command{}, "could not read"},
		{"nil option", data("docker", nil), bot.Command{}, "could not read"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseCommand(tc.in)
			switch {
			case tc.err == "" && err != nil:
				t.Errorf("parseCommand = %v", err)
			case tc.err != "" && (err == nil || !strings.Contains(quiz.ErrorMessage(err), tc.err)):
				t.Errorf("parseCommand error = %v; want one about %q", err, tc.err)
			case got != tc.want:
				t.Errorf("parseCommand = %+v; want %+v", got, tc.want)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	bank := smallBank()
	values := func(cs []*discordgo.ApplicationCommandOptionChoice) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Value.(string))
		}
		return out
	}
	tests := []struct {
		name  string
		in    discordgo.ApplicationCommandInteractionData
		first []string
		count int
	}{
		{"topics, nothing typed", data("docker", sub("quiz", &opt{Name: "topic", Focused: true, Value: ""})), []string{"images", "containers"}, len(quiz.Topics)},
		{"topic prefix", data("docker", sub("question", &opt{Name: "topic", Focused: true, Value: "SEC"})), []string{"security"}, 1},
		{"topic inside", data("docker", sub("question", &opt{Name: "topic", Focused: true, Value: "work"})), []string{"networking"}, 1},
		{"zones, nothing typed", data("docker-admin", group("schedule", sub("set", &opt{Name: "timezone", Focused: true, Value: ""}))), []string{"UTC", "Europe/London"}, maxChoices},
		{"zone city", data("docker-admin", group("schedule", sub("set", &opt{Name: "timezone", Focused: true, Value: "new y"}))), []string{"America/New_York"}, 1},
		{"zone region", data("docker-admin", group("schedule", sub("set", &opt{Name: "timezone", Focused: true, Value: "australia/"}))), []string{"Australia/Perth"}, 5},
		{"any valid zone typed in full", data("docker-admin", group("schedule", sub("set", &opt{Name: "timezone", Focused: true, Value: "America/Argentina/Ushuaia"}))), []string{"America/Argentina/Ushuaia"}, 1},
		{"nothing matches", data("docker-admin", group("schedule", sub("set", &opt{Name: "timezone", Focused: true, Value: "Mars/Olympus"}))), nil, 0},
		{"no focused option", data("docker", sub("question")), nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := values(suggest(bank, tc.in))
			if len(got) != tc.count || !slices.Equal(got[:min(len(got), len(tc.first))], tc.first) {
				t.Errorf("suggest = %v; want %d starting %v", got, tc.count, tc.first)
			}
		})
	}
}

func TestCommonZonesLoad(t *testing.T) {
	for _, z := range commonZones {
		if len(filter([]string{z}, z)) != 1 {
			t.Errorf("zone %s does not find itself", z)
		}
		if _, err := time.LoadLocation(z); err != nil {
			t.Errorf("zone %s: %v", z, err)
		}
	}
}

func TestInviteURL(t *testing.T) {
	const want = "https://discord.com/oauth2/authorize?client_id=123&scope=bot+applications.commands&permissions=309237730304"
	if got := InviteURL("123"); got != want {
		t.Errorf("InviteURL = %s; want %s", got, want)
	}
}

func TestCommandsFitDiscord(t *testing.T) {
	var walk func(where string, opts []*discordgo.ApplicationCommandOption)
	walk = func(where string, opts []*discordgo.ApplicationCommandOption) {
		optional := false
		for _, o := range opts {
			if len(o.Description) < 1 || len([]rune(o.Description)) > 100 || o.Name != strings.ToLower(o.Name) || len(o.Name) > 32 {
				t.Errorf("%s %s: name or description out of Discord's limits", where, o.Name)
			}
			if o.Required && optional {
				t.Errorf("%s %s: a required option after an optional one", where, o.Name)
			}
			optional = optional || !o.Required
			walk(where+" "+o.Name, o.Options)
		}
	}
	for _, c := range Commands() {
		walk("/"+c.Name, c.Options)
	}
}
