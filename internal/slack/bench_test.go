package slack

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkSocketModeClick measures a daily-question click through the
// real Socket Mode client, from the envelope sent to the ephemeral verdict
// posted to response_url; every click is a new user's answer, stored in
// bbolt before the reply.
func BenchmarkSocketModeClick(b *testing.B) {
	e := newEnv(b, envOptions{socket: true})
	f := e.fake
	f.admins["UADMIN"] = true
	f.send(envelope("env-post", "slash_commands", e.slash("UADMIN", "ada", daily, "post-now", "post-now")))
	f.responseTo("post-now")
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		name := fmt.Sprintf("click-%d", i)
		f.send(envelope("env-"+name, "interactive", e.click(fmt.Sprintf("U%d", i), "user", daily, "v1:answer:1:A", "answers-v1:answer:1", name, false)))
		f.responseTo(name)
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/float64(b.N)/1000, "ms/click")
}
