package bot

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Command is a parsed /docker subcommand. The Slack and terminal adapters
// get it from ParseCommand; the Discord adapter fills it from typed options.
type Command struct {
	Name   string
	Topic  quiz.Topic
	Level  quiz.Level
	Count  int
	Period quiz.Period
	// User is the user a stats command asks about; empty means the caller.
	User string

	// Admin commands.

	// Sub is the schedule subcommand: "set", "off", "on" or "show".
	Sub string
	// Channel is the platform id of the daily channel a schedule sets;
	// empty means the channel the command was sent from.
	Channel  string
	Cron     string
	Timezone string
	// Levels and Topics are comma-separated filters, or "all"; Reveal is
	// "next" or a duration such as 8h. Empty leaves a setting as it is.
	Levels string
	Topics string
	Reveal string
	// Season is "quarter", "month" or "off"; Freezes is "on" or "off".
	Season  string
	Freezes string
	// Recap is "on" or "off".
	Recap string
	// SeasonID picks a past season of a leaderboard: "2026-Q3", "2026-11".
	SeasonID string

	// QuestionID, Reason and Note are a report's; Reason is empty when
	// the member has not picked one yet.
	QuestionID string
	Reason     string
	Note       string
	// Remind is "on" or "off"; empty shows the setting.
	Remind string
}

// The subcommands.
const (
	CmdQuestion    = "question"
	CmdQuiz        = "quiz"
	CmdReview      = "review"
	CmdInterview   = "interview"
	CmdLeaderboard = "leaderboard"
	CmdStats       = "stats"
	CmdRemind      = "remind"
	CmdReport      = "report"
	CmdHelp        = "help"

	CmdSchedule = "schedule"
	CmdConfig   = "config"
	CmdPostNow  = "post-now"
	CmdReports  = "reports"
	CmdInsight  = "insight"
)

// Practice round sizes: the core refuses a quiz of more than MaxQuizCount
// questions, and button ids of a round carry an index below it.
const (
	DefaultQuizCount = 5
	MaxQuizCount     = 20
)

// Commands lists the subcommands anyone may use.
var Commands = []string{CmdQuestion, CmdQuiz, CmdReview, CmdInterview, CmdLeaderboard, CmdStats, CmdRemind, CmdReport, CmdHelp}

// AdminCommands lists the subcommands only admins may use.
var AdminCommands = []string{CmdSchedule, CmdConfig, CmdPostNow, CmdReports, CmdInsight}

// mention matches a user mention as Discord (<@123>, <@!123>) and Slack
// (<@U123>, <@U123|name>) write it.
var mention = regexp.MustCompile(`^<@!?([A-Za-z0-9]+)(\|[^>]*)?>$`)

// ParseCommand reads the text of a /docker command, with or without the
// leading "/docker": "quiz 5 networking basic", "leaderboard month",
// "stats <@U123>". Options may also be written key=value. An unknown
// subcommand or option gives an EINVALID error whose message is a one-line
// hint.
func ParseCommand(text string) (Command, error) {
	words := strings.Fields(text)
	if len(words) > 0 && strings.EqualFold(words[0], "/docker") {
		words = words[1:]
	}
	if len(words) == 0 {
		return Command{Name: CmdHelp}, nil
	}
	cmd := Command{Name: strings.ToLower(words[0])}
	args := words[1:]
	switch cmd.Name {
	case CmdQuestion, CmdQuiz, CmdReview, CmdInterview, CmdLeaderboard, CmdStats, CmdHelp:
	case CmdSchedule:
		return parseScheduleCommand(args)
	case CmdConfig:
		return parseConfig(args)
	case CmdPostNow, CmdReports, CmdInsight:
		if len(args) > 0 {
			return Command{}, quiz.Errorf(quiz.EINVALID, "`%s` takes no options. %s", cmd.Name, usage(cmd.Name))
		}
		return cmd, nil
	case CmdRemind:
		return parseRemind(args)
	case CmdReport:
		return parseReport(args)
	default:
		return Command{}, quiz.Errorf(quiz.EINVALID, "Unknown command %q. Try `/docker help`.", words[0])
	}
	for _, arg := range args {
		if err := cmd.setOption(arg); err != nil {
			return Command{}, err
		}
	}
	return cmd, nil
}

