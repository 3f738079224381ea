package markdown

import (
	"fmt"
	"strings"
	"time"

	"quango/seed"
	"quango/seed/safetext"
	"quango/store"
)

// Gantt draws entries, in the order given, as a Mermaid Gantt chart, which GitHub and Obsidian
// render from a ```mermaid block: one task per entry from its first possible day to its last
// (the living to today), "active" for the living, "crit" for the cancelled and "done" for the
// rest; a one-off is a milestone, and an announced abolition a milestone of its own.
//
// Mermaid's Gantt grammar has no quoting: a task's text runs to the first ":" and may not hold
// "#" or ";", and a line that begins with a keyword is read as that statement. Task text is
// therefore cleaned (ganttText) and task identifiers are our own ("t1", "t2", …).
func Gantt(entries []*store.Entry, now time.Time) string {
	var b strings.Builder
	b.WriteString("gantt\n  title quango timeline\n  dateFormat YYYY-MM-DD\n  axisFormat %Y\n  inclusiveEndDates\n")
	today := now.UTC().Format(time.DateOnly)
	for i, e := range entries {
		start, err := seed.ParseDate(e.Start)
		if err != nil {
			continue // the store checks dates on the way in; a bad one has no place on a chart
		}
		from := start.Earliest().Format(time.DateOnly)
		name := ganttText(e.Label())
		if e.Approximate.Any() {
			name += " (dates approximate)"
		}
		id := fmt.Sprintf("t%d", i+1)
		switch {
		case e.Alive():
			fmt.Fprintf(&b, "  %s :active, %s, %s, %s\n", name, id, from, max(from, today))
		case *e.End == e.Start:
			fmt.Fprintf(&b, "  %s :milestone, %s, %s, 0d\n", name, id, from)
		default:
			end, err := seed.ParseDate(*e.End)
			if err != nil {
				continue
			}
			tag := "done"
			if e.Fate == "cancelled" {
				tag = "crit, done"
			}
			fmt.Fprintf(&b, "  %s :%s, %s, %s, %s\n", name, tag, id, from, max(from, end.Latest().Format(time.DateOnly)))
		}
		if e.EndAnnounced != "" {
			if d, err := seed.ParseDate(e.EndAnnounced); err == nil {
				fmt.Fprintf(&b, "  %s :milestone, %s_end, %s, 0d\n",
					ganttText(e.Label()+" abolition announced"), id, d.Earliest().Format(time.DateOnly))
			}
		}
	}
	return b.String()
}

// ganttKeywords begin the statements that a task's text must not be mistaken for (Mermaid reads
// them case-insensitively, before any task text).
var ganttKeywords = []string{"gantt", "dateformat", "inclusiveenddates", "topaxis", "axisformat",
	"tickinterval", "includes", "excludes", "todaymarker", "weekday", "title", "accdescription",
	"acctitle", "accdescr", "section", "click", "href", "call", "%%"}

// ganttText makes text safe as a Gantt task's name: one line; ":" "#" ";" and "%" (which end the
// name, start a comment or a directive) written as their full-width forms, which read the same;
// control characters spelled out as safetext does;
// and a name that begins like a keyword or a date put in quotation marks.
func ganttText(s string) string {
	s = strings.Join(strings.Fields(safetext.VisibleLine(s)), " ")
	var b strings.Builder
	for _, r := range s {
		if r == ':' || r == '#' || r == ';' || r == '%' {
			r += 0xff01 - '!' // the full-width form of the ASCII character
		}
		b.WriteRune(r)
	}
	s = b.String()
	if s == "" {
		return "(unnamed)"
	}
	lower := strings.ToLower(s)
	for _, k := range ganttKeywords {
		if strings.HasPrefix(lower, k) {
			return "“" + s + "”"
		}
	}
	if len(s) >= 10 && isDigits(s[:4]) && s[4] == '-' && isDigits(s[5:7]) && s[7] == '-' && isDigits(s[8:10]) {
		return "“" + s + "”"
	}
	return s
}
