// Package store keeps the catalogue in SQLite: schema and migrations, loading the built-in
// catalogue, and the queries the TUI and the CLI share. It never imports the UI.
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"quango/seed"
)

// Memory is the path that opens a database that lives and dies with the process.
const Memory = ":memory:"

// Store is an open quango database.
type Store struct {
	db       *sql.DB
	path     string
	builtins Builtins
	search   searchState // Search's in-memory index, built on first use

	builtinsOnce sync.Once
	builtinsErr  error
	builtinAt    map[string]int // slug → index in builtins.Entries

	readOnly bool   // the file cannot be written: reads work, writes say why not
	onWait   func() // called when a write waits for another writer (OnWait)

	genMu sync.Mutex
	gen   int64 // the write generation this store's caches reflect (see Refresh)

	holders atomic.Int64 // holders added by Retain and not yet closed
}

// Builtins is a catalogue shipped with the binary, its version (which tells catalogues apart) and
// its release (which orders them).
type Builtins struct {
	Entries []seed.Entry
	Version string
	Release int
	// Load, when set, fills Entries the first time they are needed, so a command that finds its
	// database current never parses the catalogue (a third of a short command's time).
	Load func() ([]seed.Entry, error)
}

// ErrNewerSchema means the file was written by a newer quango; it is left untouched.
var ErrNewerSchema = errors.New("database was written by a newer quango")

// ErrNotQuango means the file exists but is not a quango database; it is left untouched.
var ErrNotQuango = errors.New("not a quango database")

// Open opens (creating if needed) the database at path, or an in-memory one for Memory, brings
// its schema up to date and loads the built-in catalogue when it is missing or out of date.
// A file that is not a quango database, or is from a newer quango, is refused without a write.
func Open(ctx context.Context, path string) (*Store, error) {
	return OpenWith(ctx, path, Builtins{Version: seed.Version(), Release: seed.Release(), Load: seed.Catalogue})
}

// builtinEntries returns the built-in catalogue, reading it on first use.
func (s *Store) builtinEntries() ([]seed.Entry, error) {
	s.builtinsOnce.Do(func() {
		if s.builtins.Load != nil {
			entries, err := s.builtins.Load()
			if err != nil {
				s.builtinsErr = fmt.Errorf("the built-in catalogue is invalid: %w", err)
				return
			}
			s.builtins.Entries = entries
		}
		s.builtinAt = make(map[string]int, len(s.builtins.Entries))
		for i, e := range s.builtins.Entries {
			s.builtinAt[e.Slug] = i
		}
	})
	return s.builtins.Entries, s.builtinsErr
}

// OpenWith is Open with another built-in catalogue: tests use small ones they can reason about.
func OpenWith(ctx context.Context, path string, builtins Builtins) (*Store, error) {
	if path == "" {
		path = Memory
	}
	readOnly := false
	if path != Memory {
		// Everything that could refuse the file is decided on a read-only connection first: no
		// journal change, no migration and no checkpoint touches a file that is then refused.
		var err error
		if readOnly, err = decide(ctx, path, builtins); err != nil {
			return nil, err
		}
	}
	s, err := openDB(ctx, path, builtins, readOnly)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, explain(err))
	}
	return s, nil
}

func openDB(ctx context.Context, path string, builtins Builtins, readOnly bool) (*Store, error) {
	// Every transaction takes the write lock when it begins (_txlock=immediate): a deferred one
	// that upgrades while another process writes fails at once in WAL mode, whatever the busy
	// timeout, whereas an immediate one waits its turn (see begin).
	dsn := fileURI(path) + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(" + busyTimeout + ")&_txlock=immediate"
	switch {
	case path == Memory:
		dsn = "file::memory:?_pragma=foreign_keys(1)&_txlock=immediate"
	case readOnly:
		dsn += "&mode=ro"
		if _, err := os.Lstat(path + "-wal"); errors.Is(err, os.ErrNotExist) {
			// Nobody can write the file either, and SQLite could not create the -wal and -shm
			// files a WAL-mode file needs beside it (decide explains).
			dsn += "&immutable=1"
		}
	}
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, err
	}
	if path == Memory {
		// Every pooled connection to :memory: is a new, empty database: keep exactly one.
		db.SetMaxOpenConns(1)
	}
	s := &Store{db: db, path: path, builtins: builtins, readOnly: readOnly}
	if !readOnly {
		if err := s.prepare(ctx); err != nil {
			db.Close()
			return nil, err
		}
	}
	s.gen, _ = s.Generation(ctx)
	return s, nil
}

