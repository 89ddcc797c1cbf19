package pgstore

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Times are kept as boltstore keeps them, so both stores return equal
// values: UTC whole milliseconds, and none (NULL) for the zero time and
// for the Unix epoch, which boltstore cannot tell from it.

// dbTime is how t is stored.
func dbTime(t time.Time) any {
	ms := t.UnixMilli()
	if t.IsZero() || ms == 0 {
		return nil
	}
	return time.UnixMilli(ms).UTC()
}

// timeOf is the time a stored value stands for.
func timeOf(t pgtype.Timestamptz) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// boardTime is how a score's reached time is stored on a board: whole
// milliseconds, no earlier than the epoch, as boltstore's rank keys.
func boardTime(t time.Time) time.Time { return time.UnixMilli(max(t.UnixMilli(), 0)).UTC() }

// scoreTime is a board's reached time as UserStats.Scores holds it.
func scoreTime(t time.Time) time.Time {
	if t.UnixMilli() == 0 {
		return time.Time{}
	}
	return t.UTC()
}

// Array columns are NOT NULL: nonNil writes a nil slice as an empty array,
// and nilIfEmpty and typed read an empty one back as nil, as boltstore
// returns it.

func stringsOf[T ~string](vs []T) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, string(v))
	}
	return out
}

func typed[T ~string](vs []string) []T {
	if len(vs) == 0 {
		return nil
	}
	out := make([]T, len(vs))
	for i, v := range vs {
		out[i] = T(v)
	}
	return out
}

func nilIfEmpty[T any](vs []T) []T {
	if len(vs) == 0 {
		return nil
	}
	return vs
}

func nonNil[T any](vs []T) []T {
	if vs == nil {
		return []T{}
	}
	return vs
}

// placeholders returns the parameters $from, $from+1, … of a statement,
// one for each of columns.
func placeholders(columns string, from int) string {
	n := strings.Count(columns, ",") + 1
	ps := make([]string, n)
	for i := range ps {
		ps[i] = "$" + strconv.Itoa(from+i)
	}
	return strings.Join(ps, ", ")
}

const teamColumns = `id, name, channel, schedule, timezone, paused, levels, topics, reveal_ms, season, no_freezes, no_recap, created_at`

func teamValues(t quiz.Team) []any {
	return []any{
		string(t.ID), t.Name, t.Channel, t.Schedule, t.Timezone, t.Paused,
		stringsOf(t.Filter.Levels), stringsOf(t.Filter.Topics), t.Reveal.Milliseconds(), string(t.Season), t.NoFreezes, t.NoRecap, dbTime(t.CreatedAt),
	}
}

func scanTeam(row pgx.Row) (quiz.Team, error) {
	var (
		t              quiz.Team
		levels, topics []string
		revealMs       int64
		created        pgtype.Timestamptz
	)
	if err := row.Scan(&t.ID, &t.Name, &t.Channel, &t.Schedule, &t.Timezone, &t.Paused, &levels, &topics, &revealMs, &t.Season, &t.NoFreezes, &t.NoRecap, &created); err != nil {
		return t, err
	}
	t.Filter.Levels, t.Filter.Topics = typed[quiz.Level](levels), typed[quiz.Topic](topics)
	t.Reveal, t.CreatedAt = time.Duration(revealMs)*time.Millisecond, timeOf(created)
	return t, nil
}

const postColumns = `id, team, channel, occurrence, scheduled_at, question_id, topic, level, choice_order, correct,
	message_id, posted_at, revealed, revealed_at`

func postValues(p quiz.Post) []any {
	order := make([]int16, len(p.Order))
	for i, v := range p.Order {
		order[i] = int16(v)
	}
	return []any{
		int64(p.ID), string(p.Team), p.Channel, p.Occurrence, dbTime(p.ScheduledAt), p.QuestionID, string(p.Topic), string(p.Level), order, p.Correct,
		p.MessageID, dbTime(p.PostedAt), p.Revealed, dbTime(p.RevealedAt),
	}
}

// countColumns are a post's counters in a row of post_counts: answers,
// right ones, and those of each letter.
const countColumns = `answers, right_answers, letter_a, letter_b, letter_c, letter_d`

// countValues returns the values of countColumns that add up to after's
// counters from before's.
func countValues(before, after quiz.Post) []any {
	out := []any{after.Answers - before.Answers, after.Right - before.Right}
	for i := range after.ByLetter {
		out = append(out, after.ByLetter[i]-before.ByLetter[i])
	}
	return out
}

// selectPosts reads posts p with their counters, the sums of their rows
// of post_counts; a statement appends its WHERE, and a lock FOR … OF p.
var selectPosts = `SELECT ` + prefixed("p.", postColumns) + `, c.* FROM posts p CROSS JOIN LATERAL (
	SELECT coalesce(sum(answers), 0), coalesce(sum(right_answers), 0),
		coalesce(sum(letter_a), 0), coalesce(sum(letter_b), 0), coalesce(sum(letter_c), 0), coalesce(sum(letter_d), 0)
	FROM post_counts WHERE post_id = p.id) c `

