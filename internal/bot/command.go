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
}

// The subcommands.
const (
	CmdQuestion    = "question"
	CmdQuiz        = "quiz"
	CmdReview      = "review"
	CmdLeaderboard = "leaderboard"
	CmdStats       = "stats"
	CmdHelp        = "help"
)

// Quiz round sizes.
const (
	defaultQuizCount = 5
	maxQuizCount     = 20
)

// Commands lists the subcommands anyone may use.
var Commands = []string{CmdQuestion, CmdQuiz, CmdReview, CmdLeaderboard, CmdStats, CmdHelp}

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
	case CmdQuestion, CmdQuiz, CmdReview, CmdLeaderboard, CmdStats, CmdHelp:
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
	if !named {
		key, value = c.guessOption(arg), arg
	}
	allowed := map[string][]string{
		CmdQuestion:    {"topic", "level"},
		CmdQuiz:        {"count", "topic", "level"},
		CmdLeaderboard: {"period"},
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
	if err != nil || n < 1 || n > maxQuizCount {
		return 0, quiz.Errorf(quiz.EINVALID, "count must be a number from 1 to %d, like `/docker quiz 5`.", maxQuizCount)
	}
	return n, nil
}

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
		CmdQuiz:        fmt.Sprintf("Usage: `/docker quiz [count 1-%d] [topic] [level]`", maxQuizCount),
		CmdReview:      "Usage: `/docker review`",
		CmdLeaderboard: "Usage: `/docker leaderboard [week|month|all]`",
		CmdStats:       "Usage: `/docker stats [user]`",
		CmdHelp:        "Usage: `/docker help`",
	}[name]
	return u
}
