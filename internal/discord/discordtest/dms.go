package discordtest

import (
	"encoding/json"
	"net/http"

	"github.com/bwmarrin/discordgo"
)

// codeCannotMessageUser is Discord's answer to a message for a member who
// turned off direct messages from server members (or blocked the bot).
const codeCannotMessageUser = 50007

// openDM answers POST /users/@me/channels: the direct message channel with
// the recipient, created on the first call and the same one after, as on
// Discord.
func (s *Server) openDM(body []byte) response {
	var req struct {
		RecipientID string `json:"recipient_id"`
	}
	if err := json.Unmarshal(body, &req); err != nil || !snowflake(req.RecipientID) {
		return errorf(http.StatusBadRequest, codeInvalidFormBody, "Invalid Form Body: recipient_id: Value %q is not snowflake.", req.RecipientID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id, open := s.dms[req.RecipientID]
	if !open {
		id = s.newID()
		s.dms[req.RecipientID] = id
		s.channels[id] = &channel{id: id, recipient: req.RecipientID}
		s.notify()
	}
	return ok(map[string]any{
		"id": id, "type": discordgo.ChannelTypeDM, "last_message_id": nil, "flags": 0,
		"recipients": []map[string]any{{"id": req.RecipientID, "username": "member" + req.RecipientID, "discriminator": "0", "global_name": nil}},
	})
}

// snowflake reports whether id looks like a Discord id: 1 to 20 digits.
func snowflake(id string) bool {
	if id == "" || len(id) > 20 {
		return false
	}
	for _, r := range id {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// dmClosed reports whether c is a direct message channel whose member
// takes no direct messages; the caller holds s.mu.
func (s *Server) dmClosed(c *channel) bool {
	return c.recipient != "" && s.closedDMs[c.recipient]
}

// CloseDMs makes the member take no direct messages, as when they turn off
// direct messages from server members: opening the channel still works,
// and every message sent to it gets 403 with code 50007 "Cannot send
// messages to this user", as on Discord.
func (s *Server) CloseDMs(userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closedDMs[userID] = true
}

// DMs returns the messages the bot sent to the member's direct message
// channel, oldest first; none when the channel was never opened.
func (s *Server) DMs(userID string) []Message {
	s.mu.Lock()
	id, open := s.dms[userID]
	s.mu.Unlock()
	if !open {
		return nil
	}
	return s.Posts(id)
}
