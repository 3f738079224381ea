// The search index saved for the next process: each of its arrays in the table search_index of a
// small SQLite file beside the database (DB-search), in chunks, tagged with a fingerprint of the
// rows it was built from. A process whose database has not been written since loads the arrays
// instead of reading and folding every entry: at a million entries that is a fraction of a
// second against several. Not in the database itself, which searching leaves byte for byte as
// it was; the file is a cache, made again whenever it is missing, stale or damaged.

package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"unicode/utf8"

	"quango/seed/safetext"
)

// searchIndexFormat changes whenever what the saved arrays mean changes (their layout, Key,
// splitWords, the masks): an index saved by another format is built again.
const searchIndexFormat = 4

// searchChunk is the most bytes of one array in one row: small enough that loading holds little
// beside the arrays themselves.
const searchChunk = 1 << 20

// indexHead is the head row of a saved index: its format and each part's length in elements.
type indexHead struct {
	Format int            `json:"format"`
	Parts  map[string]int `json:"parts"`
}

// parts names every array of the index but its lean part, as pointers to the slices and strings
// that hold them.
func (ix *searchIndex) parts() map[string]any {
	return map[string]any{
		"arena": &ix.arena, "off": &ix.off, "wide": &ix.wide, "wideAt": &ix.wideAt, "wideKeys": &ix.wideKeys, "fmask": &ix.fmask, "lead": &ix.lead, "inits": &ix.inits,
		"kind": &ix.kind, "alias": &ix.alias, "first": &ix.first, "mask": &ix.mask, "rank": &ix.rank,
		"slugs": &ix.slugs, "slugAt": &ix.slugAt, "bySlug": &ix.bySlug,
	}
}

// parts names every array of the lean part; each name starts "lean.".
func (l *leanIndex) parts() map[string]any {
	return map[string]any{
		"lean.names": &l.names, "lean.kind": &l.kind, "lean.fate": &l.fate, "lean.nations": &l.nations,
		"lean.hedges": &l.hedges, "lean.ended": &l.ended, "lean.texts": &l.texts, "lean.textAt": &l.textAt,
		"lean.startKey": &l.startKey, "lean.endKey": &l.endKey,
		"lean.evOwner": &l.evOwner, "lean.evAt": &l.evAt, "lean.evTexts": &l.evTexts,
	}
}

