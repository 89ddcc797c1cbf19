package discord

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

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
