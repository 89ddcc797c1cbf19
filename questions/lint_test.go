package questions

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestLintReportsEachKindOfProblem(t *testing.T) {
	tests := []struct {
		name string
		// files are read from testdata; valid.yaml comes first when listed.
		files []string
		// want are problems that must be reported, as "file:line: id: text".
		want []string
	}{
		{"unknown field", []string{"unknown-field.yaml"},
			[]string{`unknown-field.yaml:5: sample-unknown-field: unknown field "difficulty"`}},
		{"duplicate id", []string{"valid.yaml", "duplicate-id.yaml"},
			[]string{"duplicate-id.yaml:1: sample-valid-question: duplicate id, first used at testdata/valid.yaml:1"}},
		{"near-duplicate question", []string{"valid.yaml", "near-duplicate.yaml"},
			[]string{"near-duplicate.yaml:4: sample-near-duplicate: question is nearly the same as sample-valid-question"}},
		{"two correct choices", []string{"two-correct.yaml"},
			[]string{"two-correct.yaml:5: sample-two-correct: want exactly one correct choice, got 2"}},
		{"no correct choice", []string{"no-correct.yaml"},
			[]string{"no-correct.yaml:5: sample-no-correct: want exactly one correct choice, got 0"}},
		{"three choices", []string{"three-choices.yaml"},
			[]string{"three-choices.yaml:5: sample-three-choices: want 4 choices, got 3"}},
		{"duplicate choice", []string{"duplicate-choice.yaml"},
			[]string{"duplicate-choice.yaml:5: sample-duplicate-choice: choice 3 repeats choice 1"}},
		{"limits exceeded", []string{"too-long.yaml"}, []string{
			"too-long.yaml:4: sample-too-long: question is 301 characters, more than the limit of 300",
			"too-long.yaml:5: sample-too-long: choice 1 is 151 characters, more than the limit of 150",
			"too-long.yaml:11: sample-too-long: explanation is 601 characters, more than the limit of 600",
			"too-long.yaml:12: sample-too-long: answer is 2801 characters, more than the limit of 2800",
		}},
		{"unknown level and topic", []string{"bad-level-topic.yaml"}, []string{
			`bad-level-topic.yaml:2: sample-bad-level-topic: unknown level "expert"`,
			`bad-level-topic.yaml:3: sample-bad-level-topic: unknown topic "kubernetes"`,
		}},
		{"empty texts", []string{"empty-texts.yaml"}, []string{
			"empty-texts.yaml:4: sample-empty-texts: question is empty",
			"empty-texts.yaml:5: sample-empty-texts: choice 2 is empty",
			"empty-texts.yaml:11: sample-empty-texts: explanation is empty",
			"empty-texts.yaml:12: sample-empty-texts: answer is empty",
		}},
		{"bad and missing id", []string{"bad-id.yaml"}, []string{
			`bad-id.yaml:1: Sample_Bad_ID: id "Sample_Bad_ID" must be a lowercase slug`,
			"bad-id.yaml:13: -: id is missing",
		}},
		{"catch-all choice", []string{"catch-all.yaml"},
			[]string{`catch-all.yaml:5: sample-catch-all: choice 4 refers to the other choices ("All of the above")`}},
		{"key points", []string{"key-points.yaml"}, []string{
			`key-points.yaml:16: sample-key-points: key point 1's point is 102 characters, more than the limit of 80`,
			`key-points.yaml:16: sample-key-points: key point 2, alternative 2: term "  " has no word in it`,
			`key-points.yaml:38: sample-too-few-points: want 3 to 6 key points, got 1`,
		}},
		{"key points against the texts", []string{"key-points-texts.yaml"}, []string{
			`key-points-texts.yaml:16: sample-key-points-texts: the model answer does not cover key point 3 ("rotate them with max-size")`,
			`key-points-texts.yaml:16: sample-key-points-texts: the question alone covers 3 key points (points 1, 2, 4)`,
			`key-points-texts.yaml:16: sample-key-points-texts: key points 1 and 4 match the same words`,
		}},
		{"yaml syntax", []string{"syntax.yaml"}, []string{"syntax.yaml:1: -: "}},
		{"not a list", []string{"not-a-list.yaml"}, []string{"not-a-list.yaml:1: -: want a list of questions at the top level"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var paths []string
			for _, f := range tc.files {
				paths = append(paths, filepath.Join("testdata", f))
			}
			files, err := ReadPaths(paths...)
			if err != nil {
				t.Fatal(err)
			}
			qs, err := Parse(files)
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("Parse(%v) = %d questions, %v; want Problems", tc.files, len(qs), err)
			}
			if qs != nil {
				t.Errorf("Parse returned %d questions along with problems; want none loaded", len(qs))
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, "testdata/"+w) {
					t.Errorf("problems do not include %q; got:\n%s", w, msg)
				}
			}
		})
	}
}

func TestParseValidFile(t *testing.T) {
	files, err := ReadPaths("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	qs, err := Parse(files)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 1 {
		t.Fatalf("Parse = %d questions; want 1", len(qs))
	}
	q := qs[0]
	if q.ID != "sample-valid-question" || q.Choices[q.Correct] != "docker ps" || q.Level != "basic" || q.Topic != "containers" {
		t.Errorf("Parse = %+v; want the valid sample with docker ps correct", q)
	}
}

func TestReadPathsDirectory(t *testing.T) {
	files, err := ReadPaths("testdata")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 {
		t.Errorf("ReadPaths(testdata) read %d files; want every .yaml file", len(files))
	}
	if _, err := ReadPaths("testdata/missing.yaml"); err == nil {
		t.Error("ReadPaths of a missing file succeeded")
	}
}
