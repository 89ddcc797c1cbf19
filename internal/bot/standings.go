package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/card"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// boardSize is how many users a leaderboard lists.
const boardSize = 10

func (b *Bot) leaderboard(ctx context.Context, c Caller, team quiz.Team, cmd Command) (Message, error) {
	period := cmd.Period
	if period == "" {
		period = quiz.Week
	}
	now := b.now()
	at, title, err := b.boardTime(ctx, team, period, cmd.SeasonID, now)
	if err != nil {
		return Message{}, err
	}
	lb, err := b.store.Leaderboard(ctx, team.ID, period, at, c.User, boardSize)
	if err != nil {
		return Message{}, err
	}
	if len(lb.Top) == 0 {
		return Message{Text: title + "\nNo answers yet. Answer the daily question to get on the board."}, nil
	}
	lines := []string{title}
	for _, s := range lb.Top {
		lines = append(lines, standingLine(s))
	}
	switch {
	case lb.Caller == nil:
		lines = append(lines, "", "You are not on this board yet: answer the daily question to join.")
	case lb.Caller.Rank > boardSize || !slices.ContainsFunc(lb.Top, func(s quiz.Standing) bool { return s.User == c.User }):
		lines = append(lines, "", fmt.Sprintf("You: #%d of %d with %s.", lb.Caller.Rank, lb.Players, points(lb.Caller.Points)))
	}
	return Message{Text: strings.Join(lines, "\n")}, nil
}

// boardTime returns the time whose board a leaderboard shows, and its
// title: now for the current periods, the season's start for a past
// season (an unknown one lists the valid ones).
func (b *Bot) boardTime(ctx context.Context, team quiz.Team, period quiz.Period, seasonID string, now time.Time) (time.Time, string, error) {
	if period != quiz.Season {
		return now, "🏆 **Leaderboard · " + period.Describe(now, team.Location()) + "**", nil
	}
	posts, err := b.store.Posts(ctx, team.ID)
	if err != nil {
		return now, "", err
	}
	at, current, err := team.SeasonBoardAt(seasonID, now, team.PastSeasons(posts, now))
	switch {
	case err != nil:
		return now, "", err
	case current:
		return at, "🏆 **Leaderboard · this season, " + quiz.DescribeSeason(team.SeasonKey(now)) + "**", nil
	}
	return at, "🏆 **Final board · season " + quiz.DescribeSeason(seasonID) + "**", nil
}

