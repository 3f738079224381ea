// Command gen writes a synthetic catalogue for bench/compare.sh: the entries as the JSON array
// `quango list --json` prints (which `quango import` reads), and their names one a line, as fzf
// would be given them. The entries are storetest.Synthetic's, so the same count always gives the
// same files.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"quango/seed"
	"quango/store"
	"quango/store/storetest"
)

func main() {
	n := flag.Int("n", 1_000_000, "how many entries")
	dir := flag.String("o", "bench/data", "folder to write catalogue.json and names.txt into")
	flag.Parse()
	if err := run(*n, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// jsonEntry is store.Entry's JSON with empty fields left out.
type jsonEntry struct {
	Slug       string        `json:"slug"`
	Acronym    string        `json:"acronym,omitempty"`
	Name       string        `json:"name"`
	Nation     []string      `json:"nation,omitempty"`
	Aliases    []string      `json:"aliases,omitempty"`
	Kind       string        `json:"kind"`
	Start      string        `json:"start"`
	End        string        `json:"end,omitempty"`
	Fate       string        `json:"fate"`
	FateNote   string        `json:"fate_note"`
	Tags       []string      `json:"tags,omitempty"`
	Summary    string        `json:"summary"`
	History    string        `json:"history,omitempty"`
	Successors []store.Link  `json:"successors,omitempty"`
	Sources    []seed.Source `json:"sources"`
}

func run(n int, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	entries := storetest.Synthetic(n)
	cat, err := os.Create(filepath.Join(dir, "catalogue.json"))
	if err != nil {
		return err
	}
	defer cat.Close()
	names, err := os.Create(filepath.Join(dir, "names.txt"))
	if err != nil {
		return err
	}
	defer names.Close()
	cw, nw := bufio.NewWriterSize(cat, 1<<20), bufio.NewWriterSize(names, 1<<20)
	cw.WriteString("[\n")
	for i, e := range entries {
		// The shape list --json prints (lineage as successors), empty fields left out: import
		// takes them as empty, and the file is a third smaller.
		je := jsonEntry{Slug: e.Slug, Acronym: e.Acronym, Name: e.Name, Nation: e.Nation, Aliases: e.Aliases, Kind: e.Kind,
			Start: e.Start, End: e.End, Fate: e.Fate, FateNote: e.FateNote, Tags: e.Tags, Summary: e.Summary,
			History: e.History, Sources: e.Sources}
		for _, r := range e.Relations {
			je.Successors = append(je.Successors, store.Link{Slug: r.To, Relation: r.Type, Date: r.Date})
		}
		b, err := json.Marshal(je)
		if err != nil {
			return err
		}
		if i > 0 {
			cw.WriteString(",\n")
		}
		cw.Write(b)
		// What fzf is given: everything quango's in-memory tiers search, on one line.
		fmt.Fprintln(nw, strings.Join(append([]string{e.Acronym, e.Name}, e.Aliases...), " "))
	}
	cw.WriteString("\n]\n")
	if err := cw.Flush(); err != nil {
		return err
	}
	return nw.Flush()
}
