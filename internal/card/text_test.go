package card

import "testing"

func TestThousands(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {1234567, "1,234,567"}, {-5, "-5"}}
	for _, tc := range tests {
		if got := thousands(tc.n); got != tc.want {
			t.Errorf("thousands(%d) = %q; want %q", tc.n, got, tc.want)
		}
	}
}

func TestPrintable(t *testing.T) {
	f, err := newFaces()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Grace Hopper", "Grace Hopper"},
		{"emoji dropped", "Ada 🚀 Lovelace", "Ada Lovelace"},
		{"controls and runs of spaces", "  a\t\n b\x00c  ", "a b c"},
		{"only emoji", "🐳🐳", ""},
		{"accents kept", "Zoë Ćwik", "Zoë Ćwik"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := printable(f.regular, tc.in); got != tc.want {
				t.Errorf("printable(%q) = %q; want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestFit(t *testing.T) {
	f, err := newFaces()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, in string
		max      int
		want     string
	}{
		{"fits", "docker", 200, "docker"},
		{"shortened", "orchestration", width(f.small, "orch…"), "orch…"},
		{"no trailing space before the ellipsis", "ab cd", width(f.small, "ab …"), "ab…"},
		{"nothing fits", "docker", 1, "…"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := fit(f.small, tc.in, tc.max); got != tc.want {
				t.Errorf("fit(%q, %d) = %q; want %q", tc.in, tc.max, got, tc.want)
			}
		})
	}
}
