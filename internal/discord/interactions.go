package discord

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime/debug"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/card"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

const (
	// responseWindow is how long Discord takes an interaction's first
	// response.
	responseWindow = 3 * time.Second
	// workTimeout bounds the core's work for one interaction (post-now
	// sends, reveals and edits, each under its own REST deadline).
	workTimeout = 2 * time.Minute
)

// Messages for what goes wrong outside the core.
var (
	errUnreadable = quiz.Errorf(quiz.EINVALID, "Discord sent something I could not read. Try again, or `/docker help`.")
	errNoGuild    = quiz.Errorf(quiz.EINVALID, "dockerqotd works in servers: the daily question, the leaderboard and your stats belong to one. Use `/docker` in a server channel.")
	errInternal   = quiz.Errorf(quiz.EINTERNAL, "internal error")
	errNoKind     = quiz.Errorf(quiz.EINVALID, "dockerqotd does not handle this kind of interaction.")
)

// onEvent receives every gateway dispatch and serves INTERACTION_CREATE on
// a goroutine of its own. It sees the raw payload too, so an interaction
// discordgo could not decode still gets an answer when its id and token
// can be read.
func (a *Adapter) onEvent(_ *discordgo.Session, e *discordgo.Event) {
	if e.Type != "INTERACTION_CREATE" {
		return
	}
	received := time.Now()
	ic, _ := e.Struct.(*discordgo.InteractionCreate)
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return
	}
	a.inflight.Add(1)
	a.mu.Unlock()
	go func() {
		defer a.inflight.Done()
		a.serve(ic, e.RawData, received)
	}()
}

// serve answers one interaction from the gateway.
func (a *Adapter) serve(ic *discordgo.InteractionCreate, raw json.RawMessage, received time.Time) {
	var in *discordgo.Interaction
	if ic != nil {
		in = ic.Interaction
	}
	if in == nil || in.ID == "" || in.Token == "" {
		// Its type stays 0: answered with an apology below.
		in = readable(raw)
		if in == nil {
			a.log.Warn("dropped an interaction without a readable id and token")
			return
		}
		a.log.Warn("answering an interaction that could not be decoded", "interaction", in.ID)
	}
	a.handle(&reply{a: a, in: in, received: received, kind: kindOf(in.Type)})
}

