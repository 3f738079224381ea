package serve

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"quango/seed"
	"quango/store"
	"quango/ui"
)

// catalogue is one session's view of the shared store: every read passes through; the writes
// pass only for a writer's key, record who made a note or burial, and tell the other sessions.
// It implements ui.Writable method by method, never by embedding the store, so a write method
// added to the store is not reachable from a reader's session until it is added here.
type catalogue struct {
	st   *store.Store
	srv  *Server
	ss   *session
	seen atomic.Int64 // the store's write generation this session's explorer last saw
}

var (
	_ ui.Catalogue = (*catalogue)(nil)
	_ ui.Writable  = (*catalogue)(nil)
)

func newCatalogue(ctx context.Context, srv *Server, ss *session) *catalogue {
	c := &catalogue{st: srv.store, srv: srv, ss: ss}
	if g, err := c.st.Generation(ctx); err == nil {
		c.seen.Store(g)
	}
	return c
}

// errReadOnly is the answer to a reader's write, should the explorer ever ask for one.
var errReadOnly = errors.New("read only: your key is not one of this server's writers")

func (c *catalogue) Browse(ctx context.Context, query string) (*store.SearchResult, error) {
	return c.st.Browse(ctx, query)
}

func (c *catalogue) Highlight(query string, h store.Hit) store.Hit { return c.st.Highlight(query, h) }

func (c *catalogue) FirstPage(ctx context.Context, n int) ([]*store.Entry, error) {
	return c.st.FirstPage(ctx, n)
}

func (c *catalogue) Get(ctx context.Context, slug string) (*store.Entry, error) {
	return c.st.Get(ctx, slug)
}

func (c *catalogue) Count(ctx context.Context) (total, alive int, err error) { return c.st.Count(ctx) }

func (c *catalogue) CatalogueVersion(ctx context.Context) (string, error) {
	return c.st.CatalogueVersion(ctx)
}

func (c *catalogue) Lineage(ctx context.Context, slug string) (*store.Lineage, error) {
	return c.st.Lineage(ctx, slug)
}

func (c *catalogue) Stats(ctx context.Context, now time.Time) (*store.Stats, error) {
	return c.st.Stats(ctx, now)
}

func (c *catalogue) Slugs(ctx context.Context) ([]string, error) { return c.st.Slugs(ctx) }

func (c *catalogue) Resolve(ctx context.Context, query string) (*store.Entry, error) {
	return c.st.Resolve(ctx, query)
}

func (c *catalogue) Add(ctx context.Context, e seed.Entry, note string) error {
	return c.write(func() error { return c.st.Add(ctx, e, note) })
}

func (c *catalogue) Bury(ctx context.Context, slug string, b store.Burial) error {
	b.Author = c.ss.name
	return c.write(func() error { return c.st.Bury(ctx, slug, b) })
}

func (c *catalogue) AddNote(ctx context.Context, slug, text string) error {
	return c.write(func() error { return c.st.AddNoteAs(ctx, slug, text, c.ss.name) })
}

func (c *catalogue) Reset(ctx context.Context, slug string, fields []string) (reset []string, err error) {
	err = c.write(func() error {
		reset, err = c.st.Reset(ctx, slug, fields)
		return err
	})
	return reset, err
}

// Refresh reports whether the store changed since this session last looked: the store's own
// Refresh answers once per process, and the sessions share one store.
func (c *catalogue) Refresh(ctx context.Context) (bool, error) {
	if _, err := c.st.Refresh(ctx); err != nil {
		return false, err
	}
	g, err := c.st.Generation(ctx)
	if err != nil {
		return false, err
	}
	return c.seen.Swap(g) != g, nil
}

// write runs a writer's change and announces it to the other sessions.
func (c *catalogue) write(change func() error) error {
	if !c.ss.writer {
		return errReadOnly
	}
	if err := change(); err != nil {
		return err
	}
	// This explorer reloads after its own write; the announcement is for the others.
	if g, err := c.st.Generation(context.Background()); err == nil {
		c.seen.Store(g)
	}
	c.srv.changed()
	return nil
}
