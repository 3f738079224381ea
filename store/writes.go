package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"quango/seed"
	"quango/store/atomicfile"
)

// The writes a user makes to their layer: import, add, update, bury, note, remove and unhide.
// Each runs through write (layer.go), which validates what it touched and rederives those rows.

// Item is one entry to import, with the notes and hidden flag that came with it.
type Item struct {
	Entry  seed.Entry
	Name   string // where it came from, for problems ("file.md", "list.json[3]")
	Notes  []Note
	Hidden bool
}

// Change says what an import did, or would do, to one entry.
type Change struct {
	Slug   string
	Added  bool
	Fields []string // the fields that change, for an existing entry
	Notes  int      // notes added
	Hidden bool     // the entry becomes hidden
}

// Compiled on first use, not while every command starts.
var slugPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`) })

func seedSlug(slug string) bool { return slugPattern().MatchString(slug) }

// keepRelationNotes fills relation notes that an export format leaves out from the entry's
// current relations, so re-importing an export does not look like an edit.
func keepRelationNotes(n *seed.Entry, cur seed.Entry) {
	for i, r := range n.Relations {
		if r.Note != "" {
			continue
		}
		for _, c := range cur.Relations {
			if c.Type == r.Type && c.To == r.To {
				n.Relations[i].Note = c.Note
			}
		}
	}
}

func addNotes(ctx context.Context, tx *sql.Tx, slug string, notes []Note) (int, error) {
	added := 0
	for _, n := range notes {
		text := strings.TrimSpace(n.Text)
		if text == "" {
			continue
		}
		if err := seed.CheckText(text, seed.MaxNote, false); err != nil {
			return 0, seed.Problems{{File: slug, Field: "note", Msg: err.Error()}}
		}
		date := n.Date
		if date == "" {
			date = Today()
		}
		if _, err := seed.ParseDate(date); err != nil {
			return 0, fmt.Errorf("%s: note: %w", slug, err)
		}
		var exists bool
		if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM notes WHERE slug = ? AND created = ? AND text = ?)",
			slug, date, text).Scan(&exists); err != nil {
			return 0, err
		}
		if exists {
			continue
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO notes (slug, created, text, author) VALUES (?, ?, ?, ?)", slug, date, text, n.Author); err != nil {
			return 0, err
		}
		added++
	}
	return added, nil
}

func setHidden(ctx context.Context, tx *sql.Tx, layer map[string]*layerRow, slug string, hidden bool) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO user_entries (slug, origin, data, hidden, updated) VALUES (?, 'builtin', '{}', ?, ?)
		ON CONFLICT (slug) DO UPDATE SET hidden = excluded.hidden, updated = excluded.updated`, slug, hidden, now()); err != nil {
		return err
	}
	if r := layer[slug]; r != nil {
		r.hidden = hidden
	} else {
		layer[slug] = &layerRow{origin: OriginBuiltin, data: map[string]json.RawMessage{}, hidden: hidden}
	}
	return nil
}

// SlugTakenError means an entry to add has a slug already in the database.
type SlugTakenError struct{ Slug string }

func (e *SlugTakenError) Error() string {
	return fmt.Sprintf("the slug %q is already used; choose another, or change that entry with quango edit", e.Slug)
}

// Add adds a new entry of the user's, with an optional first note.
func (s *Store) Add(ctx context.Context, e seed.Entry, note string) error {
	return s.write(ctx, false, true, func(tx *sql.Tx, layer map[string]*layerRow) (map[string]string, error) {
		if _, exists, err := s.current(layer, e.Slug); err != nil || exists {
			if err == nil {
				err = &SlugTakenError{e.Slug}
			}
			return nil, err
		}
		name := e.File
		if name == "" {
			name = e.Slug
		}
		if err := s.put(ctx, tx, layer, e); err != nil {
			return nil, err
		}
		if _, err := addNotes(ctx, tx, e.Slug, []Note{{Text: note}}); err != nil {
			return nil, err
		}
		return map[string]string{e.Slug: name}, nil
	})
}

// Update replaces an existing entry with e as the user's edit; it returns the fields that
// changed, or ErrNoChange.
func (s *Store) Update(ctx context.Context, e seed.Entry) ([]string, error) {
	var changed []string
	err := s.write(ctx, false, true, func(tx *sql.Tx, layer map[string]*layerRow) (map[string]string, error) {
		cur, exists, err := s.current(layer, e.Slug)
		if err != nil {
			return nil, err
		}
		if !exists {
			return nil, &NotFoundError{Query: e.Slug}
		}
		keepRelationNotes(&e, cur)
		changed = slices.Sorted(maps.Keys(diff(e, cur)))
		if len(changed) == 0 {
			return nil, ErrNoChange
		}
		name := e.File
		if name == "" {
			name = e.Slug
		}
		return map[string]string{e.Slug: name}, s.put(ctx, tx, layer, e)
	})
	return changed, err
}

