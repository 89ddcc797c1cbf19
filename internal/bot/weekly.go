package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// What goes out with the daily question besides the question: when a
// post is the first of a new season, the last season's final board; when
// it is the first of a new ISO week, a recap of the week before; and after
// it, review reminders to the members who asked for them. Each is a
// once-only job claimed in the store, so replicas and restarts send it
// once; a failure is logged and never holds the daily question back.

// announce posts the season's final board and the week's recap that go out
// with p, the team's next daily post; posts are the team's posts. They
// are of the season and the week of the team's last sent post before p's
// season and week. Each is claimed at every post until it is done, so
// that when the first post of a week could not send the recap (its
// replica died holding the claim), the next one does.
func (b *Bot) announce(ctx context.Context, team quiz.Team, p quiz.Post, posts []quiz.Post, pub Publisher) {
	loc := team.Location()
	season, week := team.SeasonKey(p.ScheduledAt), quiz.Week.Key(p.ScheduledAt, loc)
	var lastSeason, lastWeek quiz.Post
	for _, old := range posts {
		if old.ID >= p.ID || !old.Sent() {
			continue
		}
		if s := team.SeasonKey(old.ScheduledAt); s != "" && s != season {
			lastSeason = old
		}
		if quiz.Week.Key(old.ScheduledAt, loc) != week {
			lastWeek = old
		}
	}
	if lastSeason.ID != 0 {
		old := team.SeasonKey(lastSeason.ScheduledAt)
		b.once(ctx, team, p.Channel, "season:"+old, pub, func() (Message, bool, error) { return b.seasonArchive(ctx, team, old, posts) })
	}
	if lastWeek.ID != 0 && team.RecapOn() {
		week := quiz.Week.Key(lastWeek.ScheduledAt, loc)
		b.once(ctx, team, p.Channel, "recap:"+week, pub, func() (Message, bool, error) { return b.weekRecap(ctx, team, lastWeek, posts) })
	}
}

// once claims the team's job key, builds its message and sends it to the
// channel, then marks the job done. A message with nothing to say (send
// false) is marked done unsent.
func (b *Bot) once(ctx context.Context, team quiz.Team, channel, key string, pub Publisher, build func() (Message, bool, error)) {
	fs := b.store
	claimed, err := fs.ClaimJob(ctx, team.ID, key, b.replica, b.now(), sendLease)
	if err != nil || !claimed {
		if err != nil {
			b.log.ErrorContext(ctx, "claim job", "team", team.ID, "job", key, "err", err)
		}
		return
	}
	m, send, err := build()
	if err != nil {
		b.log.ErrorContext(ctx, "build job message", "team", team.ID, "job", key, "err", err)
		return
	}
	if send {
		if _, err := pub.Send(ctx, quiz.Post{Team: team.ID, Channel: channel, Occurrence: key}, m); err != nil {
			b.log.ErrorContext(ctx, "send job message", "team", team.ID, "job", key, "err", err)
			return
		}
	}
	if err := fs.FinishJob(ctx, team.ID, key, b.now()); err != nil {
		b.log.ErrorContext(ctx, "finish job", "team", team.ID, "job", key, "err", err)
	}
}

// medals mark the first three ranks of a final board.
var medals = []string{"🥇", "🥈", "🥉"}