// searchCache opens the file the index is saved in (see the top of this file), or returns nil
// when there is none to read and none can be made. For an in-memory database it is in memory.
// writable says whether an index may be saved in it.
func (s *Store) searchCache(ctx context.Context) (cache *sql.DB, writable bool) {
	s.search.cacheMu.Lock()
	defer s.search.cacheMu.Unlock()
	if s.search.cache != nil || s.search.noCache {
		return s.search.cache, s.search.cacheWritable
	}
	s.search.noCache = true // until it opens
	dsn := "file::memory:"
	switch {
	case s.path == Memory:
	case s.readOnly:
		if _, err := os.Stat(s.path + "-search"); err != nil {
			return nil, false
		}
		dsn = fileURI(s.path+"-search") + "?mode=ro&_pragma=busy_timeout(" + busyTimeout + ")"
	default:
		dsn = fileURI(s.path+"-search") + "?_pragma=busy_timeout(" + busyTimeout + ")"
	}
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, false
	}
	db.SetMaxOpenConns(1) // one connection: in memory, each would be a database of its own
	if !s.readOnly {
		if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS search_index (
			part        TEXT NOT NULL,    -- which array of the index
			seq         INTEGER NOT NULL, -- its chunks in order
			fingerprint TEXT NOT NULL,    -- of the rows it was built from (see searchFingerprint)
			data        BLOB NOT NULL,
			PRIMARY KEY (part, seq))`); err != nil {
			db.Close()
			return nil, false
		}
	}
	s.search.cache, s.search.cacheWritable, s.search.noCache = db, !s.readOnly, false
	return db, !s.readOnly
}

// searchFingerprint names the rows an index is built from: the write generation and the
// catalogue version, and the last 64 entry rows written (those of the latest write, which
// writes rows anew), so that a saved index is not taken for that of another database with as
// many writes behind it (a copy that went its own way, a file made again at the same path).
func (s *Store) searchFingerprint(ctx context.Context) (string, error) {
	h := sha256.New()
	var gen, version sql.NullString
	if err := s.db.QueryRowContext(ctx, `SELECT (SELECT value FROM meta WHERE key = 'generation'),
		(SELECT value FROM meta WHERE key = 'catalogue_version')`).Scan(&gen, &version); err != nil {
		return "", err
	}
	fmt.Fprintf(h, "%q %q\n", gen.String, version.String)
	rows, err := s.db.QueryContext(ctx, "SELECT rowid, * FROM entries ORDER BY rowid DESC LIMIT 64")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return "", err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%q\n", vals)
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// saveSearchIndex saves ix for the next process, replacing any index saved before, unless the
// cache cannot be written. Saving is an optimisation: a failure (a busy or full disk, a folder
// that cannot be written) leaves the search as it was.
func (s *Store) saveSearchIndex(ctx context.Context, ix *searchIndex) {
	cache, writable := s.searchCache(ctx)
	if !writable {
		return
	}
	tx, err := cache.BeginTx(ctx, nil)
	if err != nil {
		return
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM search_index"); err != nil {
		return
	}
	insert, err := tx.PrepareContext(ctx, "INSERT INTO search_index (part, seq, fingerprint, data) VALUES (?, ?, ?, ?)")
	if err != nil {
		return
	}
	gen := ix.fingerprint
	head := indexHead{Format: searchIndexFormat, Parts: map[string]int{}}
	parts := ix.parts()
	maps.Copy(parts, ix.lean.parts())
	for name, p := range parts {
		n, chunks := encodePart(p)
		if n < 0 {
			return
		}
		head.Parts[name] = n
		for seq, data := range chunks {
			if _, err := insert.ExecContext(ctx, name, seq, gen, data); err != nil {
				return
			}
		}
	}
	h, err := json.Marshal(head)
	if err != nil {
		return
	}
	if _, err := insert.ExecContext(ctx, "head", 0, gen, h); err != nil {
		return
	}
	tx.Commit()
}

// encodePart is one array's length in elements and its bytes, in chunks.
func encodePart(p any) (int, [][]byte) {
	var out [][]byte
	chunk := func(n, size int, appendRange func(b []byte, lo, hi int) []byte) (int, [][]byte) {
		per := searchChunk / size
		for lo := 0; lo < n; lo += per {
			hi := min(n, lo+per)
			out = append(out, appendRange(make([]byte, 0, (hi-lo)*size), lo, hi))
		}
		return n, out
	}
	le := binary.LittleEndian
	switch p := p.(type) {
	case *string:
		return chunk(len(*p), 1, func(b []byte, lo, hi int) []byte { return append(b, (*p)[lo:hi]...) })
	case *[]string:
		joined := strings.Join(*p, "\x00")
		_, chunks := encodePart(&joined)
		return len(*p), chunks
	case *[]uint8:
		return chunk(len(*p), 1, func(b []byte, lo, hi int) []byte { return append(b, (*p)[lo:hi]...) })
	case *[]bool:
		return chunk(len(*p), 1, func(b []byte, lo, hi int) []byte { b, _ = binary.Append(b, le, (*p)[lo:hi]); return b })
	case *[]uint16:
		return chunk(len(*p), 2, func(b []byte, lo, hi int) []byte { b, _ = binary.Append(b, le, (*p)[lo:hi]); return b })
	case *[]uint32:
		return chunk(len(*p), 4, func(b []byte, lo, hi int) []byte { b, _ = binary.Append(b, le, (*p)[lo:hi]); return b })
	case *[]int32:
		return chunk(len(*p), 4, func(b []byte, lo, hi int) []byte { b, _ = binary.Append(b, le, (*p)[lo:hi]); return b })
	case *[]uint64:
		return chunk(len(*p), 8, func(b []byte, lo, hi int) []byte { b, _ = binary.Append(b, le, (*p)[lo:hi]); return b })
	case *[]float64:
		return chunk(len(*p), 8, func(b []byte, lo, hi int) []byte { b, _ = binary.Append(b, le, (*p)[lo:hi]); return b })
	}
	return -1, nil // a part of a type not saved: saveSearchIndex gives up
}

// loadSearchIndex reads the saved index but its lean part, or returns nil when none was saved
// from the rows with fingerprint gen by this format, or what was saved does not hold together.
func (s *Store) loadSearchIndex(ctx context.Context, gen string) (*searchIndex, error) {
	// The GC is asked to run more often while the arrays are read, or the chunks read (garbage
	// once decoded) would pile up to the size of the index before the next collection, doubling
	// the process's peak memory. The arrays hold no pointers, so a collection costs little.
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	ix := &searchIndex{fingerprint: gen}
	if ok, err := s.loadParts(ctx, gen, ix.parts(), false); !ok || err != nil || !ix.valid() {
		return nil, err
	}
	return ix, nil
}

// leanIndex returns the lean part of the index (see searchIndex.entry), loading it on first use.
func (s *Store) leanIndex(ctx context.Context, ix *searchIndex) (*leanIndex, error) {
	ix.leanMu.Lock()
	defer ix.leanMu.Unlock()
	if ix.lean != nil {
		return ix.lean, nil
	}
	l := &leanIndex{}
	ok, err := s.loadParts(ctx, ix.fingerprint, l.parts(), true)
	if err != nil {
		return nil, err
	}
	if !ok || !l.valid(ix.size()) {
		// Saved again by another process since ix was loaded, or damaged: built again, which
		// gives the same positions as long as the entries are the ones ix was built from.
		built, err := s.buildSearchIndex(ctx)
		if err != nil {
			return nil, err
		}
		if built.slugs != ix.slugs || !slices.Equal(built.slugAt, ix.slugAt) {
			return nil, errors.New("the catalogue changed while it was searched: search again")
		}
		l = built.lean
	}
	ix.lean = l
	return l, nil
}

// leanEntries returns the lean entries at these positions of the index (see searchIndex.entry),
// each made once and kept: Browse hands out every hit's, keystroke after keystroke.
func (s *Store) leanEntries(ctx context.Context, ix *searchIndex, picks []int32) ([]*Entry, error) {
	l, err := s.leanIndex(ctx, ix)
	if err != nil {
		return nil, err
	}
	ix.leanMu.Lock()
	defer ix.leanMu.Unlock()
	if ix.leans == nil {
		ix.leans = make([]*Entry, ix.size())
	}
	out := make([]*Entry, len(picks))
	for k, i := range picks {
		if ix.leans[i] == nil {
			ix.leans[i] = ix.entry(l, i)
		}
		out[k] = ix.leans[i]
	}
	return out, nil
}

// loadParts fills parts from the saved index, the lean parts or the others, reporting whether it
// was saved from the rows with fingerprint gen by this format and every part was whole. A cache
// that cannot be read is no cache.
func (s *Store) loadParts(ctx context.Context, gen string, parts map[string]any, lean bool) (bool, error) {
	cache, _ := s.searchCache(ctx)
	if cache == nil {
		return false, nil
	}
	// Read as stored: most parts are numbers, not text (the text is checked by valid).
	ctx = rawText(ctx)
	var saved string
	var h []byte
	if err := cache.QueryRowContext(ctx, "SELECT fingerprint, data FROM search_index WHERE part = 'head'").Scan(&saved, &h); err != nil {
		return false, nil
	}
	var head indexHead
	if saved != gen || json.Unmarshal(h, &head) != nil || head.Format != searchIndexFormat {
		return false, nil
	}
	fill := map[string]*partReader{}
	for name, p := range parts {
		n, ok := head.Parts[name]
		if !ok || n < 0 {
			return false, nil
		}
		fill[name] = newPartReader(p, n)
	}
	rows, err := cache.QueryContext(ctx, `SELECT part, data FROM search_index
		WHERE fingerprint = ? AND part <> 'head' AND (part LIKE 'lean.%') = ? ORDER BY part, seq`, gen, lean)
	if err != nil {
		return false, nil
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var data sql.RawBytes
		if err := rows.Scan(&name, &data); err != nil {
			return false, nil
		}
		r := fill[name]
		if r == nil || !r.read(data) {
			return false, nil
		}
	}
	if rows.Err() != nil {
		return false, nil
	}
	for _, r := range fill {
		if !r.done() {
			return false, nil
		}
	}
	return true, nil
}

// partReader fills one array of the index from its chunks.
type partReader struct {
	p    any
	n    int // elements expected
	at   int // elements read
	text strings.Builder
}

func newPartReader(p any, n int) *partReader {
	r := &partReader{p: p, n: n}
	switch p := p.(type) {
	case *string, *[]string:
		r.text.Grow(n)
	case *[]uint8:
		*p = make([]uint8, n)
	case *[]bool:
		*p = make([]bool, n)
	case *[]uint16:
		*p = make([]uint16, n)
	case *[]uint32:
		*p = make([]uint32, n)
	case *[]int32:
		*p = make([]int32, n)
	case *[]uint64:
		*p = make([]uint64, n)
	case *[]float64:
		*p = make([]float64, n)
	}
	return r
}

// read decodes the next chunk, reporting whether it fitted.
func (r *partReader) read(data []byte) bool {
	le := binary.LittleEndian
	decode := func(size int, into func(lo, hi int) any) bool {
		k := len(data) / size
		if len(data)%size != 0 || r.at+k > r.n {
			return false
		}
		if _, err := binary.Decode(data, le, into(r.at, r.at+k)); err != nil {
			return false
		}
		r.at += k
		return true
	}
	switch p := r.p.(type) {
	case *string:
		if r.at+len(data) > r.n {
			return false
		}
		r.text.Write(data)
		r.at += len(data)
		return true
	case *[]string:
		r.text.Write(data) // n counts the strings, not the bytes: checked in done
		return true
	case *[]uint8:
		return decode(1, func(lo, hi int) any { return (*p)[lo:hi] })
	case *[]bool:
		return decode(1, func(lo, hi int) any { return (*p)[lo:hi] })
	case *[]uint16:
		return decode(2, func(lo, hi int) any { return (*p)[lo:hi] })
	case *[]uint32:
		return decode(4, func(lo, hi int) any { return (*p)[lo:hi] })
	case *[]int32:
		return decode(4, func(lo, hi int) any { return (*p)[lo:hi] })
	case *[]uint64:
		return decode(8, func(lo, hi int) any { return (*p)[lo:hi] })
	case *[]float64:
		return decode(8, func(lo, hi int) any { return (*p)[lo:hi] })
	}
	return false
}

// done finishes the array, reporting whether it has every element it should.
func (r *partReader) done() bool {
	switch p := r.p.(type) {
	case *string:
		*p = r.text.String()
	case *[]string:
		*p = nil
		if r.n > 0 {
			*p = strings.Split(r.text.String(), "\x00")
		}
		return len(*p) == r.n
	}
	return r.at == r.n
}

// valid reports whether a loaded index holds together, so that no lookup can fall outside an
// array whatever the table held.
func (ix *searchIndex) valid() bool {
	n, fields := len(ix.rank), len(ix.kind)
	if len(ix.off) != fields+1 || len(ix.wideAt) != len(ix.wide)+1 || len(ix.fmask) != fields || len(ix.lead) != fields || len(ix.inits) != fields ||
		len(ix.alias) != fields || len(ix.first) != n+1 || len(ix.mask) != n || len(ix.slugAt) != n+1 || len(ix.bySlug) != n {
		return false
	}
	if !ascending(ix.off, len(ix.arena)) || !ascending(ix.wideAt, len(ix.wideKeys)) || !ascending(ix.first, fields) || !ascending(ix.slugAt, len(ix.slugs)) {
		return false
	}
	for _, k := range ix.kind {
		if k > kindAlias {
			return false
		}
	}
	for i := range n {
		if ix.rank[i] < 0 || int(ix.rank[i]) >= n || ix.bySlug[i] < 0 || int(ix.bySlug[i]) >= n {
			return false
		}
	}
	// Read past the driver's gate (see sanitise.go), the text must be what the gate would pass.
	return visible(ix.arena) && visible(ix.wideKeys) && visible(ix.slugs)
}

// valid reports whether a loaded lean part of an index of n entries holds together.
func (l *leanIndex) valid(n int) bool {
	if len(l.kind) != n || len(l.fate) != n || len(l.nations) != n || len(l.hedges) != n || len(l.ended) != n ||
		len(l.textAt) != 4*n+1 || len(l.startKey) != n || len(l.endKey) != n || !ascending(l.textAt, len(l.texts)) ||
		len(l.evAt) != 2*len(l.evOwner)+1 || !ascending(l.evAt, len(l.evTexts)) {
		return false
	}
	for i := range n {
		if int(l.kind[i]) >= len(l.names) || int(l.fate[i]) >= len(l.names) || int(l.nations[i]) >= len(l.names) ||
			int(l.hedges[i]) >= len(l.names) {
			return false
		}
	}
	for k, i := range l.evOwner {
		if i < 0 || int(i) >= n || k > 0 && i < l.evOwner[k-1] {
			return false
		}
	}
	for _, text := range append([]string{l.texts, l.evTexts}, l.names...) {
		if !visible(text) {
			return false
		}
	}
	return true
}

// ascending reports whether offsets into text of the given length start at 0, end at its end,
// and never go back.
func ascending(at []uint32, length int) bool {
	if len(at) == 0 || at[0] != 0 || int(at[len(at)-1]) != length {
		return false
	}
	for k := 1; k < len(at); k++ {
		if at[k] < at[k-1] {
			return false
		}
	}
	return true
}

// visible reports whether safetext.Visible would leave s as it is: valid UTF-8 with nothing
// Forbidden. It does not copy s, which can be most of the index.
func visible(s string) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || safetext.Forbidden(r) {
			return false
		}
		i += size
	}
	return true
}