// Source is an entry as the user's layer makes it, in the catalogue's file form (no lineage
// resolved): what `quango edit` opens.
func (s *Store) Source(ctx context.Context, slug string) (seed.Entry, error) {
	layer, err := readLayerWhere(ctx, s.db, "slug = ?", slug)
	if err != nil {
		return seed.Entry{}, err
	}
	e, ok, err := s.current(layer, slug)
	if err != nil {
		return seed.Entry{}, err
	}
	if !ok {
		return seed.Entry{}, &NotFoundError{Query: slug}
	}
	return e, nil
}

// Slugs lists every slug in the database, hidden entries included, sorted.
func (s *Store) Slugs(ctx context.Context) ([]string, error) {
	var out []string
	if err := queryStrings(ctx, s.db, &out, "SELECT slug FROM entries ORDER BY slug"); err != nil {
		return nil, err
	}
	return out, nil
}

// Burial is how an entry ended, as `quango bury` and the explorer's bury form record it.
type Burial struct {
	End      string // the date it ended
	Fate     string // how: one of seed.Fates other than active
	Into     string // optional slug of what it led to
	Relation string // the relation to Into; empty chooses one from the fate
	Note     string // optional note, also kept as the fate note when there is none
	Source   string // optional URL stating the end
	Author   string // who buried it, when not the database's owner (see Note.Author)
}

// RelationForFate is the relation a burial records to what came next, by fate.
func RelationForFate(fate string) string {
	switch fate {
	case "renamed":
		return "renamed_to"
	case "merged":
		return "merged_into"
	case "replaced":
		return "replaced_by"
	case "abolished", "closed":
		return "absorbed_by"
	}
	return "succeeded_by"
}

// Bury records an entry's end as the user's edit: end date, fate, what it led to, a source,
// and a dated note.
func (s *Store) Bury(ctx context.Context, slug string, b Burial) error {
	today := s.today()
	if b.Fate == "active" {
		return fmt.Errorf("fate %q is not an end: want one of %s", b.Fate, strings.Join(seed.Fates[1:], ", "))
	}
	return s.write(ctx, false, true, func(tx *sql.Tx, layer map[string]*layerRow) (map[string]string, error) {
		e, exists, err := s.current(layer, slug)
		if err != nil {
			return nil, err
		}
		if !exists {
			return nil, &NotFoundError{Query: slug}
		}
		if due, err := seed.ParseDate(b.End); err == nil && due.Earliest().After(today) {
			// Not dead yet: an end decided for a later date is an announced end, as the
			// catalogue records one (FORMAT.md), with an event for the date it is due.
			if e.Fate != "active" {
				return nil, fmt.Errorf("%s already ended (%s %s); an end after today is only for a living entry", slug, e.Fate, e.End)
			}
			e.EndAnnounced = today.Format("2006-01-02")
			e.Events = append(slices.Clone(e.Events), seed.Event{Date: b.End, Text: dueText(b)})
			if note := oneLine(b.Note); note != "" {
				e.FateNote = note
			}
		} else {
			e.End, e.Fate, e.EndAnnounced = b.End, b.Fate, ""
			// The fate note the entry had (the catalogue's, often the best line on it) stays
			// unless the user wrote another.
			if note := oneLine(b.Note); note != "" || e.FateNote == "" {
				e.FateNote = FateNote(b)
			}
		}
		if b.Into != "" && e.Fate != "active" {
			rel := RelationForFateOr(b)
			e.Relations = slices.DeleteFunc(slices.Clone(e.Relations), func(r seed.Relation) bool { return r.To == b.Into })
			e.Relations = append(e.Relations, seed.Relation{Type: rel, To: b.Into, Date: b.End})
		}
		if b.Source != "" && !slices.ContainsFunc(e.Sources, func(src seed.Source) bool { return src.URL == b.Source }) {
			e.Sources = append(e.Sources, seed.Source{Title: "Source for its end (" + b.End + ")", URL: b.Source, Date: b.End})
		}
		if err := s.put(ctx, tx, layer, e); err != nil {
			return nil, err
		}
		note := Note{Text: b.Note, Author: b.Author}
		if note.Author != "" && strings.TrimSpace(note.Text) == "" {
			note.Text = "Buried: " + e.FateNote // so the note says who buried it
		}
		if _, err := addNotes(ctx, tx, slug, []Note{note}); err != nil {
			return nil, err
		}
		return map[string]string{slug: slug}, nil
	})
}

