package slack

import (
	"context"
	"errors"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Slack's modal limits the forms keep to.
const (
	modalTitleLimit   = 24
	modalLabelLimit   = 2000
	placeholderLimit  = 150
	formBlock         = "answer"
	formAction        = "answer"
	submitButtonLabel = "Send answer"
)

// errNoTrigger: a modal needs the trigger_id of a command or click.
var errNoTrigger = errors.New("no trigger_id to open a modal with")

// openForm shows f in a modal to the user whose command or click carried
// trigger (valid for 3 seconds). The channel the result goes to travels in
// the view's private_metadata.
func (a *Adapter) openForm(ctx context.Context, trigger string, f bot.Form, channel string) error {
	if trigger == "" {
		return errNoTrigger
	}
	plain := func(s string) *slackapi.TextBlockObject {
		return slackapi.NewTextBlockObject(slackapi.PlainTextType, s, false, false)
	}
	input := slackapi.NewPlainTextInputBlockElement(plain(truncate(f.Placeholder, placeholderLimit)), formAction)
	input.Multiline = true
	input.MaxLength = f.MaxLength
	view := slackapi.ModalViewRequest{
		Type:            slackapi.VTModal,
		CallbackID:      f.ID,
		PrivateMetadata: channel,
		Title:           plain(truncate(f.Title, modalTitleLimit)),
		Submit:          plain(submitButtonLabel),
		Close:           plain("Cancel"),
		Blocks: slackapi.Blocks{BlockSet: []slackapi.Block{
			sectionBlock(truncate(mrkdwn(f.Prompt), sectionLimit)),
			slackapi.NewInputBlock(formBlock, plain(truncate(f.Label, modalLabelLimit)), nil, input),
		}},
	}
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	_, err := a.api.OpenViewContext(ctx, trigger, view)
	return err
}

// viewSubmission acknowledges a modal's submission. An answer that cannot
// be taken keeps the modal open with the reason under the input (the
// returned response); otherwise the empty acknowledgement closes the
// modal and the result follows privately in the channel the form came
// from.
func (a *Adapter) viewSubmission(ic slackapi.InteractionCallback) any {
	var text string
	if ic.View.State != nil {
		text = ic.View.State.Values[formBlock][formAction].Value
	}
	if err := a.bot.CheckAnswer(text); err != nil {
		return slackapi.NewErrorsViewSubmissionResponse(map[string]string{formBlock: quiz.ErrorMessage(err)})
	}
	c := bot.Caller{
		Team: teamID(ic.Team.ID), TeamName: ic.Team.Domain,
		User: ic.User.ID, Name: ic.User.Name, Channel: ic.View.PrivateMetadata,
	}
	form := ic.View.CallbackID
	started := a.goWork(func(ctx context.Context) {
		m := a.runSubmit(ctx, c, form, text)
		if err := a.postEphemeral(ctx, c.Channel, c.User, m); err != nil {
			a.log.Warn("slack interview result not delivered", "team", c.Team, "user", c.User, "err", err)
		}
	})
	if !started {
		return slackapi.NewErrorsViewSubmissionResponse(map[string]string{formBlock: msgShuttingDown})
	}
	return nil
}

// runSubmit asks the core to grade an answer; a panic becomes an apology.
func (a *Adapter) runSubmit(ctx context.Context, c bot.Caller, form, text string) (m bot.Message) {
	defer a.recoverReply("form", &m)
	return a.bot.Submit(ctx, c, form, text)
}

// isEmpty reports whether m shows nothing: the reply to a command that
// opened a form instead.
func isEmpty(m bot.Message) bool {
	return strings.TrimSpace(m.Text) == "" && m.Card == nil && len(m.Buttons) == 0
}
