package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"iter"
	"maps"
	"slices"

	"quango/seed"
)

// importBatch is how many items an import reads from the user's layer at once.
const importBatch = 1000

// importCacheKiB is SQLite's page cache while an import runs: enough for the indexes of a
// million entries, whose pages each insert touches at random.
const importCacheKiB = 640 << 10

// Import adds or updates every item in one transaction, all or nothing: a new slug becomes the
// user's entry, an existing one takes the item's fields as the user's edit (fields equal to what
// is shown stay as they are). Notes not already on the entry are added. With dryRun nothing is
// written, but everything is checked.
func (s *Store) Import(ctx context.Context, items []Item, dryRun bool) ([]Change, error) {
	return s.ImportFrom(ctx, func(yield func(Item, error) bool) {
		for _, it := range items {
			if !yield(it, nil) {
				return
			}
		}
	}, dryRun)
}

// ImportFrom is Import of items as they are read (a file of a million entries, say): each is
// checked and written as it comes, and all that is kept of it is what the checks across entries
// need (its slug, name, parent and relations) and its Change. An error from items ends the
// import with nothing written; so does any problem, but only after every item has been read,
// so that all of them are reported.
func (s *Store) ImportFrom(ctx context.Context, items iter.Seq2[Item, error], dryRun bool) ([]Change, error) {
	if _, err := s.builtinEntries(); err != nil {
		return nil, err
	}
	// The items are read (a file decoded) on another goroutine while this one checks and writes.
	type batch struct {
		items []Item
		err   error
	}
	batches := make(chan batch, 2)
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		defer close(batches)
		var b []Item
		send := func(x batch) bool {
			select {
			case batches <- x:
				return true
			case <-stop:
				return false
			}
		}
		for it, err := range items {
			if err != nil {
				send(batch{err: err})
				return
			}
			if b = append(b, it); len(b) == importBatch {
				if !send(batch{items: b}) {
					return
				}
				b = nil
			}
		}
		if len(b) > 0 {
			send(batch{items: b})
		}
	}()
	defer func() {
		close(stop)
		<-done
	}()
	var changes []Change
	err := s.writeError(s.importTx(ctx, dryRun, func(im *importer) error {
		for b := range batches {
			if b.err != nil {
				return b.err
			}
			if err := im.batch(ctx, b.items); err != nil {
				return err
			}
		}
		changes = im.changes
		return nil
	}))
	if err != nil {
		return nil, err
	}
	if !dryRun {
		s.resetSearch()
		s.Refresh(ctx) // our own write is not news
	}
	return changes, nil
}

// importer is an import under way.
type importer struct {
	s      *Store
	tx     *sql.Tx
	dryRun bool
	rows   *rowWriter // the rows of new entries, and every item's row of the user's layer

	links   []seed.Links        // of the items (File is the item's name), then of the entries they lead to
	at      map[string]int      // slug → index in links
	changes []Change            // of the items, in order
	fatal   error               // a problem that ends the import at once, as a repeated slug does
	ps      seed.Problems       // the items' problems
	rewrite []string            // existing entries whose layer row changed: their rows are derived again at the end
	dangle  map[string][]string // a slug no entry has → the entries whose parent or relations name it
	maxRow  int64               // the last rowid of entries before the import
}

