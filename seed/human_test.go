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
