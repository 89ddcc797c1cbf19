package discordtest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Interaction types and option types, as Discord numbers them.
const (
	TypeCommand      = 2
	TypeComponent    = 3
	TypeAutocomplete = 4
	TypeModalSubmit  = 5

	OptionSubcommand = 1
	OptionGroup      = 2
	OptionString     = 3
	OptionInteger    = 4
	OptionUser       = 6
	OptionChannel    = 7
)

// Permission bits the fake's helpers use.
const (
	PermAdministrator int64 = 1 << 3
	PermManageGuild   int64 = 1 << 5
)

// Member is the guild member who causes an interaction.
type Member struct {
	ID   string
	Name string
	// Permissions are the member's permissions in the channel; the
	// dispatch carries them as a decimal string, as Discord does.
	Permissions int64
}

func (m Member) payload() map[string]any {
	return map[string]any{
		"user":        map[string]any{"id": m.ID, "username": strings.ToLower(m.Name), "global_name": m.Name, "discriminator": "0"},
		"nick":        nil,
		"roles":       []string{},
		"joined_at":   "2024-01-01T00:00:00.000000+00:00",
		"permissions": strconv.FormatInt(m.Permissions, 10),
		"deaf":        false,
		"mute":        false,
		"flags":       0,
	}
}

// Option is a slash command option as an interaction carries it.
type Option struct {
	Name    string   `json:"name"`
	Type    int      `json:"type"`
	Value   any      `json:"value,omitempty"`
	Options []Option `json:"options,omitempty"`
	Focused bool     `json:"focused,omitempty"`
}

// Sub is a subcommand with its options.
func Sub(name string, opts ...Option) Option {
	return Option{Name: name, Type: OptionSubcommand, Options: opts}
}

// Group is a subcommand group with its subcommand.
func Group(name string, sub Option) Option {
	return Option{Name: name, Type: OptionGroup, Options: []Option{sub}}
}

// String is a string option.
func String(name, value string) Option { return Option{Name: name, Type: OptionString, Value: value} }

// Integer is an integer option.
func Integer(name string, value int) Option {
	return Option{Name: name, Type: OptionInteger, Value: value}
}

// User is a user option; its value is the user's id.
func User(name, id string) Option { return Option{Name: name, Type: OptionUser, Value: id} }

// Channel is a channel option; its value is the channel's id.
func Channel(name, id string) Option { return Option{Name: name, Type: OptionChannel, Value: id} }

// Focused marks the option an autocomplete interaction asks about.
func Focused(o Option) Option { o.Focused = true; return o }

// Interaction is an interaction for Server.Interact to dispatch. Empty
// GuildID and ChannelID mean the first guild and its first channel.
type Interaction struct {
	Type      int
	GuildID   string
	ChannelID string
	Member    *Member
	Data      map[string]any
	// Message is the clicked message of a component interaction.
	Message *Message
}

// Command is a slash command interaction.
func Command(name string, opts ...Option) Interaction {
	return Interaction{Type: TypeCommand, Data: map[string]any{"id": "400000000000000001", "name": name, "type": 1, "options": opts}}
}

// Autocomplete is an autocomplete interaction; mark one option Focused.
func Autocomplete(name string, opts ...Option) Interaction {
	i := Command(name, opts...)
	i.Type = TypeAutocomplete
	return i
}

// Click is a click on the button with customID under message m.
func Click(m Message, customID string) Interaction {
	return Interaction{Type: TypeComponent, ChannelID: m.ChannelID, Message: &m,
		Data: map[string]any{"custom_id": customID, "component_type": 2}}
}

// SubmitModal is the submission of modal m with the given values of its
// text inputs, by their custom ids.
func SubmitModal(m Modal, values map[string]string) Interaction {
	var rows []any
	for _, in := range m.Inputs {
		rows = append(rows, map[string]any{"type": 1, "components": []any{
			map[string]any{"type": 4, "custom_id": in.CustomID, "value": values[in.CustomID]},
		}})
	}
	return Interaction{Type: TypeModalSubmit, Data: map[string]any{"custom_id": m.CustomID, "components": rows}}
}

// Modal is a modal an interaction was answered with (callback type 9).
type Modal struct {
	CustomID string
	Title    string
	Inputs   []TextInput
}

// TextInput is a text input of a modal.
type TextInput struct {
	CustomID    string `json:"custom_id"`
	Label       string `json:"label"`
	Style       int    `json:"style"`
	Placeholder string `json:"placeholder"`
	Required    bool   `json:"required"`
	MinLength   int    `json:"min_length"`
	MaxLength   int    `json:"max_length"`
}

