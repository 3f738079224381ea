package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"modernc.org/sqlite"

	"quango/seed"
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
	add := func(slug string) error {
		e, m, ok, err := s.derived(layer[slug], slug)
		if ok {
			out = append(out, e)
			meta[slug] = m
		}
		return err
	}
	for _, b := range builtins {
		if row := layer[b.Slug]; row == nil || row.origin == OriginBuiltin {
			if err := add(b.Slug); err != nil {
				return nil, nil, err
			}
		}
	}
	for slug, row := range layer {
		if row.origin == OriginUser {
			if err := add(slug); err != nil {
				return nil, nil, err
			}
		}
	}
	slices.SortFunc(out, func(a, b seed.Entry) int { return strings.Compare(a.Slug, b.Slug) })
	return out, meta, nil
}

// derived is the effective entry with this slug as its row of the user's layer (nil: none)
// makes it, what its rows say about it, and whether it exists: effective for one entry. The
// built-in catalogue has been read (see pristine).
func (s *Store) derived(row *layerRow, slug string) (seed.Entry, rowMeta, bool, error) {
	base, builtin := s.pristine(slug)
	switch {
	case row != nil && row.origin == OriginUser:
		e, err := apply(seed.Entry{}, row.data)
		e.Slug = slug
		return e, rowMeta{hidden: row.hidden}, err == nil, err
	case !builtin:
		return seed.Entry{}, rowMeta{}, false, nil
	case row == nil:
		return base, rowMeta{builtin: true}, true, nil
	}
	e, err := apply(base, row.data)
	if err != nil {
		return seed.Entry{}, rowMeta{}, false, err
	}
	// A field the catalogue has since come to agree with is no longer the user's own.
	edited := slices.Sorted(maps.Keys(diff(e, base)))
	return e, rowMeta{builtin: true, hidden: row.hidden, edited: edited}, true, nil
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
	return s.writeError(s.writeTx(ctx, dryRun, rederive, change))
}

// writeError says which file a write failed on and what to do, when SQLite failed it: a full
// disk, a failing one, a file made read-only meanwhile. The transaction was rolled back.
func (s *Store) writeError(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
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
	if _, err := s.builtinEntries(); err != nil {
		return seed.Entry{}, false, err
	}
	e, _, ok, err := s.derived(layer[slug], slug)
	return e, ok, err
}

// pristine is the built-in version of an entry. Its callers have read the built-in catalogue
// first, which reports one that cannot be read.
func (s *Store) pristine(slug string) (seed.Entry, bool) {
	builtins, _ := s.builtinEntries()
	i, ok := s.builtinAt[slug]
	if !ok {
		return seed.Entry{}, false
	}
	return builtins[i], true
}

// put stores n as the user's version of its entry: a user entry whole, or a built-in entry's
// fields that differ from the catalogue.
func (s *Store) put(ctx context.Context, tx *sql.Tx, layer map[string]*layerRow, n seed.Entry) error {
	r, data := s.layerRowFor(n, layer[n.Slug])
	if _, err := tx.ExecContext(ctx, upsertLayer, n.Slug, r.origin, string(data), r.hidden, now()); err != nil {
		return err
	}
	layer[n.Slug] = r
	return nil
}

// upsertLayer stores a slug's row of the user's layer (slug, origin, data, hidden, updated),
// keeping a row's hidden flag.
const (
	upsertLayerHead = `INSERT INTO user_entries (slug, origin, data, hidden, updated) VALUES `
	upsertLayerTail = `
	ON CONFLICT (slug) DO UPDATE SET origin = excluded.origin, data = excluded.data, updated = excluded.updated`
	upsertLayer = upsertLayerHead + "(?, ?, ?, ?, ?)" + upsertLayerTail
)

// layerRowFor is the row that stores n as the user's version of its entry, replacing row (nil:
// none), with its data as JSON.
func (s *Store) layerRowFor(n seed.Entry, row *layerRow) (*layerRow, []byte) {
	n.File = ""
	base, builtin := s.pristine(n.Slug)
	origin := OriginUser
	var data map[string]json.RawMessage
	if builtin && (row == nil || row.origin == OriginBuiltin) {
		origin, data = OriginBuiltin, diff(n, base)
	} else {
		data = fields(n)
		delete(data, "slug")
	}
	b, _ := json.Marshal(data)
	return &layerRow{origin: origin, data: data, hidden: row != nil && row.hidden}, b
}

// now is the timestamp of a write; tests need not see it.
func now() string { return time.Now().UTC().Format(time.RFC3339) }

// Today is the date a note is written on.
func Today() string { return time.Now().Format("2006-01-02") }
