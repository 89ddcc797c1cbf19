package quiz

import (
	"strings"
	"time"
)

// TeamID names a team: "discord:<guild id>", "slack:<workspace id>" or "local".
type TeamID string

// LocalTeam is the team of the terminal bot.
const LocalTeam TeamID = "local"

// Platform returns the part of the id before the colon ("discord", "slack",
// "local").
func (id TeamID) Platform() string {
	p, _, _ := strings.Cut(string(id), ":")
	return p
}

// Default team settings (README, Daily questions).
const (
	DefaultSchedule = "0 9 * * 1-5"
	DefaultTimezone = "UTC"
)

// Team is one Discord guild or Slack workspace, with its daily-question settings.
type Team struct {
	ID   TeamID
	Name string
	// Channel is the platform's id of the daily channel; empty until an
	// admin picks one (the terminal has a single channel).
	Channel string
	// Schedule is a 5-field cron spec in the team's timezone.
	Schedule string
	Timezone string
	// Paused stops daily posts without forgetting the schedule.
	Paused bool
	Filter Filter
	// Reveal is how long after posting the answer is revealed; zero means
	// when the next question is posted.
	Reveal time.Duration
	// Season is how long the team's seasons last; empty means a quarter.
	Season SeasonKind
	// NoFreezes turns streak freezes off for the team.
	NoFreezes bool
	// NoRecap turns the weekly recap off for the team.
	NoRecap   bool
	CreatedAt time.Time
}

// Location returns the team's timezone, UTC when it is unset or unknown.
func (t Team) Location() *time.Location {
	if t.Timezone == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(t.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}
