package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/dockerqotd/dockerqotd/internal/bot"
)

// ackBudget is the largest acknowledgement body the adapter sends; a
// bigger reply goes through response_url (Socket Mode drops responses of
// 20 KB or more).
const ackBudget = 15000

// Messages the adapter itself sends.
const (
	msgShuttingDown = "The bot is restarting. Try again in a minute."
	msgAdminUnknown = "I could not ask Slack whether you are a workspace admin. Try again in a minute."
	msgInternal     = "Something went wrong, try again."
)

func privateText(text string) bot.Message { return bot.Message{Private: true, Text: text} }

// command runs a slash command and returns what to acknowledge it with:
// the reply itself when it is ready within ackWait, or nil, and then the
// reply follows through the command's response_url. post-now is always
// answered that way: it waits on Slack. A reply that asks for a written
// answer opens a modal from the command's trigger_id instead, and the
// command is acknowledged with nothing.
func (a *Adapter) command(sc slackapi.SlashCommand) *slackapi.WebhookMessage {
	start := time.Now()
	p := &pendingReply{ready: make(chan struct{})}
	started := a.goWork(func(ctx context.Context) {
		m := a.runCommand(ctx, sc)
		if m.Form != nil {
			if err := a.openForm(ctx, sc.TriggerID, *m.Form, sc.ChannelID); err != nil {
				a.log.Warn("slack modal not opened; showing the question instead", "team", teamID(sc.TeamID), "user", sc.UserID, "err", err)
			} else {
				m = bot.Message{}
			}
		}
		if !p.deliver(m) && !isEmpty(m) {
			a.answerCommand(ctx, sc, m, start)
		}
	})
	if !started {
		return webhookMessage(privateText(msgShuttingDown), ephemeral, false)
	}
	wait := a.ackWait
	if name, _ := commandName(sc.Text); name == bot.CmdPostNow {
		wait = 0
	}
	m, ok := p.await(wait)
	if !ok || isEmpty(m) {
		return nil
	}
	msg := webhookMessage(m, responseType(m), false)
	if body, err := json.Marshal(msg); err != nil || len(body) > ackBudget {
		a.goWork(func(ctx context.Context) { a.answerCommand(ctx, sc, m, start) })
		return nil
	}
	a.metrics.Interaction("command", time.Since(start))
	return msg
}

// pendingReply hands a command's reply from the goroutine that computes
// it to the acknowledgement, unless the acknowledgement stopped waiting:
// then the computing goroutine sends the reply itself.
type pendingReply struct {
	mu     sync.Mutex
	m      *bot.Message
	gaveUp bool
	ready  chan struct{}
}

// deliver offers m to the acknowledgement and reports whether it took it.
func (p *pendingReply) deliver(m bot.Message) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.gaveUp {
		return false
	}
	p.m = &m
	close(p.ready)
	return true
}

// await waits up to d for the reply.
func (p *pendingReply) await(d time.Duration) (bot.Message, bool) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-p.ready:
	case <-t.C:
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m != nil {
		return *p.m, true
	}
	p.gaveUp = true
	return bot.Message{}, false
}

// runCommand asks the core; a panic becomes an apology.
func (a *Adapter) runCommand(ctx context.Context, sc slackapi.SlashCommand) (m bot.Message) {
	defer a.recoverReply("command", &m)
	c := bot.Caller{
		Team: teamID(sc.TeamID), TeamName: sc.TeamDomain,
		User: sc.UserID, Name: sc.UserName, Channel: sc.ChannelID,
	}
	if name, admin := commandName(sc.Text); admin || name == bot.CmdHelp {
		isAdmin, err := a.isAdmin(ctx, sc.UserID)
		if err != nil {
			a.log.Warn("slack admin check failed", "team", c.Team, "user", c.User, "err", err)
			if admin {
				return privateText(msgAdminUnknown)
			}
		}
		c.Admin = isAdmin
	}
	return a.bot.CommandText(ctx, c, sc.Text)
}

// commandName returns the subcommand of a /docker text and whether it is
// an admin command; empty text is help.
func commandName(text string) (name string, admin bool) {
	words := strings.Fields(strings.ToLower(text))
	if len(words) > 0 && words[0] == "/docker" {
		words = words[1:]
	}
	if len(words) == 0 {
		return bot.CmdHelp, false
	}
	return words[0], slices.Contains(bot.AdminCommands, words[0])
}