func standingLine(s quiz.Standing) string {
	line := fmt.Sprintf("%d. **%s** · %s", s.Rank, displayName(s.Name, s.User), points(s.Points))
	if s.Streak > 1 {
		line += fmt.Sprintf(" · streak %d", s.Streak)
	}
	return line
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func points(n int) string {
	if n == 1 {
		return "1 point"
	}
	return fmt.Sprintf("%d points", n)
}

func displayName(name, user string) string {
	if name != "" {
		return name
	}
	return user
}

func (b *Bot) stats(ctx context.Context, c Caller, team quiz.Team, user string) (Message, error) {
	if user == "" {
		user = c.User
	}
	st, err := b.store.UserStats(ctx, team.ID, user)
	if err != nil {
		return Message{}, err
	}
	if st.Daily.Answered == 0 && st.Practice.Answered == 0 && st.Interview.Answered == 0 {
		if user != c.User {
			return private("That user has not answered any question here yet."), nil
		}
		if st.Name == "" {
			st.Name = c.Name
		}
		m := private("No answers yet. Answer the daily question or try `/docker question`.")
		m.Record = b.record(team, st, quiz.Leaderboard{}, nil)
		return m, nil
	}
	text, rec, err := b.statsView(ctx, team, st)
	if err != nil {
		return Message{}, err
	}
	m := private(text)
	m.Record = rec
	return m, nil
}

// statsView reads what a member's stats show besides UserStats and returns
// them in words and as a record to draw.
func (b *Bot) statsView(ctx context.Context, team quiz.Team, st quiz.UserStats) (string, *card.Stats, error) {
	now := b.now()
	lb, err := b.store.Leaderboard(ctx, team.ID, quiz.All, now, st.User, 0)
	if err != nil {
		return "", nil, err
	}
	due, err := b.store.DueReviews(ctx, team.ID, st.User, now)
	if err != nil {
		return "", nil, err
	}
	posts, err := b.store.Posts(ctx, team.ID)
	if err != nil {
		return "", nil, err
	}
	return statsText(team, st, lb, len(due)), b.record(team, st, lb, posts), nil
}

// statsText renders a user's record: points, rank, streaks, accuracy
// overall and by topic, and the reviews due.
func statsText(team quiz.Team, st quiz.UserStats, lb quiz.Leaderboard, due int) string {
	lines := []string{"📊 **Stats for " + displayName(st.Name, st.User) + "**"}
	if lb.Caller != nil && st.Points > 0 {
		lines = append(lines, fmt.Sprintf("Points: %d · rank #%d of %d", st.Points, lb.Caller.Rank, lb.Players))
	} else {
		lines = append(lines, fmt.Sprintf("Points: %d · no rank until your first right daily answer", st.Points))
	}
	streak := fmt.Sprintf("Streak: %d · best %d", st.Streak, st.BestStreak)
	if team.FreezesOn() {
		streak += fmt.Sprintf(" · freezes: %d held, %d used", st.Freezes, st.FreezesUsed)
	}
	if st.BestSeasonRank > 0 {
		streak += fmt.Sprintf(" · best season rank #%d (%s)", st.BestSeasonRank, st.BestSeason)
	}
	lines = append(lines,
		streak,
		"Daily: "+tallyText(st.Daily),
		"Practice: "+tallyText(st.Practice),
	)
	if len(st.Topics) > 0 {
		lines = append(lines, "By topic:")
		for _, t := range quiz.Topics {
			if tt, ok := st.Topics[t]; ok {
				lines = append(lines, fmt.Sprintf("- %s: %s", t, tallyText(tt.Total())))
			}
		}
	}
	if st.Interview.Answered > 0 {
		lines = append(lines, fmt.Sprintf("Interview practice: %d %s · mean score %d%%",
			st.Interview.Answered, plural(st.Interview.Answered, "answer", "answers"), st.Interview.Mean()))
	}
	if due > 0 {
		lines = append(lines, fmt.Sprintf("Review: %d due, `/docker review`", due))
	}
	return strings.Join(lines, "\n")
}

// record is a member's record for the interfaces that draw it: the last
// card.MaxDays days of daily questions, accuracy by topic (every topic, in
// the bank's order) and the numbers.
func (b *Bot) record(team quiz.Team, st quiz.UserStats, lb quiz.Leaderboard, posts []quiz.Post) *card.Stats {
	now := b.now()
	r := &card.Stats{
		Name: displayName(st.Name, st.User), Points: st.Points, Players: lb.Players,
		Streak: st.Streak, Best: st.BestStreak, FreezesHeld: st.Freezes, FreezesUsed: st.FreezesUsed,
		Today:     now.In(team.Location()),
		Interview: card.Interview{Answered: st.Interview.Answered, MeanPercent: st.Interview.Mean()},
	}
	if lb.Caller != nil && st.Points > 0 {
		r.Rank = lb.Caller.Rank
	}
	for _, d := range quiz.Calendar(posts, st.History, now, team.Location(), card.MaxDays) {
		r.Days = append(r.Days, cardDay(d))
	}
	for _, t := range quiz.Topics {
		tally := st.Topics[t].Total()
		r.Topics = append(r.Topics, card.Topic{Name: string(t), Right: tally.Right, Answered: tally.Answered})
	}
	return r
}

func cardDay(d quiz.Day) card.Day {
	switch d {
	case quiz.DayRight:
		return card.Right
	case quiz.DayWrong:
		return card.Wrong
	case quiz.DayMissed:
		return card.Missed
	case quiz.DayFrozen:
		return card.Frozen
	}
	return card.NoPost
}

func tallyText(t quiz.Tally) string {
	if t.Answered == 0 {
		return "none yet"
	}
	return fmt.Sprintf("%d of %d right (%d%%)", t.Right, t.Answered, t.Percent())
}
