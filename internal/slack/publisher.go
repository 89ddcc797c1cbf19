package slack

import (
	"context"
	"errors"
	"fmt"
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
