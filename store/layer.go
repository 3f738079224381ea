package store

import (
	"bytes"
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
	"time"

	"modernc.org/sqlite"

	"quango/seed"
	"quango/store/atomicfile"
)

// Where an entry comes from: the catalogue shipped with quango, or the user.
const (
	OriginBuiltin = "builtin"
	OriginUser    = "user"
)

// Note is a dated remark the user attached to an entry.
type Note struct {
	ID   int64  `json:"-"`
	Date string `json:"date"` // YYYY-MM-DD
	Text string `json:"text"`
	// Author is who wrote it when that was not the database's owner: over quango serve, the SSH
	// key's comment or fingerprint. JSON has null for the owner's own notes.
	Author string `json:"author"`
}

// MarshalJSON writes an empty author as null, as the JSON contract has every absent value.
func (n Note) MarshalJSON() ([]byte, error) {
	type note struct {
		Date   string  `json:"date"`
		Text   string  `json:"text"`
		Author *string `json:"author"`
	}
	out := note{Date: n.Date, Text: n.Text}
	if n.Author != "" {
		out.Author = &n.Author
	}
	return json.Marshal(out)
}

// layerRow is one row of user_entries: a user's entry whole, or the fields changed on a built-in.
type layerRow struct {
	origin string
	data   map[string]json.RawMessage
	hidden bool
}

type querier interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

func readLayer(ctx context.Context, q querier) (map[string]*layerRow, error) {
	return readLayerWhere(ctx, q, "TRUE")
}

// readLayerWhere reads the rows of the user's layer that where (an SQL condition) selects.
func readLayerWhere(ctx context.Context, q querier, where string, args ...any) (map[string]*layerRow, error) {
	rows, err := q.QueryContext(rawText(ctx), "SELECT slug, origin, data, hidden FROM user_entries WHERE "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	layer := map[string]*layerRow{}
	for rows.Next() {
		var slug, data string
		r := &layerRow{}
		if err := rows.Scan(&slug, &r.origin, &data, &r.hidden); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(data), &r.data); err != nil {
			return nil, fmt.Errorf("%s: the stored user entry is damaged: %w", slug, err)
		}
		if r.data == nil {
			r.data = map[string]json.RawMessage{}
		}
		layer[slug] = r
	}
	return layer, rows.Err()
}

// fields is an entry as a map of its JSON fields, with zero values left out, so a missing field,
// null, "" and [] all mean the same and compare equal.
func fields(e seed.Entry) map[string]json.RawMessage {
	b, err := json.Marshal(e)
	if err != nil {
		panic(err) // seed.Entry holds only strings, numbers, bools and slices of them
	}
	var m map[string]json.RawMessage
	json.Unmarshal(b, &m)
	// Tags are a set: the database returns them sorted, whatever order a file gave.
	if len(e.Tags) > 0 {
		m["tags"], _ = json.Marshal(slices.Sorted(slices.Values(e.Tags)))
	}
	for k, v := range m {
		switch string(v) {
		case "null", `""`, "[]", "false", "{}":
			delete(m, k)
		}
	}
	return m
}

// textFields are compared with their white space folded: an export re-wraps text.
var textFields = map[string]bool{"name": true, "fate_note": true, "summary": true, "history": true}

func sameField(k string, a, b json.RawMessage) bool {
	if bytes.Equal(a, b) {
		return true
	}
	if textFields[k] {
		var x, y string
		if json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil {
			return strings.Join(strings.Fields(x), " ") == strings.Join(strings.Fields(y), " ")
		}
	}
	return false
}

// diff returns the fields of n that differ from base (null where n leaves one out).
func diff(n, base seed.Entry) map[string]json.RawMessage {
	nf, bf := fields(n), fields(base)
	out := map[string]json.RawMessage{}
	for k, v := range nf {
		if !sameField(k, v, bf[k]) {
			out[k] = v
		}
	}
	for k := range bf {
		if _, ok := nf[k]; !ok {
			out[k] = json.RawMessage("null")
		}
	}
	return out
}

