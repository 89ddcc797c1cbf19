package slack

import (
	"context"
	"fmt"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// homeTop is how many users the App Home's weekly board lists.
const homeTop = 5

// publishHome shows a user their App Home tab: their record and the
// team's top 5 of the week.
func (a *Adapter) publishHome(ctx context.Context, team, user string) error {
	bs, err := a.homeBlocks(ctx, teamID(team), user)
	if err != nil {
		return err
	}
	return a.retry(ctx, func(ctx context.Context) error {
		_, err := a.api.PublishViewContext(ctx, slackapi.PublishViewContextRequest{
			UserID: user,
			View:   slackapi.HomeTabViewRequest{Type: slackapi.VTHomeTab, Blocks: slackapi.Blocks{BlockSet: bs}},
		})
		return err
	})
}

// homeBlocks renders the App Home of user in team:
//
//	header    dockerqotd
//	section…  points, rank, streak, best streak, accuracy by topic (bot.StatsText)
//	header    the week's top 5
//	section   the board
//	context   where to start
func (a *Adapter) homeBlocks(ctx context.Context, id quiz.TeamID, user string) ([]slackapi.Block, error) {
	team, err := a.bot.Team(ctx, id, "")
	if err != nil {
		return nil, err
	}
	store, now := a.bot.Store(), a.bot.Now()
	st, err := store.UserStats(ctx, id, user)
	if err != nil {
		return nil, err
	}
	all, err := store.Leaderboard(ctx, id, quiz.All, now, user, 0)
	if err != nil {
		return nil, err
	}
	week, err := store.Leaderboard(ctx, id, quiz.Week, now, user, homeTop)
	if err != nil {
		return nil, err
	}
	due, err := store.DueReviews(ctx, id, user, now)
	if err != nil {
		return nil, err
	}

	bs := []slackapi.Block{slackapi.NewHeaderBlock(slackapi.NewTextBlockObject(slackapi.PlainTextType, "🐳 dockerqotd", true, false))}
	record := "No answers yet. Answer the daily question, or practise with `/docker question`."
	if st.Daily.Answered > 0 || st.Practice.Answered > 0 {
		if st.Name == "" {
			st.Name = "<@" + user + ">"
		}
		record = bot.StatsText(st, all.Caller, all.Players, len(due))
	}
	for _, piece := range splitText(mrkdwn(record), sectionLimit) {
		bs = append(bs, sectionBlock(piece))
	}

	bs = append(bs,
		slackapi.NewDividerBlock(),
		slackapi.NewHeaderBlock(slackapi.NewTextBlockObject(slackapi.PlainTextType,
			truncate("🏆 Top 5 · "+quiz.Week.Describe(now, team.Location()), headerLimit), true, false)),
		sectionBlock(weekBoard(week, user)),
		contextBlock(mrkdwn("Answer the daily question with one click; `/docker quiz` starts a private round; `/docker help` lists every command.")),
	)
	return bs, nil
}

// weekBoard lists the top of a week's board, the user in bold.
func weekBoard(lb quiz.Leaderboard, user string) string {
	if len(lb.Top) == 0 {
		return "No answers this week yet. The first right answer takes the lead."
	}
	lines := make([]string, 0, len(lb.Top))
	for _, s := range lb.Top {
		name := escape(s.Name)
		if name == "" {
			name = "<@" + s.User + ">"
		}
		line := fmt.Sprintf("%d. %s · %s", s.Rank, name, points(s.Points))
		if s.User == user {
			line = "*" + line + "* (you)"
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func points(n int) string {
	if n == 1 {
		return "1 point"
	}
	return fmt.Sprintf("%d points", n)
}
