package discordtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Message is a message as the fake stores it: a channel message, an
// interaction's response or a follow-up.
type Message struct {
	ID         string                    `json:"id"`
	ChannelID  string                    `json:"channel_id"`
	Content    string                    `json:"content"`
	Embeds     []*discordgo.MessageEmbed `json:"embeds"`
	Components []Component               `json:"components"`
	// Flags has 64 (ephemeral) for messages only one user sees.
	Flags            int                         `json:"flags"`
	Nonce            string                      `json:"nonce,omitempty"`
	MessageReference *discordgo.MessageReference `json:"message_reference,omitempty"`
	// Interaction is the id of the interaction this message answers.
	Interaction string `json:"-"`
	// Edits counts the edits since the message was created.
	Edits   int  `json:"-"`
	Deleted bool `json:"-"`
	// Thinking marks a deferred response not yet edited ("is thinking…").
	Thinking bool `json:"-"`
	// Attachments are the files uploaded with the message.
	Attachments []Attachment `json:"-"`
}

// Ephemeral reports whether only one user sees the message.
func (m Message) Ephemeral() bool { return m.Flags&int(discordgo.MessageFlagsEphemeral) != 0 }

// Buttons returns the message's buttons, row by row.
func (m Message) Buttons() []Component {
	var out []Component
	for _, row := range m.Components {
		out = append(out, row.Components...)
	}
	return out
}

// Text returns the content and every embed's title, description, fields
// and footer, one per line: what a reader of the message sees, for
// assertions.
func (m Message) Text() string {
	parts := []string{m.Content}
	for _, e := range m.Embeds {
		parts = append(parts, e.Title, e.Description)
		for _, f := range e.Fields {
			parts = append(parts, f.Name, f.Value)
		}
		if e.Footer != nil {
			parts = append(parts, e.Footer.Text)
		}
	}
	return strings.Join(slices.DeleteFunc(parts, func(s string) bool { return s == "" }), "\n")
}

// Component is an action row (Type 1, with Components) or a button (Type 2).
type Component struct {
	Type       int         `json:"type"`
	CustomID   string      `json:"custom_id,omitempty"`
	Label      string      `json:"label,omitempty"`
	Style      int         `json:"style,omitempty"`
	Disabled   bool        `json:"disabled,omitempty"`
	Components []Component `json:"components,omitempty"`
}

// messageBody is the JSON of a message create or edit; nil fields are left
// as they are by an edit.
type messageBody struct {
	Content          *string                           `json:"content"`
	Embeds           *[]*discordgo.MessageEmbed        `json:"embeds"`
	Components       *[]Component                      `json:"components"`
	Flags            *int                              `json:"flags"`
	Nonce            json.RawMessage                   `json:"nonce"`
	EnforceNonce     bool                              `json:"enforce_nonce"`
	MessageReference *discordgo.MessageReference       `json:"message_reference"`
	AllowedMentions  *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
	// files are the upload's files, added to the message's attachments.
	files []Attachment
}

func decodeMessage(body []byte, files []Attachment) (messageBody, *response) {
	mb := messageBody{files: files}
	if err := json.Unmarshal(body, &mb); err != nil {
		r := errorf(http.StatusBadRequest, codeInvalidFormBody, "Invalid Form Body: %v", err)
		return mb, &r
	}
	return mb, nil
}

// nonce returns the body's nonce as text (Discord takes a string or an
// integer).
func (mb messageBody) nonce() string {
	var s string
	if json.Unmarshal(mb.Nonce, &s) == nil {
		return s
	}
	return string(mb.Nonce)
}

// apply writes the body's fields on m.
func (mb messageBody) apply(m *Message) {
	if mb.Content != nil {
		m.Content = *mb.Content
	}
	if mb.Embeds != nil {
		m.Embeds = *mb.Embeds
	}
	if mb.Components != nil {
		m.Components = *mb.Components
	}
	if mb.Flags != nil {
		m.Flags = *mb.Flags
	}
	m.Attachments = append(m.Attachments, mb.files...)
}

