// Package ops serves the bot's operational HTTP endpoints: /healthz,
// /readyz, /metrics (Prometheus), a loopback-only /backup, and Slack's HTTP
// mode when it is on.
package ops

import (
	"net/http"
	"runtime"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the bot's Prometheus instruments, registered on a registry
// of its own (no global state).
type Metrics struct {
	reg          *prometheus.Registry
	answers      *prometheus.CounterVec
	posts        *prometheus.CounterVec
	interactions *prometheus.HistogramVec
	rateLimited  *prometheus.CounterVec
	reconnects   *prometheus.CounterVec
}

// NewMetrics registers the bot's metrics, the Go and process collectors
// and build information.
func NewMetrics(version string) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dockerqotd_answers_total",
			Help: "Clicks on daily questions by platform and result (right, wrong, duplicate, closed).",
		}, []string{"platform", "result"}),
		posts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dockerqotd_posts_total",
			Help: "Daily posts by platform and outcome (sent, failed).",
		}, []string{"platform", "outcome"}),
		interactions: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "dockerqotd_interaction_seconds",
			Help:    "Time from receiving a command, click or event to the first response, by platform and kind.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"platform", "kind"}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dockerqotd_rate_limited_total",
			Help: "Platform API calls answered with a rate limit (429).",
		}, []string{"platform"}),
		reconnects: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dockerqotd_gateway_reconnects_total",
			Help: "Reconnects of the Discord gateway or the Slack socket.",
		}, []string{"platform"}),
	}
	build := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "dockerqotd_build_info",
		Help: "The running build: version and Go version; always 1.",
	}, []string{"version", "goversion"})
	build.WithLabelValues(version, runtime.Version()).Set(1)
	m.reg.MustRegister(m.answers, m.posts, m.interactions, m.rateLimited, m.reconnects, build,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Answered counts a click on a daily question.
func (m *Metrics) Answered(platform, result string) {
	m.answers.WithLabelValues(platform, result).Inc()
}

// Posted counts a daily post that was sent or failed.
func (m *Metrics) Posted(platform, outcome string) {
	m.posts.WithLabelValues(platform, outcome).Inc()
}

// Adapter returns the instruments of one chat platform, in the shape the
// adapters take.
func (m *Metrics) Adapter(platform string) AdapterMetrics {
	return AdapterMetrics{m: m, platform: platform}
}

// AdapterMetrics counts one platform's rate limits, reconnects and
// interaction latency.
type AdapterMetrics struct {
	m        *Metrics
	platform string
}

// RateLimited counts a call answered with a rate limit.
func (a AdapterMetrics) RateLimited() { a.m.rateLimited.WithLabelValues(a.platform).Inc() }

// Reconnected counts a gateway or socket reconnect.
func (a AdapterMetrics) Reconnected() { a.m.reconnects.WithLabelValues(a.platform).Inc() }

// Interaction records the time to the first response of an interaction.
func (a AdapterMetrics) Interaction(kind string, d time.Duration) {
	a.m.interactions.WithLabelValues(a.platform, kind).Observe(d.Seconds())
}
