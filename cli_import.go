package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"quango/seed"
	"quango/store"
	"quango/store/markdown"
)

func init() { subcommands = append(subcommands, newImportCommand) }

func newImportCommand(a *app) *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "import FILE|DIR",
		Short: "Add or update entries from files: the catalogue's entry format, Markdown exports, JSON",
		Long: `Import entries into your database. A FILE may be an entry in the catalogue's format
(seed/FORMAT.md), a note written by export --front-matter, or the JSON that list --json or
show --json prints; a DIR imports every .md and .json file in it (export's index.md aside).

Everything is read and checked before anything is written, and the import is one transaction:
all of it or none of it. A new slug becomes your own entry; an existing one is updated as your
edit, and fields equal to what is shown stay as they are. Notes that come with an entry are
added unless it already has them. --dry-run lists what would be added and changed.`,
		Example: `  quango import new-body.md
  quango export --all --front-matter -o notes/ && quango --db fresh.db import notes/
  quango list --json > mine.json && quango --db other.db import mine.json --dry-run`,
		Args: exactArgs(1, "import needs one FILE or DIR: quango import entries/"),
		RunE: func(cmd *cobra.Command, args []string) error {
			src, err := openItems(args[0], a.in, a.warn)
			if err != nil {
				return problemsError(err)
			}
			defer src.close()
			if src.empty {
				return fmt.Errorf("%s holds no entries to import", args[0])
			}
			ctx := cmd.Context()
			s, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			changes, err := s.ImportFrom(ctx, src.items, dryRun)
			if err != nil {
				return problemsError(err)
			}
			return reportChanges(a, changes, dryRun)
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "list what would be added and changed, and write nothing")
	return cmd
}

// reportChanges prints one line per entry on stdout (what was, or would be, done) and a count
// on stderr.
func reportChanges(a *app, changes []store.Change, dryRun bool) error {
	var added, changed, same int
	for _, c := range changes {
		var what string
		switch {
		case c.Added:
			added++
			what = "add"
		case len(c.Fields) > 0:
			changed++
			what = "change " + strings.Join(c.Fields, ", ")
		default:
			same++
			what = "unchanged"
		}
		if c.Notes > 0 {
			what += fmt.Sprintf(" (+%s)", plural(c.Notes, "note"))
		}
		if c.Hidden {
			what += " (hide)"
		}
		if _, err := fmt.Fprintf(a.out, "%s\t%s\n", c.Slug, what); err != nil {
			return err
		}
	}
	verb := "imported"
	if dryRun {
		verb = "would import (dry run, nothing written)"
	}
	fmt.Fprintf(a.errOut, "quango: %s: %d added, %d changed, %d unchanged\n", verb, added, changed, same)
	return nil
}

// maxImport bounds what import reads, a file or a whole folder: a million entries in list --json
// form take about 530 MB.
const maxImport = 1 << 30

// readItems reads the entries in a file ("-" is stdin) or in every .md and .json file of a folder;
// warn says what it skipped.
func readItems(path string, stdin io.Reader, warn func(string)) ([]store.Item, error) {
	src, err := openItems(path, stdin, warn)
	if err != nil {
		return nil, err
	}
	defer src.close()
	var items []store.Item
	for it, err := range src.items {
		if err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, nil
}

// itemSource is what import reads: a JSON file, or stdin, entry by entry as it is decoded (a
// million entries are never held at once); anything else read whole.
type itemSource struct {
	items iter.Seq2[store.Item, error]
	empty bool // it holds no entries
	close func() error
}

// openItems opens the entries in a file ("-" is stdin) or in every .md and .json file of a
// folder; warn says what it skipped.
func openItems(path string, stdin io.Reader, warn func(string)) (*itemSource, error) {
	if path == "-" {
		return readerItems("stdin", &limitReader{r: stdin, left: maxImport}, func() error { return nil })
	}
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s does not exist: name an entry file, a folder of them, or list --json output", path)
	}
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		if err := importable(path, info, maxImport); err != nil {
			return nil, err
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		src, err := readerItems(path, f, f.Close)
		if err != nil {
			f.Close()
		}
		return src, err
	}
	items, err := folderItems(path, warn)
	if err != nil {
		return nil, err
	}
	return sliceItems(items), nil
}

func sliceItems(items []store.Item) *itemSource {
	return &itemSource{
		items: func(yield func(store.Item, error) bool) {
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
		},
		empty: len(items) == 0,
		close: func() error { return nil },
	}
}

// errTooBig is what limitReader reads past its limit.
var errTooBig = fmt.Errorf("stdin holds more than %s: import at most that much at a time", sizeName(maxImport))

