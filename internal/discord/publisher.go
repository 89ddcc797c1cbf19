package discord

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"

	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// codeThreadAlreadyCreated is Discord's error for a second thread on one
// message; such a thread has the message's id.
const codeThreadAlreadyCreated = 160004

// threadArchive is how long the model answer's thread stays open without
// activity, in minutes (a day).
const threadArchive = 1440

// createMessage is the body of POST /channels/{id}/messages with the fields
// discordgo's MessageSend lacks: nonce and enforce_nonce.
type createMessage struct {
	Content          string                            `json:"content,omitempty"`
	Embeds           []*discordgo.MessageEmbed         `json:"embeds,omitempty"`
	Components       []discordgo.MessageComponent      `json:"components,omitempty"`
	AllowedMentions  *discordgo.MessageAllowedMentions `json:"allowed_mentions,omitempty"`
	MessageReference *discordgo.MessageReference       `json:"message_reference,omitempty"`
	// Nonce with EnforceNonce makes Discord return the message sent with
	// the same nonce in the past few minutes instead of a second one.
	Nonce        string `json:"nonce,omitempty"`
	EnforceNonce bool   `json:"enforce_nonce,omitempty"`
}

func newCreateMessage(m bot.Message, nonce string) createMessage {
	r := render(m)
	return createMessage{
		Content: r.Content, Embeds: r.Embeds, Components: r.Components,
		AllowedMentions: noMentions(), Nonce: nonce, EnforceNonce: true,
	}
}

// nonce derives a message nonce from parts: 24 hex digits of their
// SHA-256, within Discord's 25 characters.
func nonce(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:12])
}

// Send posts a daily question to the post's channel and returns
// "<channel id>/<message id>". The message's nonce comes from the team and
// the occurrence, so a retried Send within Discord's nonce window returns
// the message sent before instead of posting it twice.
func (a *Adapter) Send(ctx context.Context, p quiz.Post, m bot.Message) (string, error) {
	if p.Channel == "" {
		return "", fmt.Errorf("discord: post %d of %s has no channel", p.ID, p.Team)
	}
	msg, err := a.post(ctx, "send post", p.Channel, newCreateMessage(m, nonce(string(p.Team), p.Occurrence)))
	if err != nil {
		return "", err
	}
	return p.Channel + "/" + msg.ID, nil
}

// Edit replaces the content, embed and buttons of a sent post.
func (a *Adapter) Edit(ctx context.Context, p quiz.Post, m bot.Message) error {
	channelID, messageID, err := splitMessageID(p)
	if err != nil {
		return err
	}
	r := render(m)
	edit := &discordgo.MessageEdit{
		ID: messageID, Channel: channelID,
		Content: &r.Content, Embeds: &r.Embeds, Components: &r.Components, AllowedMentions: noMentions(),
	}
	return a.do(ctx, "edit post", func(opts ...discordgo.RequestOption) error {
		_, err := a.session.ChannelMessageEditComplex(edit, opts...)
		return err
	})
}

// Reply posts m in a public thread started from the post. When Discord
// refuses the thread for good (no permission to create threads, a channel
// without threads) m becomes a reply to the post instead; a thread that
// already exists (a retried reveal) is used as it is.
func (a *Adapter) Reply(ctx context.Context, p quiz.Post, m bot.Message) error {
	channelID, messageID, err := splitMessageID(p)
	if err != nil {
		return err
	}
	body := newCreateMessage(m, nonce(string(p.Team), p.Occurrence, "answer"))
	name := truncate(fmt.Sprintf("Answer: %s · %s", quiz.Letter(p.Correct), p.Topic), 100)
	target := messageID
	_, err = call(ctx, a, "start thread", func(opts ...discordgo.RequestOption) (*discordgo.Channel, error) {
		return a.session.MessageThreadStartComplex(channelID, messageID,
			&discordgo.ThreadStart{Name: name, AutoArchiveDuration: threadArchive}, opts...)
	})
	switch {
	case err == nil, restCode(err) == codeThreadAlreadyCreated:
	case permanent(err):
		a.log.Warn("cannot start a thread for the model answer; replying to the post instead", "post", p.ID, "err", err)
		noFail := false
		target = channelID
		body.MessageReference = &discordgo.MessageReference{MessageID: messageID, ChannelID: channelID, FailIfNotExists: &noFail}
	default:
		return err
	}
	_, err = a.post(ctx, "post model answer", target, body)
	return err
}

