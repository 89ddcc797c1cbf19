package bot

import "strings"

func help(c Caller) Message {
	lines := []string{
		"🐳 **dockerqotd**: a Docker interview question every day, and practice whenever you like.",
		"",
		"Click A, B, C or D under the daily question: your first answer counts. A right answer scores 10 points plus 1 for each right daily answer in a row before it (up to 5).",
		"",
		"`/docker question [topic] [level]`: a private practice question, e.g. `/docker question networking advanced`",
		"`/docker quiz [count] [topic] [level]`: a private round, e.g. `/docker quiz 10 security`",
		"`/docker review`: retry the questions you got wrong, when they are due",
		"`/docker interview [topic] [level]`: answer a question in your own words and see which key points of a strong answer you covered, e.g. `/docker interview security`",
		"`/docker leaderboard [week|month|season|all]`: the top 10 and your rank, e.g. `/docker leaderboard month`; a past season's final board with `/docker leaderboard season:2026-Q3`",
		"`/docker stats [user]`: points, rank, streak, streak freezes and accuracy by topic",
		"`/docker remind on|off`: a direct message on days when questions you got wrong are due for review",
		"`/docker report <question id> [reason]`: tell the bank's editors a question is wrong, unclear, outdated or has a typo (or use 🚩 Report under a revealed question)",
		"`/docker help`: this message",
		"",
		"Levels: basic, intermediate, advanced. Topics: images, containers, dockerfile, compose, volumes, networking, registry, security, swarm, orchestration, internals, operations, debugging.",
	}
	switch {
	case c.Admin && c.Syntax != nil && len(c.Syntax.AdminHelp) > 0:
		lines = append(append(lines, ""), c.Syntax.AdminHelp...)
	case c.Admin:
		lines = append(lines, "",
			"**Admin**",
			"`/docker schedule [#channel] <cron> <timezone>`: where and when the daily question goes out, e.g. `/docker schedule #general 0 9 * * 1-5 Europe/Berlin`",
			"`/docker schedule show|off|on`: show the settings and the next 3 posts, pause, resume",
			"`/docker config [level=…] [topics=…] [reveal=…] [season=…] [freezes=…] [recap=…]`: e.g. `/docker config level=basic,intermediate topics=all reveal=8h season=month recap=off`",
			"`/docker post-now`: post the next daily question at once",
			"`/docker reports`: the team's reports of questions",
			"`/docker insight`: the last 8 weeks: players, answers, share right, the hardest questions",
		)
	}
	return private(strings.Join(lines, "\n"))
}