// seasonArchive is a season's final board, for the channel, and keeps each
// ranked member's best season rank. Nothing to post for a season without
// a point scored.
func (b *Bot) seasonArchive(ctx context.Context, team quiz.Team, season string, posts []quiz.Post) (Message, bool, error) {
	start, ok := quiz.SeasonStart(season, team.Location())
	if !ok {
		return Message{}, false, fmt.Errorf("season %q has no start", season)
	}
	lb, err := b.store.Leaderboard(ctx, team.ID, quiz.Season, start, "", 0)
	if err != nil || lb.Players == 0 {
		return Message{}, false, err
	}
	if lb, err = b.store.Leaderboard(ctx, team.ID, quiz.Season, start, "", lb.Players); err != nil {
		return Message{}, false, err
	}
	// Only members who scored have a rank to keep.
	scored := scorers(lb.Top)
	if len(scored) == 0 {
		return Message{}, false, nil
	}
	if err := b.store.RecordSeasonRanks(ctx, team.ID, season, scored); err != nil {
		return Message{}, false, err
	}
	answers := 0
	for _, p := range posts {
		if team.SeasonKey(p.ScheduledAt) == season {
			answers += p.Answers
		}
	}
	lines := []string{"🏁 **Season " + quiz.DescribeSeason(season) + " is over. The final board:**"}
	for _, s := range scored[:min(len(scored), boardSize)] {
		mark := fmt.Sprintf("%d.", s.Rank)
		if s.Rank <= len(medals) {
			mark = medals[s.Rank-1]
		}
		lines = append(lines, fmt.Sprintf("%s **%s** · %s", mark, displayName(s.Name, s.User), points(s.Points)))
	}
	lines = append(lines, "",
		fmt.Sprintf("%d %s scored with %d %s this season. A new season starts now, and everyone starts it at 0: `/docker leaderboard season` shows it.",
			len(scored), plural(len(scored), "player", "players"), answers, plural(answers, "answer", "answers")))
	return Message{Text: strings.Join(lines, "\n")}, true, nil
}

// scorers keeps the standings with points.
func scorers(top []quiz.Standing) []quiz.Standing {
	return slices.DeleteFunc(slices.Clone(top), func(s quiz.Standing) bool { return s.Points <= 0 })
}

// recapTop is how many members a recap lists.
const recapTop = 5

// weekRecap is the recap of the week of prev, the team's last post before
// the new week: players, answers, share right, the top 5, the hardest and
// easiest question, and the longest running streak among the week's
// players. Nothing to post for a week without answers.
func (b *Bot) weekRecap(ctx context.Context, team quiz.Team, prev quiz.Post, posts []quiz.Post) (Message, bool, error) {
	loc := team.Location()
	week := quiz.Week.Key(prev.ScheduledAt, loc)
	start := quiz.WeekStart(prev.ScheduledAt, loc)
	w := quiz.TeamWeeks(posts, start.AddDate(0, 0, 7), loc, 1)[0]
	if w.Answers == 0 {
		return Message{}, false, nil
	}
	var answered []quiz.Post
	for _, p := range w.Posts {
		if p.Answers > 0 {
			answered = append(answered, p)
		}
	}
	// The week's board counts its players and lists the top, whose
	// longest running streak the recap names: the counters and the board
	// answer without reading every answer of the week.
	lb, err := b.store.Leaderboard(ctx, team.ID, quiz.Week, start, "", recapStreakScan)
	if err != nil {
		return Message{}, false, err
	}
	w.Players = lb.Players
	end := start.AddDate(0, 0, 6)
	lines := []string{
		fmt.Sprintf("📅 **Last week in review** · %s (%s to %s)", week, start.Format("Monday 2 January"), end.Format("Sunday 2 January")),
		fmt.Sprintf("%d %s · %d %s · %d%% right", w.Players, plural(w.Players, "player", "players"), w.Answers, plural(w.Answers, "answer", "answers"), w.PercentRight()),
	}
	if top := scorers(lb.Top); len(top) > 0 {
		lines = append(lines, "", "🏆 **Top of the week**")
		for _, s := range top[:min(len(top), recapTop)] {
			lines = append(lines, standingLine(s))
		}
	}
	slices.SortStableFunc(answered, func(x, y quiz.Post) int { return cmp.Compare(x.PercentRight(), y.PercentRight()) })
	// A hardest and an easiest only when the shares tell them apart.
	switch hardest, easiest := answered[0], answered[len(answered)-1]; {
	case len(answered) == 1:
		lines = append(lines, "", "❓ The question: "+b.questionLine(hardest))
	case hardest.PercentRight() < easiest.PercentRight():
		lines = append(lines, "", "🧗 Hardest: "+b.questionLine(hardest), "🍰 Easiest: "+b.questionLine(easiest))
	}
	if name, streak := longestStreak(lb.Top); streak > 1 {
		lines = append(lines, fmt.Sprintf("🔥 Longest running streak: **%s**, %d right in a row", name, streak))
	}
	return Message{Text: strings.Join(lines, "\n")}, true, nil
}

