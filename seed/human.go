package seed

import "fmt"

// Human is the date as people read it, at its own precision: "1 Apr 2013", "Apr 2013", "2013".
func (d Date) Human() string {
	switch {
	case d.Month == 0:
		return fmt.Sprintf("%d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%s %d", monthAbbr[d.Month-1], d.Year)
	}
	return fmt.Sprintf("%d %s %d", d.Day, monthAbbr[d.Month-1], d.Year)
}

var monthAbbr = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// HumanDate is Human for a date as stored ("2013-04-01" → "1 Apr 2013"); text that is not a
// date is returned as it is.
func HumanDate(s string) string {
	d, err := ParseDate(s)
	if err != nil {
		return s
	}
	return d.Human()
}

// Uncertain says which of an entry's dates its sources give only roughly.
type Uncertain struct{ Start, End bool }

// HumanSpan is the one way quango writes when something lived, for people (JSON, CSV, TSV and
// front matter keep ISO dates): "1 Apr 2013 – 31 Jan 2023", "since Apr 2013" for the living
// (end ""), one date for a one-off whose end is its start; "c. " stands before the uncertain
// date only. The dash is an en dash between spaces, so a line breaks, if it must, only there.
func HumanSpan(start, end string, c Uncertain) string {
	from := approx(HumanDate(start), c.Start)
	switch {
	case end == "":
		return "since " + from
	case end == start:
		return approx(HumanDate(start), c.Start || c.End)
	}
	return from + " – " + approx(HumanDate(end), c.End)
}

// YearSpan is HumanSpan in whole years, for a chart's small print: "2005–2013", "since 2019",
// "c. 1998–2002", and one year for an entry that began and ended in it.
func YearSpan(start, end string, c Uncertain) string {
	from := approx(yearOf(start), c.Start)
	switch {
	case end == "":
		return "since " + from
	case yearOf(end) == yearOf(start):
		return approx(yearOf(start), c.Start || c.End)
	}
	return from + "–" + approx(yearOf(end), c.End)
}

func yearOf(s string) string {
	if d, err := ParseDate(s); err == nil {
		return fmt.Sprintf("%d", d.Year)
	}
	return s
}

func approx(s string, uncertain bool) string {
	if uncertain {
		return "c. " + s
	}
	return s
}
