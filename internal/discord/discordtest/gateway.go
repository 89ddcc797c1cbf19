package discordtest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// maxReplay is how many past dispatches a session keeps for RESUME.
const maxReplay = 10000

// gateway is the fake gateway's state; Server.mu guards it, and
// Server.gwMu orders what is written to the connection.
type gateway struct {
	conn        *gwConn
	sessionID   string
	seq         int64
	events      []event
	identifies  int
	resumes     int
	nextSession int
	intents     int
}

type event struct {
	seq   int64
	frame []byte
}

type gwConn struct {
	ws  *websocket.Conn
	wmu sync.Mutex
}

func (c *gwConn) write(frame []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteMessage(websocket.TextMessage, frame)
}

func (c *gwConn) writeJSON(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.write(b)
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// serveGateway runs one gateway connection: HELLO first, then IDENTIFY or
// RESUME, heartbeats answered with ACKs.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{ws: ws}
	defer s.disconnected(c)
	hello := map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": s.opts.HeartbeatInterval.Milliseconds()}}
	if c.writeJSON(hello) != nil {
		return
	}
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			return
		}
		var f struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if json.Unmarshal(data, &f) != nil {
			continue
		}
		switch f.Op {
		case 1:
			c.writeJSON(map[string]any{"op": 11})
		case 2:
			s.identify(c, f.D)
		case 6:
			s.resume(c, f.D)
		}
	}
}

func (s *Server) tokenOK(token string) bool {
	if s.opts.Token == "" {
		return strings.HasPrefix(token, "Bot ")
	}
	return token == "Bot "+s.opts.Token
}

func (s *Server) refuse(c *gwConn) {
	c.wmu.Lock()
	c.ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."))
	c.wmu.Unlock()
	c.ws.Close()
}

// identify starts a new session: READY, then a GUILD_CREATE per guild.
func (s *Server) identify(c *gwConn, d json.RawMessage) {
	var id struct {
		Token   string `json:"token"`
		Intents int    `json:"intents"`
	}
	if json.Unmarshal(d, &id) != nil || !s.tokenOK(id.Token) {
		s.refuse(c)
		return
	}
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	s.mu.Lock()
	s.gw.nextSession++
	s.gw.sessionID = "session-" + strconv.Itoa(s.gw.nextSession)
	s.gw.seq, s.gw.events, s.gw.conn = 0, nil, c
	s.gw.identifies++
	s.gw.intents = id.Intents
	s.notify()
	sessionID := s.gw.sessionID
	s.mu.Unlock()
	var unavailable []map[string]any
	for _, g := range s.opts.Guilds {
		unavailable = append(unavailable, map[string]any{"id": g.ID, "unavailable": true})
	}
	s.dispatchLocked("READY", map[string]any{
		"v": 9, "session_id": sessionID,
		"user":               map[string]any{"id": s.opts.AppID, "username": "dockerqotd", "discriminator": "0", "bot": true},
		"application":        map[string]any{"id": s.opts.AppID, "flags": 0},
		"guilds":             unavailable,
		"private_channels":   []any{},
		"resume_gateway_url": "ws" + strings.TrimPrefix(s.URL, "http") + "/gateway",
	})
	for _, g := range s.opts.Guilds {
		var channels []map[string]any
		for _, ch := range g.Channels {
			channels = append(channels, map[string]any{"id": ch, "name": "channel-" + ch, "type": 0, "guild_id": g.ID})
		}
		s.dispatchLocked("GUILD_CREATE", map[string]any{
			"id": g.ID, "name": g.Name, "unavailable": false, "member_count": 2,
			"channels": channels, "roles": []any{}, "emojis": []any{}, "members": []any{},
		})
	}
}

// resume continues a session: the dispatches the client missed, then
// RESUMED. An unknown session gets op 9 (invalid session).
func (s *Server) resume(c *gwConn, d json.RawMessage) {
	var r struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if json.Unmarshal(d, &r) != nil || !s.tokenOK(r.Token) {
		s.refuse(c)
		return
	}
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	s.mu.Lock()
	if r.SessionID != s.gw.sessionID {
		s.mu.Unlock()
		c.writeJSON(map[string]any{"op": 9, "d": false})
		return
	}
	s.gw.conn = c
	s.gw.resumes++
	var missed [][]byte
	for _, e := range s.gw.events {
		if e.seq > r.Seq {
			missed = append(missed, e.frame)
		}
	}
	s.notify()
	s.mu.Unlock()
	for _, f := range missed {
		if c.write(f) != nil {
			return
		}
	}
	s.dispatchLocked("RESUMED", map[string]any{"_trace": []string{"discordtest"}})
}

func (s *Server) disconnected(c *gwConn) {
	c.ws.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gw.conn == c {
		s.gw.conn = nil
		s.notify()
	}
}

// Dispatch sends an event (op 0) with the next sequence number. When no
// client is connected the event waits in the session's log and is replayed
// on RESUME.
func (s *Server) Dispatch(eventType string, d any) {
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	s.dispatchLocked(eventType, d)
}

// dispatchLocked sends an event; the caller holds s.gwMu.
func (s *Server) dispatchLocked(eventType string, d any) {
	s.mu.Lock()
	s.gw.seq++
	frame, err := json.Marshal(map[string]any{"op": 0, "s": s.gw.seq, "t": eventType, "d": d})
	if err != nil {
		s.mu.Unlock()
		panic("discordtest: dispatch " + eventType + ": " + err.Error())
	}
	s.gw.events = append(s.gw.events, event{seq: s.gw.seq, frame: frame})
	if len(s.gw.events) > maxReplay {
		s.gw.events = s.gw.events[len(s.gw.events)-maxReplay:]
	}
	conn := s.gw.conn
	s.mu.Unlock()
	if conn != nil {
		conn.write(frame)
	}
}

// Reconnect sends op 7: the client closes the connection and resumes.
func (s *Server) Reconnect() {
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	s.mu.Lock()
	conn := s.gw.conn
	s.mu.Unlock()
	if conn != nil {
		conn.writeJSON(map[string]any{"op": 7, "d": nil})
	}
}

// Drop closes the gateway connection without a word, like a network
// failure; the client reconnects and resumes.
func (s *Server) Drop() {
	s.mu.Lock()
	conn := s.gw.conn
	s.mu.Unlock()
	if conn != nil {
		conn.ws.Close()
	}
}

// Connected reports whether a client holds a gateway connection.
func (s *Server) Connected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gw.conn != nil
}

// Identifies returns how many IDENTIFYs the gateway accepted.
func (s *Server) Identifies() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gw.identifies
}

// Resumes returns how many RESUMEs the gateway accepted.
func (s *Server) Resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gw.resumes
}

// Intents returns the intents of the last IDENTIFY.
func (s *Server) Intents() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gw.intents
}