// questionLine names a post's question and how the team did on it.
func (b *Bot) questionLine(p quiz.Post) string {
	title := p.QuestionID
	if q, ok := b.bank.Question(p.QuestionID); ok {
		title = truncateRunes(strings.Join(strings.Fields(q.Prompt), " "), 90)
	}
	return fmt.Sprintf("%s (%d%% right of %d)", title, p.PercentRight(), p.Answers)
}

// recapStreakScan is how far down the week's board a recap looks for the
// longest running streak: a member on a long streak answered right all
// week and stands near the top.
const recapStreakScan = 100

// longestStreak finds the longest current streak among standings; ties go
// to the member standing higher.
func longestStreak(standings []quiz.Standing) (string, int) {
	best, name := 0, ""
	for _, s := range standings {
		if s.Streak > best {
			best, name = s.Streak, displayName(s.Name, s.User)
		}
	}
	return name, best
}

// remind sets or shows the caller's review reminders.
func (b *Bot) remind(ctx context.Context, c Caller, team quiz.Team, value string) (Message, error) {
	fs := b.store
	switch value {
	case "on", "off":
		if err := fs.SetReminders(ctx, team.ID, c.User, value == "on"); err != nil {
			return Message{}, err
		}
	default:
		on, err := fs.Reminded(ctx, team.ID)
		if err != nil {
			return Message{}, err
		}
		value = onOff(slices.Contains(on, c.User))
	}
	if value == "off" {
		return private("🔕 Review reminders are off. `/docker remind on` turns them on."), nil
	}
	return private(fmt.Sprintf("🔔 Review reminders are on: on days when questions you got wrong are due again, you get one direct message at the daily question's time (%s, %s). `/docker remind off` stops them.",
		team.Schedule, team.Location())), nil
}

// remindReviews sends today's review reminders: one direct message a day
// to each member who asked, when reviews are due. A member who does not
// take direct messages has reminders turned off, with a log line, rather
// than being tried every day.
func (b *Bot) remindReviews(ctx context.Context, team quiz.Team, pub Publisher) {
	fs := b.store
	users, err := fs.Reminded(ctx, team.ID)
	if err != nil {
		b.log.ErrorContext(ctx, "read reminders", "team", team.ID, "err", err)
		return
	}
	now := b.now()
	day := now.In(team.Location()).Format(time.DateOnly)
	for _, user := range users {
		if err := b.remindOne(ctx, fs, team, user, day, pub); err != nil {
			b.log.ErrorContext(ctx, "review reminder", "team", team.ID, "user", user, "err", err)
		}
	}
}

func (b *Bot) remindOne(ctx context.Context, fs quiz.Store, team quiz.Team, user, day string, pub Publisher) error {
	due, err := b.store.DueReviews(ctx, team.ID, user, b.now())
	if err != nil || len(due) == 0 {
		return err
	}
	key := "remind:" + day + ":" + user
	claimed, err := fs.ClaimJob(ctx, team.ID, key, b.replica, b.now(), sendLease)
	if err != nil || !claimed {
		return err
	}
	// The date keeps each day's message apart from the last one's, which
	// a platform that drops repeated messages would take for a retry.
	text := fmt.Sprintf("📚 **%d review %s due** in %s on %s. Questions you got wrong come back when it is time to try again: run `/docker review` there. (`/docker remind off` stops these messages.)",
		len(due), plural(len(due), "question", "questions"), cmp.Or(team.Name, string(team.ID)), b.now().In(team.Location()).Format("Monday 2 January"))
	err = pub.DirectMessage(ctx, team.ID, user, Message{Private: true, Text: text})
	if errors.Is(err, ErrDMClosed) {
		b.log.InfoContext(ctx, "review reminders turned off: the member takes no direct messages", "team", team.ID, "user", user)
		if err := fs.SetReminders(ctx, team.ID, user, false); err != nil {
			return err
		}
		return fs.FinishJob(ctx, team.ID, key, b.now())
	}
	if err != nil {
		return err
	}
	return fs.FinishJob(ctx, team.ID, key, b.now())
}

