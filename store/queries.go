package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"quango/seed"
	"quango/seed/safetext"
)

// Entry is one catalogue entry with its lineage resolved. Its JSON form is the stable shape of
// `show --json` and `list --json`.
type Entry struct {
	Slug         string        `json:"slug"`
	Acronym      string        `json:"acronym"`
	Name         string        `json:"name"`
	Aliases      []string      `json:"aliases"`
	Nation       []string      `json:"nation"`
	Kind         string        `json:"kind"`
	Start        string        `json:"start"`
	End          *string       `json:"end"`
	Approximate  seed.Hedges   `json:"approximate"` // which dates are hedged: "start", "end", "end_announced"
	Fate         string        `json:"fate"`
	FateNote     string        `json:"fate_note"`
	EndAnnounced string        `json:"end_announced"`
	Parent       *string       `json:"parent"`
	Tags         []string      `json:"tags"`
	Summary      string        `json:"summary"`
	History      string        `json:"history"`
	Predecessors []Link        `json:"predecessors"`
	Successors   []Link        `json:"successors"`
	Sources      []seed.Source `json:"sources"`
	Events       []seed.Event  `json:"events"`
	Cost         *seed.Cost    `json:"cost"`
	Origin       string        `json:"origin"` // OriginBuiltin or OriginUser
	Edited       []string      `json:"edited"` // fields the user changed on a built-in entry (JSON names), sorted
	Hidden       bool          `json:"hidden"` // a built-in entry the user removed
	Notes        []Note        `json:"notes"`  // the user's notes, oldest first

	// ParentRef names the parent for display; StartKey and EndKey are the dates as fractional
	// years (see yearKey).
	ParentRef *Link   `json:"-"`
	StartKey  float64 `json:"-"`
	EndKey    float64 `json:"-"`
}

// Link is a relation seen from one entry: the entry at the other end, how they are related, when.
// Relation is always the forward type as written (a predecessor "renamed_to" this entry).
type Link struct {
	Slug     string `json:"slug"`
	Acronym  string `json:"acronym"`
	Name     string `json:"name"`
	Relation string `json:"relation"`
	Date     string `json:"date"`
	Note     string `json:"note"` // why the relation holds, where the catalogue says
}

// Alive reports whether the entry has not ended.
func (e *Entry) Alive() bool { return e.End == nil }

// Label is the acronym where there is one, else the name.
func (e *Entry) Label() string {
	return label(e.Acronym, e.Name)
}

// label is how quango names an entry in short: the acronym where there is one, else the name.
func label(acronym, name string) string {
	if acronym != "" {
		return acronym
	}
	return name
}

// LifespanYears measures from the start to the end, or to now for the living.
func (e *Entry) LifespanYears(now time.Time) float64 {
	end := e.EndKey
	if e.Alive() {
		end = float64(now.Year()) + float64(now.YearDay()-1)/365.25
	}
	return end - e.StartKey
}

// Key folds text for matching: lower case, accents off (Fold), letters and digits only, so
// "care.data", "Care Data" and "caredata" are one key, as are "e-RS" and "ers", and "Santé" and
// "sante". show, search and completion all match through it.
func Key(s string) string {
	if key, ok := asciiKey(s); ok {
		return key
	}
	var b strings.Builder
	for _, r := range s {
		if r = Fold(r); unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Fold is one character as Key has it: lower case, and without the accents that Unicode's
// canonical decomposition (golang.org/x/text/unicode/norm) separates from its base letter, so é
// is e and ñ is n; a character that does not decompose that way (ø, ß) stays itself.
func Fold(r rune) rune {
	r = unicode.ToLower(r)
	if r < utf8.RuneSelf {
		return r
	}
	d := norm.NFD.String(string(r))
	base, n := utf8.DecodeRuneInString(d)
	for _, m := range d[n:] {
		if !unicode.Is(unicode.Mn, m) {
			return r
		}
	}
	return base
}

// asciiKey is Key for ASCII text, in one allocation: building the search index folds every
// acronym, name and alias, most of them ASCII. ok is false for any other text.
func asciiKey(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80:
			return "", false
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case !('a' <= c && c <= 'z' || '0' <= c && c <= '9'):
			continue
		}
		if b.Cap() == 0 {
			b.Grow(len(s) - i)
		}
		b.WriteByte(c)
	}
	return b.String(), true
}