// isAdmin asks Slack, on every call, whether user is a workspace admin or
// owner, unless the configuration names the user an admin.
func (a *Adapter) isAdmin(ctx context.Context, user string) (bool, error) {
	if a.admins[user] {
		return true, nil
	}
	var u *slackapi.User
	err := a.retry(ctx, func(ctx context.Context) error {
		var err error
		u, err = a.api.GetUserInfoContext(ctx, user)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("users.info: %w", err)
	}
	return u.IsAdmin || u.IsOwner, nil
}

// answerCommand sends a command's reply after the acknowledgement:
// through response_url, or when that fails as an ephemeral (private) or
// channel message.
func (a *Adapter) answerCommand(ctx context.Context, sc slackapi.SlashCommand, m bot.Message, start time.Time) {
	err := errors.New("no response_url")
	if sc.ResponseURL != "" {
		err = a.postResponse(ctx, sc.ResponseURL, webhookMessage(m, responseType(m), false))
	}
	if err != nil {
		a.log.Debug("slack response_url failed; using the Web API", "err", err)
		if m.Private {
			err = a.postEphemeral(ctx, sc.ChannelID, sc.UserID, m)
		} else {
			err = a.queues.do(ctx, sc.ChannelID, func(ctx context.Context) error {
				_, _, err := a.api.PostMessageContext(ctx, sc.ChannelID, msgOptions(m)...)
				return err
			})
		}
	}
	if err != nil {
		a.log.Warn("slack command reply not delivered", "team", teamID(sc.TeamID), "user", sc.UserID, "err", err)
		return
	}
	a.metrics.Interaction("command", time.Since(start))
}

// interaction handles a click (block_actions) after it was acknowledged:
// the core's reply goes to the clicking user only, as a new ephemeral
// message, or in place of the ephemeral message clicked when the core asks
// to replace it (practice rounds).
func (a *Adapter) interaction(ic slackapi.InteractionCallback) {
	if ic.Type != slackapi.InteractionTypeBlockActions {
		a.log.Debug("slack interaction ignored", "type", ic.Type)
		return
	}
	start := time.Now()
	c := bot.Caller{
		Team: teamID(ic.Team.ID), TeamName: ic.Team.Domain,
		User: ic.User.ID, Name: ic.User.Name, Channel: clickChannel(ic),
	}
	id := buttonID(ic)
	started := a.goWork(func(ctx context.Context) {
		m := a.runButton(ctx, c, id)
		if m.Form != nil {
			err := a.openForm(ctx, ic.TriggerID, *m.Form, c.Channel)
			if err == nil {
				return
			}
			a.log.Warn("slack modal not opened; showing the question instead", "team", c.Team, "user", c.User, "err", err)
		}
		if err := a.answerClick(ctx, ic, c, m); err != nil {
			a.log.Warn("slack click reply not delivered", "team", c.Team, "user", c.User, "err", err)
			return
		}
		d := time.Since(start)
		a.metrics.Interaction("button", d)
		a.log.Debug("slack click answered", "team", c.Team, "user", c.User, "latency", d)
	})
	if !started {
		a.log.Warn("slack click dropped: closing", "team", c.Team, "user", c.User)
	}
}

// runButton asks the core; a panic becomes an apology.
func (a *Adapter) runButton(ctx context.Context, c bot.Caller, id string) (m bot.Message) {
	defer a.recoverReply("button", &m)
	return a.bot.Button(ctx, c, id)
}

// recoverReply turns a panic into a private apology in *m.
func (a *Adapter) recoverReply(what string, m *bot.Message) {
	if v := recover(); v != nil {
		a.log.Error("slack panic recovered", "in", what, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		*m = privateText(msgInternal)
	}
}

// buttonID is the id of the clicked button: the action_id of a block
// action, which the renderer sets to the core's button id.
func buttonID(ic slackapi.InteractionCallback) string {
	if as := ic.ActionCallback.BlockActions; len(as) > 0 {
		return as[0].ActionID
	}
	if as := ic.ActionCallback.AttachmentActions; len(as) > 0 {
		return as[0].Name
	}
	return ""
}

func clickChannel(ic slackapi.InteractionCallback) string {
	if ic.Channel.ID != "" {
		return ic.Channel.ID
	}
	return ic.Container.ChannelID
}

func (a *Adapter) answerClick(ctx context.Context, ic slackapi.InteractionCallback, c bot.Caller, m bot.Message) error {
	replace := m.Replace && ic.Container.IsEphemeral
	if ic.ResponseURL != "" {
		err := a.postResponse(ctx, ic.ResponseURL, webhookMessage(m, ephemeral, replace))
		if err == nil {
			return nil
		}
		a.log.Debug("slack response_url failed; using chat.postEphemeral", "err", err)
	}
	if c.Channel == "" {
		return errors.New("no response_url and no channel")
	}
	return a.postEphemeral(ctx, c.Channel, c.User, m)
}

// postResponse posts msg to a response_url. The URL is a capability: it
// stays out of errors and logs.
func (a *Adapter) postResponse(ctx context.Context, responseURL string, msg *slackapi.WebhookMessage) error {
	return a.retry(ctx, func(ctx context.Context) error {
		err := slackapi.PostWebhookCustomHTTPContext(ctx, responseURL, a.hooks, msg)
		if ue, ok := errors.AsType[*url.Error](err); ok {
			return fmt.Errorf("post to response_url: %w", ue.Err)
		}
		return err
	})
}

// postEphemeral shows m to user in channel.
func (a *Adapter) postEphemeral(ctx context.Context, channel, user string, m bot.Message) error {
	return a.retry(ctx, func(ctx context.Context) error {
		_, err := a.api.PostEphemeralContext(ctx, channel, user, msgOptions(m)...)
		return err
	})
}
