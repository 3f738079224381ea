// Package seed holds quango's built-in catalogue: one human-editable Markdown file per entry,
// embedded in the binary, with the parser and validator that keep it honest.
package seed

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"
)

// The closed vocabularies of the format. Their order is the order quango shows them in.
var (
	Kinds         = []string{"body", "programme", "strategy", "system"}
	Fates         = []string{"active", "renamed", "merged", "replaced", "abolished", "closed", "cancelled"}
	RelationTypes = []string{"renamed_to", "merged_into", "replaced_by", "absorbed_by", "split_into", "succeeded_by"}
)

// Entry is one catalogue entry as written in its file.
type Entry struct {
	Slug         string     `yaml:"slug" json:"slug"`
	Acronym      string     `yaml:"acronym,omitempty" json:"acronym"`
	Name         string     `yaml:"name" json:"name"`
	Aliases      []string   `yaml:"aliases,omitempty" json:"aliases"`
	Nation       []string   `yaml:"nation" json:"nation"`
	Kind         string     `yaml:"kind" json:"kind"`
	Start        string     `yaml:"start" json:"start"`
	End          string     `yaml:"end,omitempty" json:"end"`
	Approximate  Hedges     `yaml:"approximate,omitempty" json:"approximate"`
	Fate         string     `yaml:"fate" json:"fate"`
	FateNote     string     `yaml:"fate_note" json:"fate_note"`
	EndAnnounced string     `yaml:"end_announced,omitempty" json:"end_announced,omitempty"`
	Parent       string     `yaml:"parent,omitempty" json:"parent"`
	Tags         []string   `yaml:"tags,omitempty" json:"tags"`
	Relations    []Relation `yaml:"relations,omitempty" json:"relations,omitempty"`
	Sources      []Source   `yaml:"sources" json:"sources"`
	Events       []Event    `yaml:"events,omitempty" json:"events,omitempty"`
	Cost         *Cost      `yaml:"cost,omitempty" json:"cost,omitempty"`

	// Summary is the first paragraph of the file's text; History is the rest.
	Summary string `yaml:"-" json:"summary"`
	History string `yaml:"-" json:"history,omitempty"`

	// File is where the entry was read from, for error messages.
	File string `yaml:"-" json:"-"`
}

// Relation is a typed, optionally dated edge from an entry to what came after it.
type Relation struct {
	Type string `yaml:"type" json:"type"`
	To   string `yaml:"to" json:"to"`
	Date string `yaml:"date,omitempty" json:"date,omitempty"`
	Note string `yaml:"note,omitempty" json:"note,omitempty"`
}

// Source is a citation that states an entry's dates or fate.
type Source struct {
	Title     string `yaml:"title" json:"title"`
	URL       string `yaml:"url" json:"url"`
	Publisher string `yaml:"publisher,omitempty" json:"publisher"`
	Date      string `yaml:"date,omitempty" json:"date"`
}

// Event is a dated milestone in an entry's life.
type Event struct {
	Date string `yaml:"date" json:"date"`
	Text string `yaml:"text" json:"text"`
}

// Cost is a figure that a named source states.
type Cost struct {
	Amount   float64 `yaml:"amount" json:"amount"`
	Currency string  `yaml:"currency" json:"currency"`
	Year     int     `yaml:"year" json:"year"`
	Note     string  `yaml:"note,omitempty" json:"note"`
	Source   Source  `yaml:"source" json:"source"`
}

var frontMatterFence = []byte("---")

// Parse reads one entry file: YAML front matter between "---" lines, then Markdown. name is used
// in error messages only. Unknown fields are errors, so a typo never silently drops data.
func Parse(name string, data []byte) (Entry, error) {
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if len(bytes.TrimSpace(data)) == 0 {
		return Entry{}, fmt.Errorf("%s: the file is empty; an entry file starts with a \"---\" line opening the front matter", name)
	}
	if !bytes.HasPrefix(data, append(frontMatterFence, '\n')) {
		return Entry{}, fmt.Errorf("%s: the file must start with a \"---\" line opening the front matter", name)
	}
	rest := data[len(frontMatterFence)+1:]
	end := bytes.Index(rest, []byte("\n---\n"))
	var front, body []byte
	switch {
	case end >= 0:
		front, body = rest[:end+1], rest[end+5:]
	case bytes.HasSuffix(rest, []byte("\n---")):
		front = rest[:len(rest)-3]
	default:
		return Entry{}, fmt.Errorf("%s: the front matter is not closed by a \"---\" line", name)
	}

	var e Entry
	dec := yaml.NewDecoder(bytes.NewReader(front))
	dec.KnownFields(true)
	// An empty front matter decodes to io.EOF; the validator then names every missing field.
	if err := dec.Decode(&e); err != nil && !errors.Is(err, io.EOF) {
		return Entry{}, fmt.Errorf("%s: front matter: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	e.File = name
	e.Summary, e.History = SplitBody(string(body))
	return e, nil
}

// SplitBody separates the summary (the first paragraph) from the history (the rest).
func SplitBody(body string) (summary, history string) {
	body = strings.TrimSpace(body)
	first, rest, _ := strings.Cut(body, "\n\n")
	return strings.TrimSpace(first), strings.TrimSpace(rest)
}
