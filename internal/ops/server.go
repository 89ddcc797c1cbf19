package ops

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// Server is an HTTP server: the operational one (NewServer), or the public
// one the platforms call (NewPublicServer).
type Server struct {
	name    string
	addr    string
	log     *slog.Logger
	mux     *http.ServeMux
	srv     *http.Server
	ln      net.Listener
	mu      sync.Mutex
	checks  []check
	backup  func(io.Writer) (int64, error)
	started chan struct{}
}

type check struct {
	name  string
	ready func() error
}

// NewServer returns a server for addr (host:port; port 0 picks one) with
// /healthz, /readyz, /metrics and /backup.
func NewServer(addr string, m *Metrics, log *slog.Logger) *Server {
	s := newServer("ops server", addr, log)
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	s.mux.HandleFunc("GET /readyz", s.readyz)
	s.mux.Handle("GET /metrics", m.Handler())
	s.mux.HandleFunc("GET /backup", s.serveBackup)
	return s
}

// NewPublicServer returns a server for addr with no route of its own: the
// platforms' callbacks (Slack's HTTP mode, Discord's HTTP interactions)
// are mounted on it with Handle, apart from the ops endpoints, so a proxy
// that forwards every path to it exposes none of /backup, /metrics or
// /readyz.
func NewPublicServer(addr string, log *slog.Logger) *Server {
	return newServer("public server", addr, log)
}

func newServer(name, addr string, log *slog.Logger) *Server {
	s := &Server{name: name, addr: addr, log: log, mux: http.NewServeMux(), started: make(chan struct{})}
	s.srv = &http.Server{Handler: s.mux, ReadHeaderTimeout: 5 * time.Second}
	return s
}

// Handle mounts h at pattern.
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// AddReadiness adds a check that /readyz runs: the server is ready when
// every check returns nil.
func (s *Server) AddReadiness(name string, ready func() error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.checks = append(s.checks, check{name, ready})
}

// SetBackup makes /backup stream a consistent copy of the database.
func (s *Server) SetBackup(fn func(io.Writer) (int64, error)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.backup = fn
}

// Start listens and serves in the background.
func (s *Server) Start() error {
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	s.ln = ln
	close(s.started)
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error(s.name+" stopped", "err", err)
		}
	}()
	s.log.Info(s.name+" listening", "addr", ln.Addr().String())
	return nil
}

// Addr returns the address the server listens on.
func (s *Server) Addr() string {
	<-s.started
	return s.ln.Addr().String()
}

// Shutdown stops the server, letting requests in progress finish until ctx
// ends.
func (s *Server) Shutdown(ctx context.Context) error { return s.srv.Shutdown(ctx) }

func (s *Server) readyz(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	checks := append([]check(nil), s.checks...)
	s.mu.Unlock()
	status := map[string]string{}
	code := http.StatusOK
	for _, c := range checks {
		if err := c.ready(); err != nil {
			status[c.name] = err.Error()
			code = http.StatusServiceUnavailable
		} else {
			status[c.name] = "ok"
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(status)
}

// serveBackup streams the database to a client on the same host only: the
// copy holds every user's record, and the ops port may be reachable from
// the network (Kubernetes probes).
func (s *Server) serveBackup(w http.ResponseWriter, r *http.Request) {
	if !fromLoopback(r) {
		http.Error(w, "backups are served to local clients only", http.StatusForbidden)
		return
	}
	s.mu.Lock()
	backup := s.backup
	s.mu.Unlock()
	if backup == nil {
		http.Error(w, "no database", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="dockerqotd.db"`)
	if n, err := backup(w); err != nil {
		// Headers are gone; cutting the stream short makes the client fail.
		s.log.Error("backup failed", "written", n, "err", err)
		panic(http.ErrAbortHandler)
	}
}

func fromLoopback(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
