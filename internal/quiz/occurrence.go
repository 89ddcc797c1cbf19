package quiz

import "time"

// Occurrence is one slot of a team's schedule.
type Occurrence struct {
	// Key is unique per team: the scheduled local date and time
	// ("2026-03-08T02:30"), or "now:<RFC 3339>" for an admin's post-now.
	Key string
	// At is when the post goes out: the scheduled time, or, for a local
	// time that a daylight-saving jump skips, the first instant after it.
	At time.Time
}

// OccurrenceKeyLayout formats an occurrence's scheduled local time as its key.
const OccurrenceKeyLayout = "2006-01-02T15:04"