// handle answers the interaction of r, from the gateway or over HTTP.
func (a *Adapter) handle(r *reply) {
	in := r.in
	if in.AppID == "" {
		in.AppID = a.applicationID()
	}
	defer func() {
		if v := recover(); v != nil {
			a.log.Error("interaction handler panicked", "kind", r.kind, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			r.fail(errInternal)
		}
	}()
	switch in.Type {
	case discordgo.InteractionApplicationCommand:
		a.command(r)
	case discordgo.InteractionMessageComponent:
		a.button(r)
	case discordgo.InteractionApplicationCommandAutocomplete:
		a.autocomplete(r)
	case discordgo.InteractionModalSubmit:
		a.modalSubmit(r)
	case 0:
		r.fail(errUnreadable)
	default:
		r.fail(errNoKind)
	}
}

// readable reads the id, token and application id of a payload discordgo
// could not decode, so that it can be answered.
func readable(raw json.RawMessage) *discordgo.Interaction {
	var head map[string]any
	if json.Unmarshal(raw, &head) != nil {
		return nil
	}
	id, _ := head["id"].(string)
	token, _ := head["token"].(string)
	app, _ := head["application_id"].(string)
	if id == "" || token == "" {
		return nil
	}
	return &discordgo.Interaction{ID: id, Token: token, AppID: app}
}

func kindOf(t discordgo.InteractionType) string {
	switch t {
	case discordgo.InteractionMessageComponent:
		return "button"
	case discordgo.InteractionApplicationCommandAutocomplete:
		return "autocomplete"
	case discordgo.InteractionModalSubmit:
		return "modal"
	}
	return "command"
}

// caller says who acts: the member, their team (the guild) and whether
// their permissions in the channel include Manage Server or Administrator,
// read from this interaction, never remembered.
func (a *Adapter) caller(in *discordgo.Interaction) (bot.Caller, error) {
	if in.GuildID == "" {
		return bot.Caller{}, errNoGuild
	}
	if in.Member == nil || in.Member.User == nil || in.Member.User.ID == "" {
		return bot.Caller{}, errUnreadable
	}
	u := in.Member.User
	return bot.Caller{
		Team:     team(in.GuildID),
		TeamName: a.guildName(in.GuildID),
		User:     u.ID,
		Name:     cmp.Or(in.Member.Nick, u.GlobalName, u.Username, u.ID),
		Admin:    in.Member.Permissions&(discordgo.PermissionManageGuild|discordgo.PermissionAdministrator) != 0,
		Channel:  in.ChannelID,
		Syntax:   &syntax,
	}, nil
}

func (a *Adapter) command(r *reply) {
	d, ok := r.in.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok {
		r.fail(errUnreadable)
		return
	}
	c, err := a.caller(r.in)
	if err != nil {
		r.fail(err)
		return
	}
	cmd, err := parseCommand(d)
	if err != nil {
		r.fail(err)
		return
	}
	a.log.Debug("discord command", "command", describe(d), "team", c.Team, "user", c.User, "admin", c.Admin)
	p := plan{private: cmd.Name != bot.CmdLeaderboard, alwaysDefer: cmd.Name == bot.CmdPostNow}
	r.answer(p, func(ctx context.Context) bot.Message { return a.bot.Command(ctx, c, cmd) })
}

func (a *Adapter) button(r *reply) {
	d, ok := r.in.Data.(discordgo.MessageComponentInteractionData)
	if !ok || d.CustomID == "" {
		r.fail(errUnreadable)
		return
	}
	c, err := a.caller(r.in)
	if err != nil {
		r.fail(err)
		return
	}
	a.log.Debug("discord click", "button", d.CustomID, "team", c.Team, "user", c.User)
	action, err := bot.ParseButtonID(d.CustomID)
	if err == nil && action.OpensForm() {
		a.openForm(r, c, d.CustomID)
		return
	}
	// Only a private message is ever replaced in place: a click on a
	// public daily post gets a new private message.
	ephemeral := r.in.Message != nil && r.in.Message.Flags&discordgo.MessageFlagsEphemeral != 0
	inPlace := err == nil && action.InPlace()
	p := plan{private: true, canReplace: ephemeral, replace: ephemeral && inPlace}
	r.answer(p, func(ctx context.Context) bot.Message { return a.bot.Button(ctx, c, d.CustomID) })
}

// openForm answers a click on a button that asks for a written answer with
// a modal. A modal must be the first response and cannot follow a
// deferral, so the core is asked at once: it only looks the question up.
func (a *Adapter) openForm(r *reply, c bot.Caller, id string) {
	ctx, cancel := context.WithDeadline(context.Background(), r.received.Add(responseWindow))
	defer cancel()
	m := r.run(ctx, func(ctx context.Context) bot.Message { return a.bot.Button(ctx, c, id) })
	if m.Form == nil {
		r.respond(r.response(plan{private: true}, m))
		return
	}
	r.respond(modalResponse(*m.Form))
}

// modalTextInput is the custom id of the answer's input in a modal.
const modalTextInput = "answer"

// modalResponse shows f as a modal with one paragraph input.
func modalResponse(f bot.Form) *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseModal,
		Data: &discordgo.InteractionResponseData{
			CustomID: f.ID,
			Title:    truncate(f.Title, maxModalTitle),
			Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.TextInput{
					CustomID: modalTextInput, Label: truncate(f.Label, maxModalLabel), Style: discordgo.TextInputParagraph,
					Placeholder: truncate(f.Placeholder, maxPlaceholder), Required: true, MaxLength: min(f.MaxLength, maxTextInput),
				},
			}}},
		},
	}
}

