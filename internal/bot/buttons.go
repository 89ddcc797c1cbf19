package bot

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Button ids are versioned so that buttons on old messages keep working, or
// fail politely, after an upgrade:
//
//	v1:answer:<post id>:<letter>                 a daily post's button
//	v1:practice:<round id>:<question index>:<letter>  a practice round's button
//	v1:interview:<question id>                   practise answering a question (also its form's id)
//	v1:rate:<result id>:<again|hard|good|easy>   rate an interview answer
//	v1:appeal:<result id>:<key point index>      mark a missed key point covered
//	v1:report:<question id>                      report a question: pick a reason
//	v1:report:<question id>:<reason>             report it for that reason
//	v1:reportnote:<question id>:<reason>         add a note to the report (also its form's id)
const buttonVersion = "v1"

// ButtonKind is what a button answers.
type ButtonKind string

// Button kinds.
const (
	ButtonAnswer    ButtonKind = "answer"
	ButtonPractice  ButtonKind = "practice"
	ButtonInterview ButtonKind = "interview"
	ButtonRate      ButtonKind = "rate"
	ButtonAppeal    ButtonKind = "appeal"
	ButtonReport    ButtonKind = "report"
	ButtonNote      ButtonKind = "reportnote"
)

// ButtonAction is a parsed button id.
type ButtonAction struct {
	Kind ButtonKind
	// ID is the post id (answer) or the round id (practice).
	ID uint64
	// Index is the question's position in a practice round, or the key
	// point an appeal names.
	Index  int
	Letter int
	// QuestionID is the question to practise answering (interview).
	QuestionID string
	// Rating is a rate button's rating.
	Rating quiz.Rating
	// Reason is a report's reason; empty asks for one.
	Reason quiz.ReportReason
}

// String encodes the action as a button id.
func (a ButtonAction) String() string {
	switch a.Kind {
	case ButtonPractice:
		return fmt.Sprintf("%s:%s:%d:%d:%s", buttonVersion, a.Kind, a.ID, a.Index, quiz.Letter(a.Letter))
	case ButtonInterview:
		return fmt.Sprintf("%s:%s:%s", buttonVersion, a.Kind, a.QuestionID)
	case ButtonReport, ButtonNote:
		if a.Reason == "" {
			return fmt.Sprintf("%s:%s:%s", buttonVersion, a.Kind, a.QuestionID)
		}
		return fmt.Sprintf("%s:%s:%s:%s", buttonVersion, a.Kind, a.QuestionID, a.Reason)
	case ButtonRate:
		return fmt.Sprintf("%s:%s:%d:%s", buttonVersion, a.Kind, a.ID, a.Rating)
	case ButtonAppeal:
		return fmt.Sprintf("%s:%s:%d:%d", buttonVersion, a.Kind, a.ID, a.Index)
	default:
		return fmt.Sprintf("%s:%s:%d:%s", buttonVersion, a.Kind, a.ID, quiz.Letter(a.Letter))
	}
}

// OpensForm reports whether a click on the button is answered with a form
// (Practise answering, Add a note), which a Discord modal must be at once.
func (a ButtonAction) OpensForm() bool { return a.Kind == ButtonInterview || a.Kind == ButtonNote }

// InPlace reports whether the answer to a click on a private message
// replaces that message: a practice round advancing, a rating or appeal
// updating a result, a report's reason thanking in place of the choice.
func (a ButtonAction) InPlace() bool {
	switch a.Kind {
	case ButtonPractice, ButtonRate, ButtonAppeal:
		return true
	case ButtonReport:
		return a.Reason != ""
	}
	return false
}

// errStaleButton is what users see for a button the bot cannot read.
var errStaleButton = quiz.Errorf(quiz.EINVALID,
	"This button comes from another version of the bot and no longer works. Run `/docker question` for a fresh question.")

// ParseButtonID reads a button id. Ids of another version or shape give
// an EINVALID error with a message for the user.
func ParseButtonID(id string) (ButtonAction, error) {
	parts := strings.Split(id, ":")
	if len(parts) == 3 && parts[0] == buttonVersion && parts[1] == string(ButtonInterview) {
		if !questionID.MatchString(parts[2]) {
			return ButtonAction{}, errStaleButton
		}
		return ButtonAction{Kind: ButtonInterview, QuestionID: parts[2]}, nil
	}
	if len(parts) >= 3 && parts[0] == buttonVersion && (parts[1] == string(ButtonReport) || parts[1] == string(ButtonNote)) {
		return parseReportButton(parts)
	}
	if len(parts) < 4 || parts[0] != buttonVersion {
		return ButtonAction{}, errStaleButton
	}
	a := ButtonAction{Kind: ButtonKind(parts[1])}
	var err error
	if a.ID, err = strconv.ParseUint(parts[2], 10, 64); err != nil || a.ID == 0 {
		return ButtonAction{}, errStaleButton
	}
	switch {
	case a.Kind == ButtonRate && len(parts) == 4:
		if a.Rating, err = quiz.ParseRating(parts[3]); err != nil {
			return ButtonAction{}, errStaleButton
		}
		return a, nil
	case a.Kind == ButtonAppeal && len(parts) == 4:
		if a.Index, err = strconv.Atoi(parts[3]); err != nil || a.Index < 0 || a.Index >= quiz.MaxKeyPoints {
			return ButtonAction{}, errStaleButton
		}
		return a, nil
	case a.Kind == ButtonAnswer && len(parts) == 4:
	case a.Kind == ButtonPractice && len(parts) == 5:
		if a.Index, err = strconv.Atoi(parts[3]); err != nil || a.Index < 0 || a.Index >= MaxQuizCount {
			return ButtonAction{}, errStaleButton
		}
	default:
		return ButtonAction{}, errStaleButton
	}
	if len(parts[len(parts)-1]) != 1 {
		return ButtonAction{}, errStaleButton
	}
	if a.Letter, err = quiz.ParseLetter(parts[len(parts)-1]); err != nil {
		return ButtonAction{}, errStaleButton
	}
	return a, nil
}

// parseReportButton reads v1:report:<question>[:<reason>] and
// v1:reportnote:<question>:<reason>.
func parseReportButton(parts []string) (ButtonAction, error) {
	a := ButtonAction{Kind: ButtonKind(parts[1]), QuestionID: parts[2]}
	if !questionID.MatchString(a.QuestionID) || len(parts) > 4 || (a.Kind == ButtonNote && len(parts) != 4) {
		return ButtonAction{}, errStaleButton
	}
	if len(parts) == 4 {
		r, err := quiz.ParseReportReason(parts[3])
		if err != nil {
			return ButtonAction{}, errStaleButton
		}
		a.Reason = r
	}
	return a, nil
}

// questionID matches a question id in a button: the bank's slugs.
var questionID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// answerButtons returns the four letter buttons, each with the id mk gives.
func answerButtons(mk func(letter int) ButtonAction) []Button {
	bs := make([]Button, quiz.NumChoices)
	for i := range bs {
		bs[i] = Button{ID: mk(i).String(), Label: quiz.Letter(i), Style: StylePrimary, Word: strings.ToLower(quiz.Letter(i))}
	}
	return bs
}