// codeCannotMessageUser is Discord's refusal of a direct message: the
// member turned off direct messages from server members, or blocked the
// bot.
const codeCannotMessageUser = 50007

// DirectMessage sends m to a member in their direct message channel with
// the bot, rendered as a channel post is. Discord's 50007 "Cannot send
// messages to this user" becomes bot.ErrDMClosed. The nonce comes from the
// member and the message, so a DirectMessage retried after its answer was
// lost shows once within Discord's nonce window.
func (a *Adapter) DirectMessage(ctx context.Context, _ quiz.TeamID, user string, m bot.Message) error {
	if user == "" {
		return errors.New("discord: a direct message needs a member")
	}
	channelID, err := a.dmChannel(ctx, user)
	if err != nil {
		return dmError(err)
	}
	body := newCreateMessage(m, "")
	rendered, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("discord: render the direct message: %w", err)
	}
	body.Nonce = nonce("dm", user, string(rendered))
	if _, err := a.post(ctx, "send direct message", channelID, body); err != nil {
		// The channel is opened again next time: the cache never decides
		// whether a message can go out.
		a.dms.forget(user)
		return dmError(err)
	}
	return nil
}

// dmChannel returns the id of the member's direct message channel, opening
// it (POST /users/@me/channels) unless the cache knows it. Discord answers
// with the same channel every time, so the cache only saves a request.
func (a *Adapter) dmChannel(ctx context.Context, user string) (string, error) {
	if id, ok := a.dms.get(user); ok {
		return id, nil
	}
	ch, err := call(ctx, a, "open direct message channel", func(opts ...discordgo.RequestOption) (*discordgo.Channel, error) {
		return a.session.UserChannelCreate(user, opts...)
	})
	if err != nil {
		return "", err
	}
	if ch == nil || ch.ID == "" {
		return "", errors.New("discord open direct message channel: no channel id in the answer")
	}
	a.dms.put(user, ch.ID)
	return ch.ID, nil
}

// dmError marks Discord's refusal to deliver a direct message as
// bot.ErrDMClosed.
func dmError(err error) error {
	if restCode(err) == codeCannotMessageUser {
		return fmt.Errorf("%w: %w", bot.ErrDMClosed, err)
	}
	return err
}

// maxDMChannels bounds the cache of direct message channels; a member
// past it costs one more request per message, nothing else.
const maxDMChannels = 10_000

// dmChannels caches the direct message channel of each member the bot
// wrote to, up to max entries; past that a new entry replaces an arbitrary
// one.
type dmChannels struct {
	mu  sync.Mutex
	ids map[string]string // member id → channel id
	max int
}

func newDMChannels(max int) *dmChannels {
	return &dmChannels{ids: map[string]string{}, max: max}
}

func (c *dmChannels) get(user string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id, ok := c.ids[user]
	return id, ok
}

func (c *dmChannels) put(user, channelID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.ids[user]; !ok && len(c.ids) >= c.max {
		for evicted := range c.ids {
			delete(c.ids, evicted)
			break
		}
	}
	c.ids[user] = channelID
}

func (c *dmChannels) forget(user string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.ids, user)
}

// post creates a message through the session's HTTP client and rate
// limiter.
func (a *Adapter) post(ctx context.Context, op, channelID string, body createMessage) (*discordgo.Message, error) {
	endpoint := discordgo.EndpointChannelMessages(channelID)
	return call(ctx, a, op, func(opts ...discordgo.RequestOption) (*discordgo.Message, error) {
		resp, err := a.session.RequestWithBucketID(http.MethodPost, endpoint, body, endpoint, opts...)
		if err != nil {
			return nil, err
		}
		var m discordgo.Message
		if err := json.Unmarshal(resp, &m); err != nil {
			return nil, fmt.Errorf("read the created message: %w", err)
		}
		return &m, nil
	})
}

// splitMessageID reads the "<channel id>/<message id>" Send returned.
func splitMessageID(p quiz.Post) (channelID, messageID string, err error) {
	channelID, messageID, ok := strings.Cut(p.MessageID, "/")
	if !ok || channelID == "" || messageID == "" {
		return "", "", fmt.Errorf("discord: post %d has no Discord message id (%q)", p.ID, p.MessageID)
	}
	return channelID, messageID, nil
}
