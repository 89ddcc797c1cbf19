package quiz

import "testing"

func TestPermutation(t *testing.T) {
	q := Question{Choices: [4]string{"right", "w1", "w2", "w3"}, Correct: 0}
	positions := map[int]int{}
	for seed := uint64(0); seed < 400; seed++ {
		p := NewPermutation(seed)
		if !p.Valid() {
			t.Fatalf("NewPermutation(%d) = %v; not a permutation", seed, p)
		}
		if p != NewPermutation(seed) {
			t.Fatalf("NewPermutation(%d) differs between calls", seed)
		}
		c := p.CorrectLetter(q)
		if p.Shown(q)[c] != "right" {
			t.Fatalf("seed %d: shown %v, CorrectLetter %d", seed, p.Shown(q), c)
		}
		positions[c]++
	}
	for i := range NumChoices {
		if positions[i] < 60 {
			t.Errorf("the right answer was at %s only %d times in 400 shuffles; want about 100", Letter(i), positions[i])
		}
	}
}

func TestParseLetter(t *testing.T) {
	for in, want := range map[string]int{"a": 0, "B": 1, " c ": 2, "D": 3} {
		if got, err := ParseLetter(in); err != nil || got != want {
			t.Errorf("ParseLetter(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "e", "ab", "1"} {
		if _, err := ParseLetter(in); ErrorCode(err) != EINVALID {
			t.Errorf("ParseLetter(%q) error code %q; want %q", in, ErrorCode(err), EINVALID)
		}
	}
}
