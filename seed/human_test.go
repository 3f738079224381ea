package seed

import "testing"

func TestHumanDate(t *testing.T) {
	for in, want := range map[string]string{
		"2013-04-01": "1 Apr 2013",
		"2013-04":    "Apr 2013",
		"2013":       "2013",
		"2023-12-31": "31 Dec 2023",
		"not a date": "not a date",
		"2013-13":    "2013-13",
	} {
		if got := HumanDate(in); got != want {
			t.Errorf("HumanDate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseHuman(t *testing.T) {
	for _, iso := range []string{"2013-04-01", "2013-04", "2013", "2026-11-29", "1999-12-31"} {
		d, err := ParseDate(iso)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseHuman(d.Human())
		if err != nil || back != d {
			t.Errorf("ParseHuman(%q) = %v, %v; want %v", d.Human(), back, err, d)
		}
	}
	for _, bad := range []string{"", "Apr", "31 Feb 2013", "1 April 2013", "x Apr 2013", "1 Apr 2013 extra", "2013-4"} {
		if _, err := ParseHuman(bad); err == nil {
			t.Errorf("ParseHuman(%q) accepted", bad)
		}
	}
}
