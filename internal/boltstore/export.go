package boltstore

import (
	"context"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"

	"github.com/dockerqotd/dockerqotd/internal/boltstore/records"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Export hands every record of the database to sink, in the dependency
// order quiz.Importer describes, from one read transaction: a consistent
// copy while the bot keeps running. Send leases, live-edit claims and
// seen events are not exported: they matter for minutes, and a copy is
// made while the bot is stopped.
func (s *Store) Export(ctx context.Context, sink quiz.Importer) error {
	err := s.view(ctx, func(tx *bolt.Tx) error {
		e := exporter{ctx: ctx, tx: tx, sink: sink, teams: map[uint32]quiz.TeamID{}}
		for _, step := range []func() error{
			e.exportTeams, e.exportRotations, e.exportPosts, e.exportAnswers, e.exportUsers, e.exportFrozen,
			e.exportBoards, e.exportReviews, e.exportRounds, e.exportInterviews, e.exportAppeals,
			e.exportJobs, e.exportReports, e.exportReminders,
		} {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("export %s: %w", s.path, err)
	}
	return sink.Flush(ctx)
}

type exporter struct {
	ctx   context.Context
	tx    *bolt.Tx
	sink  quiz.Importer
	teams map[uint32]quiz.TeamID // by tag
}

// each decodes every pair of a bucket into a fresh m and calls f with it,
// stopping when ctx is done.
func (e *exporter) each(bucket []byte, m func() proto.Message, f func(k []byte, v proto.Message) error) error {
	return e.tx.Bucket(bucket).ForEach(func(k, v []byte) error {
		if err := e.ctx.Err(); err != nil {
			return err
		}
		r := m()
		if err := decode(k, v, r); err != nil {
			return err
		}
		return f(k, r)
	})
}

// team returns the team of the tag a key starts with.
func (e *exporter) team(k []byte) (quiz.TeamID, error) {
	if len(k) < 4 {
		return "", fmt.Errorf("key %x is too short to start with a team tag", k)
	}
	id, ok := e.teams[binary.BigEndian.Uint32(k)]
	if !ok {
		return "", fmt.Errorf("key %x names team tag %d, which no team has", k, binary.BigEndian.Uint32(k))
	}
	return id, nil
}

func (e *exporter) exportTeams() error {
	return e.each(bucketTeams, func() proto.Message { return &records.Team{} }, func(_ []byte, m proto.Message) error {
		r := m.(*records.Team)
		e.teams[r.Tag] = quiz.TeamID(r.Id)
		return e.sink.ImportTeam(e.ctx, teamFromRecord(r))
	})
}

func (e *exporter) exportRotations() error {
	return e.tx.Bucket(bucketRotations).ForEach(func(k, _ []byte) error {
		team, err := e.team(k)
		if err != nil {
			return err
		}
		rot, err := getRotation(e.tx, binary.BigEndian.Uint32(k))
		if err != nil {
			return err
		}
		return e.sink.ImportRotation(e.ctx, team, rot)
	})
}

func (e *exporter) exportPosts() error {
	return e.tx.Bucket(bucketPosts).ForEach(func(k, _ []byte) error {
		p, err := getPost(e.tx, binary.BigEndian.Uint64(k))
		if err != nil {
			return err
		}
		return e.sink.ImportPost(e.ctx, p)
	})
}

// exportAnswers walks the answers in key order: by post, and within a post
// in the order they arrived.
func (e *exporter) exportAnswers() error {
	return e.each(bucketAnswers, func() proto.Message { return &records.Answer{} }, func(k []byte, m proto.Message) error {
		return e.sink.ImportAnswer(e.ctx, answerFromRecord(uint64(binary.BigEndian.Uint32(k)), m.(*records.Answer)))
	})
}

func (e *exporter) exportUsers() error {
	return e.each(bucketUsers, func() proto.Message { return &records.Stats{} }, func(k []byte, m proto.Message) error {
		team, err := e.team(k)
		if err != nil {
			return err
		}
		return e.sink.ImportUser(e.ctx, statsFromRecord(team, string(k[4:]), m.(*records.Stats)))
	})
}

// exportFrozen hands over whom a freeze kept at each reveal.
func (e *exporter) exportFrozen() error {
	return e.tx.Bucket(bucketFrozen).ForEach(func(k, _ []byte) error {
		team, err := e.team(k)
		if err != nil {
			return err
		}
		if len(k) < 13 {
			return fmt.Errorf("frozen key %x is too short", k)
		}
		return e.sink.ImportFrozen(e.ctx, quiz.Frozen{Team: team, PostID: binary.BigEndian.Uint64(k[4:12]), User: string(k[12:])})
	})
}

// exportBoards hands over the rank entries of every board; the counts of
// players per score are derived from them.
func (e *exporter) exportBoards() error {
	return e.tx.Bucket(bucketBoards).ForEach(func(k, _ []byte) error {
		team, err := e.team(k)
		if err != nil {
			return err
		}
		if len(k) < 5 {
			return fmt.Errorf("board key %x is too short", k)
		}
		n := int(k[4])
		if len(k) < 6+n || k[5+n] != boardRank {
			return nil
		}
		period := string(k[5 : 5+n])
		rank := k[6+n:]
		if len(rank) < 10 {
			return fmt.Errorf("board key %x is too short", k)
		}
		points, reached, user := parseRankKey(rank)
		return e.sink.ImportBoardEntry(e.ctx, quiz.BoardEntry{Team: team, Period: period, User: user, Score: quiz.Score{Points: points, Reached: reached}})
	})
}

func (e *exporter) exportReviews() error {
	return e.each(bucketReviews, func() proto.Message { return &records.Card{} }, func(k []byte, m proto.Message) error {
		team, err := e.team(k)
		if err != nil {
			return err
		}
		if len(k) < 5 {
			return fmt.Errorf("review key %x is too short", k)
		}
		n := int(k[4])
		if len(k) != 5+n+4 {
			return fmt.Errorf("review key %x has the wrong length", k)
		}
		id, err := questionName(e.tx, binary.BigEndian.Uint32(k[5+n:]))
		if err != nil {
			return err
		}
		r := m.(*records.Card)
		card := quiz.ReviewCard{QuestionID: id, Box: int(r.Box), Due: fromMs(r.DueMs)}
		return e.sink.ImportReview(e.ctx, team, quiz.UserCard{User: string(k[5 : 5+n]), Card: card})
	})
}

func (e *exporter) exportRounds() error {
	return e.each(bucketRounds, func() proto.Message { return &records.Round{} }, func(k []byte, m proto.Message) error {
		return e.sink.ImportRound(e.ctx, roundFromRecord(binary.BigEndian.Uint64(k), m.(*records.Round)))
	})
}

func (e *exporter) exportInterviews() error {
	return e.each(bucketInterviews, func() proto.Message { return &records.Interview{} }, func(k []byte, m proto.Message) error {
		return e.sink.ImportInterview(e.ctx, interviewFromRecord(binary.BigEndian.Uint64(k), m.(*records.Interview)))
	})
}

func (e *exporter) exportAppeals() error {
	return e.tx.Bucket(bucketAppeals).ForEach(func(k, _ []byte) error {
		if len(k) != 13 {
			return nil
		}
		id, err := questionName(e.tx, binary.BigEndian.Uint32(k))
		if err != nil {
			return err
		}
		r, err := getInterview(e.tx, binary.BigEndian.Uint64(k[5:]))
		if err != nil {
			return err
		}
		return e.sink.ImportAppeal(e.ctx, quiz.AppealedPoint{QuestionID: id, Point: int(k[4]), Result: r})
	})
}

func (e *exporter) exportJobs() error {
	return e.each(bucketJobs, func() proto.Message { return &records.Job{} }, func(k []byte, m proto.Message) error {
		team, err := e.team(k)
		if err != nil {
			return err
		}
		r := m.(*records.Job)
		return e.sink.ImportJob(e.ctx, quiz.Job{Team: team, Key: string(k[4:]), Holder: r.Holder, Until: fromMs(r.UntilMs), Done: fromMs(r.DoneMs)})
	})
}

func (e *exporter) exportReports() error {
	return e.each(bucketReports, func() proto.Message { return &records.Report{} }, func(k []byte, m proto.Message) error {
		team, err := e.team(k)
		if err != nil {
			return err
		}
		if len(k) < 5 || len(k) < 5+int(k[4]) {
			return fmt.Errorf("report key %x is too short", k)
		}
		n := int(k[4])
		r := m.(*records.Report)
		return e.sink.ImportReport(e.ctx, quiz.Report{
			Team: team, QuestionID: string(k[5 : 5+n]), User: string(k[5+n:]),
			Name: r.Name, Reason: quiz.ReportReason(r.Reason), Text: r.Text, At: fromMs(r.AtMs),
		})
	})
}

func (e *exporter) exportReminders() error {
	return e.tx.Bucket(bucketReminders).ForEach(func(k, _ []byte) error {
		team, err := e.team(k)
		if err != nil {
			return err
		}
		return e.sink.ImportReminder(e.ctx, team, string(k[4:]))
	})
}

// Counts returns how many records of each kind the database holds.
func (s *Store) Counts(ctx context.Context) (quiz.Counts, error) {
	var c quiz.Counts
	err := s.view(ctx, func(tx *bolt.Tx) error {
		for _, b := range []struct {
			name []byte
			n    *int
		}{
			{bucketTeams, &c.Teams}, {bucketPosts, &c.Posts}, {bucketAnswers, &c.Answers}, {bucketUsers, &c.Users},
			{bucketReviews, &c.Reviews}, {bucketRounds, &c.Rounds}, {bucketInterviews, &c.Interviews}, {bucketAppeals, &c.Appeals},
			{bucketFrozen, &c.Frozen}, {bucketJobs, &c.Jobs}, {bucketReports, &c.Reports}, {bucketReminders, &c.Reminders},
		} {
			*b.n = tx.Bucket(b.name).Stats().KeyN
		}
		return nil
	})
	return c, err
}