// dueText is the event an announced end leaves on its due date.
func dueText(b Burial) string {
	t := "Due to be " + b.Fate
	if b.Into != "" {
		t += " (" + strings.ReplaceAll(RelationForFateOr(b), "_", " ") + " " + b.Into + ")"
	}
	return t + "."
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// FateNote is the one line a burial leaves as the entry's fate note: its note, else what happened.
func FateNote(b Burial) string {
	if note := strings.Join(strings.Fields(b.Note), " "); note != "" {
		return note
	}
	what := b.Fate
	if b.Fate != "" {
		what = strings.ToUpper(b.Fate[:1]) + b.Fate[1:]
	}
	if b.Into != "" {
		return fmt.Sprintf("%s on %s (%s %s).", what, b.End, strings.ReplaceAll(RelationForFateOr(b), "_", " "), b.Into)
	}
	return fmt.Sprintf("%s on %s.", what, b.End)
}

// RelationForFateOr is b.Relation, or the relation its fate implies.
func RelationForFateOr(b Burial) string {
	if b.Relation != "" {
		return b.Relation
	}
	return RelationForFate(b.Fate)
}

// AddNote attaches a note dated today to an entry.
func (s *Store) AddNote(ctx context.Context, slug, text string) error {
	return s.AddNoteAs(ctx, slug, text, "")
}

// AddNoteAs is AddNote with the note's author (see Note.Author).
func (s *Store) AddNoteAs(ctx context.Context, slug, text, author string) error {
	if strings.TrimSpace(text) == "" {
		return errors.New("the note is empty")
	}
	text = strings.TrimSpace(text)
	if err := seed.CheckText(text, seed.MaxNote, false); err != nil {
		return seed.Problems{{File: slug, Field: "note", Msg: err.Error()}}
	}
	return s.write(ctx, false, false, func(tx *sql.Tx, layer map[string]*layerRow) (map[string]string, error) {
		var exists bool
		if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM entries WHERE slug = ?)", slug).Scan(&exists); err != nil {
			return nil, err
		}
		if !exists {
			return nil, &NotFoundError{Query: slug}
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO notes (slug, created, text, author) VALUES (?, ?, ?, ?)", slug, Today(), text, author)
		return nil, err
	})
}

// Remove deletes a user's entry (with its notes), or hides a built-in one, which Unhide brings
// back. It reports whether the entry was hidden rather than deleted.
func (s *Store) Remove(ctx context.Context, slug string) (hidden bool, err error) {
	err = s.write(ctx, false, true, func(tx *sql.Tx, layer map[string]*layerRow) (map[string]string, error) {
		if _, ok := s.pristine(slug); ok && (layer[slug] == nil || layer[slug].origin == OriginBuiltin) {
			hidden = true
			return nil, setHidden(ctx, tx, layer, slug, true)
		}
		if r := layer[slug]; r == nil || r.origin != OriginUser {
			return nil, &NotFoundError{Query: slug}
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM user_entries WHERE slug = ?", slug); err != nil {
			return nil, err
		}
		delete(layer, slug)
		_, err := tx.ExecContext(ctx, "DELETE FROM notes WHERE slug = ?", slug)
		return nil, err
	})
	return hidden, err
}

// Unhide shows a hidden entry again.
func (s *Store) Unhide(ctx context.Context, slug string) error {
	return s.write(ctx, false, true, func(tx *sql.Tx, layer map[string]*layerRow) (map[string]string, error) {
		if r := layer[slug]; r == nil || !r.hidden {
			return nil, fmt.Errorf("%s is not hidden", slug)
		}
		return nil, setHidden(ctx, tx, layer, slug, false)
	})
}

// Backup writes a consistent copy of the database to path with VACUUM INTO, through a
// temporary file beside it, so a failed backup leaves no half file. An existing file is
// replaced only with force.
func (s *Store) Backup(ctx context.Context, path string, force bool) error {
	if info, err := os.Stat(path); err == nil {
		if info.IsDir() {
			return fmt.Errorf("%s is a folder; name a file", path)
		}
		if !force {
			return fmt.Errorf("%s exists; use --force to replace it", path)
		}
	}
	// VACUUM INTO fills an empty file: made by atomicfile, it gets the umask's permissions, and
	// is synced before it takes the name.
	tmp, err := atomicfile.New(path, 0)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		// The temporary file's name means nothing to the user; the folder does.
		return fmt.Errorf("cannot write a backup in folder %s: %w", filepath.Dir(path), pe.Err)
	}
	if err != nil {
		return err
	}
	defer tmp.Cleanup()
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", tmp.Name()); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return tmp.Commit(true)
}

// today is the date a burial is compared with: an end after it is announced, not done.
func (s *Store) today() time.Time {
	t := time.Now()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
