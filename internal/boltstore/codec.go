package boltstore

import (
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"

	"github.com/dockerqotd/dockerqotd/internal/boltstore/records"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// recordVersion is the first byte of every value of schema 4: the values
// that follow it are records messages. A future encoding takes the next
// number, so a reader can tell the two apart.
const recordVersion = 1

func encode(m proto.Message) ([]byte, error) {
	data, err := proto.MarshalOptions{Deterministic: true}.MarshalAppend([]byte{recordVersion}, m)
	if err != nil {
		return nil, fmt.Errorf("encode %T: %w", m, err)
	}
	return data, nil
}

func decode(key, data []byte, m proto.Message) error {
	if len(data) == 0 || data[0] != recordVersion {
		return fmt.Errorf("decode record %x: unknown encoding", key)
	}
	if err := proto.Unmarshal(data[1:], m); err != nil {
		return fmt.Errorf("decode record %x: %w", key, err)
	}
	return nil
}

// get decodes the value at key into m and reports whether there was one.
func get(b *bolt.Bucket, key []byte, m proto.Message) (bool, error) {
	data := b.Get(key)
	if data == nil {
		return false, nil
	}
	return true, decode(key, data, m)
}

func put(b *bolt.Bucket, key []byte, m proto.Message) error {
	data, err := encode(m)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMs(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

func teamRecord(t quiz.Team, tag uint32) *records.Team {
	r := &records.Team{
		Id: string(t.ID), Name: t.Name, Channel: t.Channel, Schedule: t.Schedule, Timezone: t.Timezone,
		Paused: t.Paused, RevealMs: t.Reveal.Milliseconds(), CreatedMs: ms(t.CreatedAt), Tag: tag,
		Season: string(t.Season), NoFreezes: t.NoFreezes, NoRecap: t.NoRecap,
	}
	for _, l := range t.Filter.Levels {
		r.Levels = append(r.Levels, string(l))
	}
	for _, tp := range t.Filter.Topics {
		r.Topics = append(r.Topics, string(tp))
	}
	return r
}

func teamFromRecord(r *records.Team) quiz.Team {
	t := quiz.Team{
		ID: quiz.TeamID(r.Id), Name: r.Name, Channel: r.Channel, Schedule: r.Schedule, Timezone: r.Timezone,
		Paused: r.Paused, Reveal: time.Duration(r.RevealMs) * time.Millisecond, CreatedAt: fromMs(r.CreatedMs),
		Season: quiz.SeasonKind(r.Season), NoFreezes: r.NoFreezes, NoRecap: r.NoRecap,
	}
	for _, l := range r.Levels {
		t.Filter.Levels = append(t.Filter.Levels, quiz.Level(l))
	}
	for _, tp := range r.Topics {
		t.Filter.Topics = append(t.Filter.Topics, quiz.Topic(tp))
	}
	return t
}

func orderBytes(p quiz.Permutation) []byte {
	b := make([]byte, quiz.NumChoices)
	for i, v := range p {
		b[i] = byte(v)
	}
	return b
}

func orderFromBytes(b []byte) quiz.Permutation {
	var p quiz.Permutation
	for i := range p {
		if i < len(b) {
			p[i] = int(b[i])
		}
	}
	return p
}

func postRecord(p quiz.Post) *records.Post {
	return &records.Post{
		Id: p.ID, Team: string(p.Team), Channel: p.Channel, Occurrence: p.Occurrence, ScheduledMs: ms(p.ScheduledAt),
		Question: p.QuestionID, Topic: string(p.Topic), Level: string(p.Level), Order: orderBytes(p.Order),
		Correct: uint32(p.Correct), MessageId: p.MessageID, PostedMs: ms(p.PostedAt), Revealed: p.Revealed,
		RevealedMs: ms(p.RevealedAt),
	}
}

func postFromRecord(r *records.Post) quiz.Post {
	return quiz.Post{
		ID: r.Id, Team: quiz.TeamID(r.Team), Channel: r.Channel, Occurrence: r.Occurrence, ScheduledAt: fromMs(r.ScheduledMs),
		QuestionID: r.Question, Topic: quiz.Topic(r.Topic), Level: quiz.Level(r.Level), Order: orderFromBytes(r.Order),
		Correct: int(r.Correct), MessageID: r.MessageId, PostedAt: fromMs(r.PostedMs), Revealed: r.Revealed,
		RevealedAt: fromMs(r.RevealedMs),
	}
}

func answerRecord(a quiz.Answer) *records.Answer {
	return &records.Answer{User: a.User, Letter: uint32(a.Letter), Correct: a.Correct, Points: uint32(a.Points), Streak: uint32(a.Streak), AtMs: ms(a.At)}
}

func answerFromRecord(postID uint64, r *records.Answer) quiz.Answer {
	return quiz.Answer{PostID: postID, User: r.User, Letter: int(r.Letter), Correct: r.Correct, Points: int(r.Points), Streak: int(r.Streak), At: fromMs(r.AtMs)}
}

func tally(t quiz.Tally) *records.Tally {
	if t == (quiz.Tally{}) {
		return nil
	}
	return &records.Tally{Answered: uint32(t.Answered), Right: uint32(t.Right)}
}

func tallyFrom(r *records.Tally) quiz.Tally {
	return quiz.Tally{Answered: int(r.GetAnswered()), Right: int(r.GetRight())}
}

// topicNumber is the topic's position in quiz.Topics plus one; the order of
// quiz.Topics is part of the schema (new topics go at the end).
func topicNumber(t quiz.Topic) uint32 { return uint32(slices.Index(quiz.Topics, t) + 1) }

func statsRecord(st quiz.UserStats) *records.Stats {
	r := &records.Stats{
		Name: st.Name, Points: int64(st.Points), Streak: uint32(st.Streak), BestStreak: uint32(st.BestStreak),
		LastPost: st.LastPost, Daily: tally(st.Daily), Practice: tally(st.Practice), LastSeenMs: ms(st.LastSeen),
		Interviews: uint32(st.Interview.Answered), InterviewPercentSum: int64(st.Interview.PercentSum),
		Freezes: uint32(st.Freezes), FreezesUsed: uint32(st.FreezesUsed),
		BestSeasonRank: uint32(st.BestSeasonRank), BestSeason: st.BestSeason,
	}
	for _, o := range st.History {
		r.HistoryPosts = append(r.HistoryPosts, o.Post)
		r.HistoryResults = append(r.HistoryResults, byte(o.Result))
	}
	for _, t := range quiz.Topics {
		if tt, ok := st.Topics[t]; ok {
			r.Topics = append(r.Topics, &records.TopicTally{Topic: topicNumber(t), Daily: tally(tt.Daily), Practice: tally(tt.Practice)})
		}
	}
	keys := make([]string, 0, len(st.Scores))
	for k := range st.Scores {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		sc := st.Scores[k]
		r.Scores = append(r.Scores, &records.Score{Period: k, Points: int64(sc.Points), ReachedMs: ms(sc.Reached)})
	}
	if len(st.Open) > 0 {
		r.Open = make(map[uint64]uint32, len(st.Open))
		for id, letter := range st.Open {
			r.Open[id] = uint32(letter)
		}
	}
	return r
}

func statsFromRecord(team quiz.TeamID, user string, r *records.Stats) quiz.UserStats {
	st := quiz.UserStats{
		Team: team, User: user, Name: r.Name, Points: int(r.Points), Streak: int(r.Streak), BestStreak: int(r.BestStreak),
		LastPost: r.LastPost, Daily: tallyFrom(r.Daily), Practice: tallyFrom(r.Practice), LastSeen: fromMs(r.LastSeenMs),
		Interview: quiz.InterviewTally{Answered: int(r.Interviews), PercentSum: int(r.InterviewPercentSum)},
		Freezes:   int(r.Freezes), FreezesUsed: int(r.FreezesUsed),
		BestSeasonRank: int(r.BestSeasonRank), BestSeason: r.BestSeason,
	}
	for i, post := range r.HistoryPosts {
		if i < len(r.HistoryResults) {
			st.History = append(st.History, quiz.Outcome{Post: post, Result: quiz.Result(r.HistoryResults[i])})
		}
	}
	for _, tt := range r.Topics {
		if n := int(tt.Topic); n >= 1 && n <= len(quiz.Topics) {
			if st.Topics == nil {
				st.Topics = map[quiz.Topic]quiz.TopicTally{}
			}
			st.Topics[quiz.Topics[n-1]] = quiz.TopicTally{Daily: tallyFrom(tt.Daily), Practice: tallyFrom(tt.Practice)}
		}
	}
	for _, sc := range r.Scores {
		if st.Scores == nil {
			st.Scores = map[string]quiz.Score{}
		}
		st.Scores[sc.Period] = quiz.Score{Points: int(sc.Points), Reached: fromMs(sc.ReachedMs)}
	}
	for id, letter := range r.Open {
		if st.Open == nil {
			st.Open = map[uint64]int{}
		}
		st.Open[id] = int(letter)
	}
	return st
}

func roundRecord(r quiz.Round) *records.Round {
	out := &records.Round{Team: string(r.Team), User: r.User, Kind: string(r.Kind), Next: uint32(r.Next), Right: uint32(r.Right), CreatedMs: ms(r.CreatedAt)}
	for _, it := range r.Items {
		out.Items = append(out.Items, &records.RoundItem{
			Question: it.QuestionID, Topic: string(it.Topic), Order: orderBytes(it.Order), Correct: uint32(it.Correct), Letter: uint32(it.Letter + 1),
		})
	}
	return out
}

func roundFromRecord(id uint64, r *records.Round) quiz.Round {
	out := quiz.Round{ID: id, Team: quiz.TeamID(r.Team), User: r.User, Kind: quiz.RoundKind(r.Kind), Next: int(r.Next), Right: int(r.Right), CreatedAt: fromMs(r.CreatedMs)}
	for _, it := range r.Items {
		out.Items = append(out.Items, quiz.RoundItem{
			QuestionID: it.Question, Topic: quiz.Topic(it.Topic), Order: orderFromBytes(it.Order), Correct: int(it.Correct), Letter: int(it.Letter) - 1,
		})
	}
	return out
}

func interviewRecord(r quiz.InterviewResult) *records.Interview {
	return &records.Interview{
		Team: string(r.Team), User: r.User, Question: r.QuestionID, Topic: string(r.Topic), Answer: r.Answer,
		Covered: r.Covered, Appealed: r.Appealed, Rating: string(r.Rating), AtMs: ms(r.At),
	}
}

func interviewFromRecord(id uint64, r *records.Interview) quiz.InterviewResult {
	return quiz.InterviewResult{
		ID: id, Team: quiz.TeamID(r.Team), User: r.User, QuestionID: r.Question, Topic: quiz.Topic(r.Topic), Answer: r.Answer,
		Covered: r.Covered, Appealed: r.Appealed, Rating: quiz.Rating(r.Rating), At: fromMs(r.AtMs),
	}
}
