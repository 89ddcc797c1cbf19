package slack

import (
	"context"

	slackapi "github.com/slack-go/slack"

	"github.com/dockerqotd/dockerqotd/internal/bot"
)

// publishHome shows a user their App Home tab: their record and the
// team's top 5 of the week, as the core's home view has them.
func (a *Adapter) publishHome(ctx context.Context, team, user string) error {
	h, err := a.bot.Home(ctx, teamID(team), user)
	if err != nil {
		return err
	}
	return a.retry(ctx, func(ctx context.Context) error {
		_, err := a.api.PublishViewContext(ctx, slackapi.PublishViewContextRequest{
			UserID: user,
			View:   slackapi.HomeTabViewRequest{Type: slackapi.VTHomeTab, Blocks: slackapi.Blocks{BlockSet: homeBlocks(h)}},
		})
		return err
	})
}

// homeBlocks lays out the core's home view:
//
//	header    dockerqotd
//	section…  the record
//	section   the calendar of daily questions, and its legend
//	divider
//	header    the board's title
//	section   the board
//	context   where to start
func homeBlocks(h bot.Home) []slackapi.Block {
	bs := []slackapi.Block{slackapi.NewHeaderBlock(slackapi.NewTextBlockObject(slackapi.PlainTextType, "🐳 dockerqotd", true, false))}
	for _, piece := range splitText(mrkdwn(h.Record), sectionLimit) {
		bs = append(bs, sectionBlock(piece))
	}
	bs = append(bs, calendarBlocks(h.Calendar)...)
	return append(bs,
		slackapi.NewDividerBlock(),
		slackapi.NewHeaderBlock(slackapi.NewTextBlockObject(slackapi.PlainTextType, truncate(h.BoardTitle, headerLimit), true, false)),
		sectionBlock(mrkdwn(h.Board)),
		contextBlock(mrkdwn(h.Footer)),
	)
}