func (s *Store) prepare(ctx context.Context) error {
	// One statement reads all three from one snapshot: read one at a time, another process's
	// first run could commit in between and make its new database look like a foreign one.
	var appID, version, tables int
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT application_id FROM pragma_application_id),
		(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)`).Scan(&appID, &version, &tables)
	if err != nil {
		return err
	}
	switch {
	case appID != applicationID && (tables > 0 || version > 0):
		return fmt.Errorf("%w (it is some other SQLite database)", ErrNotQuango)
	case version > len(migrations):
		return fmt.Errorf("%w (schema %d; this quango knows up to %d): upgrade quango", ErrNewerSchema, version, len(migrations))
	}
	if s.path != Memory {
		if _, err := s.db.ExecContext(ctx, "PRAGMA journal_mode=WAL"); err != nil {
			return err
		}
	}
	if err := s.migrate(ctx, version); err != nil {
		return err
	}
	return s.loadBuiltins(ctx)
}

func (s *Store) migrate(ctx context.Context, from int) error {
	for v := from; v < len(migrations); v++ {
		tx, err := s.begin(ctx)
		if err != nil {
			return err
		}
		// Another process opening the same new file may have migrated while this one waited for
		// the lock: read the version again under it.
		var now int
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&now); err != nil {
			tx.Rollback()
			return err
		}
		if now > v {
			tx.Rollback()
			if now > len(migrations) {
				return fmt.Errorf("%w (schema %d; this quango knows up to %d): upgrade quango", ErrNewerSchema, now, len(migrations))
			}
			v = now - 1
			continue
		}
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate to schema %d: %w", v+1, err)
		}
		// PRAGMAs take no parameters; both values are our own integers.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d; PRAGMA application_id = %d", v+1, applicationID)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// loadBuiltins brings the built-in rows to the binary's catalogue, in one transaction, when the
// database holds another catalogue version. The user's layer is read, never written: the
// effective rows are derived again from the new catalogue and the same layer.
func (s *Store) loadBuiltins(ctx context.Context) error {
	current := func(q interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}) (bool, error) {
		var have string
		var release int
		err := q.QueryRowContext(ctx, `SELECT coalesce(max(CASE key WHEN 'catalogue_version' THEN value END), ''),
			coalesce(max(CASE key WHEN 'catalogue_release' THEN CAST(value AS INTEGER) END), 0)
			FROM meta`).Scan(&have, &release)
		if err != nil {
			return false, err
		}
		if release > s.builtins.Release {
			// Deriving rows from this binary's older catalogue would swap the newer one out.
			return false, fmt.Errorf("%w (its built-in catalogue is release %d; this quango has release %d): upgrade quango",
				ErrNewerSchema, release, s.builtins.Release)
		}
		return have == s.builtins.Version, nil
	}
	if ok, err := current(s.db); ok || err != nil {
		return err
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if ok, err := current(tx); ok || err != nil {
		return err // another process updated it while this one waited
	}
	if err := s.derive(ctx, tx); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('catalogue_version', ?1), ('catalogue_release', ?2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, s.builtins.Version, s.builtins.Release); err != nil {
		return err
	}
	if err := bumpGeneration(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

// rowMeta is what the effective rows say about an entry beyond its catalogue fields.
type rowMeta struct {
	builtin bool
	hidden  bool
	edited  []string
}

// insertEntries writes the rows of entries, none of which may be in the database. The full-text
// index holds no text of its own (content="entries"): the caller brings it up to date.
func insertEntries(ctx context.Context, tx *sql.Tx, entries []seed.Entry, meta map[string]rowMeta) error {
	w := newRowWriter(tx)
	defer w.close()
	for _, e := range entries {
		if err := w.write(ctx, e, meta[e.Slug]); err != nil {
			return err
		}
	}
	return w.flush(ctx)
}

// rowWriter writes entries' rows many to a statement: a statement's own cost (binding, opening
// and closing cursors on the table and each index) is most of an insert's, so a large import
// pays it once for many rows. Rows are in the database only after flush.
type rowWriter struct {
	tx                                             *sql.Tx
	entry, alias, tag, nation, rel, src, ev, layer *rowTable
}

func newRowWriter(tx *sql.Tx) *rowWriter {
	w := &rowWriter{
		tx: tx,
		entry: newRowTable(`INSERT INTO entries (slug, acronym, name, kind, start_date, end_date, approximate,
		approximate_dates, fate, fate_note, end_announced, parent, summary, history, cost, start_key, end_key,
		builtin, acronym_key, name_key, hidden, edited) VALUES `, "", 22),
		alias:  newRowTable(`INSERT INTO aliases (slug, pos, alias, key) VALUES `, "", 4),
		tag:    newRowTable(`INSERT OR IGNORE INTO tags (slug, tag) VALUES `, "", 2),
		nation: newRowTable(`INSERT OR IGNORE INTO nations (slug, pos, nation) VALUES `, "", 3),
		rel:    newRowTable(`INSERT INTO relations (from_slug, to_slug, type, date, note, pos) VALUES `, "", 6),
		src:    newRowTable(`INSERT INTO sources (slug, pos, title, url, publisher, date) VALUES `, "", 6),
		ev:     newRowTable(`INSERT INTO events (slug, pos, date, text) VALUES `, "", 4),
		layer:  newRowTable(upsertLayerHead, upsertLayerTail, 5),
	}
	// The other tables' rows name an entry's row, which must be in first.
	for _, t := range []*rowTable{w.alias, w.tag, w.nation, w.rel, w.src, w.ev} {
		t.after = w.entry
	}
	return w
}

func (w *rowWriter) tables() []*rowTable {
	// The order rows go in: an entry's before the rows that name it.
	return []*rowTable{w.layer, w.entry, w.alias, w.tag, w.nation, w.rel, w.src, w.ev}
}

// flush writes every row added so far.
func (w *rowWriter) flush(ctx context.Context) error {
	for _, t := range w.tables() {
		if err := t.flush(ctx, w.tx); err != nil {
			return err
		}
	}
	return nil
}

func (w *rowWriter) close() {
	for _, t := range w.tables() {
		if t.full != nil {
			t.full.Close()
		}
	}
}

// rowTable gathers the rows of one table for a multi-row INSERT.
type rowTable struct {
	head, tail string // the statement around its VALUES
	cols, per  int    // values a row, rows a statement
	args       []any
	full       *sql.Stmt // the statement for per rows, prepared on first use
	after      *rowTable // the table whose rows go in before these
}

func newRowTable(head, tail string, cols int) *rowTable {
	// SQLite takes at most 32,766 parameters a statement; a few thousand are plenty.
	return &rowTable{head: head, tail: tail, cols: cols, per: 4000 / cols}
}

func (t *rowTable) query(rows int) string {
	row := "(?" + strings.Repeat(", ?", t.cols-1) + ")"
	return t.head + row + strings.Repeat(", "+row, rows-1) + t.tail
}

func (t *rowTable) add(ctx context.Context, tx *sql.Tx, vals ...any) error {
	t.args = append(t.args, vals...)
	if len(t.args) < t.cols*t.per {
		return nil
	}
	if t.after != nil {
		if err := t.after.flush(ctx, tx); err != nil {
			return err
		}
	}
	if t.full == nil {
		var err error
		if t.full, err = tx.PrepareContext(ctx, t.query(t.per)); err != nil {
			return err
		}
	}
	_, err := t.full.ExecContext(ctx, t.args...)
	t.args = t.args[:0]
	return err
}

func (t *rowTable) flush(ctx context.Context, tx *sql.Tx) error {
	if len(t.args) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, t.query(len(t.args)/t.cols), t.args...)
	t.args = t.args[:0]
	return err
}

// write adds the rows of one entry, which must not be in the database.
func (w *rowWriter) write(ctx context.Context, e seed.Entry, m rowMeta) error {
	var cost any
	if e.Cost != nil {
		b, err := json.Marshal(e.Cost)
		if err != nil {
			return err
		}
		cost = string(b)
	}
	start, err := seed.ParseDate(e.Start)
	if err != nil {
		return fmt.Errorf("%s: start: %w", e.Slug, err)
	}
	var endKey any
	if e.End != "" {
		end, err := seed.ParseDate(e.End)
		if err != nil {
			return fmt.Errorf("%s: end: %w", e.Slug, err)
		}
		endKey = yearKey(end)
	}
	if err := w.entry.add(ctx, w.tx, e.Slug, e.Acronym, e.Name, e.Kind, e.Start, nullable(e.End), e.Approximate.Any(),
		e.Approximate.String(), e.Fate, e.FateNote, nullable(e.EndAnnounced), nullable(e.Parent), e.Summary, e.History, cost,
		yearKey(start), endKey, m.builtin, Key(e.Acronym), Key(e.Name), m.hidden, strings.Join(m.edited, ",")); err != nil {
		return fmt.Errorf("%s: %w", e.Slug, err)
	}
	for i, a := range e.Aliases {
		if err := w.alias.add(ctx, w.tx, e.Slug, i, a, Key(a)); err != nil {
			return fmt.Errorf("%s: aliases: %w", e.Slug, err)
		}
	}
	for _, t := range e.Tags {
		if err := w.tag.add(ctx, w.tx, e.Slug, t); err != nil {
			return fmt.Errorf("%s: tags: %w", e.Slug, err)
		}
	}
	for i, n := range e.Nation {
		if err := w.nation.add(ctx, w.tx, e.Slug, i, n); err != nil {
			return fmt.Errorf("%s: nations: %w", e.Slug, err)
		}
	}
	for i, r := range e.Relations {
		if err := w.rel.add(ctx, w.tx, e.Slug, r.To, r.Type, r.Date, r.Note, i); err != nil {
			return fmt.Errorf("%s: relations: %w", e.Slug, err)
		}
	}
	for i, src := range e.Sources {
		if err := w.src.add(ctx, w.tx, e.Slug, i, src.Title, src.URL, src.Publisher, src.Date); err != nil {
			return fmt.Errorf("%s: sources: %w", e.Slug, err)
		}
	}
	for i, ev := range e.Events {
		if err := w.ev.add(ctx, w.tx, e.Slug, i, ev.Date, ev.Text); err != nil {
			return fmt.Errorf("%s: events: %w", e.Slug, err)
		}
	}
	return nil
}

// yearKey is a date as fractional years at the middle of its precision, so "2005" sorts after
// "2005-01-01" and lifespans are measured fairly between dates of different precision.
func yearKey(d seed.Date) float64 {
	mid := d.Mid()
	return float64(mid.Year()) + float64(mid.YearDay()-1)/365.25
}

func nullable(s string) any {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return s
}

// Close closes the database, or releases one holder Retain added: the last Close closes it.
func (s *Store) Close() error {
	if s.holders.Add(-1) >= 0 {
		return nil
	}
	s.search.cacheMu.Lock()
	if s.search.cache != nil {
		s.search.cache.Close()
	}
	s.search.cacheMu.Unlock()
	return s.db.Close()
}

// Retain adds a holder, whose Close leaves the database open for the others: quango serve hands
// one store to every session's command, and each command closes what it opened.
func (s *Store) Retain() *Store {
	s.holders.Add(1)
	return s
}

// CatalogueVersion is the version of the built-in catalogue the database holds.
func (s *Store) CatalogueVersion(ctx context.Context) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'catalogue_version'").Scan(&v)
	return v, err
}
