package seed

import "testing"

func TestHumanSpan(t *testing.T) {
	for _, c := range []struct {
		start, end string
		u          Uncertain
		want, year string
	}{
		{"2013-04-01", "2023-01-31", Uncertain{}, "1 Apr 2013 – 31 Jan 2023", "2013–2023"},
		{"2013-04", "", Uncertain{}, "since Apr 2013", "since 2013"},
		{"2002", "2011-09-22", Uncertain{Start: true}, "c. 2002 – 22 Sep 2011", "c. 2002–2011"},
		{"2002", "2011", Uncertain{End: true}, "2002 – c. 2011", "2002–c. 2011"},
		{"2022", "2022", Uncertain{}, "2022", "2022"}, // a one-off reads as one date
		{"2022-03", "2022-03", Uncertain{End: true}, "c. Mar 2022", "c. 2022"},
		{"2005-04", "2005-12", Uncertain{}, "Apr 2005 – Dec 2005", "2005"},
		{"not a date", "", Uncertain{}, "since not a date", "since not a date"},
	} {
		if got := HumanSpan(c.start, c.end, c.u); got != c.want {
			t.Errorf("HumanSpan(%q, %q, %+v) = %q, want %q", c.start, c.end, c.u, got, c.want)
		}
		if got := YearSpan(c.start, c.end, c.u); got != c.year {
			t.Errorf("YearSpan(%q, %q, %+v) = %q, want %q", c.start, c.end, c.u, got, c.year)
		}
	}
	if got := HumanDate("2013-04-01"); got != "1 Apr 2013" {
		t.Errorf("HumanDate = %q", got)
	}
}
