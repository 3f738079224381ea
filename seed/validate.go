package seed

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Problem is one thing wrong with one field of one entry.
type Problem struct {
	File  string
	Field string
	Msg   string
}

func (p Problem) Error() string { return p.File + ": " + p.Field + ": " + p.Msg }

// Problems is every problem found in a catalogue, in file order.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Compiled on first use, not while every command starts.
var slugPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`) })

// Validate checks each entry on its own and the catalogue as a whole: unique slugs, relations
// and parents that resolve, and a lineage without cycles. known lists slugs that exist outside
// entries (a user's database, say) and may be linked to.
func Validate(entries []Entry, known ...string) Problems {
	var ps Problems
	slugs := map[string]bool{}
	for _, s := range known {
		slugs[s] = true
	}
	firstFile := map[string]string{}
	for _, e := range entries {
		ps = append(ps, validateEntry(e)...)
		if prev, dup := firstFile[e.Slug]; dup && e.Slug != "" {
			ps = append(ps, Problem{e.File, "slug", fmt.Sprintf("%q is already used by %s", e.Slug, prev)})
			continue
		}
		firstFile[e.Slug] = e.File
		slugs[e.Slug] = true
	}
	for _, e := range entries {
		if e.Parent != "" && !slugs[e.Parent] {
			ps = append(ps, Problem{e.File, "parent", fmt.Sprintf("no entry has the slug %q", e.Parent)})
		}
		for i, r := range e.Relations {
			if r.To != "" && !slugs[r.To] {
				ps = append(ps, Problem{e.File, fmt.Sprintf("relations[%d].to", i), fmt.Sprintf("no entry has the slug %q", r.To)})
			}
		}
	}
	ps = append(ps, lineageCycles(entries)...)
	ps = append(ps, parentCycles(entries)...)
	return ps
}

func validateEntry(e Entry) Problems {
	var ps Problems
	add := func(field, format string, args ...any) {
		ps = append(ps, Problem{e.File, field, fmt.Sprintf(format, args...)})
	}
	required := func(field, value string) bool {
		if strings.TrimSpace(value) == "" {
			add(field, "is required")
			return false
		}
		return true
	}
	if required("slug", e.Slug) {
		if !slugPattern().MatchString(e.Slug) {
			add("slug", "%q must be lower-case letters, digits and single hyphens", e.Slug)
		} else if want := e.Slug + ".md"; e.File != "" && !strings.HasSuffix(e.File, "/"+want) && e.File != want {
			add("slug", "%q does not match the file name (want %s)", e.Slug, want)
		}
	}
	required("name", e.Name)
	if required("kind", e.Kind) && !slices.Contains(Kinds, e.Kind) {
		add("kind", "%q is not one of %s", e.Kind, strings.Join(Kinds, ", "))
	}
	if required("fate", e.Fate) && !slices.Contains(Fates, e.Fate) {
		add("fate", "%q is not one of %s", e.Fate, strings.Join(Fates, ", "))
	}
	required("fate_note", e.FateNote)
	if len(e.Nation) == 0 {
		add("nation", "is required: one or more of %s", strings.Join(Nations, ", "))
	}
	for i, n := range e.Nation {
		switch {
		case !slices.Contains(Nations, n):
			add(fmt.Sprintf("nation[%d]", i), "%q is not one of %s", n, strings.Join(Nations, ", "))
		case slices.Index(e.Nation, n) != i:
			add(fmt.Sprintf("nation[%d]", i), "%q is listed twice", n)
		}
	}
	for _, h := range e.Approximate {
		date := map[string]string{"start": e.Start, "end": e.End, "end_announced": e.EndAnnounced}
		value, known := date[h]
		switch {
		case !known:
			add("approximate", "%q is not one of %s", h, strings.Join(HedgeableDates, ", "))
		case value == "":
			add("approximate", "names %s, but the entry has no %s", h, h)
		}
	}

	start, startOK := checkDate(add, "start", e.Start, true)
	end, endOK := checkDate(add, "end", e.End, false)
	if startOK && endOK && e.End != "" && end.Latest().Before(start.Earliest()) {
		add("end", "%s is before start %s", e.End, e.Start)
	}
	switch {
	case e.Fate == "active" && e.End != "":
		add("end", "an active entry has no end (fate is active, end is %s)", e.End)
	case e.Fate != "active" && e.Fate != "" && e.End == "":
		add("end", "is required when fate is %s", e.Fate)
	}
	if e.EndAnnounced != "" {
		checkDate(add, "end_announced", e.EndAnnounced, false)
		if e.Fate != "active" {
			add("end_announced", "is only for active entries whose end is announced but not yet done")
		}
	}
	for i, a := range e.Aliases {
		if strings.TrimSpace(a) == "" {
			add(fmt.Sprintf("aliases[%d]", i), "is empty")
		}
	}
	for i, t := range e.Tags {
		if !slugPattern().MatchString(t) {
			add(fmt.Sprintf("tags[%d]", i), "%q must be lower-case letters, digits and hyphens", t)
		}
	}
	if e.Parent == e.Slug && e.Slug != "" {
		add("parent", "an entry cannot be its own parent")
	}
	for i, r := range e.Relations {
		field := fmt.Sprintf("relations[%d]", i)
		for j, prev := range e.Relations[:i] {
			if prev.Type == r.Type && prev.To == r.To && r.To != "" {
				add(field, "repeats relations[%d] (%s %s)", j, r.Type, r.To)
			}
		}
		if !slices.Contains(RelationTypes, r.Type) {
			add(field+".type", "%q is not one of %s", r.Type, strings.Join(RelationTypes, ", "))
		}
		if required(field+".to", r.To) && r.To == e.Slug {
			add(field+".to", "an entry cannot lead to itself")
		}
		checkDate(add, field+".date", r.Date, false)
	}
	if r, ok := endingRelation(e); ok && endOK && end.Day != 0 {
		if d, err := ParseDate(r.Date); err == nil && d.Day != 0 && d != end {
			add("end", "%s is not the day of the %s relation to %s (%s): an entry ends on the day the change took effect", e.End, r.Type, r.To, r.Date)
		}
	}
	if len(e.Sources) == 0 {
		add("sources", "at least one source (title and url) is required")
	}
	for i, s := range e.Sources {
		checkSource(add, fmt.Sprintf("sources[%d]", i), s)
	}
	for i, ev := range e.Events {
		field := fmt.Sprintf("events[%d]", i)
		checkDate(add, field+".date", ev.Date, true)
		required(field+".text", ev.Text)
	}
	if c := e.Cost; c != nil {
		if c.Amount <= 0 {
			add("cost.amount", "must be a positive number")
		}
		if len(c.Currency) != 3 || strings.ToUpper(c.Currency) != c.Currency {
			add("cost.currency", "%q must be a three-letter currency code such as GBP", c.Currency)
		}
		if c.Year < 1900 || c.Year > 2100 {
			add("cost.year", "%d is not a plausible year", c.Year)
		}
		checkSource(add, "cost.source", c.Source)
	}
	required("summary", e.Summary)
	checkLimits(e, add)
	return ps
}

// endingRelation is the relation that ended a dead entry: the latest dated one that is not a mere
// succession (a report "succeeded_by" what it led to ends on its own date).
func endingRelation(e Entry) (Relation, bool) {
	var last Relation
	var lastDate Date
	found := false
	if e.End == "" {
		return last, false
	}
	for _, r := range e.Relations {
		d, err := ParseDate(r.Date)
		if r.Type == "succeeded_by" || err != nil {
			continue
		}
		if !found || d.Earliest().After(lastDate.Earliest()) {
			last, lastDate, found = r, d, true
		}
	}
	return last, found
}

func checkDate(add func(string, string, ...any), field, value string, required bool) (Date, bool) {
	if value == "" {
		if required {
			add(field, "is required")
		}
		return Date{}, false
	}
	d, err := ParseDate(value)
	if err != nil {
		add(field, "%s", err)
		return d, false
	}
	return d, true
}

func checkSource(add func(string, string, ...any), field string, s Source) {
	if strings.TrimSpace(s.Title) == "" {
		add(field+".title", "is required")
	}
	if err := CheckURL(s.URL); err != nil {
		add(field+".url", "%s", err)
	}
	if s.Date != "" {
		checkDate(add, field+".date", s.Date, false)
	}
}

// CheckURL accepts only absolute http and https URLs with a host.
func CheckURL(raw string) error {
	if raw == "" {
		return fmt.Errorf("is required")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(raw, " \t\n<>\"") {
		return fmt.Errorf("%q is not an http(s) URL", raw)
	}
	return nil
}

// parentCycles reports each loop of parents (a is b's parent, b is a's), however long, once.
func parentCycles(entries []Entry) Problems {
	parent := map[string]string{}
	file := map[string]string{}
	for _, e := range entries {
		if e.Parent != "" && e.Parent != e.Slug {
			parent[e.Slug] = e.Parent
		}
		file[e.Slug] = e.File
	}
	reported := map[string]bool{}
	var ps Problems
	slugs := make([]string, 0, len(parent))
	for s := range parent {
		slugs = append(slugs, s)
	}
	sort.Strings(slugs)
	for _, start := range slugs {
		seen := map[string]int{}
		var path []string
		for s, ok := start, true; ok; s, ok = parent[s] {
			if i, loop := seen[s]; loop {
				cycle := path[i:]
				key := slices.Min(cycle)
				if !reported[key] {
					reported[key] = true
					ps = append(ps, Problem{file[key], "parent", "parent cycle: " + strings.Join(append(rotate(cycle, key), key), " → ")})
				}
				break
			}
			seen[s] = len(path)
			path = append(path, s)
		}
	}
	return ps
}

// rotate returns cycle starting at first, so a cycle is named the same way wherever it was found.
func rotate(cycle []string, first string) []string {
	i := slices.Index(cycle, first)
	return append(slices.Clone(cycle[i:]), cycle[:i]...)
}

// lineageCycles reports each cycle in the relation graph once, at the entry where it was found.
func lineageCycles(entries []Entry) Problems {
	next := map[string][]string{}
	file := map[string]string{}
	for _, e := range entries {
		file[e.Slug] = e.File
		for _, r := range e.Relations {
			next[e.Slug] = append(next[e.Slug], r.To)
		}
	}
	const (
		unseen = iota
		onPath
		done
	)
	state := map[string]int{}
	var ps Problems
	var path []string
	var visit func(string)
	visit = func(s string) {
		state[s] = onPath
		path = append(path, s)
		for _, t := range next[s] {
			switch state[t] {
			case onPath:
				i := slices.Index(path, t)
				cycle := append(slices.Clone(path[i:]), t)
				ps = append(ps, Problem{file[s], "relations", "lineage cycle: " + strings.Join(cycle, " → ")})
			case unseen:
				visit(t)
			}
		}
		path = path[:len(path)-1]
		state[s] = done
	}
	slugs := make([]string, 0, len(next))
	for s := range next {
		slugs = append(slugs, s)
	}
	sort.Strings(slugs)
	for _, s := range slugs {
		if state[s] == unseen {
			visit(s)
		}
	}
	return ps
}