// limitReader is io.LimitReader that fails rather than ends at its limit.
type limitReader struct {
	r    io.Reader
	left int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, errTooBig
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// readerItems reads one file's entries: JSON as it is decoded, the catalogue's entry format and
// export's notes whole.
func readerItems(name string, r io.Reader, closer func() error) (*itemSource, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	var skipped []byte // a byte-order mark and white space, which an entry file keeps
	if head, _ := br.Peek(3); bytes.Equal(head, []byte("\ufeff")) {
		skipped, _ = br.Peek(3)
		skipped = slices.Clone(skipped)
		br.Discard(3)
	}
	for {
		c, err := br.ReadByte()
		if err != nil {
			break // nothing but white space: parseItems says so
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			br.UnreadByte()
			if c == '[' || c == '{' {
				return jsonItems(name, br, c, closer)
			}
			break
		}
		skipped = append(skipped, c)
	}
	rest, err := io.ReadAll(br)
	if err != nil {
		return nil, err
	}
	data := append(skipped, rest...)
	items, err := parseItems(name, data)
	if err != nil {
		return nil, err
	}
	src := sliceItems(items)
	src.close = closer
	return src, nil
}

// folderItems reads the entries in every .md and .json file of a folder.
func folderItems(path string, warn func(string)) ([]store.Item, error) {
	names, err := os.ReadDir(path)
	if err != nil {
		return nil, err
	}
	var items []store.Item
	var errs []error
	var total int64
	for _, d := range names {
		ext := filepath.Ext(d.Name())
		if d.IsDir() || (ext != ".md" && ext != ".json") || d.Name() == markdown.IndexFile || strings.HasPrefix(d.Name(), ".") {
			continue
		}
		name := filepath.Join(path, d.Name())
		info, err := os.Stat(name) // follows a link, as reading would
		if err != nil {
			return nil, err
		}
		if !info.Mode().IsRegular() {
			// Reading a named pipe would wait for a writer for ever.
			warn(fmt.Sprintf("skipped %s: not a regular file", name))
			continue
		}
		if total += info.Size(); total > maxImport {
			return nil, fmt.Errorf("%s: the folder holds more than %s: import at most that much at a time", path, sizeName(maxImport))
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		got, err := parseItems(name, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, got...)
	}
	return items, errors.Join(errs...)
}

// importable refuses a file import cannot or should not read whole: a pipe, a device, or one
// larger than limit bytes.
func importable(name string, info fs.FileInfo, limit int64) error {
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file: to import from a pipe, use quango import - < %s", name, name)
	}
	if info.Size() > limit {
		return fmt.Errorf("%s is %s: import at most %s at a time", name, sizeName(info.Size()), sizeName(maxImport))
	}
	return nil
}

// sizeName spells a size in bytes for a message.
func sizeName(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

// parseItems reads one file in any of the formats import accepts.
func parseItems(name string, data []byte) ([]store.Item, error) {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\ufeff")))
	if len(trimmed) > 0 && (trimmed[0] == '[' || trimmed[0] == '{') {
		return parseJSON(name, trimmed)
	}
	e, err := seed.Parse(name, data)
	if err != nil {
		return nil, err
	}
	item := store.Item{Entry: e, Name: name}
	if strings.HasPrefix(e.Summary, "# ") {
		// A note written by export: the text is rendered Markdown, not the entry's own.
		item.Entry.Summary, item.Entry.History, item.Notes = parseExportBody(e.Summary + "\n\n" + e.History)
	}
	return []store.Item{item}, nil
}

// parseJSON reads what list --json (an array) or show --json (one object) prints.
func parseJSON(name string, data []byte) ([]store.Item, error) {
	src, err := jsonItems(name, bytes.NewReader(data), data[0], func() error { return nil })
	if err != nil {
		return nil, err
	}
	var items []store.Item
	for it, err := range src.items {
		if err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, nil
}

// jsonItems decodes what list --json (an array) or show --json (one object) prints, an entry at
// a time. The array's opening is read at once, so an empty one is known before anything is
// opened for writing.
func jsonItems(name string, r io.Reader, first byte, closer func() error) (*itemSource, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	bad := func(err error) error {
		switch {
		case errors.Is(err, errTooBig):
			return err
		case err == io.EOF:
			err = io.ErrUnexpectedEOF
		}
		return fmt.Errorf("%s: not the JSON that list --json prints: %w", name, err)
	}
	// One value per file: "[A][B]" or a value followed by anything would be silently cut short.
	end := func() error {
		if _, err := dec.Token(); err != io.EOF {
			if errors.Is(err, errTooBig) {
				return err
			}
			return fmt.Errorf("%s: not the JSON that list --json prints: more follows the value, at byte %d", name, dec.InputOffset())
		}
		return nil
	}
	src := &itemSource{close: closer}
	if first == '{' {
		// One object: show --json.
		var one store.Entry
		if err := dec.Decode(&one); err != nil {
			return nil, bad(err)
		}
		if err := end(); err != nil {
			return nil, err
		}
		src := sliceItems([]store.Item{jsonItem(name, one)})
		src.close = closer
		return src, nil
	}
	if _, err := dec.Token(); err != nil {
		return nil, bad(err)
	}
	if !dec.More() {
		if _, err := dec.Token(); err != nil {
			return nil, bad(err)
		}
		if err := end(); err != nil {
			return nil, err
		}
		src.empty = true
		src.items = func(func(store.Item, error) bool) {}
		return src, nil
	}
	src.items = func(yield func(store.Item, error) bool) {
		for i := 0; dec.More(); i++ {
			var je store.Entry
			if err := dec.Decode(&je); err != nil {
				yield(store.Item{}, bad(err))
				return
			}
			if !yield(jsonItem(fmt.Sprintf("%s[%d]", name, i), je), nil) {
				return
			}
		}
		if _, err := dec.Token(); err != nil {
			yield(store.Item{}, bad(err))
			return
		}
		if err := end(); err != nil {
			yield(store.Item{}, err)
		}
	}
	return src, nil
}

// jsonItem is an entry as list --json prints it, to import.
func jsonItem(name string, je store.Entry) store.Item {
	e := seed.Entry{
		Slug: je.Slug, Acronym: je.Acronym, Name: je.Name, Aliases: je.Aliases, Nation: je.Nation, Kind: je.Kind, Start: je.Start,
		Approximate: je.Approximate, Fate: je.Fate, FateNote: je.FateNote, EndAnnounced: je.EndAnnounced,
		Tags: je.Tags, Sources: je.Sources, Events: je.Events, Cost: je.Cost, Summary: je.Summary, History: je.History,
	}
	if je.End != nil {
		e.End = *je.End
	}
	if je.Parent != nil {
		e.Parent = *je.Parent
	}
	for _, l := range je.Successors {
		e.Relations = append(e.Relations, seed.Relation{Type: l.Relation, To: l.Slug, Date: l.Date, Note: l.Note})
	}
	return store.Item{Entry: e, Name: name, Notes: je.Notes, Hidden: je.Hidden}
}

// parseExportBody recovers an entry's summary, history and notes from a note export wrote:
// a heading, the list of facts, the text's paragraphs, then sections (Events, Cost, Sources,
// Notes) and the version line. The structured fields come from the front matter.
func parseExportBody(body string) (summary, history string, notes []store.Note) {
	var paras []string
	section := ""
	for i, block := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n\n") {
		block = strings.TrimSpace(block)
		switch {
		case block == "" || i == 0 && strings.HasPrefix(block, "# "):
		case strings.HasPrefix(block, "## "):
			section = strings.TrimPrefix(block, "## ")
		case section == "" && strings.HasPrefix(block, "- **"):
		case strings.HasPrefix(block, "*From the quango catalogue"), block == "*"+markdown.OwnEntry+"*":
		case section == "":
			paras = append(paras, unescape(block))
		case section == "Notes":
			for line := range strings.Lines(block) {
				line = strings.TrimPrefix(strings.TrimSpace(line), "- ")
				date, text, ok := strings.Cut(line, " — ")
				if ok {
					// Notes are dated as people read them; the store keeps ISO dates.
					date = unescape(date)
					if d, err := seed.ParseHuman(date); err == nil {
						date = d.String()
					}
					text, author := markdown.NoteAuthor(text)
					notes = append(notes, store.Note{Date: date, Text: unescape(text), Author: unescape(author)})
				}
			}
		}
	}
	if len(paras) == 0 {
		return "", "", notes
	}
	return paras[0], strings.Join(paras[1:], "\n\n"), notes
}

// unescape undoes markdown.Inline's backslashes.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\\`*_[]<>|~&!#+-=.)", s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// problemsError turns the store's validation problems, or the errors of several files, into one
// error that the error handler prints one problem a line, the first few only.
func problemsError(err error) error {
	var ps seed.Problems
	if errors.As(err, &ps) {
		lines := make([]string, len(ps))
		for i, p := range ps {
			lines[i] = p.Error()
		}
		slices.Sort(lines)
		return &linesError{head: "nothing was written", lines: slices.Compact(lines)}
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var lines []string
		for _, e := range joined.Unwrap() {
			lines = append(lines, strings.Split(e.Error(), "\n")...)
		}
		return &linesError{head: "nothing was written", lines: lines}
	}
	return err
}
