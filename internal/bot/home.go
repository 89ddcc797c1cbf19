package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/dockerqotd/dockerqotd/internal/card"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// homeTop is how many members a home view's board lists.
const homeTop = 5

// Home is a member's home screen (Slack's App Home): their record and the
// top of the week's board, in Markdown, for the adapter to lay out.
type Home struct {
	Record string
	// Calendar is the member's record to draw, nil before their first
	// answer.
	Calendar   *card.Stats
	BoardTitle string
	Board      string
	Footer     string
}

// Home returns the home view of user in team.
func (b *Bot) Home(ctx context.Context, id quiz.TeamID, user string) (Home, error) {
	team, err := b.EnsureTeam(ctx, id, "")
	if err != nil {
		return Home{}, err
	}
	now := b.now()
	st, err := b.store.UserStats(ctx, id, user)
	if err != nil {
		return Home{}, err
	}
	week, err := b.store.Leaderboard(ctx, id, quiz.Week, now, user, homeTop)
	if err != nil {
		return Home{}, err
	}
	h := Home{
		Record:     "No answers yet. Answer the daily question, or practise with `/docker question`.",
		BoardTitle: "🏆 Top 5 · " + quiz.Week.Describe(now, team.Location()),
		Board:      homeBoard(week, user),
		Footer:     "Answer the daily question with one click; `/docker quiz` starts a private round; `/docker help` lists every command.",
	}
	if st.Daily.Answered > 0 || st.Practice.Answered > 0 || st.Interview.Answered > 0 {
		if h.Record, h.Calendar, err = b.statsView(ctx, team, st); err != nil {
			return Home{}, err
		}
	}
	return h, nil
}

// homeBoard lists the top of a week's board, the user in bold.
func homeBoard(lb quiz.Leaderboard, user string) string {
	if len(lb.Top) == 0 {
		return "No answers this week yet. The first right answer takes the lead."
	}
	lines := make([]string, 0, len(lb.Top))
	for _, s := range lb.Top {
		line := fmt.Sprintf("%d. %s · %s", s.Rank, displayName(s.Name, s.User), points(s.Points))
		if s.User == user {
			line = "**" + line + "** (you)"
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