// importTx runs an import in one transaction: read calls im.batch with the items, and the import
// then checks the links across entries and writes the rows the batches left.
func (s *Store) importTx(ctx context.Context, dryRun bool, read func(im *importer) error) error {
	// A large import touches pages all over the indexes: with SQLite's default cache (2 MB) most
	// inserts would write a page out to the log and read another back. Pages are allocated only
	// as they are used, so a small import costs no more.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var cache int
	if err := conn.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&cache); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = %d", -importCacheKiB)); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA cache_size = %d", cache))
	tx, err := s.beginOn(ctx, conn)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	im := &importer{s: s, tx: tx, dryRun: dryRun, at: map[string]int{}}
	im.rows = newRowWriter(tx)
	defer im.rows.close()
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(rowid), 0) FROM entries").Scan(&im.maxRow); err != nil {
		return err
	}
	if im.dangle, err = s.danglingLinks(ctx, tx); err != nil {
		return err
	}
	if err := read(im); err != nil {
		return err
	}
	if im.fatal != nil {
		return im.fatal
	}
	if err := im.check(ctx); err != nil {
		return err
	}
	if dryRun {
		return nil
	}
	// The rows written item by item go into the full-text index at once.
	if _, err := tx.ExecContext(ctx, `INSERT INTO entries_fts (rowid, slug, summary, history)
		SELECT rowid, slug, summary, history FROM entries WHERE rowid > ?`, im.maxRow); err != nil {
		return fmt.Errorf("text index: %w", err)
	}
	// Entries that named a slug the import brought into being link to it now.
	seeds := im.rewrite
	for slug, linkers := range im.dangle {
		if i, ok := im.at[slug]; ok && i < len(im.changes) && im.changes[i].Added {
			seeds = append(seeds, linkers...)
		}
	}
	if err := s.rederive(ctx, tx, im.rows, seeds); err != nil {
		return err
	}
	if err := bumpGeneration(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

// batch imports some items: each one's slug is checked against the others', its row of the
// user's layer written, its effective entry checked on its own and, when the slug is new, its
// rows written.
func (im *importer) batch(ctx context.Context, items []Item) error {
	if im.fatal != nil {
		return nil // the rest is only read, for an error in reading it
	}
	slugs := make([]string, 0, len(items))
	for i := range items {
		it := &items[i]
		if it.Name == "" {
			it.Name = it.Entry.Slug
		}
		slug := it.Entry.Slug
		if prev, dup := im.at[slug]; dup {
			var name string
			if prev < len(im.links) {
				name = im.links[prev].File
			} else {
				name = items[prev-len(im.links)].Name
			}
			im.fatal = seed.Problems{{File: it.Name, Field: "slug", Msg: fmt.Sprintf("%q is also imported from %s", slug, name)}}
			return nil
		}
		if !seedSlug(slug) {
			im.fatal = seed.Problems{{File: it.Name, Field: "slug", Msg: fmt.Sprintf("%q must be lower-case letters, digits and single hyphens", slug)}}
			return nil
		}
		im.at[slug] = len(im.links) + i
		slugs = append(slugs, slug)
	}
	layer, err := readLayerWhere(ctx, im.tx, "slug IN (SELECT value FROM json_each(?))", jsonArray(slugs))
	if err != nil {
		return err
	}
	for _, it := range items {
		if err := im.item(ctx, it, layer); err != nil {
			return err
		}
		if im.fatal != nil {
			return nil
		}
	}
	return im.rows.flush(ctx)
}

func (im *importer) item(ctx context.Context, it Item, layer map[string]*layerRow) error {
	n := it.Entry
	cur, exists, err := im.s.current(layer, n.Slug)
	if err != nil {
		return err
	}
	c := Change{Slug: n.Slug, Added: !exists}
	if exists {
		keepRelationNotes(&n, cur)
		c.Fields = slices.Sorted(maps.Keys(diff(n, cur)))
	}
	changed := false
	var stored []byte // the new row's data
	if !exists || len(c.Fields) > 0 {
		row, data := im.s.layerRowFor(n, layer[n.Slug])
		if err := im.rows.layer.add(ctx, im.tx, n.Slug, row.origin, string(data), row.hidden, now()); err != nil {
			return err
		}
		layer[n.Slug] = row
		changed, stored = true, data
	}
	if it.Hidden || len(it.Notes) > 0 {
		// The layer's rows go in before the hidden flags and notes written on them.
		if err := im.rows.flush(ctx); err != nil {
			return err
		}
	}
	if it.Hidden && (layer[n.Slug] == nil || !layer[n.Slug].hidden) {
		if err := setHidden(ctx, im.tx, layer, n.Slug, true); err != nil {
			return err
		}
		c.Hidden, changed = true, true
	}
	if c.Notes, err = addNotes(ctx, im.tx, n.Slug, it.Notes); err != nil {
		im.fatal = err
		return nil
	}
	e, meta := cur, rowMeta{}
	switch row := layer[n.Slug]; {
	case stored != nil && row.origin == OriginUser:
		// What derived makes of a user's entry, without its second trip through a map: the
		// stored fields are the entry (apply over nothing).
		e = seed.Entry{}
		if err := json.Unmarshal(stored, &e); err != nil {
			return fmt.Errorf("%s: the stored edit is damaged: %w", n.Slug, err)
		}
		e.Slug, meta = n.Slug, rowMeta{hidden: row.hidden}
	case changed:
		if e, meta, _, err = im.s.derived(row, n.Slug); err != nil {
			return err
		}
	}
	// The validator checks a file's name against its slug: name the entry as its own file.
	e.File = n.Slug + ".md"
	for _, p := range seed.ValidateEntry(e) {
		p.File = it.Name
		im.ps = append(im.ps, p)
	}
	l := seed.LinksOf(e)
	l.File = it.Name
	im.links = append(im.links, l)
	im.changes = append(im.changes, c)
	switch {
	case im.dryRun || len(im.ps) > 0 || !changed:
	case !exists:
		// Its links are checked once every item is in: a refused import rolls back these rows.
		return im.rows.write(ctx, e, meta)
	default:
		// Deleting its rows takes other entries' links with them: see rederive.
		im.rewrite = append(im.rewrite, n.Slug)
	}
	return nil
}

// check validates the links of the imported entries: parents and relations that resolve to an
// entry in the database, and no cycle. The entries their lineage leads to are checked with them,
// as the whole catalogue's validation would, but only the items' problems are reported.
func (im *importer) check(ctx context.Context) error {
	items := len(im.links)
	var next []string
	follow := func(l seed.Links) {
		if l.Parent != "" {
			next = append(next, l.Parent)
		}
		next = append(next, l.To...)
	}
	for _, l := range im.links {
		follow(l)
	}
	seen := map[string]bool{}
	for len(next) > 0 {
		var want []string
		for _, slug := range next {
			if _, ok := im.at[slug]; !ok && !seen[slug] && slug != "" {
				seen[slug] = true
				want = append(want, slug)
			}
		}
		next = nil
		for chunk := range slices.Chunk(want, importBatch) {
			layer, err := readLayerWhere(ctx, im.tx, "slug IN (SELECT value FROM json_each(?))", jsonArray(chunk))
			if err != nil {
				return err
			}
			for _, slug := range chunk {
				e, ok, err := im.s.current(layer, slug)
				if err != nil {
					return err
				}
				if ok {
					im.at[slug] = len(im.links)
					l := seed.LinksOf(e)
					l.File = "" // not an item: its problems are not reported
					im.links = append(im.links, l)
					follow(l)
				}
			}
		}
	}
	ps := im.ps
	for _, p := range seed.LinkProblems(im.links, func(slug string) bool { _, ok := im.at[slug]; return ok }) {
		if p.File != "" {
			ps = append(ps, p)
		}
	}
	im.links = im.links[:items]
	if len(ps) > 0 {
		return ps
	}
	return nil
}

// danglingLinks finds the entries whose parent or relations name a slug that no entry has (the
// user removed it, or a catalogue update dropped it): their rows leave those links out until an
// entry with that slug comes back.
func (s *Store) danglingLinks(ctx context.Context, q querier) (map[string][]string, error) {
	// Built-in entries link only to built-in ones, which always exist: only the layer can dangle.
	layer, err := readLayerWhere(ctx, q, `(json_type(data, '$.relations') = 'array' AND EXISTS (
		SELECT 1 FROM json_each(data, '$.relations') r WHERE r.value->>'to' NOT IN (SELECT slug FROM entries)))
		OR data->>'parent' NOT IN (SELECT slug FROM entries)`)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for slug := range layer {
		e, ok, err := s.current(layer, slug)
		if err != nil || !ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		targets := slices.Clone(seed.LinksOf(e).To)
		if e.Parent != "" {
			targets = append(targets, e.Parent)
		}
		var missing []string
		if err := queryStrings(ctx, q, &missing, `SELECT value FROM json_each(?) WHERE value NOT IN (SELECT slug FROM entries)`,
			jsonArray(targets)); err != nil {
			return nil, err
		}
		for _, t := range missing {
			if !slices.Contains(out[t], slug) {
				out[t] = append(out[t], slug)
			}
		}
	}
	return out, nil
}

// rederive writes again the rows of the given entries (whose layer rows changed) and of every
// entry whose rows link to them, directly or through others: deleting a row takes the links to
// it out of the rows that name it (the rebuilt tables refuse an UPDATE). Each entry is derived on
// its own from its row of the user's layer, so the cost follows the entries, not the catalogue.
func (s *Store) rederive(ctx context.Context, tx *sql.Tx, w *rowWriter, slugs []string) error {
	all := map[string]bool{}
	next := slugs
	for len(next) > 0 {
		var fresh []string
		for _, slug := range next {
			if !all[slug] {
				all[slug] = true
				fresh = append(fresh, slug)
			}
		}
		next = nil
		for chunk := range slices.Chunk(fresh, importBatch) {
			if err := queryStrings(ctx, tx, &next, `SELECT from_slug FROM relations WHERE to_slug IN (SELECT value FROM json_each(?1))
				UNION SELECT slug FROM entries WHERE parent IN (SELECT value FROM json_each(?1))`, jsonArray(chunk)); err != nil {
				return err
			}
		}
	}
	if len(all) == 0 {
		return nil
	}
	sorted := slices.Sorted(maps.Keys(all))
	for chunk := range slices.Chunk(sorted, importBatch) {
		for _, q := range []string{
			`INSERT INTO entries_fts (entries_fts, rowid, slug, summary, history)
				SELECT 'delete', rowid, slug, summary, history FROM entries WHERE slug IN (SELECT value FROM json_each(?1))`,
			"DELETE FROM entries WHERE slug IN (SELECT value FROM json_each(?1))",
		} {
			if _, err := tx.ExecContext(ctx, q, jsonArray(chunk)); err != nil {
				return err
			}
		}
	}
	for chunk := range slices.Chunk(sorted, importBatch) {
		layer, err := readLayerWhere(ctx, tx, "slug IN (SELECT value FROM json_each(?))", jsonArray(chunk))
		if err != nil {
			return err
		}
		var entries []seed.Entry
		var metas []rowMeta
		var targets []string
		for _, slug := range chunk {
			e, m, ok, err := s.derived(layer[slug], slug)
			if err != nil {
				return err
			}
			if !ok {
				continue // removed: its rows stay deleted
			}
			entries, metas = append(entries, e), append(metas, m)
			if e.Parent != "" {
				targets = append(targets, e.Parent)
			}
			for _, r := range e.Relations {
				targets = append(targets, r.To)
			}
		}
		// A link to an entry that does not exist is left out of the rows but kept in the layer.
		// The entries being written again are not in the table now: a user's entry exists when
		// its layer row does, a built-in one always.
		var found []string
		if err := queryStrings(ctx, tx, &found, `SELECT value FROM json_each(?) WHERE value IN (SELECT slug FROM entries)
			OR value IN (SELECT slug FROM user_entries WHERE origin = 'user')`, jsonArray(targets)); err != nil {
			return err
		}
		exists := map[string]bool{}
		for _, t := range found {
			exists[t] = true
		}
		for i, e := range entries {
			if _, builtin := s.pristine(e.Parent); e.Parent != "" && !exists[e.Parent] && !builtin {
				e.Parent = ""
			}
			e.Relations = slices.DeleteFunc(slices.Clone(e.Relations), func(r seed.Relation) bool {
				_, builtin := s.pristine(r.To)
				return !exists[r.To] && !builtin
			})
			if err := w.write(ctx, e, metas[i]); err != nil {
				return err
			}
		}
		if err := w.flush(ctx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO entries_fts (rowid, slug, summary, history)
			SELECT rowid, slug, summary, history FROM entries WHERE slug IN (SELECT value FROM json_each(?1))`, jsonArray(chunk)); err != nil {
			return fmt.Errorf("text index: %w", err)
		}
	}
	return nil
}

// queryStrings appends the first column of every row a query returns to out.
func queryStrings(ctx context.Context, q querier, out *[]string, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return err
		}
		*out = append(*out, v)
	}
	return rows.Err()
}