// modal checks a modal callback as Discord does: a custom id, a title of
// 1 to 45 characters, 1 to 5 rows of one text input each, labels of 1 to
// 45 characters, placeholders of at most 100, lengths of at most 4,000.
func decodeModal(data []byte) (Modal, *response) {
	var d struct {
		CustomID   string `json:"custom_id"`
		Title      string `json:"title"`
		Components []struct {
			Type       int         `json:"type"`
			Components []TextInput `json:"components"`
		} `json:"components"`
	}
	bad := func(what string) (Modal, *response) {
		r := errorf(http.StatusBadRequest, codeInvalidFormBody, "Invalid Form Body: %s", what)
		return Modal{}, &r
	}
	if err := json.Unmarshal(data, &d); err != nil {
		return bad(err.Error())
	}
	n := func(s string) int { return len([]rune(s)) }
	switch {
	case d.CustomID == "" || n(d.CustomID) > 100:
		return bad("data.custom_id")
	case n(d.Title) == 0 || n(d.Title) > 45:
		return bad("data.title: must be 1 to 45 characters")
	case len(d.Components) == 0 || len(d.Components) > 5:
		return bad("data.components")
	}
	m := Modal{CustomID: d.CustomID, Title: d.Title}
	for _, row := range d.Components {
		if row.Type != 1 || len(row.Components) != 1 {
			return bad("data.components: an action row holds one text input")
		}
		in := row.Components[0]
		switch {
		case in.CustomID == "" || n(in.Label) == 0 || n(in.Label) > 45:
			return bad("data.components.label: must be 1 to 45 characters")
		case n(in.Placeholder) > 100:
			return bad("data.components.placeholder: must be at most 100 characters")
		case in.MaxLength > 4000 || in.Style < 1 || in.Style > 2:
			return bad("data.components: max_length or style")
		}
		m.Inputs = append(m.Inputs, in)
	}
	return m, nil
}

// By returns i caused by member m.
func (i Interaction) By(m Member) Interaction { i.Member = &m; return i }

// In returns i sent from the channel.
func (i Interaction) In(channelID string) Interaction { i.ChannelID = channelID; return i }

// interaction is the fake's record of a dispatched interaction.
type interaction struct {
	id, token, channel string
	typ                int
	clicked            *Message
	dispatched         time.Time
	ackType            int
	ackAt              time.Time
	// original is the id of the response message (callback 4 or 5) or of
	// the clicked message (6 or 7).
	original  string
	followups []string
	choices   []Choice
	modal     *Modal
	// updates counts edits of the original after a deferral.
	updates int
}

// Choice is one autocomplete suggestion.
type Choice struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

// Interact dispatches i as INTERACTION_CREATE and returns its id.
func (s *Server) Interact(i Interaction) string {
	id, d := s.register(i)
	s.Dispatch("INTERACTION_CREATE", d)
	return id
}

// register records i as dispatched and returns its id and payload.
func (s *Server) register(i Interaction) (string, map[string]any) {
	s.mu.Lock()
	g := s.opts.Guilds[0]
	if i.GuildID == "" {
		i.GuildID = g.ID
	}
	if i.ChannelID == "" && len(g.Channels) > 0 {
		i.ChannelID = g.Channels[0]
	}
	id := s.newID()
	rec := &interaction{id: id, token: "interaction-token-" + id, channel: i.ChannelID, typ: i.Type, clicked: i.Message, dispatched: time.Now()}
	s.interactions[id], s.byToken[rec.token] = rec, rec
	s.mu.Unlock()
	d := map[string]any{
		"id": id, "application_id": s.opts.AppID, "type": i.Type, "token": rec.token, "version": 1,
		"guild_id": i.GuildID, "channel_id": i.ChannelID, "locale": "en-US", "guild_locale": "en-US",
		"app_permissions": "562949953421311", "context": 0, "entitlements": []any{},
		"data": i.Data,
	}
	if i.Member != nil {
		d["member"] = i.Member.payload()
	}
	if i.Message != nil {
		d["message"] = i.Message
	}
	return id, d
}

// Signer signs HTTP interactions as Discord does: Ed25519 over the
// timestamp and the body. Key is the application's private key; At gives
// the timestamp (nil means now).
type Signer struct {
	Key ed25519.PrivateKey
	At  func() time.Time
}