// Filter narrows a list. Zero values mean "any".
type Filter struct {
	Kinds   []string
	Fates   []string
	Alive   *bool
	From    int // lived at some time in or after this year
	To      int // lived at some time in or before this year
	Tag     string
	Nations []string // served any of these nations
	Hidden  bool     // include entries the user has hidden
	Sort    string   // name (default), start, end or lifespan
	Reverse bool
	Limit   int
}

// SortOrders are the orders List understands, in the order a key cycles through them.
var SortOrders = []string{"name", "start", "end", "lifespan", "recent"}

// Validate reports the first value a user could have mistyped.
func (f Filter) Validate() error {
	for _, k := range f.Kinds {
		if !slices.Contains(seed.Kinds, k) {
			return fmt.Errorf("unknown kind %q (want one of %s)", k, strings.Join(seed.Kinds, ", "))
		}
	}
	for _, k := range f.Fates {
		if !slices.Contains(seed.Fates, k) {
			return fmt.Errorf("unknown fate %q (want one of %s)", k, strings.Join(seed.Fates, ", "))
		}
	}
	for _, n := range f.Nations {
		if !slices.Contains(seed.Nations, n) {
			return fmt.Errorf("unknown nation %q (want one of %s)", n, strings.Join(seed.Nations, ", "))
		}
	}
	if f.Sort != "" && !slices.Contains(SortOrders, f.Sort) {
		return fmt.Errorf("unknown sort %q (want one of %s)", f.Sort, strings.Join(SortOrders, ", "))
	}
	if f.From < 0 || f.To < 0 {
		return fmt.Errorf("a year is positive, like 2010 (--from %d, --to %d)", f.From, f.To)
	}
	if f.From != 0 && f.To != 0 && f.To < f.From {
		return fmt.Errorf("the year range %d to %d runs backwards", f.From, f.To)
	}
	return nil
}

const entryColumns = `e.slug, e.acronym, e.name, e.kind, e.start_date, e.end_date, e.approximate_dates, e.fate,
	e.fate_note, coalesce(e.end_announced, ''), e.parent, e.summary, e.history, e.cost, e.start_key, e.end_key,
	e.builtin, e.hidden, e.edited`

// List returns the entries that pass the filter, in the filter's order, with lineage and sources.
func (s *Store) List(ctx context.Context, f Filter) ([]*Entry, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	where, args := f.where()
	query := "SELECT " + entryColumns + " FROM entries e" + where
	dir := "ASC"
	if f.Reverse {
		dir = "DESC"
	}
	// The living have no end: they sort as if they end today, after every dead entry.
	now := yearKey(seed.Date{Year: time.Now().Year(), Month: int(time.Now().Month()), Day: time.Now().Day()})
	switch f.Sort {
	case "start":
		query += fmt.Sprintf(" ORDER BY e.start_key %s, e.slug %s", dir, dir)
	case "end":
		query += fmt.Sprintf(" ORDER BY coalesce(e.end_key, %f) %s, e.slug %s", now, dir, dir)
	case "lifespan":
		query += fmt.Sprintf(" ORDER BY coalesce(e.end_key, %f) - e.start_key %s, e.slug %s", now, dir, dir)
	case "recent":
		// The graveyard's order: the newest deaths first, then the living.
		back := map[string]string{"ASC": "DESC", "DESC": "ASC"}[dir]
		query += fmt.Sprintf(" ORDER BY e.end_key IS NULL %s, e.end_key %s, e.slug %s", dir, back, dir)
	default:
		query += fmt.Sprintf(" ORDER BY lower(e.name) %s, e.slug %s", dir, dir)
	}
	if f.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return s.queryEntries(ctx, query, args...)
}

// CountList returns how many entries pass the filter, whatever its limit: what a list cut short
// by --limit was cut from.
func (s *Store) CountList(ctx context.Context, f Filter) (int, error) {
	if err := f.Validate(); err != nil {
		return 0, err
	}
	where, args := f.where()
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM entries e"+where, args...).Scan(&n)
	return n, err
}

