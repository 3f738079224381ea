package markdown

import (
	"strings"

	"quango/seed"
)

// Span writes an entry's dates as a range, with "c. " on each date its sources hedge and on no
// other: "2019–c. 2022", "since c. 2004". date formats one date (its year, or as written); a
// one-off, whose end reads the same as its start, is one date. sep goes between the two ends.
func Span(start string, end *string, h seed.Hedges, date func(string) string, sep string) string {
	mark := func(hedged bool, s string) string {
		if hedged {
			return "c. " + s
		}
		return s
	}
	from := mark(h.Has("start"), date(start))
	switch {
	case end == nil:
		return "since " + from
	case date(*end) == date(start):
		return mark(h.Any(), date(start))
	}
	return from + sep + mark(h.Has("end"), date(*end))
}

// Year is the year of a catalogue date (YYYY, YYYY-MM or YYYY-MM-DD).
func Year(date string) string {
	if len(date) >= 4 {
		return date[:4]
	}
	return date
}

// AsWritten formats a date as the catalogue holds it.
func AsWritten(date string) string { return date }

// ShortSpan is Span in years for tables and charts, with an open range for the living: "2019–".
func ShortSpan(start string, end *string, h seed.Hedges) string {
	if end == nil {
		return strings.TrimPrefix(Span(start, nil, h, Year, "–"), "since ") + "–"
	}
	return Span(start, end, h, Year, "–")
}

var nationNames = map[string]string{"england": "England", "scotland": "Scotland", "wales": "Wales",
	"northern-ireland": "Northern Ireland", "uk": "UK-wide"}

// NationName is a nation as people write it: "Northern Ireland".
func NationName(n string) string {
	if name, ok := nationNames[n]; ok {
		return name
	}
	return n
}

// NationNames joins an entry's nations for reading: "England, Wales".
func NationNames(ns []string) string {
	names := make([]string, len(ns))
	for i, n := range ns {
		names[i] = NationName(n)
	}
	return strings.Join(names, ", ")
}