// insightWeeks is how many weeks /docker insight covers, this one
// included.
const insightWeeks = 8

// insight shows the team's last weeks for its admins: players, answers
// and share right per week, and the questions the team found hardest.
func (b *Bot) insight(ctx context.Context, team quiz.Team) (Message, error) {
	loc := team.Location()
	now := b.now()
	from := quiz.WeekStart(now, loc).AddDate(0, 0, -7*(insightWeeks-1))
	posts, err := b.store.Posts(ctx, team.ID)
	if err != nil {
		return Message{}, err
	}
	weeks := quiz.TeamWeeks(posts, now.AddDate(0, 0, 7), loc, insightWeeks)
	rows := []string{"week       players  answers  right"}
	total := 0
	for _, w := range weeks {
		lb, err := b.store.Leaderboard(ctx, team.ID, quiz.Week, w.Start, "", 0)
		if err != nil {
			return Message{}, err
		}
		total += w.Answers
		row := fmt.Sprintf("%-9s  %7d  %7d", w.Key, lb.Players, w.Answers)
		if w.Answers > 0 {
			row += fmt.Sprintf("  %4d%% %s", w.PercentRight(), strings.Repeat("█", (w.PercentRight()+5)/10))
		} else {
			row += "      -"
		}
		rows = append(rows, row)
	}
	lines := []string{
		fmt.Sprintf("📈 **The last %d weeks** (%s to today)", insightWeeks, from.Format("2 January")),
		"```", strings.Join(rows, "\n"), "```",
		fmt.Sprintf("%d %s in all.", total, plural(total, "answer", "answers")),
	}
	if total == 0 {
		return private(joinParagraphs(strings.Join(lines, "\n"), "No answers in these weeks yet.")), nil
	}
	// The questions' figures from the posts' counters.
	byQuestion := map[string]*quiz.QuestionFigures{}
	var hard []quiz.QuestionFigures
	for _, w := range weeks {
		for _, p := range w.Posts {
			f := byQuestion[p.QuestionID]
			if f == nil {
				f = &quiz.QuestionFigures{QuestionID: p.QuestionID}
				byQuestion[p.QuestionID] = f
			}
			f.Asked++
			f.Answers += p.Answers
			f.Right += p.Right
		}
	}
	for _, f := range byQuestion {
		if f.Answers >= insightMinAnswers && f.Right < f.Answers {
			hard = append(hard, *f)
		}
	}
	slices.SortFunc(hard, func(x, y quiz.QuestionFigures) int { return strings.Compare(x.QuestionID, y.QuestionID) })
	slices.SortStableFunc(hard, func(x, y quiz.QuestionFigures) int { return cmp.Compare(x.PercentRight(), y.PercentRight()) })
	if len(hard) > 0 {
		lines = append(lines, "", "🧗 **Hardest for the team**")
		for _, f := range hard[:min(len(hard), 3)] {
			label := "`" + f.QuestionID + "`"
			if q, ok := b.bank.Question(f.QuestionID); ok {
				label += fmt.Sprintf(" (%s · %s)", q.Topic, q.Level)
			}
			lines = append(lines, fmt.Sprintf("- %s: %d%% right of %d", label, f.PercentRight(), f.Answers))
		}
	}
	return private(strings.Join(lines, "\n")), nil
}

// insightMinAnswers is how many answers a question needs to count among
// the team's hardest.
const insightMinAnswers = 3
