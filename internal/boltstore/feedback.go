package boltstore

import (
	"bytes"
	"context"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/dockerqotd/dockerqotd/internal/boltstore/records"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// jobKey is tag + job key: a team's once-only jobs.
func jobKey(tag uint32, key string) []byte { return tagKey(tag, []byte(key)) }

// ClaimJob grants a team's job to holder until at+ttl when it is not done
// and no other holder's claim runs.
func (s *Store) ClaimJob(ctx context.Context, team quiz.TeamID, key, holder string, at time.Time, ttl time.Duration) (bool, error) {
	if err := checkPart("job key", key); err != nil {
		return false, err
	}
	granted := false
	err := s.update(ctx, func(tx *bolt.Tx) error {
		_, tag, err := getTeam(tx, team)
		if err != nil {
			return err
		}
		b := tx.Bucket(bucketJobs)
		var j records.Job
		if _, err := get(b, jobKey(tag, key), &j); err != nil {
			return err
		}
		if j.DoneMs != 0 || (j.UntilMs > ms(at) && j.Holder != holder) {
			return nil
		}
		granted = true
		return put(b, jobKey(tag, key), &records.Job{Holder: holder, UntilMs: ms(at.Add(ttl))})
	})
	return granted, err
}

// FinishJob marks a team's job done.
func (s *Store) FinishJob(ctx context.Context, team quiz.TeamID, key string, at time.Time) error {
	if err := checkPart("job key", key); err != nil {
		return err
	}
	return s.update(ctx, func(tx *bolt.Tx) error {
		_, tag, err := getTeam(tx, team)
		if err != nil {
			return err
		}
		return put(tx.Bucket(bucketJobs), jobKey(tag, key), &records.Job{DoneMs: max(ms(at), 1)})
	})
}

// RecordSeasonRanks keeps each ranked member's best final season rank.
func (s *Store) RecordSeasonRanks(ctx context.Context, team quiz.TeamID, season string, standings []quiz.Standing) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		_, tag, err := getTeam(tx, team)
		if err != nil {
			return err
		}
		users := writable(tx, bucketUsers)
		for _, sd := range standings {
			st, err := getStats(tx, team, tag, sd.User)
			if err != nil {
				return err
			}
			best := quiz.BetterRank(st.BestSeasonRank, sd.Rank)
			if best == st.BestSeasonRank {
				continue
			}
			st.BestSeasonRank, st.BestSeason = best, season
			if err := put(users, userKey(tag, sd.User), statsRecord(st)); err != nil {
				return err
			}
		}
		return nil
	})
}

// reportKey is tag + len(question id) + question id + user: one member's
// report of a question in a team.
func reportKey(tag uint32, question, user string) []byte {
	return append(tagKey(tag, withLen(question)), user...)
}

// SaveReport stores a report, replacing the member's earlier one of the
// same question in the team.
func (s *Store) SaveReport(ctx context.Context, r quiz.Report) (bool, error) {
	if err := quiz.CheckReport(r); err != nil {
		return false, err
	}
	if err := checkPart("user id", r.User); err != nil {
		return false, err
	}
	updated := false
	err := s.update(ctx, func(tx *bolt.Tx) error {
		_, tag, err := getTeam(tx, r.Team)
		if err != nil {
			return err
		}
		b := tx.Bucket(bucketReports)
		k := reportKey(tag, r.QuestionID, r.User)
		updated = b.Get(k) != nil
		return put(b, k, &records.Report{Reason: string(r.Reason), Text: r.Text, Name: r.Name, AtMs: ms(r.At)})
	})
	return updated, err
}

// Reports returns a team's reports, or every team's, newest first.
func (s *Store) Reports(ctx context.Context, team quiz.TeamID) ([]quiz.Report, error) {
	var out []quiz.Report
	err := s.view(ctx, func(tx *bolt.Tx) error {
		var prefix []byte
		if team != "" {
			tag, ok, err := teamTag(tx, team)
			if err != nil || !ok {
				return err
			}
			prefix = u32(tag)
		}
		names := tx.Bucket(bucketTeamTags)
		c := tx.Bucket(bucketReports).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var rec records.Report
			if err := decode(k, v, &rec); err != nil {
				return err
			}
			n := int(k[4])
			out = append(out, quiz.Report{
				Team: quiz.TeamID(names.Get(k[:4])), QuestionID: string(k[5 : 5+n]), User: string(k[5+n:]),
				Name: rec.Name, Reason: quiz.ReportReason(rec.Reason), Text: rec.Text, At: fromMs(rec.AtMs),
			})
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b quiz.Report) int { return b.At.Compare(a.At) })
	return out, err
}

// SetReminders turns a member's review reminders on or off.
func (s *Store) SetReminders(ctx context.Context, team quiz.TeamID, user string, on bool) error {
	if err := checkPart("user id", user); err != nil {
		return err
	}
	return s.update(ctx, func(tx *bolt.Tx) error {
		_, tag, err := getTeam(tx, team)
		if err != nil {
			return err
		}
		if on {
			return tx.Bucket(bucketReminders).Put(userKey(tag, user), nil)
		}
		return tx.Bucket(bucketReminders).Delete(userKey(tag, user))
	})
}

// Reminded returns the members of a team with reminders on, by id.
func (s *Store) Reminded(ctx context.Context, team quiz.TeamID) ([]string, error) {
	var out []string
	err := s.view(ctx, func(tx *bolt.Tx) error {
		tag, ok, err := teamTag(tx, team)
		if err != nil || !ok {
			return err
		}
		prefix := u32(tag)
		c := tx.Bucket(bucketReminders).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			out = append(out, string(k[4:]))
		}
		return nil
	})
	return out, err
}