// modalSubmit grades the answer written in a modal and replies privately.
func (a *Adapter) modalSubmit(r *reply) {
	if r.in.Data == nil {
		r.fail(errUnreadable)
		return
	}
	d := r.in.ModalSubmitData()
	c, err := a.caller(r.in)
	if err != nil {
		r.fail(err)
		return
	}
	var text string
	for _, row := range d.Components {
		ar, ok := row.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, comp := range ar.Components {
			if in, ok := comp.(*discordgo.TextInput); ok && in.CustomID == modalTextInput {
				text = in.Value
			}
		}
	}
	a.log.Debug("discord modal submit", "form", d.CustomID, "team", c.Team, "user", c.User, "characters", len([]rune(text)))
	r.answer(plan{private: true}, func(ctx context.Context) bot.Message { return a.bot.Submit(ctx, c, d.CustomID, text) })
}

func (a *Adapter) autocomplete(r *reply) {
	d, ok := r.in.Data.(discordgo.ApplicationCommandInteractionData)
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if ok {
		choices = suggest(a.bot.Bank(), d)
	}
	r.respond(&discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	})
}

// plan is what an interaction's reply is expected to be, decided before
// the core answers, so that a deferral shows the right thing.
type plan struct {
	// private replies defer as ephemeral "thinking" messages.
	private bool
	// replace replies defer as an update of the clicked message.
	replace bool
	// canReplace: the clicked message is private, so a reply may take its
	// place.
	canReplace bool
	// alwaysDefer skips waiting for a quick answer (post-now).
	alwaysDefer bool
}

// reply answers one interaction: its first response, and after a deferral
// the edit or follow-up with the result.
type reply struct {
	a        *Adapter
	in       *discordgo.Interaction
	kind     string
	received time.Time
	acked    bool
	// first, for an interaction that came over HTTP, takes the first
	// response, which goes in the HTTP response's body; later ones use
	// the REST API as for the gateway.
	first chan<- *discordgo.InteractionResponse
}

// answer runs the core's work and answers with its message: directly when
// it comes within deferAfter, otherwise after a deferral.
func (r *reply) answer(p plan, work func(context.Context) bot.Message) {
	ctx, cancel := context.WithTimeout(context.Background(), workTimeout)
	defer cancel()
	done := make(chan bot.Message, 1)
	go func() { done <- r.run(ctx, work) }()
	if !p.alwaysDefer {
		t := time.NewTimer(r.a.deferAfter)
		select {
		case m := <-done:
			t.Stop()
			if m.Record == nil || r.first == nil {
				r.respond(r.response(p, m))
				return
			}
			// Discord takes no files in an HTTP response: defer, then
			// edit with the picture.
			done <- m
		case <-t.C:
		}
	}
	deferral := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}
	if !p.replace {
		deferral.Type = discordgo.InteractionResponseDeferredChannelMessageWithSource
		if p.private {
			deferral.Data = &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
		}
	}
	r.respond(deferral)
	m := <-done
	if r.acked {
		r.deliver(p, m)
	}
}

// run does the core's work, turning a panic into an apology.
func (r *reply) run(ctx context.Context, work func(context.Context) bot.Message) (m bot.Message) {
	defer func() {
		if v := recover(); v != nil {
			r.a.log.Error("interaction work panicked", "kind", r.kind, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			m = failure(errInternal)
		}
	}()
	return work(ctx)
}

// response is the first response that shows m: an update of the clicked
// message when m replaces it, else a new message, private when m is.
func (r *reply) response(p plan, m bot.Message) *discordgo.InteractionResponse {
	rd := render(m)
	data := &discordgo.InteractionResponseData{
		Content: rd.Content, Embeds: rd.Embeds, Components: rd.Components, AllowedMentions: noMentions(),
		Files: r.pictures(m),
	}
	if m.Replace && p.canReplace {
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage, Data: data}
	}
	if m.Private {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data}
}

