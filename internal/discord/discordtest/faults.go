package discordtest

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"path"
	"strconv"
	"time"
)

// Fault makes the fake answer matching REST calls differently: with a 429,
// another error, or after a delay.
type Fault struct {
	// Method matches the request method; empty matches any.
	Method string
	// Path matches the URL path as path.Match does, so * stands for one
	// segment: "/api/v9/channels/*/messages". Empty matches any.
	Path string
	// Times is how many matching calls the fault hits; zero means every
	// one until Clear.
	Times int
	// Status is the answer's status; zero means 429 when RetryAfter is
	// set and no change of status otherwise (a pure delay).
	Status int
	// RetryAfter is a 429's retry_after; the answer also carries
	// Discord's X-RateLimit-* headers.
	RetryAfter time.Duration
	// Global marks a 429 as the global rate limit.
	Global bool
	// Body is the JSON body of a non-429 error; empty gives Discord's
	// generic error for the status.
	Body string
	// Delay holds the answer back, like a slow or dead API; a request
	// whose client gives up ends early.
	Delay time.Duration

	hits int
}

// Inject adds f; faults are tried in the order they were added.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// RateLimit answers the next times calls to method and pattern with 429
// and retry_after; times 0 means every call until Clear.
func (s *Server) RateLimit(method, pattern string, times int, retryAfter time.Duration) {
	s.Inject(Fault{Method: method, Path: pattern, Times: times, RetryAfter: retryAfter})
}

// Clear removes every fault.
func (s *Server) Clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// Hits returns how many calls the faults answered.
func (s *Server) Hits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, f := range s.faults {
		n += f.hits
	}
	return n
}

func matches(method, pattern, gotMethod, gotPath string) bool {
	if method != "" && method != gotMethod {
		return false
	}
	if pattern == "" {
		return true
	}
	ok, _ := path.Match(pattern, gotPath)
	return ok
}

// injected applies the first fault matching c. It reports whether the
// fault decided the answer; a pure delay leaves it to the route.
func (s *Server) injected(ctx context.Context, c Call) (response, bool) {
	s.mu.Lock()
	var f *Fault
	for _, cand := range s.faults {
		if (cand.Times == 0 || cand.hits < cand.Times) && matches(cand.Method, cand.Path, c.Method, c.Path) {
			f = cand
			f.hits++
			break
		}
	}
	var fault Fault
	if f != nil {
		fault = *f
	}
	s.mu.Unlock()
	if f == nil {
		return response{}, false
	}
	if fault.Delay > 0 {
		t := time.NewTimer(fault.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return errorf(499, 0, "client gave up"), true
		case <-s.done:
			return errorf(http.StatusServiceUnavailable, 0, "shutting down"), true
		}
	}
	switch {
	case fault.Status == 0 && fault.RetryAfter > 0, fault.Status == http.StatusTooManyRequests:
		return rateLimited(fault), true
	case fault.Status == 0:
		return response{}, false
	case fault.Body != "":
		return response{status: fault.Status, body: rawJSON(fault.Body)}, true
	}
	return errorf(fault.Status, 0, "%d: %s", fault.Status, http.StatusText(fault.Status)), true
}

// rateLimited is Discord's 429: a JSON body with retry_after in seconds and
// the X-RateLimit-* headers.
func rateLimited(f Fault) response {
	secs := f.RetryAfter.Seconds()
	h := http.Header{}
	h.Set("Retry-After", strconv.Itoa(int(math.Ceil(secs))))
	h.Set("X-RateLimit-Limit", "5")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(secs, 'f', 3, 64))
	h.Set("X-RateLimit-Bucket", "discordtest")
	scope := "user"
	if f.Global {
		h.Set("X-RateLimit-Global", "true")
		scope = "global"
	}
	h.Set("X-RateLimit-Scope", scope)
	return response{status: http.StatusTooManyRequests, header: h, body: map[string]any{
		"message": "You are being rate limited.", "retry_after": secs, "global": f.Global,
	}}
}

// rawJSON is a body written as it is.
type rawJSON string

// MarshalJSON returns the body itself.
func (r rawJSON) MarshalJSON() ([]byte, error) {
	if r == "" {
		return nil, fmt.Errorf("empty body")
	}
	return []byte(r), nil
}
