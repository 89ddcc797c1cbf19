package questions

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// candidate is one free-text answer of the test set, written the way
// candidates of different strength type them, without looking at the
// grader or the key points, with the band a person put it in.
type candidate struct {
	Question string `yaml:"question"`
	Band     string `yaml:"band"`
	Answer   string `yaml:"answer"`
}

// bands are the scores each band must fall in. A strong answer covers most
// points; a partial one some; a wrong or off-topic one little or nothing;
// a bare list of Docker words must not look like knowledge.
var bands = map[string]struct{ min, max float64 }{
	"strong":    {0.6, 1},
	"partial":   {0.2, 0.8},
	"wrong":     {0, 0.4},
	"off-topic": {0, 0.2},
	"keywords":  {0, 0.2},
}

// minAgreement is the share of the test set that must fall in its band:
// the agreement measured when the set was written (46 of 57, 81%), so that a
// change to the grader or the key points that makes it worse fails.
const minAgreement = 0.8

// TestGraderAgreesWithPeople grades every answer of the candidate test set
// against the bank's key points and prints how often the grader puts an
// answer in the band a person did.
func TestGraderAgreesWithPeople(t *testing.T) {
	data, err := os.ReadFile("testdata/interview/candidates.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var set []candidate
	if err := yaml.Unmarshal(data, &set); err != nil {
		t.Fatal(err)
	}
	bank := quiz.NewBank(embeddedBank(t))
	questions := map[string]bool{}
	agree := 0
	var misses []string
	for _, c := range set {
		q, ok := bank.Question(c.Question)
		band, known := bands[c.Band]
		if !ok || !known {
			t.Fatalf("test set entry for %q, band %q: no such question or band", c.Question, c.Band)
		}
		questions[c.Question] = true
		g := quiz.GradeAnswer(q.KeyPoints, c.Answer)
		if s := g.Score(); s >= band.min && s <= band.max {
			agree++
		} else {
			misses = append(misses, fmt.Sprintf("%s (%s): %d of %d points, want %.0f%%–%.0f%%",
				c.Question, c.Band, g.CoveredCount(), len(g.Covered), band.min*100, band.max*100))
		}
	}
	if len(set) < 40 || len(questions) < 12 {
		t.Fatalf("the test set has %d answers for %d questions; want at least 40 for 12", len(set), len(questions))
	}
	share := float64(agree) / float64(len(set))
	t.Logf("grader agreement: %d of %d answers (%.0f%%) in their band, over %d questions", agree, len(set), share*100, len(questions))
	for _, m := range misses {
		t.Logf("outside its band: %s", m)
	}
	if share < minAgreement {
		t.Errorf("agreement %.0f%%; want at least %.0f%%:\n%s", share*100, minAgreement*100, strings.Join(misses, "\n"))
	}
}

// TestModelAnswersAndPromptsScore shows, for the whole bank, how the
// entries' own model answers and interview prompts score against their
// key points: every model answer covers all of them (the linter makes
// sure), and a prompt pasted back as an answer covers at most one.
func TestModelAnswersAndPromptsScore(t *testing.T) {
	hist := func(name string, scores map[int]int, total int) string {
		var parts []string
		for pct := 0; pct <= 100; pct++ {
			if n := scores[pct]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d%%: %d", pct, n))
			}
		}
		return fmt.Sprintf("%s (%d entries): %s", name, total, strings.Join(parts, ", "))
	}
	answers, prompts := map[int]int{}, map[int]int{}
	qs := embeddedBank(t)
	for _, q := range qs {
		a := quiz.GradeAnswer(q.KeyPoints, q.Answer)
		p := quiz.GradeAnswer(q.KeyPoints, q.InterviewPrompt())
		answers[a.Percent()]++
		prompts[p.Percent()]++
		if a.CoveredCount() != len(q.KeyPoints) || p.CoveredCount() > 1 {
			t.Errorf("%s: model answer covers %d of %d points, prompt %d", q.ID, a.CoveredCount(), len(q.KeyPoints), p.CoveredCount())
		}
	}
	t.Log(hist("model answers", answers, len(qs)))
	t.Log(hist("interview prompts", prompts, len(qs)))
}