// apply lays changed fields over an entry.
func apply(base seed.Entry, over map[string]json.RawMessage) (seed.Entry, error) {
	m := fields(base)
	for k, v := range over {
		if string(v) == "null" {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	b, _ := json.Marshal(m)
	var e seed.Entry
	if err := json.Unmarshal(b, &e); err != nil {
		return seed.Entry{}, fmt.Errorf("%s: the stored edit is damaged: %w", base.Slug, err)
	}
	return e, nil
}

// effective derives the catalogue the user sees from the built-in entries and the user's layer:
// a user's entry wins over a built-in one of the same slug; a built-in one carries the user's
// changed fields. It returns the entries sorted by slug and what the rows say about each.
func (s *Store) effective(layer map[string]*layerRow) ([]seed.Entry, map[string]rowMeta, error) {
	builtins, err := s.builtinEntries()
	if err != nil {
		return nil, nil, err
	}
	var out []seed.Entry
	meta := map[string]rowMeta{}
	for _, b := range builtins {
		row := layer[b.Slug]
		switch {
		case row == nil:
			out = append(out, b)
			meta[b.Slug] = rowMeta{builtin: true}
		case row.origin == OriginBuiltin:
			e, err := apply(b, row.data)
			if err != nil {
				return nil, nil, err
			}
			// A field the catalogue has since come to agree with is no longer the user's own.
			edited := slices.Sorted(maps.Keys(diff(e, b)))
			out = append(out, e)
			meta[b.Slug] = rowMeta{builtin: true, hidden: row.hidden, edited: edited}
		}
	}
	for slug, row := range layer {
		if row.origin != OriginUser {
			continue
		}
		e, err := apply(seed.Entry{}, row.data)
		if err != nil {
			return nil, nil, err
		}
		e.Slug = slug
		out = append(out, e)
		meta[slug] = rowMeta{hidden: row.hidden}
	}
	slices.SortFunc(out, func(a, b seed.Entry) int { return strings.Compare(a.Slug, b.Slug) })
	return out, meta, nil
}

// derive writes the effective rows again from the built-in catalogue and the user's layer, all
// of them: loading a new catalogue does this.
func (s *Store) derive(ctx context.Context, tx *sql.Tx) error {
	layer, err := readLayer(ctx, tx)
	if err != nil {
		return err
	}
	entries, meta, err := s.effective(layer)
	if err != nil {
		return err
	}
	return writeRows(ctx, tx, entries, meta, nil)
}

// writeRows writes the rows of the effective entries: every row when only is nil, else those of
// the slugs in only, deleting the rows of any of them that no longer exists. A relation or parent
// whose entry does not exist (a catalogue update dropped it, or the user removed it) is left out
// of the rows but kept in the layer.
func writeRows(ctx context.Context, tx *sql.Tx, entries []seed.Entry, meta map[string]rowMeta, only map[string]bool) error {
	exists := make(map[string]bool, len(entries))
	for _, e := range entries {
		exists[e.Slug] = true
	}
	var rows []seed.Entry
	for _, e := range entries {
		if only != nil && !only[e.Slug] {
			continue
		}
		if e.Parent != "" && !exists[e.Parent] {
			e.Parent = ""
		}
		e.Relations = slices.DeleteFunc(slices.Clone(e.Relations), func(r seed.Relation) bool { return !exists[r.To] })
		rows = append(rows, e)
	}
	if only == nil {
		// The other tables' rows go with their entry; the full-text index is rebuilt from entries.
		if _, err := tx.ExecContext(ctx, "DELETE FROM entries"); err != nil {
			return err
		}
		if err := insertEntries(ctx, tx, rows, meta); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')`); err != nil {
			return fmt.Errorf("text index: %w", err)
		}
		return nil
	}
	// The rows are deleted and inserted again (the rebuilt tables refuse an UPDATE): deleting a
	// row takes other entries' relations to it and their parent with it, so only holds those
	// entries too (see rewritten). The full-text index has no text of its own: its entries for
	// these rows are taken out before the rows go and put back after.
	slugs := jsonArray(slices.Sorted(maps.Keys(only)))
	for _, q := range []string{
		`INSERT INTO entries_fts (entries_fts, rowid, slug, summary, history)
			SELECT 'delete', rowid, slug, summary, history FROM entries WHERE slug IN (SELECT value FROM json_each(?1))`,
		"DELETE FROM entries WHERE slug IN (SELECT value FROM json_each(?1))",
	} {
		if _, err := tx.ExecContext(ctx, q, slugs); err != nil {
			return err
		}
	}
	if err := insertEntries(ctx, tx, rows, meta); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO entries_fts (rowid, slug, summary, history)
		SELECT rowid, slug, summary, history FROM entries WHERE slug IN (SELECT value FROM json_each(?1))`, slugs); err != nil {
		return fmt.Errorf("text index: %w", err)
	}
	return nil
}

// rowState is what a write may change of a slug's row in the user's layer.
type rowState struct {
	row    *layerRow
	hidden bool
}

func snapshot(layer map[string]*layerRow) map[string]rowState {
	out := make(map[string]rowState, len(layer))
	for slug, r := range layer {
		out[slug] = rowState{r, r.hidden}
	}
	return out
}

// rewritten is which entries' rows a write must write again: those it touched, those whose
// layer row it replaced, hid, showed or deleted (put gives a slug a new row, setHidden flips one,
// Remove deletes one, none of which reports a touch), and every entry whose parent or relations
// lead to one of them, directly or through others: their rows are deleted and inserted again,
// which takes the links to them out of the rows of the entries that link to them.
func rewritten(before map[string]rowState, layer map[string]*layerRow, touched map[string]string, entries []seed.Entry) map[string]bool {
	out := map[string]bool{}
	var next []string
	mark := func(slug string) {
		if !out[slug] {
			out[slug] = true
			next = append(next, slug)
		}
	}
	for slug := range touched {
		mark(slug)
	}
	for slug, r := range layer {
		if b, ok := before[slug]; !ok || b.row != r || b.hidden != r.hidden {
			mark(slug)
		}
	}
	for slug := range before {
		if layer[slug] == nil {
			mark(slug)
		}
	}
	if len(next) == 0 {
		return out
	}
	linkers := map[string][]string{} // slug → the entries whose parent or relations name it
	for _, e := range entries {
		if e.Parent != "" {
			linkers[e.Parent] = append(linkers[e.Parent], e.Slug)
		}
		for _, r := range e.Relations {
			linkers[r.To] = append(linkers[r.To], e.Slug)
		}
	}
	for len(next) > 0 {
		slug := next[len(next)-1]
		next = next[:len(next)-1]
		for _, l := range linkers[slug] {
			mark(l)
		}
	}
	return out
}

func bumpGeneration(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('generation', '1')
		ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`)
	return err
}