// where is the filter as a WHERE clause over entries e (empty when it passes everything) and
// its arguments; its order and limit are List's business.
func (f Filter) where() (string, []any) {
	var where []string
	var args []any
	if len(f.Kinds) > 0 {
		where = append(where, "e.kind IN (SELECT value FROM json_each(?))")
		args = append(args, jsonArray(f.Kinds))
	}
	if len(f.Fates) > 0 {
		where = append(where, "e.fate IN (SELECT value FROM json_each(?))")
		args = append(args, jsonArray(f.Fates))
	}
	if f.Alive != nil {
		if *f.Alive {
			where = append(where, "e.end_date IS NULL")
		} else {
			where = append(where, "e.end_date IS NOT NULL")
		}
	}
	if f.From != 0 {
		where = append(where, "(e.end_date IS NULL OR CAST(substr(e.end_date, 1, 4) AS INTEGER) >= ?)")
		args = append(args, f.From)
	}
	if f.To != 0 {
		where = append(where, "CAST(substr(e.start_date, 1, 4) AS INTEGER) <= ?")
		args = append(args, f.To)
	}
	if !f.Hidden {
		where = append(where, "e.hidden = 0")
	}
	if f.Tag != "" {
		where = append(where, "EXISTS (SELECT 1 FROM tags t WHERE t.slug = e.slug AND t.tag = ?)")
		args = append(args, strings.ToLower(f.Tag))
	}
	if len(f.Nations) > 0 {
		where = append(where, "EXISTS (SELECT 1 FROM nations n WHERE n.slug = e.slug AND n.nation IN (SELECT value FROM json_each(?)))")
		args = append(args, jsonArray(f.Nations))
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// Get returns the entry with exactly this slug, or a NotFoundError; a hidden entry is not found.
func (s *Store) Get(ctx context.Context, slug string) (*Entry, error) {
	return s.get(ctx, slug, false)
}

func (s *Store) get(ctx context.Context, slug string, hidden bool) (*Entry, error) {
	es, err := s.queryEntries(ctx, "SELECT "+entryColumns+" FROM entries e WHERE e.slug = ? AND (? OR e.hidden = 0)", slug, hidden)
	if err != nil {
		return nil, err
	}
	if len(es) == 0 {
		return nil, &NotFoundError{Query: slug}
	}
	return es[0], nil
}

// Count returns how many entries there are, and how many of them are alive.
func (s *Store) Count(ctx context.Context) (total, alive int, err error) {
	err = s.db.QueryRowContext(ctx, "SELECT count(*), count(*) FILTER (WHERE end_date IS NULL) FROM entries WHERE hidden = 0").Scan(&total, &alive)
	return total, alive, err
}

func (s *Store) queryEntries(ctx context.Context, query string, args ...any) ([]*Entry, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Entry
	for rows.Next() {
		e := &Entry{}
		var end, parent, cost sql.NullString
		var endKey sql.NullFloat64
		var builtin bool
		var edited, hedges string
		if err := rows.Scan(&e.Slug, &e.Acronym, &e.Name, &e.Kind, &e.Start, &end, &hedges, &e.Fate,
			&e.FateNote, &e.EndAnnounced, &parent, &e.Summary, &e.History, &cost, &e.StartKey, &endKey,
			&builtin, &e.Hidden, &edited); err != nil {
			return nil, err
		}
		e.Approximate = seed.ParseHedges(hedges)
		e.Origin, e.Edited = OriginUser, []string{}
		if builtin {
			e.Origin = OriginBuiltin
		}
		if edited != "" {
			e.Edited = strings.Split(edited, ",")
		}
		if end.Valid {
			e.End = &end.String
			e.EndKey = endKey.Float64
		}
		if parent.Valid {
			e.Parent = &parent.String
		}
		if cost.Valid {
			e.Cost = &seed.Cost{}
			if err := json.Unmarshal([]byte(cost.String), e.Cost); err != nil {
				return nil, fmt.Errorf("%s: stored cost: %w", e.Slug, err)
			}
			// JSON escapes control characters, so the driver's gate saw none: check what it held.
			for _, f := range []*string{&e.Cost.Currency, &e.Cost.Note, &e.Cost.Source.Title, &e.Cost.Source.URL, &e.Cost.Source.Publisher, &e.Cost.Source.Date} {
				*f = safetext.Visible(*f)
			}
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.hydrate(ctx, out)
}

// hydrate fills the one-to-many parts of entries with one query per table, whatever their number.
func (s *Store) hydrate(ctx context.Context, entries []*Entry) error {
	if len(entries) == 0 {
		return nil
	}
	bySlug := make(map[string]*Entry, len(entries))
	slugs := make([]string, len(entries))
	for i, e := range entries {
		bySlug[e.Slug] = e
		slugs[i] = e.Slug
		e.Aliases, e.Tags, e.Nation, e.Predecessors, e.Successors = []string{}, []string{}, []string{}, []Link{}, []Link{}
		e.Sources, e.Events, e.Notes = []seed.Source{}, []seed.Event{}, []Note{}
	}
	in := jsonArray(slugs)
	each := func(query string, scan func(*sql.Rows) error) error {
		rows, err := s.db.QueryContext(ctx, query, in)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	var slug string
	steps := []struct {
		query string
		scan  func(*sql.Rows) error
	}{
		{`SELECT slug, alias FROM aliases WHERE slug IN (SELECT value FROM json_each(?)) ORDER BY slug, pos`,
			func(r *sql.Rows) error {
				var a string
				err := r.Scan(&slug, &a)
				bySlug[slug].Aliases = append(bySlug[slug].Aliases, a)
				return err
			}},
		{`SELECT slug, tag FROM tags WHERE slug IN (SELECT value FROM json_each(?)) ORDER BY slug, tag`,
			func(r *sql.Rows) error {
				var t string
				err := r.Scan(&slug, &t)
				bySlug[slug].Tags = append(bySlug[slug].Tags, t)
				return err
			}},
		{`SELECT slug, nation FROM nations WHERE slug IN (SELECT value FROM json_each(?)) ORDER BY slug, pos`,
			func(r *sql.Rows) error {
				var n string
				err := r.Scan(&slug, &n)
				bySlug[slug].Nation = append(bySlug[slug].Nation, n)
				return err
			}},
		{`SELECT slug, title, url, publisher, date FROM sources WHERE slug IN (SELECT value FROM json_each(?)) ORDER BY slug, pos`,
			func(r *sql.Rows) error {
				var src seed.Source
				err := r.Scan(&slug, &src.Title, &src.URL, &src.Publisher, &src.Date)
				bySlug[slug].Sources = append(bySlug[slug].Sources, src)
				return err
			}},
		{`SELECT slug, date, text FROM events WHERE slug IN (SELECT value FROM json_each(?)) ORDER BY slug, pos`,
			func(r *sql.Rows) error {
				var ev seed.Event
				err := r.Scan(&slug, &ev.Date, &ev.Text)
				bySlug[slug].Events = append(bySlug[slug].Events, ev)
				return err
			}},
		{`SELECT r.from_slug, t.slug, t.acronym, t.name, r.type, r.date, r.note FROM relations r JOIN entries t ON t.slug = r.to_slug
			WHERE r.from_slug IN (SELECT value FROM json_each(?)) ORDER BY r.from_slug, coalesce(nullif(r.date, ''), t.start_date), r.pos`,
			func(r *sql.Rows) error {
				var l Link
				err := r.Scan(&slug, &l.Slug, &l.Acronym, &l.Name, &l.Relation, &l.Date, &l.Note)
				bySlug[slug].Successors = append(bySlug[slug].Successors, l)
				return err
			}},
		{`SELECT r.to_slug, f.slug, f.acronym, f.name, r.type, r.date, r.note FROM relations r JOIN entries f ON f.slug = r.from_slug
			WHERE r.to_slug IN (SELECT value FROM json_each(?)) ORDER BY r.to_slug, coalesce(nullif(r.date, ''), f.end_date, f.start_date), f.start_key, f.slug`,
			func(r *sql.Rows) error {
				var l Link
				err := r.Scan(&slug, &l.Slug, &l.Acronym, &l.Name, &l.Relation, &l.Date, &l.Note)
				bySlug[slug].Predecessors = append(bySlug[slug].Predecessors, l)
				return err
			}},
		{`SELECT slug, id, created, text, author FROM notes WHERE slug IN (SELECT value FROM json_each(?)) ORDER BY slug, created, id`,
			func(r *sql.Rows) error {
				var n Note
				err := r.Scan(&slug, &n.ID, &n.Date, &n.Text, &n.Author)
				bySlug[slug].Notes = append(bySlug[slug].Notes, n)
				return err
			}},
		{`SELECT c.slug, p.slug, p.acronym, p.name FROM entries c JOIN entries p ON p.slug = c.parent
			WHERE c.slug IN (SELECT value FROM json_each(?))`,
			func(r *sql.Rows) error {
				var l Link
				err := r.Scan(&slug, &l.Slug, &l.Acronym, &l.Name)
				bySlug[slug].ParentRef = &l
				return err
			}},
	}
	for _, step := range steps {
		if err := each(step.query, step.scan); err != nil {
			return err
		}
	}
	return nil
}

func jsonArray(values []string) string {
	b, _ := json.Marshal(values) // a []string always marshals
	return string(b)
}

// NotFoundError means no entry answers to a query; Suggestions are the nearest acronyms and names.
type NotFoundError struct {
	Query       string
	Suggestions []*Entry
}

func (e *NotFoundError) Error() string {
	msg := fmt.Sprintf("no entry matches %q", e.Query)
	if len(e.Suggestions) > 0 {
		names := make([]string, len(e.Suggestions))
		for i, s := range e.Suggestions {
			names[i] = s.Label()
		}
		msg += "; did you mean " + strings.Join(names, ", ") + "?"
	}
	return msg
}

// AmbiguousError means several entries answer to a query equally well.
type AmbiguousError struct {
	Query      string
	Candidates []*Entry
}

func (e *AmbiguousError) Error() string {
	names := make([]string, len(e.Candidates))
	for i, c := range e.Candidates {
		names[i] = fmt.Sprintf("%s (%s)", c.Slug, c.Name)
	}
	return fmt.Sprintf("%q matches %d entries: %s; ask for one by its slug", e.Query, len(e.Candidates), strings.Join(names, ", "))
}

// IsNotFound reports whether err means nothing matched.
func IsNotFound(err error) bool {
	var nf *NotFoundError
	return errors.As(err, &nf)
}

// Resolve finds the one entry a user means by query: its slug, acronym, an alias or its name,
// ignoring case, spaces and punctuation. An acronym beats another entry's alias or name; several
// matches at the same level are an AmbiguousError, and
// none at all a NotFoundError with the nearest acronyms as suggestions.
func (s *Store) Resolve(ctx context.Context, query string) (*Entry, error) {
	return s.resolve(ctx, query, false)
}

// ResolveHidden is Resolve over every entry, hidden ones included.
func (s *Store) ResolveHidden(ctx context.Context, query string) (*Entry, error) {
	return s.resolve(ctx, query, true)
}

func (s *Store) resolve(ctx context.Context, query string, hidden bool) (*Entry, error) {
	query = strings.TrimSpace(query)
	if query == "" {
		return nil, errors.New("no query given: name an entry by its acronym, slug, alias or name")
	}
	if n := utf8.RuneCountInString(query); n > MaxQuery {
		return nil, fmt.Errorf("the query is %d characters long; at most %d are read", n, MaxQuery)
	}
	if e, err := s.get(ctx, strings.ToLower(query), hidden); err == nil || !IsNotFound(err) {
		return e, err
	}
	key := Key(query)
	if key != "" {
		for _, where := range []string{
			"e.acronym_key = ?1",
			// An alias and a name are equally good answers: "NHS Improvement" is one body's name
			// and another's alias, and the user must choose.
			"e.slug IN (SELECT slug FROM aliases WHERE key = ?1) OR e.name_key = ?1",
		} {
			es, err := s.queryEntries(ctx, "SELECT "+entryColumns+" FROM entries e WHERE ("+where+") AND (?2 OR e.hidden = 0) ORDER BY e.start_key, e.slug", key, hidden)
			if err != nil {
				return nil, err
			}
			switch len(es) {
			case 0:
				continue
			case 1:
				return es[0], nil
			default:
				return nil, &AmbiguousError{Query: query, Candidates: es}
			}
		}
	}
	suggestions, err := s.Suggest(ctx, query, 3)
	if err != nil {
		return nil, err
	}
	return nil, &NotFoundError{Query: query, Suggestions: suggestions}
}
