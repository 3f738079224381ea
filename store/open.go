package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrDamaged means the file is an SQLite database whose pages do not hold together; it is left
// untouched.
var ErrDamaged = errors.New("the database file is damaged")

// ErrReadOnly means the database cannot be written: reading works, writing says so.
var ErrReadOnly = errors.New("the database is read-only")

// busyTimeout is how long, in milliseconds, one attempt to take the write lock waits inside
// SQLite; begin tries again for as long as another writer holds it.
const busyTimeout = "1000"

var sqliteHeader = []byte("SQLite format 3\x00")

// fileURI is path as an SQLite URI filename: "%", "?" and "#" in a file's name are escaped, or
// "my?.db" would open "my" and "100%25.db" would open "100%.db".
func fileURI(path string) string {
	return "file:" + strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
}

func isDir(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}

// decide looks at an existing database file read-only and says whether to open it read-only,
// or why it is refused. A refused file is left exactly as it was: the connection that looks
// cannot change the journal mode or checkpoint a pending log into the file, and its close writes
// nothing. Only a file that will be written (its journal mode switched to WAL, its schema or
// built-in catalogue brought up to date) is first checked page by page, so that a damaged backup
// copy is refused rather than half converted.
func decide(ctx context.Context, path string, builtins Builtins) (readOnly bool, err error) {
	// Opening a named pipe would wait for a writer for ever, and a device is no database.
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() && !info.IsDir() {
		what := "not a regular file"
		switch t := info.Mode().Type(); {
		case t&os.ModeNamedPipe != 0:
			what = "a named pipe"
		case t&os.ModeDevice != 0:
			what = "a device"
		case t&os.ModeSocket != 0:
			what = "a socket"
		}
		return false, fmt.Errorf("%s is %s, not a database file", path, what)
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		// SQLite would say only "unable to open database file": name the missing folder.
		if dir := filepath.Dir(path); !isDir(dir) {
			return false, fmt.Errorf("cannot create %s: folder %s does not exist", path, dir)
		}
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("cannot use %s as the database: %w", path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return false, fmt.Errorf("%s: %w", path, err)
	}
	if info.IsDir() {
		return false, fmt.Errorf("%s is a folder, not a database file", path)
	}
	canWrite := writable(path)
	if info.Size() == 0 {
		if !canWrite {
			return false, fmt.Errorf("%s: %w and empty: make it writable, or choose another file with --db", path, ErrReadOnly)
		}
		return false, nil
	}
	head := make([]byte, 100)
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head[:len(sqliteHeader)], sqliteHeader) {
		return false, fmt.Errorf("%s: %w (it is not an SQLite file)", path, ErrNotQuango)
	}
	wal := head[18] == 2 && head[19] == 2

	dsn := fileURI(path) + "?mode=ro&_pragma=busy_timeout(" + busyTimeout + ")"
	walInfo, err := os.Lstat(path + "-wal")
	pending := err == nil && walInfo.Size() > 0
	if errors.Is(err, os.ErrNotExist) {
		// Without a log the file holds everything. Read as immutable, SQLite creates no -wal or
		// -shm file beside it, which a read-only connection to a WAL-mode file would otherwise
		// leave behind.
		dsn += "&immutable=1"
	}
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return false, fmt.Errorf("%s: %w", path, err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var appID, version, tables, metas int
	// One statement reads them all from one snapshot (another process's first run could commit in
	// between and make its new database look like a foreign one).
	err = db.QueryRowContext(ctx, `SELECT (SELECT application_id FROM pragma_application_id),
		(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema),
		(SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta')`).Scan(&appID, &version, &tables, &metas)
	if err != nil {
		return false, fmt.Errorf("%s: %w", path, explain(err))
	}
	switch {
	case appID != applicationID && (tables > 0 || version > 0):
		return false, fmt.Errorf("%s: %w (it is some other SQLite database)", path, ErrNotQuango)
	case version > len(migrations):
		return false, fmt.Errorf("%s: %w (schema %d; this quango knows up to %d): upgrade quango", path, ErrNewerSchema, version, len(migrations))
	}
	var catalogue string
	var release int
	if metas > 0 {
		err := db.QueryRowContext(ctx, `SELECT coalesce(max(CASE key WHEN 'catalogue_version' THEN value END), ''),
			coalesce(max(CASE key WHEN 'catalogue_release' THEN CAST(value AS INTEGER) END), 0) FROM meta`).Scan(&catalogue, &release)
		if err != nil {
			return false, fmt.Errorf("%s: %w", path, explain(err))
		}
	}
	if release > builtins.Release {
		return false, fmt.Errorf("%s: %w (its built-in catalogue is release %d; this quango has release %d): upgrade quango",
			path, ErrNewerSchema, release, builtins.Release)
	}
	needsWrite := !wal || version < len(migrations) || catalogue != builtins.Version
	switch {
	case needsWrite && !canWrite:
		return false, fmt.Errorf("%s: %w, and an older quango wrote it: make it writable once so this quango can bring it up to date, or choose another file with --db", path, ErrReadOnly)
	case !canWrite:
		return true, nil
	case !needsWrite && !pending:
		return false, nil
	}
	// The file is about to be written, or its pending log checkpointed into it when quango closes:
	// only if every page holds together.
	var check string
	if err := db.QueryRowContext(ctx, "PRAGMA quick_check(1)").Scan(&check); err != nil {
		return false, fmt.Errorf("%s: %w", path, explain(err))
	}
	if check != "ok" {
		return false, fmt.Errorf("%s: %w (%s): it was left as it was; restore a backup, or choose another file with --db", path, ErrDamaged, check)
	}
	return false, nil
}

// writable reports whether quango may write the database at path: the file opens for writing
// (which changes nothing in it) and its folder takes the files SQLite keeps beside it.
func writable(path string) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	f.Close()
	tmp, err := os.CreateTemp(filepath.Dir(path), ".quango-probe-*")
	if err != nil {
		return false
	}
	tmp.Close()
	os.Remove(tmp.Name())
	return true
}