// respond sends the first response, within Discord's window.
func (r *reply) respond(resp *discordgo.InteractionResponse) {
	if r.first != nil {
		r.first <- resp
		r.first = nil
		r.acked = true
		r.a.metrics.Interaction(r.kind, time.Since(r.received))
		return
	}
	ctx, cancel := context.WithDeadline(context.Background(), r.received.Add(responseWindow))
	defer cancel()
	err := r.a.respond(ctx, "interaction response", func(opts ...discordgo.RequestOption) error {
		if resp.Data != nil {
			rewind(resp.Data.Files)
		}
		return r.a.session.InteractionRespond(r.in, resp, opts...)
	})
	if err != nil {
		r.a.log.Warn("interaction response failed", "kind", r.kind, "type", int(resp.Type), "err", err)
		return
	}
	r.acked = true
	r.a.metrics.Interaction(r.kind, time.Since(r.received))
}

// deliver shows m after a deferral: as an edit of the deferred response
// (or of the clicked message, after a deferred update) when it is meant
// for the same audience, else as a follow-up, removing a deferred message
// that would show the wrong audience.
func (r *reply) deliver(p plan, m bot.Message) {
	ctx := context.Background()
	rd := render(m)
	edit := m.Private == p.private
	if p.replace {
		edit = m.Replace && p.canReplace
	}
	if edit {
		files := r.pictures(m)
		err := r.a.respond(ctx, "edit interaction response", func(opts ...discordgo.RequestOption) error {
			rewind(files)
			_, err := r.a.session.InteractionResponseEdit(r.in, &discordgo.WebhookEdit{
				Content: &rd.Content, Embeds: &rd.Embeds, Components: &rd.Components, AllowedMentions: noMentions(),
				Files: files,
			}, opts...)
			return err
		})
		if err != nil {
			r.a.log.Warn("interaction edit failed", "kind", r.kind, "err", err)
		}
		return
	}
	r.followup(ctx, rd, m.Private, r.pictures(m))
	if !p.replace {
		err := r.a.respond(ctx, "delete interaction response", func(opts ...discordgo.RequestOption) error {
			return r.a.session.InteractionResponseDelete(r.in, opts...)
		})
		if err != nil {
			r.a.log.Warn("interaction delete failed", "kind", r.kind, "err", err)
		}
	}
}

func (r *reply) followup(ctx context.Context, rd rendered, private bool, files []*discordgo.File) {
	params := &discordgo.WebhookParams{Content: rd.Content, Embeds: rd.Embeds, Components: rd.Components, AllowedMentions: noMentions(), Files: files}
	if private {
		params.Flags = discordgo.MessageFlagsEphemeral
	}
	err := r.a.respond(ctx, "interaction follow-up", func(opts ...discordgo.RequestOption) error {
		rewind(files)
		_, err := r.a.session.FollowupMessageCreate(r.in, true, params, opts...)
		return err
	})
	if err != nil {
		r.a.log.Warn("interaction follow-up failed", "kind", r.kind, "err", err)
	}
}

// pictures draws m's record as a PNG card to attach. A card that cannot be
// drawn is logged and left out: the text says the same.
func (r *reply) pictures(m bot.Message) []*discordgo.File {
	if m.Record == nil {
		return nil
	}
	png, err := card.StatsPNG(*m.Record)
	if err != nil {
		r.a.log.Error("stats card not drawn", "err", err)
		return nil
	}
	return []*discordgo.File{{Name: cardFile, ContentType: "image/png", Reader: bytes.NewReader(png)}}
}

// rewind starts the files' readers (bytes.Readers) over, for a retried
// upload.
func rewind(files []*discordgo.File) {
	for _, f := range files {
		f.Reader.(io.Seeker).Seek(0, io.SeekStart)
	}
}

// cardFile is the stats card's file name on Discord.
const cardFile = "stats.png"

// fail answers with err's message for the user, privately: as the first
// response, or as a follow-up when the interaction was acknowledged.
func (r *reply) fail(err error) {
	m := failure(err)
	if r.acked {
		r.followup(context.Background(), render(m), true, nil)
		return
	}
	r.respond(r.response(plan{private: true}, m))
}

// failure is the private message for err.
func failure(err error) bot.Message {
	return bot.Message{Private: true, Text: quiz.ErrorMessage(err)}
}
