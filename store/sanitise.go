package store

import (
	"context"
	"database/sql"
	"database/sql/driver"

	"modernc.org/sqlite"

	"quango/seed/safetext"
)

// driverName is SQLite behind the one gate for text coming out of a database: every string a
// query returns passes through safetext.Visible before any code sees it, so a control character
// written by an older quango, another program or an attacker's file reaches no terminal or
// export, and no new query can forget the rule.
const driverName = "quango-sqlite"

func init() {
	sql.Register(driverName, sanitisingDriver{&sqlite.Driver{}})
}

// rawKey marks a context whose queries read bytes as stored: only for data that is decoded
// rather than shown (the user's layer is JSON, in which safetext's spelling of a C1 or DEL
// character would not be a valid escape). What is decoded from it is checked again on the way in
// and sanitised on the way out through the entries tables it derives.
type rawKey struct{}

func rawText(ctx context.Context) context.Context { return context.WithValue(ctx, rawKey{}, true) }

func isRaw(ctx context.Context) bool { raw, _ := ctx.Value(rawKey{}).(bool); return raw }

type sanitisingDriver struct{ inner driver.Driver }

func (d sanitisingDriver) Open(name string) (driver.Conn, error) {
	c, err := d.inner.Open(name)
	if err != nil {
		return nil, err
	}
	return sanitisingConn{c.(innerConn)}, nil
}

// innerConn is what modernc's connection implements and database/sql uses.
type innerConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

type sanitisingConn struct{ innerConn }

func (c sanitisingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := c.innerConn.QueryContext(ctx, query, args)
	if err != nil || isRaw(ctx) {
		return rows, err
	}
	return sanitisingRows{rows}, nil
}

func (c sanitisingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	st, err := c.innerConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return sanitisingStmt{st.(innerStmt)}, nil
}

// Prepare and Query are the context-free forms; database/sql prefers the others, but a wrapper
// must not leave a way round the gate.
func (c sanitisingConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

type innerStmt interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

type sanitisingStmt struct{ innerStmt }

func (s sanitisingStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := s.innerStmt.QueryContext(ctx, args)
	if err != nil || isRaw(ctx) {
		return rows, err
	}
	return sanitisingRows{rows}, nil
}

func (s sanitisingStmt) Query(args []driver.Value) (driver.Rows, error) {
	named := make([]driver.NamedValue, len(args))
	for i, v := range args {
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return s.QueryContext(context.Background(), named)
}

type sanitisingRows struct{ driver.Rows }

func (r sanitisingRows) Next(dest []driver.Value) error {
	if err := r.Rows.Next(dest); err != nil {
		return err
	}
	for i, v := range dest {
		switch v := v.(type) {
		case string:
			dest[i] = safetext.Visible(v)
		case []byte:
			dest[i] = []byte(safetext.Visible(string(v)))
		}
	}
	return nil
}