func (c *Command) setOption(arg string) error {
	key, value, named := strings.Cut(arg, "=")
	if k, v, ok := strings.Cut(arg, ":"); !named && ok && strings.EqualFold(k, "season") {
		key, value, named = k, v, true
	}
	if !named {
		key, value = c.guessOption(arg), arg
	}
	allowed := map[string][]string{
		CmdQuestion:    {"topic", "level"},
		CmdInterview:   {"topic", "level"},
		CmdQuiz:        {"count", "topic", "level"},
		CmdLeaderboard: {"period", "season"},
		CmdStats:       {"user"},
	}[c.Name]
	if !slices.Contains(allowed, strings.ToLower(key)) {
		return quiz.Errorf(quiz.EINVALID, "`%s` does not take %q. %s", c.Name, arg, usage(c.Name))
	}
	var err error
	switch strings.ToLower(key) {
	case "topic":
		c.Topic, err = quiz.ParseTopic(value)
	case "level":
		c.Level, err = quiz.ParseLevel(value)
	case "period":
		c.Period, err = quiz.ParsePeriod(value)
	case "season":
		c.Period, c.SeasonID = quiz.Season, value
	case "count":
		c.Count, err = parseCount(value)
	case "user":
		c.User = userID(value)
	}
	return err
}

// guessOption names the option a bare word sets, from its value.
func (c *Command) guessOption(word string) string {
	switch {
	case quiz.Level(strings.ToLower(word)).Valid():
		return "level"
	case quiz.Topic(strings.ToLower(word)).Valid():
		return "topic"
	case c.Name == CmdLeaderboard && seasonWord.MatchString(word):
		return "season"
	case c.Name == CmdLeaderboard:
		return "period"
	case c.Name == CmdStats:
		return "user"
	}
	if _, err := strconv.Atoi(word); err == nil {
		return "count"
	}
	return word
}

func parseCount(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxQuizCount {
		return 0, errCount
	}
	return n, nil
}

// errCount is the hint for a quiz count out of range.
var errCount = quiz.Errorf(quiz.EINVALID, "count must be a number from 1 to %d, like `/docker quiz 5`.", MaxQuizCount)

// userID returns the id in a mention, or the word itself (a terminal user
// name).
func userID(s string) string {
	if m := mention.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return strings.TrimPrefix(s, "@")
}

func usage(name string) string {
	u := map[string]string{
		CmdQuestion:    "Usage: `/docker question [topic] [level]`",
		CmdQuiz:        fmt.Sprintf("Usage: `/docker quiz [count 1-%d] [topic] [level]`", MaxQuizCount),
		CmdReview:      "Usage: `/docker review`",
		CmdInterview:   "Usage: `/docker interview [topic] [level]`",
		CmdLeaderboard: "Usage: `/docker leaderboard [week|month|season|all]`, or a past season such as `/docker leaderboard season:2026-Q3`",
		CmdStats:       "Usage: `/docker stats [user]`",
		CmdHelp:        "Usage: `/docker help`",
		CmdSchedule:    "Usage: `/docker schedule [#channel] <cron> <timezone>`, e.g. `/docker schedule #general 0 9 * * 1-5 Europe/Berlin`, or `/docker schedule show|off|on`",
		CmdConfig:      "Usage: `/docker config [level=basic,intermediate|all] [topics=networking,security|all] [reveal=next|8h] [season=quarter|month|off] [freezes=on|off] [recap=on|off]`",
		CmdPostNow:     "Usage: `/docker post-now`",
		CmdRemind:      "Usage: `/docker remind on|off`",
		CmdReport:      "Usage: `/docker report <question id> [wrong-answer|unclear|outdated|typo|other] [note]`, or the 🚩 Report button under a revealed question",
		CmdReports:     "Usage: `/docker reports`",
		CmdInsight:     "Usage: `/docker insight`",
	}[name]
	return u
}