// check applies Discord's limits to a message as it would be after the body.
func check(m Message) *response {
	bad := func(format string, args ...any) *response {
		r := errorf(http.StatusBadRequest, codeInvalidFormBody, "Invalid Form Body: "+format, args...)
		return &r
	}
	if m.Content == "" && len(m.Embeds) == 0 && len(m.Components) == 0 && len(m.Attachments) == 0 {
		r := errorf(http.StatusBadRequest, codeEmptyMessage, "Cannot send an empty message")
		return &r
	}
	if n := utf8.RuneCountInString(m.Content); n > 2000 {
		return bad("content: Must be 2000 or fewer in length (got %d).", n)
	}
	if len(m.Embeds) > 10 {
		return bad("embeds: Must be 10 or fewer in length.")
	}
	total := 0
	for i, e := range m.Embeds {
		switch {
		case utf8.RuneCountInString(e.Title) > 256:
			return bad("embeds.%d.title: Must be 256 or fewer in length.", i)
		case utf8.RuneCountInString(e.Description) > 4096:
			return bad("embeds.%d.description: Must be 4096 or fewer in length.", i)
		case len(e.Fields) > 25:
			return bad("embeds.%d.fields: Must be 25 or fewer in length.", i)
		case e.Footer != nil && utf8.RuneCountInString(e.Footer.Text) > 2048:
			return bad("embeds.%d.footer.text: Must be 2048 or fewer in length.", i)
		}
		total += utf8.RuneCountInString(e.Title) + utf8.RuneCountInString(e.Description)
		for _, f := range e.Fields {
			total += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
		}
		if e.Footer != nil {
			total += utf8.RuneCountInString(e.Footer.Text)
		}
	}
	if total > 6000 {
		return bad("embeds: Embed size exceeds maximum size of 6000")
	}
	if len(m.Components) > 5 {
		return bad("components: Must be 5 or fewer in length.")
	}
	for i, row := range m.Components {
		if row.Type != 1 || len(row.Components) == 0 || len(row.Components) > 5 {
			return bad("components.%d: an action row holds 1 to 5 components", i)
		}
		for j, b := range row.Components {
			if b.Type != 2 || b.CustomID == "" || len(b.CustomID) > 100 || utf8.RuneCountInString(b.Label) > 80 || b.Style < 1 || b.Style > 4 {
				return bad("components.%d.components.%d: invalid button", i, j)
			}
		}
	}
	return nil
}

