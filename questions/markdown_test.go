package questions

import "testing"

func TestUnwrap(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"paragraph", "one\ntwo\nthree\n", "one two three"},
		{"paragraphs", "one\ntwo\n\nthree\nfour", "one two\n\nthree four"},
		{"list items", "Intro\nline:\n- first\n  more\n- second\n\nEnd", "Intro line:\n- first more\n- second\n\nEnd"},
		{"numbered", "1. one\n   cont\n2. two", "1. one cont\n2. two"},
		{"code kept", "Run:\n\n```sh\ndocker run \\\n  -d nginx\n```\nafter\ntext", "Run:\n\n```sh\ndocker run \\\n  -d nginx\n```\nafter text"},
		{"version is not a list", "Docker\n1.13 added it", "Docker 1.13 added it"},
	}
	for _, tc := range tests {
		if got := unwrap(tc.in); got != tc.want {
			t.Errorf("%s: unwrap(%q) = %q; want %q", tc.name, tc.in, got, tc.want)
		}
	}
}
