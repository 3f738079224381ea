package store

// applicationID marks a SQLite file as quango's ("quan" in ASCII), so a foreign database is
// recognised and refused rather than written to.
const applicationID = 0x7175616e

// migrations bring a database forward one schema version at a time; PRAGMA user_version records
// how many have run. Append only: a released migration is never edited.
var migrations = []string{
	// 1: the catalogue.
	`
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
CREATE TABLE entries (
	slug          TEXT PRIMARY KEY,
	acronym       TEXT NOT NULL DEFAULT '',
	name          TEXT NOT NULL,
	kind          TEXT NOT NULL CHECK (kind IN ('body', 'programme', 'strategy', 'system')),
	start_date    TEXT NOT NULL,
	end_date      TEXT,
	approximate   INTEGER NOT NULL DEFAULT 0,
	fate          TEXT NOT NULL CHECK (fate IN ('active', 'renamed', 'merged', 'replaced', 'abolished', 'closed', 'cancelled')),
	fate_note     TEXT NOT NULL,
	end_announced TEXT,
	parent        TEXT REFERENCES entries (slug) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
	summary       TEXT NOT NULL,
	history       TEXT NOT NULL DEFAULT '',
	cost          TEXT,            -- JSON of seed.Cost, NULL when no source states one
	start_key     REAL NOT NULL,   -- fractional years at the middle of the start's precision, for sorting
	end_key       REAL,
	builtin       INTEGER NOT NULL DEFAULT 1,
	acronym_key   TEXT NOT NULL DEFAULT '', -- Key(acronym): lower-case letters and digits only
	name_key      TEXT NOT NULL DEFAULT ''  -- Key(name)
);
CREATE INDEX entries_acronym_key ON entries (acronym_key);
CREATE INDEX entries_name_key ON entries (name_key);
CREATE INDEX entries_kind ON entries (kind);
CREATE INDEX entries_fate ON entries (fate);
CREATE TABLE aliases (
	slug  TEXT NOT NULL REFERENCES entries (slug) ON DELETE CASCADE,
	pos   INTEGER NOT NULL,
	alias TEXT NOT NULL,
	key   TEXT NOT NULL, -- Key(alias)
	PRIMARY KEY (slug, pos)
);
CREATE INDEX aliases_key ON aliases (key);
CREATE TABLE tags (
	slug TEXT NOT NULL REFERENCES entries (slug) ON DELETE CASCADE,
	tag  TEXT NOT NULL,
	PRIMARY KEY (slug, tag)
);
CREATE INDEX tags_tag ON tags (tag);
CREATE TABLE relations (
	from_slug TEXT NOT NULL REFERENCES entries (slug) ON DELETE CASCADE,
	to_slug   TEXT NOT NULL REFERENCES entries (slug) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	type      TEXT NOT NULL CHECK (type IN ('renamed_to', 'merged_into', 'replaced_by', 'absorbed_by', 'split_into', 'succeeded_by')),
	date      TEXT NOT NULL DEFAULT '',
	note      TEXT NOT NULL DEFAULT '',
	pos       INTEGER NOT NULL,
	PRIMARY KEY (from_slug, to_slug, type)
);
CREATE INDEX relations_to ON relations (to_slug);
CREATE TABLE sources (
	slug      TEXT NOT NULL REFERENCES entries (slug) ON DELETE CASCADE,
	pos       INTEGER NOT NULL,
	title     TEXT NOT NULL,
	url       TEXT NOT NULL,
	publisher TEXT NOT NULL DEFAULT '',
	date      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (slug, pos)
);
CREATE TABLE events (
	slug TEXT NOT NULL REFERENCES entries (slug) ON DELETE CASCADE,
	pos  INTEGER NOT NULL,
	date TEXT NOT NULL,
	text TEXT NOT NULL,
	PRIMARY KEY (slug, pos)
);
`,
	// 2: full-text search over each entry's summary and history, for search's last tier. The
	// slug is carried, not indexed; existing entries are indexed here, later ones as they load.
	`
CREATE VIRTUAL TABLE entries_fts USING fts5 (
	slug UNINDEXED,
	summary,
	history,
	tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO entries_fts (slug, summary, history) SELECT slug, summary, history FROM entries;
`,
	// 3: the user's layer. The built-in catalogue ships with the binary; what the user adds,
	// edits, hides and notes lives in user_entries and notes, which no catalogue update touches.
	// The entries tables hold the effective catalogue derived from both (see derive), with hidden
	// rows kept (so lineage through them stays whole) and flagged. Clearing the catalogue version
	// makes the next open derive the rows again with the new columns filled.
	`
CREATE TABLE user_entries (
	slug    TEXT PRIMARY KEY,
	origin  TEXT NOT NULL CHECK (origin IN ('builtin', 'user')),
	data    TEXT NOT NULL DEFAULT '{}', -- JSON: a user entry whole; for a built-in one, the fields the user changed
	hidden  INTEGER NOT NULL DEFAULT 0,
	updated TEXT NOT NULL
);
CREATE TABLE notes (
	id      INTEGER PRIMARY KEY,
	slug    TEXT NOT NULL, -- no foreign key: notes outlive the rows the catalogue rebuilds
	created TEXT NOT NULL, -- YYYY-MM-DD
	text    TEXT NOT NULL
);
CREATE INDEX notes_slug ON notes (slug);
CREATE INDEX entries_parent ON entries (parent); -- deleting an entry looks up its children
ALTER TABLE entries ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entries ADD COLUMN edited TEXT NOT NULL DEFAULT ''; -- comma-separated field names the user changed
DELETE FROM meta WHERE key = 'catalogue_version';
INSERT INTO meta (key, value) VALUES ('generation', '0') ON CONFLICT (key) DO NOTHING;
`,
	// 4: the nations an entry served, and which of its dates are hedged (approximate stays 1 when
	// any is, for readers of older quangos' files). Clearing the catalogue version derives the rows
	// again so both are filled.
	`
CREATE TABLE nations (
	slug   TEXT NOT NULL REFERENCES entries (slug) ON DELETE CASCADE,
	pos    INTEGER NOT NULL,
	nation TEXT NOT NULL CHECK (nation IN ('england', 'scotland', 'wales', 'northern-ireland', 'uk')),
	PRIMARY KEY (slug, nation)
);
CREATE INDEX nations_nation ON nations (nation);
ALTER TABLE entries ADD COLUMN approximate_dates TEXT NOT NULL DEFAULT ''; -- which dates are hedged: "start", "end", "start,end"
DELETE FROM meta WHERE key = 'catalogue_version';
`,
	// 5: a stable, documented surface for other SQLite tools (sqlite3, sqlite-utils, Datasette).
	// The full-text index becomes an external-content table over entries, which those tools
	// detect; views give readable columns of the visible entries; the rebuilt tables refuse an
	// UPDATE, which the next rebuild would silently undo; the view readme says all this.
	`
DROP TABLE entries_fts;
CREATE VIRTUAL TABLE entries_fts USING fts5 (
	slug UNINDEXED,
	summary,
	history,
	content="entries",
	tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO entries_fts (entries_fts) VALUES ('rebuild');

CREATE VIEW catalogue AS
SELECT
	e.rowid AS rowid, -- the rowid of entries and entries_fts, for joining a full-text search
	e.slug,
	nullif(e.acronym, '') AS acronym,
	e.name,
	e.kind,
	e.start_date,     -- YYYY, YYYY-MM or YYYY-MM-DD: only as precise as the source
	e.end_date,       -- NULL while alive
	CAST(substr(e.start_date, 1, 4) AS INTEGER) AS start_year,
	CAST(substr(e.end_date, 1, 4) AS INTEGER) AS end_year,
	e.end_date IS NULL AS alive,
	round(e.end_key - e.start_key, 2) AS lifespan_years, -- from the middle of each date's precision
	e.approximate,
	nullif(e.approximate_dates, '') AS approximate_dates, -- which dates are hedged: start, end or start,end
	e.fate,
	e.fate_note,
	e.end_announced,
	e.parent,
	(SELECT json_group_array(nation) FROM (SELECT nation FROM nations n WHERE n.slug = e.slug ORDER BY n.pos)) AS nations,
	(SELECT json_group_array(alias) FROM (SELECT alias FROM aliases a WHERE a.slug = e.slug ORDER BY a.pos)) AS aliases,
	(SELECT json_group_array(tag) FROM (SELECT tag FROM tags t WHERE t.slug = e.slug ORDER BY t.tag)) AS tags,
	e.summary,
	nullif(e.history, '') AS history,
	CASE e.builtin WHEN 1 THEN 'builtin' ELSE 'user' END AS origin,
	nullif(e.edited, '') AS edited
FROM entries e
WHERE e.hidden = 0;

CREATE VIEW catalogue_relations AS
SELECT r.from_slug, r.type AS relation, r.to_slug, nullif(r.date, '') AS date, nullif(r.note, '') AS note
FROM relations r
JOIN entries f ON f.slug = r.from_slug AND f.hidden = 0
JOIN entries t ON t.slug = r.to_slug AND t.hidden = 0
ORDER BY r.from_slug, r.pos;

CREATE VIEW catalogue_sources AS
SELECT s.slug, s.pos + 1 AS number, s.title, s.url, nullif(s.publisher, '') AS publisher, nullif(s.date, '') AS date
FROM sources s
JOIN entries e ON e.slug = s.slug AND e.hidden = 0
ORDER BY s.slug, s.pos;

-- Deleting an entry sets its children's parent to NULL, an UPDATE of quango's own: let it be.
CREATE TRIGGER entries_rebuilt BEFORE UPDATE ON entries
WHEN NOT (NEW.parent IS NULL AND NOT EXISTS (SELECT 1 FROM entries p WHERE p.slug = OLD.parent)) BEGIN
	SELECT RAISE(ABORT, 'entries is rebuilt by quango, which would undo this change: change entries with quango edit, bury, note, rm or import (SELECT * FROM readme)');
END;
CREATE TRIGGER aliases_rebuilt BEFORE UPDATE ON aliases BEGIN
	SELECT RAISE(ABORT, 'aliases is rebuilt by quango, which would undo this change: use quango edit (SELECT * FROM readme)');
END;
CREATE TRIGGER tags_rebuilt BEFORE UPDATE ON tags BEGIN
	SELECT RAISE(ABORT, 'tags is rebuilt by quango, which would undo this change: use quango edit (SELECT * FROM readme)');
END;
CREATE TRIGGER relations_rebuilt BEFORE UPDATE ON relations BEGIN
	SELECT RAISE(ABORT, 'relations is rebuilt by quango, which would undo this change: use quango edit or bury (SELECT * FROM readme)');
END;
CREATE TRIGGER sources_rebuilt BEFORE UPDATE ON sources BEGIN
	SELECT RAISE(ABORT, 'sources is rebuilt by quango, which would undo this change: use quango edit (SELECT * FROM readme)');
END;
CREATE TRIGGER events_rebuilt BEFORE UPDATE ON events BEGIN
	SELECT RAISE(ABORT, 'events is rebuilt by quango, which would undo this change: use quango edit (SELECT * FROM readme)');
END;
CREATE TRIGGER nations_rebuilt BEFORE UPDATE ON nations BEGIN
	SELECT RAISE(ABORT, 'nations is rebuilt by quango, which would undo this change: use quango edit (SELECT * FROM readme)');
END;

CREATE VIEW readme (name, kind, about) AS VALUES
	('catalogue', 'stable view', 'The visible entries (hidden ones left out), one row each: dates as written (start_date, end_date: YYYY, YYYY-MM or YYYY-MM-DD) and as sortable integer years (start_year, end_year), alive, lifespan_years, nations, aliases and tags as JSON arrays, origin builtin or user. Read-only; its columns keep their names and meanings across releases.'),
	('catalogue_relations', 'stable view', 'What each visible entry led to: from_slug, relation (renamed_to, merged_into, replaced_by, absorbed_by, split_into, succeeded_by), to_slug, date, note.'),
	('catalogue_sources', 'stable view', 'The numbered sources of each visible entry: slug, number, title, url, publisher, date.'),
	('entries_fts', 'stable full-text index', 'Full-text search (FTS5) over the summary and history of entries, hidden ones included; sqlite-utils and Datasette detect it. Its rowid is the rowid of entries and of catalogue: SELECT c.* FROM catalogue c JOIN entries_fts f ON f.rowid = c.rowid WHERE entries_fts MATCH ''granger''.'),
	('entries, aliases, tags, nations, relations, sources, events', 'rebuilt by quango', 'The effective catalogue, built-in entries plus your layer, hidden ones flagged. quango deletes and rebuilds them on every write and on a new release, so they refuse UPDATE: change entries with quango add, edit, bury, note, rm and import.'),
	('user_entries, notes', 'your layer, written by quango', 'Your entries, your edits of built-in ones, hidden entries and notes: kept across releases. Write them through quango''s commands, which check every change.'),
	('meta', 'quango''s', 'The catalogue version and a write counter.');

-- Keys now fold accents (Santé is sante): clearing the catalogue version derives them again.
DELETE FROM meta WHERE key = 'catalogue_version';
`,
	// 6: who wrote a note, when someone other than the database's owner did (quango serve records
	// the SSH key's comment or fingerprint); empty for the owner's own notes.
	`
ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT '';
`,
	// 7: List's default order as an index, so its first page (the explorer's first screen) is
	// read from the top of the index rather than after sorting every entry.
	`
CREATE INDEX entries_by_name ON entries (lower(name), slug) WHERE hidden = 0;
`,
}
