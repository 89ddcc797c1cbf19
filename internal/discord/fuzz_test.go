package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// FuzzInteractionPayload dispatches INTERACTION_CREATE payloads of any
// shape through the fake gateway, so discordgo decodes them as it does
// Discord's: the adapter never panics, and every interaction the fake could
// register (it has an id and a token) gets an answer within Discord's
// 3 seconds, so no user ever sees "This interaction failed".
func FuzzInteractionPayload(f *testing.F) {
	fx := newFixture(f, fixtureOptions{})
	valid := interactionJSON("1")
	for _, mangle := range []func(map[string]any){
		func(map[string]any) {},
		func(d map[string]any) { d["member"].(map[string]any)["permissions"] = "32" },
		func(d map[string]any) { d["data"] = []int{1} },
		func(d map[string]any) { delete(d, "guild_id") },
		func(d map[string]any) {
			d["type"], d["data"] = 3, map[string]any{"component_type": 2, "custom_id": "v1:answer:1:A"}
		},
		func(d map[string]any) {
			d["type"], d["data"] = 3, map[string]any{"component_type": 2, "custom_id": "v1:practice:9:0:Z"}
		},
		func(d map[string]any) {
			d["type"] = 4
			d["data"] = map[string]any{"name": "docker", "options": []any{map[string]any{"name": "quiz", "type": 1, "options": []any{map[string]any{"name": "topic", "type": 3, "value": "net", "focused": true}}}}}
		},
		func(d map[string]any) {
			d["data"] = map[string]any{"name": "docker-admin", "options": []any{map[string]any{"name": "schedule", "type": 2, "options": []any{map[string]any{"name": "set", "type": 1}}}}}
		},
	} {
		d := clone(valid)
		mangle(d)
		raw, _ := json.Marshal(d)
		f.Add(raw)
	}
	f.Add([]byte(`[1,2,3]`))
	f.Add([]byte(`{"id":"5","token":"t","type":2}`))
	var n atomic.Int64
	f.Fuzz(func(t *testing.T, raw []byte) {
		// A gateway frame carries valid JSON; its shape is anything.
		if !json.Valid(raw) {
			return
		}
		// Give every registrable interaction an id of its own, so
		// inputs do not collide in the fake.
		var d map[string]any
		if json.Unmarshal(raw, &d) == nil && d != nil {
			if _, ok := d["id"].(string); ok {
				i := n.Add(1)
				d["id"], d["token"] = fmt.Sprintf("8%017d", i), fmt.Sprintf("fuzz-token-%d", i)
				raw, _ = json.Marshal(d)
			}
		}
		before := len(fx.logs.String())
		id := fx.srv.InteractJSON(raw)
		if id != "" {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			if _, err := fx.srv.Answer(ctx, id); err != nil {
				t.Fatalf("payload %s got no answer within 3 s: %v", raw, err)
			}
		}
		fx.bot.Wait()
		if logs := fx.logs.String()[before:]; strings.Contains(logs, "panicked") {
			t.Fatalf("payload %s made the handler panic:\n%s", raw, logs)
		}
	})
}

func clone(d map[string]any) map[string]any {
	raw, _ := json.Marshal(d)
	var out map[string]any
	json.Unmarshal(raw, &out)
	return out
}
