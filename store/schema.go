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
}