// InteractHTTP sends i to the bot's HTTP interactions endpoint as Discord
// does, signed by sig, and takes the HTTP response as the interaction's
// first callback, so Answer and follow-ups work as for the gateway. It
// returns the interaction's id, the HTTP status and the response body.
func (s *Server) InteractHTTP(endpoint string, i Interaction, sig Signer) (string, int, []byte, error) {
	id, d := s.register(i)
	body, err := json.Marshal(d)
	if err != nil {
		return id, 0, nil, err
	}
	status, resp, err := PostSigned(endpoint, body, sig)
	if err != nil || status != http.StatusOK {
		return id, status, resp, err
	}
	s.mu.Lock()
	token := s.interactions[id].token
	s.mu.Unlock()
	// Discord takes no files in the HTTP response: a multipart body fails
	// here as it fails there.
	if r := s.callback(id, token, resp, nil); r.status >= 300 {
		return id, status, resp, fmt.Errorf("the HTTP response is not a valid interaction response: %d %v", r.status, r.body)
	}
	return id, status, resp, nil
}

// PostSigned POSTs body to endpoint with Discord's signature headers.
func PostSigned(endpoint string, body []byte, sig Signer) (int, []byte, error) {
	at := time.Now()
	if sig.At != nil {
		at = sig.At()
	}
	ts := strconv.FormatInt(at.Unix(), 10)
	req, err := http.NewRequest(http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", ts)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(sig.Key, append([]byte(ts), body...))))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return resp.StatusCode, out, err
}

// InteractJSON dispatches raw, which need not be a valid interaction, as
// INTERACTION_CREATE. When raw has string "id" and "token" fields the fake
// takes callbacks for it, and InteractJSON returns the id.
func (s *Server) InteractJSON(raw json.RawMessage) string {
	var head struct {
		ID        any `json:"id"`
		Token     any `json:"token"`
		ChannelID any `json:"channel_id"`
		Type      any `json:"type"`
	}
	json.Unmarshal(raw, &head)
	id, _ := head.ID.(string)
	token, _ := head.Token.(string)
	channelID, _ := head.ChannelID.(string)
	typ, _ := head.Type.(float64)
	if id != "" && token != "" {
		s.mu.Lock()
		rec := &interaction{id: id, token: token, channel: channelID, typ: int(typ), dispatched: time.Now()}
		s.interactions[id], s.byToken[token] = rec, rec
		s.mu.Unlock()
	}
	s.Dispatch("INTERACTION_CREATE", raw)
	if token == "" {
		return ""
	}
	return id
}

// callback answers POST /interactions/{id}/{token}/callback.
func (s *Server) callback(id, token string, body []byte, files []Attachment) response {
	var cb struct {
		Type int             `json:"type"`
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &cb); err != nil {
		return errorf(http.StatusBadRequest, codeInvalidFormBody, "Invalid Form Body: %v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.interactions[id]
	switch {
	case in == nil || in.token != token || time.Since(in.dispatched) > s.opts.ResponseWindow:
		return errorf(http.StatusNotFound, codeUnknownInteraction, "Unknown interaction")
	case in.ackType != 0:
		return errorf(http.StatusBadRequest, codeAlreadyAcknowledged, "Interaction has already been acknowledged.")
	}
	var mb messageBody
	if len(cb.Data) > 0 && string(cb.Data) != "null" {
		var bad *response
		if mb, bad = decodeMessage(cb.Data, files); bad != nil {
			return *bad
		}
	}
	switch cb.Type {
	case 4:
		m := Message{ChannelID: in.channel, Interaction: id}
		mb.apply(&m)
		if bad := check(m); bad != nil {
			return *bad
		}
		in.original = s.store(m)
	case 5:
		m := Message{ChannelID: in.channel, Interaction: id, Thinking: true}
		if mb.Flags != nil {
			m.Flags = *mb.Flags
		}
		in.original = s.store(m)
	case 6, 7:
		if in.typ != TypeComponent || in.clicked == nil {
			return errorf(http.StatusBadRequest, codeInvalidFormBody, "Invalid Form Body: type: only component interactions take %d", cb.Type)
		}
		m := s.messages[in.clicked.ID]
		if m == nil {
			c := *in.clicked
			s.messages[c.ID] = &c
			m = &c
		}
		in.original = m.ID
		if cb.Type == 7 {
			next := *m
			mb.apply(&next)
			if bad := check(next); bad != nil {
				return *bad
			}
			next.Edits++
			*m = next
		}
	case 9:
		if in.typ != TypeCommand && in.typ != TypeComponent {
			return errorf(http.StatusBadRequest, codeInvalidFormBody, "Invalid Form Body: type: a modal cannot answer interaction type %d", in.typ)
		}
		m, bad := decodeModal(cb.Data)
		if bad != nil {
			return *bad
		}
		in.modal = &m
	case 8:
		var d struct {
			Choices []Choice `json:"choices"`
		}
		json.Unmarshal(cb.Data, &d)
		if in.typ != TypeAutocomplete || len(d.Choices) > 25 {
			return errorf(http.StatusBadRequest, codeInvalidFormBody, "Invalid Form Body: choices")
		}
		in.choices = d.Choices
	default:
		return errorf(http.StatusBadRequest, codeInvalidFormBody, "Invalid Form Body: type: unknown interaction response type %d", cb.Type)
	}
	in.ackType, in.ackAt = cb.Type, time.Now()
	s.notify()
	return noContent
}

// store keeps m under a new id; the caller holds s.mu.
func (s *Server) store(m Message) string {
	m.ID = s.newID()
	s.messages[m.ID] = &m
	return m.ID
}

// followup answers POST /webhooks/{app}/{token}: a follow-up message.
func (s *Server) followup(app, token, query string, body []byte, files []Attachment) response {
	mb, bad := decodeMessage(body, files)
	if bad != nil {
		return *bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.byToken[token]
	if in == nil || app != s.opts.AppID || in.ackType == 0 {
		return errorf(http.StatusNotFound, codeUnknownWebhook, "Unknown Webhook")
	}
	m := Message{ChannelID: in.channel, Interaction: in.id}
	mb.apply(&m)
	if bad := check(m); bad != nil {
		return *bad
	}
	id := s.store(m)
	in.followups = append(in.followups, id)
	s.notify()
	if strings.Contains(query, "wait=true") {
		return ok(*s.messages[id])
	}
	return noContent
}

// webhookMessage gets, edits or deletes an interaction's original response
// (@original) or one of its follow-ups.
func (s *Server) webhookMessage(method, app, token, id string, body []byte, files []Attachment) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.byToken[token]
	if in == nil || app != s.opts.AppID {
		return errorf(http.StatusNotFound, codeUnknownWebhook, "Unknown Webhook")
	}
	if id == "@original" {
		id = in.original
	}
	m := s.messages[id]
	if m == nil || m.Deleted || (id != in.original && !slices.Contains(in.followups, id)) {
		return errorf(http.StatusNotFound, codeUnknownMessage, "Unknown Message")
	}
	switch method {
	case "GET":
		return ok(*m)
	case "DELETE":
		m.Deleted = true
		s.notify()
		return noContent
	case "PATCH":
		r := s.edit(m, body, files)
		if r.status == http.StatusOK && id == in.original {
			in.updates++
		}
		return r
	}
	return errorf(http.StatusMethodNotAllowed, 0, "405: Method Not Allowed")
}

// Reply is what the user who caused an interaction ends up seeing.
type Reply struct {
	// Type is the type of the first callback: 4 message, 5 deferred
	// message, 6 deferred update, 7 update, 8 autocomplete choices, 9
	// modal.
	Type int
	// Modal is the modal the interaction was answered with (type 9).
	Modal *Modal
	// Message is the message the user sees: the response, the edited
	// original or the clicked message as updated, or the last follow-up.
	Message Message
	// Followup reports that Message is a follow-up message.
	Followup bool
	Choices  []Choice
	// Latency is the time from the dispatch to the first callback.
	Latency time.Duration
}

// Ephemeral reports whether only the user sees the reply.
func (r Reply) Ephemeral() bool { return r.Message.Ephemeral() }

// Answer waits until the interaction with the given id has a reply the
// user can see: a message response, an update, autocomplete choices, or a
// deferral followed by an edit or a follow-up.
func (s *Server) Answer(ctx context.Context, id string) (Reply, error) {
	var r Reply
	err := s.Await(ctx, func() bool {
		var ok bool
		r, ok = s.reply(id)
		return ok
	})
	return r, err
}

func (s *Server) reply(id string) (Reply, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.interactions[id]
	if in == nil || in.ackType == 0 {
		return Reply{}, false
	}
	r := Reply{Type: in.ackType, Latency: in.ackAt.Sub(in.dispatched), Choices: in.choices, Modal: in.modal}
	original := s.messages[in.original]
	if original != nil {
		r.Message = *original
	}
	switch {
	case in.ackType == 8 || in.ackType == 4 || in.ackType == 7 || in.ackType == 9:
		return r, true
	case len(in.followups) > 0 && (original == nil || original.Deleted || in.updates == 0):
		r.Message, r.Followup = *s.messages[in.followups[len(in.followups)-1]], true
		return r, true
	}
	return r, in.updates > 0
}

// Acknowledged reports whether the interaction got its first callback.
func (s *Server) Acknowledged(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.interactions[id]
	return in != nil && in.ackType != 0
}
