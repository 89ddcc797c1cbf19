package quiz

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// ReportReason is why a member reports a question.
type ReportReason string

// The reasons a report can give.
const (
	ReasonWrongAnswer ReportReason = "wrong-answer"
	ReasonUnclear     ReportReason = "unclear"
	ReasonOutdated    ReportReason = "outdated"
	ReasonTypo        ReportReason = "typo"
	ReasonOther       ReportReason = "other"
)

// ReportReasons lists the reasons in the order a form offers them.
var ReportReasons = []ReportReason{ReasonWrongAnswer, ReasonUnclear, ReasonOutdated, ReasonTypo, ReasonOther}

// Describe names a reason for people.
func (r ReportReason) Describe() string {
	switch r {
	case ReasonWrongAnswer:
		return "the marked answer is wrong"
	case ReasonUnclear:
		return "unclear"
	case ReasonOutdated:
		return "outdated"
	case ReasonTypo:
		return "a typo"
	}
	return "other"
}

// ParseReportReason reads a reason; an empty one asks for one.
func ParseReportReason(s string) (ReportReason, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, r := range ReportReasons {
		if s == string(r) || s == strings.ReplaceAll(string(r), "-", " ") || s == strings.ReplaceAll(string(r), "-", "") {
			return r, nil
		}
	}
	names := make([]string, len(ReportReasons))
	for i, r := range ReportReasons {
		names[i] = string(r)
	}
	if s == "" {
		return "", Errorf(EINVALID, "Pick a reason for the report: %s.", strings.Join(names, ", "))
	}
	return "", Errorf(EINVALID, "Unknown reason %q. Pick one of: %s.", s, strings.Join(names, ", "))
}

// MaxReportText is the longest note a report takes.
const MaxReportText = 1000

// Report is a member's report of a question. A member has one report per
// question and team: reporting again replaces it.
type Report struct {
	Team       TeamID
	User       string
	Name       string
	QuestionID string
	Reason     ReportReason
	Text       string
	At         time.Time
}

// CheckReport refuses a report without a known reason or with a note over
// MaxReportText.
func CheckReport(r Report) error {
	if _, err := ParseReportReason(string(r.Reason)); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(r.Text); n > MaxReportText {
		return Errorf(EINVALID, "The note is %d characters; the limit is %d.", n, MaxReportText)
	}
	if r.QuestionID == "" || r.User == "" {
		return fmt.Errorf("report without a question or member: %+v", r)
	}
	return nil
}