// scanPost reads a row of selectPosts.
func scanPost(row pgx.Row) (quiz.Post, error) {
	var (
		p                           quiz.Post
		id                          int64
		scheduled, posted, revealed pgtype.Timestamptz
		order                       []int16
	)
	err := row.Scan(&id, &p.Team, &p.Channel, &p.Occurrence, &scheduled, &p.QuestionID, &p.Topic, &p.Level, &order, &p.Correct,
		&p.MessageID, &posted, &p.Revealed, &revealed, &p.Answers, &p.Right, &p.ByLetter[0], &p.ByLetter[1], &p.ByLetter[2], &p.ByLetter[3])
	if err != nil {
		return p, err
	}
	p.ID = uint64(id)
	p.ScheduledAt, p.PostedAt, p.RevealedAt = timeOf(scheduled), timeOf(posted), timeOf(revealed)
	for i := range p.Order {
		if i < len(order) {
			p.Order[i] = int(order[i])
		}
	}
	return p, nil
}

const answerColumns = `post_id, user_id, letter, correct, points, streak, at`

func answerValues(a quiz.Answer) []any {
	return []any{int64(a.PostID), a.User, a.Letter, a.Correct, a.Points, a.Streak, dbTime(a.At)}
}

func scanAnswer(row pgx.CollectableRow) (quiz.Answer, error) {
	var (
		a  quiz.Answer
		id int64
		at pgtype.Timestamptz
	)
	err := row.Scan(&id, &a.User, &a.Letter, &a.Correct, &a.Points, &a.Streak, &at)
	a.PostID, a.At = uint64(id), timeOf(at)
	return a, err
}

// A user's topics as stored in users.topics: known topics only, as
// boltstore keeps them.
type tallyJSON struct {
	Answered int `json:"answered,omitempty"`
	Right    int `json:"right,omitempty"`
}

type topicJSON struct {
	Daily    tallyJSON `json:"daily"`
	Practice tallyJSON `json:"practice"`
}

// prefixed qualifies each of columns with prefix ("u.").
func prefixed(prefix, columns string) string {
	fields := strings.Split(columns, ",")
	for i, f := range fields {
		fields[i] = prefix + strings.TrimSpace(f)
	}
	return strings.Join(fields, ", ")
}

// statsColumns are the columns of a users row that statsValues writes and
// scanStats reads after user_id.
const statsColumns = `name, points, streak, best_streak, last_post, daily_answered, daily_right, practice_answered, practice_right,
	topics, open, interview_answered, interview_percent_sum, freezes, freezes_used, best_season_rank, best_season,
	history_posts, history_results, last_seen`

// statsValues returns the values of statsColumns for st.
func statsValues(st quiz.UserStats) ([]any, error) {
	topics := map[quiz.Topic]topicJSON{}
	for _, t := range quiz.Topics {
		if tt, ok := st.Topics[t]; ok {
			topics[t] = topicJSON{tallyJSON(tt.Daily), tallyJSON(tt.Practice)}
		}
	}
	topicsJSON, err := json.Marshal(topics)
	if err != nil {
		return nil, err
	}
	open := st.Open
	if open == nil {
		open = map[uint64]int{}
	}
	openJSON, err := json.Marshal(open)
	if err != nil {
		return nil, err
	}
	historyPosts := make([]int64, len(st.History))
	historyResults := make([]int16, len(st.History))
	for i, o := range st.History {
		historyPosts[i], historyResults[i] = int64(o.Post), int16(o.Result)
	}
	return []any{
		st.Name, st.Points, st.Streak, st.BestStreak, int64(st.LastPost), st.Daily.Answered, st.Daily.Right, st.Practice.Answered, st.Practice.Right,
		topicsJSON, openJSON, st.Interview.Answered, st.Interview.PercentSum, st.Freezes, st.FreezesUsed, st.BestSeasonRank, st.BestSeason,
		historyPosts, historyResults, dbTime(st.LastSeen),
	}, nil
}

// scanStats reads user_id and statsColumns of a users row of team; the
// record's Scores are read apart (see fillScores).
func scanStats(row pgx.Row, team quiz.TeamID) (quiz.UserStats, error) {
	var (
		st                 = quiz.UserStats{Team: team}
		lastPost           int64
		topicsRaw, openRaw []byte
		historyPosts       []int64
		historyResults     []int16
		lastSeen           pgtype.Timestamptz
	)
	err := row.Scan(&st.User, &st.Name, &st.Points, &st.Streak, &st.BestStreak, &lastPost, &st.Daily.Answered, &st.Daily.Right,
		&st.Practice.Answered, &st.Practice.Right, &topicsRaw, &openRaw, &st.Interview.Answered, &st.Interview.PercentSum,
		&st.Freezes, &st.FreezesUsed, &st.BestSeasonRank, &st.BestSeason, &historyPosts, &historyResults, &lastSeen)
	if err != nil {
		return st, err
	}
	st.LastPost, st.LastSeen = uint64(lastPost), timeOf(lastSeen)
	for i, post := range historyPosts {
		if i < len(historyResults) {
			st.History = append(st.History, quiz.Outcome{Post: uint64(post), Result: quiz.Result(historyResults[i])})
		}
	}
	var topics map[quiz.Topic]topicJSON
	if err := json.Unmarshal(topicsRaw, &topics); err != nil {
		return st, fmt.Errorf("decode topics of %s in %s: %w", st.User, team, err)
	}
	for _, t := range quiz.Topics {
		if tt, ok := topics[t]; ok {
			if st.Topics == nil {
				st.Topics = map[quiz.Topic]quiz.TopicTally{}
			}
			st.Topics[t] = quiz.TopicTally{Daily: quiz.Tally(tt.Daily), Practice: quiz.Tally(tt.Practice)}
		}
	}
	if err := json.Unmarshal(openRaw, &st.Open); err != nil {
		return st, fmt.Errorf("decode open answers of %s in %s: %w", st.User, team, err)
	}
	if len(st.Open) == 0 {
		st.Open = nil
	}
	return st, nil
}
