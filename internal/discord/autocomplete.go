package discord

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// maxChoices is the most suggestions Discord shows.
const maxChoices = 25

// commonZones are the timezones suggested before anything is typed and
// searched as the admin types; any other valid IANA name typed in full is
// suggested too.
var commonZones = []string{
	"UTC",
	"Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin", "Europe/Amsterdam",
	"Europe/Brussels", "Europe/Madrid", "Europe/Rome", "Europe/Zurich", "Europe/Vienna", "Europe/Stockholm",
	"Europe/Oslo", "Europe/Copenhagen", "Europe/Helsinki", "Europe/Warsaw", "Europe/Prague", "Europe/Budapest",
	"Europe/Athens", "Europe/Bucharest", "Europe/Istanbul", "Europe/Kyiv", "Europe/Moscow",
	"America/New_York", "America/Toronto", "America/Chicago", "America/Mexico_City", "America/Denver",
	"America/Phoenix", "America/Los_Angeles", "America/Vancouver", "America/Anchorage", "America/Halifax",
	"America/Bogota", "America/Lima", "America/Santiago", "America/Buenos_Aires", "America/Sao_Paulo",
	"Pacific/Honolulu", "Pacific/Auckland",
	"Africa/Casablanca", "Africa/Lagos", "Africa/Cairo", "Africa/Nairobi", "Africa/Johannesburg",
	"Asia/Dubai", "Asia/Tehran", "Asia/Karachi", "Asia/Kolkata", "Asia/Dhaka", "Asia/Bangkok",
	"Asia/Jakarta", "Asia/Ho_Chi_Minh", "Asia/Singapore", "Asia/Kuala_Lumpur", "Asia/Manila",
	"Asia/Hong_Kong", "Asia/Shanghai", "Asia/Taipei", "Asia/Seoul", "Asia/Tokyo", "Asia/Jerusalem",
	"Australia/Perth", "Australia/Adelaide", "Australia/Brisbane", "Australia/Sydney", "Australia/Melbourne",
}

// focused finds the option being typed, in a subcommand or group.
func focused(opts options) *discordgo.ApplicationCommandInteractionDataOption {
	for _, o := range opts {
		if o == nil {
			continue
		}
		if o.Focused {
			return o
		}
		if f := focused(o.Options); f != nil {
			return f
		}
	}
	return nil
}

// suggest returns the choices for the option being typed: topics (with
// how many questions each has) or timezones.
func suggest(bank *quiz.Bank, d discordgo.ApplicationCommandInteractionData) []*discordgo.ApplicationCommandOptionChoice {
	f := focused(d.Options)
	if f == nil {
		return []*discordgo.ApplicationCommandOptionChoice{}
	}
	typed, _ := f.Value.(string)
	switch f.Name {
	case "topic":
		return suggestTopics(bank, typed)
	case "timezone":
		return suggestZones(typed)
	case "question":
		return suggestQuestions(bank, typed)
	}
	return []*discordgo.ApplicationCommandOptionChoice{}
}

func suggestTopics(bank *quiz.Bank, typed string) []*discordgo.ApplicationCommandOptionChoice {
	names := make([]string, len(quiz.Topics))
	for i, t := range quiz.Topics {
		names[i] = string(t)
	}
	out := []*discordgo.ApplicationCommandOptionChoice{}
	for _, name := range filter(names, typed) {
		n := len(bank.Select(quiz.Filter{Topics: []quiz.Topic{quiz.Topic(name)}}))
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: fmt.Sprintf("%s (%d questions)", name, n), Value: name})
	}
	return out
}

func suggestZones(typed string) []*discordgo.ApplicationCommandOptionChoice {
	zones := filter(commonZones, typed)
	if t := strings.TrimSpace(typed); t != "" && !slices.ContainsFunc(zones, func(z string) bool { return strings.EqualFold(z, t) }) {
		if _, err := time.LoadLocation(t); err == nil && !strings.EqualFold(t, "local") {
			zones = append([]string{t}, zones...)
		}
	}
	out := []*discordgo.ApplicationCommandOptionChoice{}
	for _, z := range zones[:min(len(zones), maxChoices)] {
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: z, Value: z})
	}
	return out
}

// filter returns the names that start with typed, then those that contain
// it elsewhere (case-insensitive, "_" and " " alike), in list order.
func filter(names []string, typed string) []string {
	norm := func(s string) string { return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "_") }
	t := norm(typed)
	var starts, contains []string
	for _, name := range names {
		n := norm(name)
		_, city, _ := strings.Cut(n, "/")
		switch {
		case strings.HasPrefix(n, t) || strings.HasPrefix(city, t):
			starts = append(starts, name)
		case strings.Contains(n, t):
			contains = append(contains, name)
		}
	}
	return append(starts, contains...)
}

// suggestQuestions offers the question ids that start with or contain
// what was typed, the id as the name (a report names the question the
// member saw under its post).
func suggestQuestions(bank *quiz.Bank, typed string) []*discordgo.ApplicationCommandOptionChoice {
	ids := make([]string, 0, bank.Len())
	for _, q := range bank.All() {
		ids = append(ids, q.ID)
	}
	out := []*discordgo.ApplicationCommandOptionChoice{}
	for _, id := range filter(ids, typed) {
		if len(out) == maxChoices {
			break
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: id, Value: id})
	}
	return out
}
