package slack

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Send posts a daily question to its channel (chat.postMessage, through
// the channel's queue) and returns its id "<channel>/<ts>". An error means
// the post was not delivered; the scheduler tries again.
func (a *Adapter) Send(ctx context.Context, p quiz.Post, m bot.Message) (string, error) {
	if p.Channel == "" {
		return "", fmt.Errorf("post %d has no channel", p.ID)
	}
	var id string
	err := a.queues.do(ctx, p.Channel, func(ctx context.Context) error {
		channel, ts, err := a.api.PostMessageContext(ctx, p.Channel, msgOptions(m)...)
		if err == nil {
			id = channel + "/" + ts
		}
		return err
	})
	if err != nil {
		return "", explainSendError("chat.postMessage", p.Channel, err)
	}
	return id, nil
}

// Edit replaces a sent post (live count, reveal) with chat.update.
func (a *Adapter) Edit(ctx context.Context, p quiz.Post, m bot.Message) error {
	channel, ts, err := splitMessageID(p.MessageID)
	if err != nil {
		return err
	}
	err = a.queues.do(ctx, channel, func(ctx context.Context) error {
		_, _, _, err := a.api.UpdateMessageContext(ctx, channel, ts, msgOptions(m)...)
		return err
	})
	return explainSendError("chat.update", channel, err)
}

// Reply posts m in the thread of a sent post (the model answer).
func (a *Adapter) Reply(ctx context.Context, p quiz.Post, m bot.Message) error {
	channel, ts, err := splitMessageID(p.MessageID)
	if err != nil {
		return err
	}
	err = a.queues.do(ctx, channel, func(ctx context.Context) error {
		_, _, err := a.api.PostMessageContext(ctx, channel, append(msgOptions(m), slackapi.MsgOptionTS(ts))...)
		return err
	})
	return explainSendError("chat.postMessage", channel, err)
}

// DirectMessage sends m to a member in their direct message with the app:
// conversations.open (scope im:write) gives the channel, then
// chat.postMessage posts there through the channel's queue, rendered as a
// post is. The channel is opened for every message and not cached:
// conversations.open is where Slack says that the member was deactivated,
// while a post to the direct message of a deactivated member succeeds.
// Both calls wait out a 429; the errors of dmRefusals become
// bot.ErrDMClosed.
func (a *Adapter) DirectMessage(ctx context.Context, _ quiz.TeamID, user string, m bot.Message) error {
	if user == "" {
		return errors.New("a direct message needs a member")
	}
	channel, err := a.openDM(ctx, user)
	if err != nil {
		return dmError("conversations.open", err)
	}
	err = a.queues.do(ctx, channel, func(ctx context.Context) error {
		_, _, err := a.api.PostMessageContext(ctx, channel, msgOptions(m)...)
		return err
	})
	return dmError("chat.postMessage", err)
}

// openDM returns the id of the member's direct message channel with the
// app, bounded like a send.
func (a *Adapter) openDM(ctx context.Context, user string) (string, error) {
	if a.ctx.Err() != nil {
		return "", errClosed
	}
	ctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	defer context.AfterFunc(a.ctx, cancel)()
	var channel string
	err := a.retry(ctx, func(ctx context.Context) error {
		ch, _, _, err := a.api.OpenConversationContext(ctx, &slackapi.OpenConversationParameters{Users: []string{user}})
		switch {
		case err != nil:
			return err
		case ch == nil || ch.ID == "":
			return errors.New("no channel in the answer")
		}
		channel = ch.ID
		return nil
	})
	return channel, err
}

// dmRefusals are the Slack errors that say the member cannot get a direct
// message from the app, so that retrying cannot help until someone changes
// a setting:
//
//   - user_disabled (conversations.open): the member was deactivated.
//     Slack documents it for conversations.open.
//   - user_not_visible (conversations.open): the workspace restricts the
//     app from seeing the member. Slack documents it for
//     conversations.open.
//   - cannot_dm_bot (conversations.open): the member is a bot, and a bot
//     token cannot open a direct message with a bot. Undocumented; Slack
//     support explained it in HubSpot/slack-client#90.
//
// Anything else (user_not_found, a missing scope, 5xx) is a fault to
// report, not the member's choice. So is messages_tab_disabled
// (chat.postMessage): the app's Messages tab is off in its App Home
// settings, which holds for every member until the operator turns it on
// (deploy/slack/manifest.yaml has it on, read-only); treating it as one
// member's refusal would turn every member's reminders off in turn.
var dmRefusals = []string{"user_disabled", "user_not_visible", "cannot_dm_bot"}

// dmError wraps the error of a direct message's method, as
// bot.ErrDMClosed when it is one of dmRefusals.
func dmError(method string, err error) error {
	if err == nil {
		return nil
	}
	var serr slackapi.SlackErrorResponse
	switch {
	case errors.As(err, &serr) && slices.Contains(dmRefusals, serr.Err):
		return fmt.Errorf("%s: %w: %w", method, bot.ErrDMClosed, err)
	case errors.As(err, &serr) && serr.Err == "messages_tab_disabled":
		return fmt.Errorf("%s: %w: the app's Messages tab is off, so it can send no direct messages: turn it on under App Home → Show Tabs (read-only is enough)", method, err)
	}
	return fmt.Errorf("%s: %w", method, err)
}

// splitMessageID reads the "<channel>/<ts>" id Send returned.
func splitMessageID(id string) (channel, ts string, err error) {
	channel, ts, ok := strings.Cut(id, "/")
	if !ok || channel == "" || ts == "" {
		return "", "", fmt.Errorf("%q is not a Slack message id (<channel>/<ts>)", id)
	}
	return channel, ts, nil
}

// explainSendError adds, to the errors an admin can fix, a sentence the
// core shows them (post-now) instead of a generic apology.
func explainSendError(method, channel string, err error) error {
	if err == nil {
		return nil
	}
	var serr slackapi.SlackErrorResponse
	if !errors.As(err, &serr) {
		return fmt.Errorf("%s: %w", method, err)
	}
	var hint string
	switch serr.Err {
	case "not_in_channel":
		hint = fmt.Sprintf("I am not a member of <#%s>. Invite me there with `/invite @dockerqotd`, or pick another channel with `/docker schedule`.", channel)
	case "channel_not_found":
		hint = "I cannot see the daily channel: for a private channel, invite me first; otherwise pick another channel with `/docker schedule`."
	case "is_archived":
		hint = fmt.Sprintf("<#%s> is archived. Pick another channel with `/docker schedule`.", channel)
	default:
		return fmt.Errorf("%s: %w", method, err)
	}
	return fmt.Errorf("%s: %s: %w", method, serr.Err, quiz.Errorf(quiz.EINVALID, "%s", hint))
}