// createMessage posts a channel message, honouring enforce_nonce.
func (s *Server) createMessage(channelID string, body []byte, files []Attachment) response {
	mb, bad := decodeMessage(body, files)
	if bad != nil {
		return *bad
	}
	nonce := mb.nonce()
	if len(nonce) > 25 {
		return errorf(http.StatusBadRequest, codeInvalidFormBody, "Invalid Form Body: nonce: Must be 25 or fewer in length.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[channelID]
	switch {
	case c == nil:
		return errorf(http.StatusNotFound, codeUnknownChannel, "Unknown Channel")
	case s.dmClosed(c):
		return errorf(http.StatusForbidden, codeCannotMessageUser, "Cannot send messages to this user")
	}
	if mb.MessageReference != nil && s.messages[mb.MessageReference.MessageID] == nil {
		if fail := mb.MessageReference.FailIfNotExists; fail == nil || *fail {
			return errorf(http.StatusBadRequest, codeInvalidFormBody, "Invalid Form Body: message_reference: Unknown message")
		}
	}
	if nonce != "" && mb.EnforceNonce {
		if e, seen := s.nonces[nonce]; seen && time.Since(e.at) < s.opts.NonceWindow {
			return ok(*s.messages[e.messageID])
		}
	}
	m := Message{ChannelID: channelID, Nonce: nonce, MessageReference: mb.MessageReference}
	mb.apply(&m)
	if bad := check(m); bad != nil {
		return *bad
	}
	m.ID = s.newID()
	s.messages[m.ID] = &m
	if nonce != "" && mb.EnforceNonce {
		s.nonces[nonce] = nonceEntry{messageID: m.ID, at: time.Now()}
	}
	s.notify()
	return ok(m)
}

// channelMessage gets, edits or deletes a channel message.
func (s *Server) channelMessage(method, channelID, id string, body []byte, files []Attachment) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.messages[id]
	if m == nil || m.ChannelID != channelID || m.Deleted {
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
		return s.edit(m, body, files)
	}
	return errorf(http.StatusMethodNotAllowed, 0, "405: Method Not Allowed")
}

// edit applies an edit to m; the caller holds s.mu.
func (s *Server) edit(m *Message, body []byte, files []Attachment) response {
	mb, bad := decodeMessage(body, files)
	if bad != nil {
		return *bad
	}
	next := *m
	mb.apply(&next)
	if bad := check(next); bad != nil {
		return *bad
	}
	next.Edits++
	next.Thinking = false
	*m = next
	s.notify()
	return ok(*m)
}

// startThread starts a public thread from a message; the thread's id is
// the message's id, as on Discord.
func (s *Server) startThread(channelID, messageID string, body []byte) response {
	var req struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(body, &req); err != nil || req.Name == "" || utf8.RuneCountInString(req.Name) > 100 {
		return errorf(http.StatusBadRequest, codeInvalidFormBody, "Invalid Form Body: name: must be 1 to 100 characters")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	parent := s.channels[channelID]
	if parent == nil {
		return errorf(http.StatusNotFound, codeUnknownChannel, "Unknown Channel")
	}
	if m := s.messages[messageID]; m == nil || m.ChannelID != channelID {
		return errorf(http.StatusNotFound, codeUnknownMessage, "Unknown Message")
	}
	if s.channels[messageID] != nil {
		return errorf(http.StatusBadRequest, codeThreadAlreadyCreated, "A thread has already been created for this message")
	}
	s.channels[messageID] = &channel{id: messageID, guild: parent.guild, parent: channelID, name: req.Name, thread: true}
	s.notify()
	return ok(map[string]any{"id": messageID, "type": discordgo.ChannelTypeGuildPublicThread, "guild_id": parent.guild, "parent_id": channelID, "name": req.Name})
}

// Messages returns the channel's messages that are not deleted, oldest
// first. Ephemeral interaction responses belong to the interaction's
// channel too.
func (s *Server) Messages(channelID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.messages {
		if m.ChannelID == channelID && !m.Deleted {
			out = append(out, *m)
		}
	}
	slices.SortFunc(out, func(a, b Message) int { return compareIDs(a.ID, b.ID) })
	return out
}

// Posts returns the channel's messages that the bot posted through the
// REST API (not interaction responses), oldest first.
func (s *Server) Posts(channelID string) []Message {
	return slices.DeleteFunc(s.Messages(channelID), func(m Message) bool { return m.Interaction != "" })
}

// Message returns the message with the given id.
func (s *Server) Message(id string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.messages[id]
	if !ok {
		return Message{}, false
	}
	return *m, true
}

// Thread reports the name of the thread started from the message, if any.
func (s *Server) Thread(messageID string) (name string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[messageID]
	if c == nil || !c.thread {
		return "", false
	}
	return c.name, true
}

func compareIDs(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

// String shows a message for test failures.
func (m Message) String() string {
	return fmt.Sprintf("message %s in %s (flags %d, %d buttons): %q", m.ID, m.ChannelID, m.Flags, len(m.Buttons()), m.Text())
}

// Attachment is a file uploaded with a message.
type Attachment struct {
	Filename    string
	ContentType string
	Data        []byte
}

// maxUpload is the largest file a bot may upload to a server without
// boosts.
const maxUpload = 10 << 20

// readMultipart reads an upload as Discord does: the message in the
// payload_json part, the files in files[n] parts.
func readMultipart(contentType string, body []byte) ([]byte, []Attachment, *response) {
	bad := func(format string, args ...any) *response {
		r := errorf(http.StatusBadRequest, codeInvalidFormBody, "Invalid Form Body: "+format, args...)
		return &r
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil || params["boundary"] == "" {
		return nil, nil, bad("no multipart boundary")
	}
	var payload []byte
	var files []Attachment
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, bad("%v", err)
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return nil, nil, bad("%v", err)
		}
		switch name := part.FormName(); {
		case name == "payload_json":
			payload = data
		case strings.HasPrefix(name, "files[") && strings.HasSuffix(name, "]") && part.FileName() != "":
			if len(data) > maxUpload {
				r := errorf(http.StatusRequestEntityTooLarge, 40005, "Request entity too large")
				return nil, nil, &r
			}
			files = append(files, Attachment{Filename: part.FileName(), ContentType: part.Header.Get("Content-Type"), Data: data})
		default:
			return nil, nil, bad("unexpected part %q", name)
		}
	}
	if payload == nil {
		return nil, nil, bad("no payload_json part")
	}
	return payload, files, nil
}
