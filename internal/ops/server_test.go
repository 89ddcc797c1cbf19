package ops

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

func startServer(t *testing.T) (*Server, *Metrics, string) {
	t.Helper()
	m := NewMetrics("v1.2.3")
	s := NewServer("127.0.0.1:0", m, slog.New(slog.DiscardHandler))
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Shutdown(context.Background()) })
	return s, m, "http://" + s.Addr()
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestHealthAndReadiness(t *testing.T) {
	s, _, base := startServer(t)
	if code, _ := get(t, base+"/healthz"); code != http.StatusOK {
		t.Errorf("/healthz = %d; want 200", code)
	}
	if code, _ := get(t, base+"/readyz"); code != http.StatusOK {
		t.Errorf("/readyz with no checks = %d; want 200", code)
	}
	connected := false
	s.AddReadiness("database", func() error { return nil })
	s.AddReadiness("discord", func() error {
		if !connected {
			return errors.New("not connected")
		}
		return nil
	})
	code, body := get(t, base+"/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, `"discord":"not connected"`) || !strings.Contains(body, `"database":"ok"`) {
		t.Errorf("/readyz while Discord is down = %d %s; want 503 naming discord", code, body)
	}
	connected = true
	if code, _ := get(t, base+"/readyz"); code != http.StatusOK {
		t.Errorf("/readyz when all ready = %d; want 200", code)
	}
}

func TestMetricsParseAndCount(t *testing.T) {
	_, m, base := startServer(t)
	m.Answered("discord", "right")
	m.Answered("discord", "right")
	m.Answered("slack", "duplicate")
	m.Posted("slack", "sent")
	m.Posted("discord", "failed")
	a := m.Adapter("discord")
	a.RateLimited()
	a.Reconnected()
	a.Interaction("button", 3*time.Millisecond)
	_, body := get(t, base+"/metrics")
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("/metrics does not parse as Prometheus text: %v", err)
	}
	value := func(name string, labels map[string]string) float64 {
		f, ok := families[name]
		if !ok {
			t.Fatalf("metric %s missing", name)
		}
	next:
		for _, metric := range f.GetMetric() {
			for _, lp := range metric.GetLabel() {
				if want, ok := labels[lp.GetName()]; ok && want != lp.GetValue() {
					continue next
				}
			}
			switch {
			case metric.Counter != nil:
				return metric.GetCounter().GetValue()
			case metric.Gauge != nil:
				return metric.GetGauge().GetValue()
			case metric.Histogram != nil:
				return float64(metric.GetHistogram().GetSampleCount())
			}
		}
		t.Fatalf("metric %s%v missing", name, labels)
		return 0
	}
	checks := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"dockerqotd_answers_total", map[string]string{"platform": "discord", "result": "right"}, 2},
		{"dockerqotd_answers_total", map[string]string{"platform": "slack", "result": "duplicate"}, 1},
		{"dockerqotd_posts_total", map[string]string{"platform": "slack", "outcome": "sent"}, 1},
		{"dockerqotd_posts_total", map[string]string{"platform": "discord", "outcome": "failed"}, 1},
		{"dockerqotd_rate_limited_total", map[string]string{"platform": "discord"}, 1},
		{"dockerqotd_gateway_reconnects_total", map[string]string{"platform": "discord"}, 1},
		{"dockerqotd_interaction_seconds", map[string]string{"platform": "discord", "kind": "button"}, 1},
		{"dockerqotd_build_info", map[string]string{"version": "v1.2.3"}, 1},
	}
	for _, c := range checks {
		if got := value(c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v; want %v", c.name, c.labels, got, c.want)
		}
	}
	if _, ok := families["go_goroutines"]; !ok {
		t.Error("Go runtime metrics missing")
	}
}

func TestBackupOnlyForLoopback(t *testing.T) {
	s, _, base := startServer(t)
	if code, _ := get(t, base+"/backup"); code != http.StatusServiceUnavailable {
		t.Errorf("/backup without a database = %d; want 503", code)
	}
	s.SetBackup(func(w io.Writer) (int64, error) {
		n, err := w.Write([]byte("database bytes"))
		return int64(n), err
	})
	code, body := get(t, base+"/backup")
	if code != http.StatusOK || body != "database bytes" {
		t.Errorf("/backup from loopback = %d %q; want the database", code, body)
	}
	for _, remote := range []string{"10.0.0.5:41000", "192.168.1.20:5555", "[2001:db8::1]:80"} {
		req := httptest.NewRequest("GET", "/backup", nil)
		req.RemoteAddr = remote
		rec := httptest.NewRecorder()
		s.mux.ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden || bytes.Contains(rec.Body.Bytes(), []byte("database bytes")) {
			t.Errorf("/backup from %s = %d; want 403 without data", remote, rec.Code)
		}
	}
	req := httptest.NewRequest("GET", "/backup", nil)
	req.RemoteAddr = "[::1]:5000"
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("/backup from ::1 = %d; want 200", rec.Code)
	}
}
