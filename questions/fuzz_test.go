package questions

import (
	"os"
	"testing"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// FuzzParse feeds arbitrary bytes to the loader: it must never panic, and
// whatever it accepts must be a playable question.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"valid.yaml", "bad-id.yaml", "too-long.yaml", "unknown-field.yaml", "syntax.yaml"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(EmbeddedFiles()[0].Data)
	f.Fuzz(func(t *testing.T, data []byte) {
		qs, err := Parse([]File{{Name: "fuzz.yaml", Data: data}})
		if err != nil {
			if _, ok := err.(Problems); !ok {
				t.Fatalf("Parse returned %T, not Problems: %v", err, err)
			}
			return
		}
		for _, q := range qs {
			if q.ID == "" || !q.Level.Valid() || !q.Topic.Valid() || q.Correct < 0 || q.Correct >= quiz.NumChoices {
				t.Fatalf("accepted an unplayable question: %+v", q)
			}
			for _, c := range q.Choices {
				if c == "" {
					t.Fatalf("accepted an empty choice: %+v", q)
				}
			}
		}
	})
}