// seasonWord matches a season id typed as a bare word: "2026-Q3", "2026-11".
var seasonWord = regexp.MustCompile(`^\d{4}-(Q\d|\d{2})$`)

// channelMention matches a channel as Discord (<#123>) and Slack
// (<#C123|general>) write it.
var channelMention = regexp.MustCompile(`^<#([A-Za-z0-9]+)(\|[^>]*)?>$`)

// parseScheduleCommand reads the arguments of "schedule [show|off|on]" or
// "schedule [#channel] <cron> <timezone>", where the cron spec is five
// fields (quotes allowed) or an @descriptor.
func parseScheduleCommand(args []string) (Command, error) {
	cmd := Command{Name: CmdSchedule, Sub: "show"}
	if len(args) == 1 {
		switch sub := strings.ToLower(args[0]); sub {
		case "show", "off", "on":
			cmd.Sub = sub
			return cmd, nil
		}
	}
	if len(args) == 0 {
		return cmd, nil
	}
	cmd.Sub = "set"
	if m := channelMention.FindStringSubmatch(args[0]); m != nil {
		cmd.Channel = m[1]
		args = args[1:]
	} else if strings.HasPrefix(args[0], "#") {
		return Command{}, quiz.Errorf(quiz.EINVALID, "Pick the channel from the list so it becomes a link (`#%s` as plain text cannot be looked up), or run the command in that channel without naming one.", strings.TrimPrefix(args[0], "#"))
	}
	if len(args) < 2 {
		return Command{}, quiz.Errorf(quiz.EINVALID, "A schedule needs a cron spec and a timezone. %s", usage(CmdSchedule))
	}
	cmd.Timezone = args[len(args)-1]
	cmd.Cron = strings.Trim(strings.Join(args[:len(args)-1], " "), `"'`+"`")
	return cmd, nil
}

// parseConfig reads "config [level=…] [topics=…] [reveal=…] [season=…]
// [freezes=…] [recap=…]".
func parseConfig(args []string) (Command, error) {
	cmd := Command{Name: CmdConfig}
	for _, arg := range args {
		key, value, ok := strings.Cut(arg, "=")
		if !ok || value == "" {
			return Command{}, quiz.Errorf(quiz.EINVALID, "Write config options as key=value. %s", usage(CmdConfig))
		}
		switch strings.ToLower(key) {
		case "level", "levels":
			cmd.Levels = value
		case "topic", "topics":
			cmd.Topics = value
		case "reveal":
			cmd.Reveal = value
		case "season", "seasons":
			cmd.Season = value
		case "freezes", "freeze":
			cmd.Freezes = value
		case "recap":
			cmd.Recap = value
		default:
			return Command{}, quiz.Errorf(quiz.EINVALID, "`config` has no option %q. %s", key, usage(CmdConfig))
		}
	}
	return cmd, nil
}

// parseRemind reads "remind [on|off]".
func parseRemind(args []string) (Command, error) {
	cmd := Command{Name: CmdRemind}
	switch {
	case len(args) == 0:
		return cmd, nil
	case len(args) == 1 && (strings.EqualFold(args[0], "on") || strings.EqualFold(args[0], "off")):
		cmd.Remind = strings.ToLower(args[0])
		return cmd, nil
	}
	return Command{}, quiz.Errorf(quiz.EINVALID, "`remind` takes on or off. %s", usage(CmdRemind))
}

// parseReport reads "report <question id> [reason] [note…]".
func parseReport(args []string) (Command, error) {
	if len(args) == 0 {
		return Command{}, quiz.Errorf(quiz.EINVALID, "Name the question to report. %s", usage(CmdReport))
	}
	cmd := Command{Name: CmdReport, QuestionID: strings.ToLower(args[0])}
	if len(args) > 1 {
		cmd.Reason = args[1]
		cmd.Note = strings.Join(args[2:], " ")
	}
	return cmd, nil
}