// explain turns SQLite's terse errors into what happened and what to do.
func explain(err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_NOTADB:
		return fmt.Errorf("%w (%v)", ErrNotQuango, err)
	case sqlite3.SQLITE_CORRUPT:
		return fmt.Errorf("%w (%v): it was left as it was; restore a backup, or choose another file with --db", ErrDamaged, err)
	case sqlite3.SQLITE_FULL:
		return fmt.Errorf("the disk is full (%v): nothing was written; free some space and try again", err)
	case sqlite3.SQLITE_IOERR:
		return fmt.Errorf("the disk could not be read or written (%v): nothing was written; check the disk and try again", err)
	case sqlite3.SQLITE_READONLY:
		return fmt.Errorf("%w (%v): nothing was written; make the file and its folder writable, or choose another file with --db", ErrReadOnly, err)
	case sqlite3.SQLITE_CANTOPEN:
		return fmt.Errorf("cannot open or create the file (%v): check that its folder exists and is writable", err)
	}
	return err
}

// OnWait sets what the store does when a write finds another quango writing: on a terminal the
// CLI says it is waiting. It is called once per write that waits.
func (s *Store) OnWait(fn func()) { s.onWait = fn }

// begin starts a write transaction. It waits for as long as another writer holds the lock (an
// import of a million entries takes minutes): only a real failure, or ctx ending, is an error.
func (s *Store) begin(ctx context.Context) (*sql.Tx, error) {
	return s.beginOn(ctx, s.db)
}

// beginOn is begin on one connection of the pool, or on any.
func (s *Store) beginOn(ctx context.Context, db interface {
	BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
}) (*sql.Tx, error) {
	if s.readOnly {
		return nil, fmt.Errorf("%s: %w: nothing was written; make the file and its folder writable, or write to a copy (quango backup COPY, then --db COPY)", s.path, ErrReadOnly)
	}
	told := false
	for {
		tx, err := db.BeginTx(ctx, nil)
		var se *sqlite.Error
		if err == nil || !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_BUSY {
			return tx, err
		}
		if !told && s.onWait != nil {
			s.onWait()
			told = true
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
}

// IsDamaged reports whether err says the database's pages do not hold together.
func IsDamaged(err error) bool {
	var se *sqlite.Error
	return errors.Is(err, ErrDamaged) || errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_CORRUPT
}
