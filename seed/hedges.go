package seed

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Nations is the closed vocabulary of the nation field, in the order quango shows it. "uk" is for
// what served the whole United Kingdom; a body of England and Wales lists both.
var Nations = []string{"england", "scotland", "wales", "northern-ireland", "uk"}

// HedgeableDates are the dates an entry may mark as uncertain, in the order they are written.
var HedgeableDates = []string{"start", "end", "end_announced"}

// Hedges names which of an entry's dates its sources hedge ("about", "by", "c."), so a reader sees
// "c." on that date only. It is written as a list (`approximate: [end]`); the older entry-wide
// `approximate: true`, still found in users' databases and exports, reads as both dates.
type Hedges []string

// Has reports whether the named date is hedged.
func (h Hedges) Has(date string) bool { return slices.Contains(h, date) }

// Any reports whether any date is hedged.
func (h Hedges) Any() bool { return len(h) > 0 }

// String is the stored form: the hedged dates joined by commas, in HedgeableDates order.
func (h Hedges) String() string { return strings.Join(h.normal(), ",") }

// ParseHedges reads the stored form back.
func ParseHedges(s string) Hedges {
	if s == "" {
		return nil
	}
	return Hedges(strings.Split(s, ","))
}

// normal orders the hedges as HedgeableDates does and drops repeats; unknown names are kept at the
// end so the validator can name them.
func (h Hedges) normal() Hedges {
	var out Hedges
	for _, d := range HedgeableDates {
		if h.Has(d) {
			out = append(out, d)
		}
	}
	for _, d := range h {
		if !slices.Contains(HedgeableDates, d) && !out.Has(d) {
			out = append(out, d)
		}
	}
	return out
}

var legacyHedges = Hedges{"start", "end"}

// UnmarshalYAML takes a list of date names, or the legacy boolean.
func (h *Hedges) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		var b bool
		if err := n.Decode(&b); err != nil {
			return err
		}
		*h = nil
		if b {
			*h = slices.Clone(legacyHedges)
		}
		return nil
	}
	var list []string
	if err := n.Decode(&list); err != nil {
		return fmt.Errorf("approximate must be a list of dates such as [end] (line %d)", n.Line)
	}
	*h = Hedges(list).normal()
	return nil
}

// MarshalJSON writes the list, never null, so scripts can test membership directly.
func (h Hedges) MarshalJSON() ([]byte, error) {
	if h == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]string(h.normal()))
}

// UnmarshalJSON takes a list of date names, or the legacy boolean.
func (h *Hedges) UnmarshalJSON(data []byte) error {
	var b bool
	if err := json.Unmarshal(data, &b); err == nil {
		*h = nil
		if b {
			*h = slices.Clone(legacyHedges)
		}
		return nil
	}
	var list []string
	if err := json.Unmarshal(data, &list); err != nil {
		return fmt.Errorf("approximate must be a list of dates such as [\"end\"]")
	}
	*h = Hedges(list).normal()
	return nil
}