// Generation counts the writes to the database, by any process: a change means the rows moved.
func (s *Store) Generation(ctx context.Context) (int64, error) {
	var g int64
	err := s.db.QueryRowContext(ctx, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'").Scan(&g)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return g, err
}

// Refresh picks up writes made since this store last looked (by another process, say: a CLI
// write while the explorer is open). It reports whether anything changed; when it did, the
// caller should list again.
func (s *Store) Refresh(ctx context.Context) (bool, error) {
	g, err := s.Generation(ctx)
	if err != nil {
		return false, err
	}
	s.genMu.Lock()
	changed := g != s.gen
	s.gen = g
	s.genMu.Unlock()
	if changed {
		s.resetSearch()
	}
	return changed, nil
}

func (s *Store) resetSearch() {
	s.search.mu.Lock()
	s.search.index = nil
	s.search.mu.Unlock()
}

// ErrNoChange means a write would change nothing.
var ErrNoChange = errors.New("nothing changed")

// write runs change in one transaction, checks the result, derives the rows and commits; nothing
// is written unless all of it is. change returns the slugs it touched, mapped to the names that
// problems should be reported under (a file name, say). With dryRun the transaction is rolled
// back after the checks. rederive is false for a change that leaves the user's layer as it was
// (a note): the rows need not be derived again.
func (s *Store) write(ctx context.Context, dryRun, rederive bool, change func(tx *sql.Tx, layer map[string]*layerRow) (map[string]string, error)) error {
	err := s.writeTx(ctx, dryRun, rederive, change)
	var se *sqlite.Error
	if errors.As(err, &se) {
		// A full disk, a failing one, a file made read-only meanwhile: say which file, and what
		// to do; the transaction was rolled back.
		return fmt.Errorf("%s: %w", s.path, explain(err))
	}
	return err
}

func (s *Store) writeTx(ctx context.Context, dryRun, rederive bool, change func(tx *sql.Tx, layer map[string]*layerRow) (map[string]string, error)) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	layer, err := readLayer(ctx, tx)
	if err != nil {
		return err
	}
	before := snapshot(layer)
	touched, err := change(tx, layer)
	if err != nil {
		return err
	}
	// change keeps layer as the database now holds it: the effective catalogue is derived from it
	// once, for the checks and the rows both.
	var entries []seed.Entry
	var meta map[string]rowMeta
	if len(touched) > 0 || rederive && !dryRun {
		if entries, meta, err = s.effective(layer); err != nil {
			return err
		}
	}
	if len(touched) > 0 {
		if err := check(entries, layer, touched); err != nil {
			return err
		}
	}
	if dryRun {
		return nil
	}
	if rederive {
		if err := writeRows(ctx, tx, entries, meta, rewritten(before, layer, touched, entries)); err != nil {
			return err
		}
	}
	if err := bumpGeneration(ctx, tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.resetSearch()
	s.Refresh(ctx) // our own write is not news
	return nil
}

// check validates the touched entries against the whole effective catalogue: fields, relations
// and parents that resolve to any entry in the database, and no lineage cycle. Only the touched
// entries and those their parents and relations lead to are validated, the rest named as known
// slugs: a cycle a write makes runs through an entry it touched, so a one-entry write costs its
// lineage, not the catalogue.
func check(effective []seed.Entry, layer map[string]*layerRow, touched map[string]string) error {
	at := make(map[string]int, len(effective))
	for i, e := range effective {
		at[e.Slug] = i
	}
	reached := map[string]bool{}
	var next []string
	for slug := range touched {
		next = append(next, slug)
	}
	for len(next) > 0 {
		slug := next[len(next)-1]
		next = next[:len(next)-1]
		i, ok := at[slug]
		if !ok || reached[slug] {
			continue
		}
		reached[slug] = true
		if e := &effective[i]; e.Parent != "" {
			next = append(next, e.Parent)
		}
		for _, r := range effective[i].Relations {
			next = append(next, r.To)
		}
	}
	var entries []seed.Entry
	var known []string
	for _, e := range effective {
		if !reached[e.Slug] {
			known = append(known, e.Slug)
			continue
		}
		// The validator checks a file's name against its slug: name each entry as its own file.
		e.File = e.Slug + ".md"
		entries = append(entries, e)
	}
	var mine seed.Problems
	for _, p := range seed.Validate(entries, known...) {
		slug := strings.TrimSuffix(p.File, ".md")
		name, ok := touched[slug]
		if !ok {
			continue
		}
		p.File = name
		mine = append(mine, p)
	}
	for slug, name := range touched {
		if _, present := at[slug]; !present {
			if r := layer[slug]; r == nil || r.origin != OriginUser {
				continue // removed
			}
			mine = append(mine, seed.Problem{File: name, Field: "slug", Msg: "entry missing after the write"})
		}
	}
	if len(mine) > 0 {
		return mine
	}
	return nil
}

// current is the effective entry with this slug as the user's layer makes it, and whether it
// exists: what effective derives for that slug alone.
func (s *Store) current(layer map[string]*layerRow, slug string) (seed.Entry, bool, error) {
	// As effective derives it, for this one entry: deriving them all would make a command that
	// reads every entry's source quadratic.
	if _, err := s.builtinEntries(); err != nil {
		return seed.Entry{}, false, err
	}
	row := layer[slug]
	base, builtin := s.pristine(slug)
	switch {
	case row != nil && row.origin == OriginUser:
		e, err := apply(seed.Entry{}, row.data)
		e.Slug = slug
		return e, err == nil, err
	case !builtin:
		return seed.Entry{}, false, nil
	case row == nil:
		return base, true, nil
	}
	e, err := apply(base, row.data)
	return e, err == nil, err
}

// pristine is the built-in version of an entry. Its callers have read the built-in catalogue
// first, which reports one that cannot be read.
func (s *Store) pristine(slug string) (seed.Entry, bool) {
	builtins, _ := s.builtinEntries()
	i := slices.IndexFunc(builtins, func(e seed.Entry) bool { return e.Slug == slug })
	if i < 0 {
		return seed.Entry{}, false
	}
	return builtins[i], true
}

// put stores n as the user's version of its entry: a user entry whole, or a built-in entry's
// fields that differ from the catalogue.
func (s *Store) put(ctx context.Context, tx *sql.Tx, layer map[string]*layerRow, n seed.Entry) error {
	n.File = ""
	row := layer[n.Slug]
	base, builtin := s.pristine(n.Slug)
	origin := OriginUser
	var data map[string]json.RawMessage
	if builtin && (row == nil || row.origin == OriginBuiltin) {
		origin, data = OriginBuiltin, diff(n, base)
	} else {
		data = fields(n)
		delete(data, "slug")
	}
	hidden := row != nil && row.hidden
	b, _ := json.Marshal(data)
	if _, err := tx.ExecContext(ctx, `INSERT INTO user_entries (slug, origin, data, hidden, updated) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (slug) DO UPDATE SET origin = excluded.origin, data = excluded.data, updated = excluded.updated`,
		n.Slug, origin, string(b), hidden, now()); err != nil {
		return err
	}
	layer[n.Slug] = &layerRow{origin: origin, data: data, hidden: hidden}
	return nil
}

// now is the timestamp of a write; tests need not see it.
func now() string { return time.Now().UTC().Format(time.RFC3339) }

// Today is the date a note is written on.
func Today() string { return time.Now().Format("2006-01-02") }

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

// Import adds or updates every item in one transaction, all or nothing: a new slug becomes the
// user's entry, an existing one takes the item's fields as the user's edit (fields equal to what
// is shown stay as they are). Notes not already on the entry are added. With dryRun nothing is
// written, but everything is checked.
func (s *Store) Import(ctx context.Context, items []Item, dryRun bool) ([]Change, error) {
	var changes []Change
	err := s.write(ctx, dryRun, true, func(tx *sql.Tx, layer map[string]*layerRow) (map[string]string, error) {
		changes = changes[:0]
		touched := map[string]string{}
		// The effective catalogue, derived once and kept up to date entry by entry: deriving it
		// per item would make a large import quadratic.
		entries, _, err := s.effective(layer)
		if err != nil {
			return nil, err
		}
		shown := make(map[string]seed.Entry, len(entries))
		for _, e := range entries {
			shown[e.Slug] = e
		}
		for _, it := range items {
			n := it.Entry
			name := it.Name
			if name == "" {
				name = n.Slug
			}
			if prev, dup := touched[n.Slug]; dup {
				return nil, seed.Problems{{File: name, Field: "slug", Msg: fmt.Sprintf("%q is also imported from %s", n.Slug, prev)}}
			}
			if !seedSlug(n.Slug) {
				return nil, seed.Problems{{File: name, Field: "slug", Msg: fmt.Sprintf("%q must be lower-case letters, digits and single hyphens", n.Slug)}}
			}
			touched[n.Slug] = name
			cur, exists := shown[n.Slug]
			c := Change{Slug: n.Slug, Added: !exists}
			if exists {
				keepRelationNotes(&n, cur)
				c.Fields = slices.Sorted(maps.Keys(diff(n, cur)))
			}
			if !exists || len(c.Fields) > 0 {
				if err := s.put(ctx, tx, layer, n); err != nil {
					return nil, err
				}
				shown[n.Slug] = n
			}
			if it.Hidden && (layer[n.Slug] == nil || !layer[n.Slug].hidden) {
				if err := setHidden(ctx, tx, layer, n.Slug, true); err != nil {
					return nil, err
				}
				c.Hidden = true
			}
			added, err := addNotes(ctx, tx, n.Slug, it.Notes)
			if err != nil {
				return nil, err
			}
			c.Notes = added
			changes = append(changes, c)
		}
		return touched, nil
	})
	if err != nil {
		return nil, err
	}
	return changes, nil
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func seedSlug(slug string) bool { return slugPattern.MatchString(slug) }

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
	rows, err := s.db.QueryContext(ctx, "SELECT slug FROM entries ORDER BY slug")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var slug string
		if err := rows.Scan(&slug); err != nil {
			return nil, err
		}
		out = append(out, slug)
	}
	return out, rows.Err()
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
