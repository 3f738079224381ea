package safetext

import (
	"strings"
	"testing"
)

func TestVisibleLeavesNoControlBytes(t *testing.T) {
	hostile := "a\x1b]52;c;ZWNobyBwd25lZA==\x07b\x1b[2Jc\u009b31md\u202eevil\x00\x7f\x1bP1$r\x1b\\\xff"
	got := Visible(hostile)
	for i, r := range got {
		if Forbidden(r) || r == 0x1b || r == 0x07 {
			t.Fatalf("Visible left %q at %d in %q", r, i, got)
		}
	}
	for _, want := range []string{`\x1b]52`, `\x07`, `\u009b`, `\u202e`, `\x00`, `\u007f`, `\xff`} {
		if !strings.Contains(got, want) {
			t.Errorf("Visible(%q) = %q, want it to show %s", hostile, got, want)
		}
	}
}

func TestCleanTextUnchanged(t *testing.T) {
	for _, s := range []string{"", "NHS Connecting for Health", "Körner — 1982\n\ttab", "Agence du numérique en santé 🏥"} {
		if got := Visible(s); got != s {
			t.Errorf("Visible(%q) = %q", s, got)
		}
		if err := Check(s); err != nil {
			t.Errorf("Check(%q) = %v", s, err)
		}
	}
}

func TestCheckNamesTheCharacter(t *testing.T) {
	cases := map[string]string{
		"EV\x1b[31mIL": `\x1b at byte 2`,
		"bell\x07":     `\x07 at byte 4`,
		"c1\u0085":     `\u0085`,
		"rtl\u2067x":   `\u2067`,
		"bad\xc3":      "invalid UTF-8 at byte 3",
	}
	for in, want := range cases {
		err := Check(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Check(%q) = %v, want it to mention %q", in, err, want)
		}
	}
}

func TestVisibleLine(t *testing.T) {
	if got := VisibleLine("a\nb\tc\x1b"); got != `a b c\x1b` {
		t.Errorf("VisibleLine = %q", got)
	}
}

// BenchmarkVisibleClean is the cost of the gate on the text it almost always sees: clean.
func BenchmarkVisibleClean(b *testing.B) {
	for _, s := range []string{"Thames Valley Integrated Records Network", "Agence du numérique en santé — 2019"} {
		b.Run(strings.Fields(s)[0], func(b *testing.B) {
			for b.Loop() {
				if Visible(s) != s {
					b.Fatal("changed")
				}
			}
		})
	}
}

func TestDrop(t *testing.T) {
	for in, want := range map[string]string{
		"NHSE/I":                      "NHSE/I",
		"tab\tand\nnewline stay":      "tab\tand\nnewline stay",
		"EV\x1b[31mIL\a":              "EV[31mIL",
		"bidi \u202eover\u2066ride":   "bidi override",
		"c1 \u009b\u0085 and del\x7f": "c1  and del",
		"\r":                          "",
	} {
		if got := Drop(in); got != want {
			t.Errorf("Drop(%q) = %q, want %q", in, got, want)
		}
	}
}
