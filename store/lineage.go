package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"

	"quango/seed"
)

// LineageNode is one entry in a family tree, with just what a tree or a diagram shows.
type LineageNode struct {
	Slug         string      `json:"slug"`
	Acronym      string      `json:"acronym"`
	Name         string      `json:"name"`
	Kind         string      `json:"kind"`
	Start        string      `json:"start"`
	End          *string     `json:"end"`
	Approximate  seed.Hedges `json:"approximate"`
	Fate         string      `json:"fate"`
	EndAnnounced string      `json:"end_announced,omitempty"`

	startKey float64
}

// Label is the acronym where there is one, else the name.
func (n *LineageNode) Label() string {
	return label(n.Acronym, n.Name)
}

// LineageEdge is one relation between two entries of a family tree, read forward in time.
type LineageEdge struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Relation string `json:"relation"`
	Date     string `json:"date"`
}

// Lineage is the family tree of one entry: every ancestor (followed back through predecessors)
// and every descendant (followed forward through successors), transitively, and the relations
// between them. Siblings — a descendant's other predecessors — are not part of it.
type Lineage struct {
	Root  string        `json:"root"`
	Nodes []LineageNode `json:"nodes"` // by start date, then slug; the root is among them
	Edges []LineageEdge `json:"edges"` // by the From node's order, then as the catalogue lists them

	index map[string]int
}

// Node returns the node with this slug, or nil.
func (l *Lineage) Node(slug string) *LineageNode {
	if i, ok := l.index[slug]; ok {
		return &l.Nodes[i]
	}
	return nil
}

// Out lists the edges leaving slug (to its successors), in the catalogue's order.
func (l *Lineage) Out(slug string) []LineageEdge {
	var out []LineageEdge
	for _, e := range l.Edges {
		if e.From == slug {
			out = append(out, e)
		}
	}
	return out
}

// In lists the edges arriving at slug (from its predecessors), oldest predecessor first.
func (l *Lineage) In(slug string) []LineageEdge {
	var in []LineageEdge
	for _, e := range l.Edges {
		if e.To == slug {
			in = append(in, e)
		}
	}
	slices.SortStableFunc(in, func(a, b LineageEdge) int { return cmp.Compare(l.index[a.From], l.index[b.From]) })
	return in
}

// HasRelatives reports whether the entry has any ancestor or descendant.
func (l *Lineage) HasRelatives() bool { return len(l.Nodes) > 1 }

// Lineage returns the family tree of the entry with this slug, or a NotFoundError. It follows
// relations with visited sets, so it terminates on any graph, cycles included.
func (s *Store) Lineage(ctx context.Context, slug string) (*Lineage, error) {
	// The root may be hidden (an export with --hidden asks for it); its relatives may not.
	if _, err := s.get(ctx, slug, true); err != nil {
		return nil, err
	}
	// Walk outwards one entry at a time through the relation indexes, so the cost follows the
	// family's size, not the catalogue's. Hidden entries and their edges are left out.
	stmt, err := s.db.PrepareContext(ctx, `
		SELECT r.from_slug, r.to_slug, r.type, coalesce(r.date, '') FROM relations r
		JOIN entries f ON f.slug = r.from_slug AND (f.hidden = 0 OR f.slug = ?2)
		JOIN entries t ON t.slug = r.to_slug AND (t.hidden = 0 OR t.slug = ?2)
		WHERE r.from_slug = ?1 OR r.to_slug = ?1
		ORDER BY r.from_slug, r.pos`)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	root := slug
	edgesOf := func(slug string) ([]LineageEdge, error) {
		rows, err := stmt.QueryContext(ctx, slug, root)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []LineageEdge
		for rows.Next() {
			var e LineageEdge
			if err := rows.Scan(&e.From, &e.To, &e.Relation, &e.Date); err != nil {
				return nil, err
			}
			out = append(out, e)
		}
		return out, rows.Err()
	}
	members := map[string]bool{slug: true}
	var all []LineageEdge
	seenEdge := map[LineageEdge]bool{}
	// Ancestors are followed backwards only and descendants forwards only, so siblings (another
	// child of one's parent) stay out of the tree.
	for _, forwards := range []bool{false, true} {
		seen := map[string]bool{slug: true}
		queue := []string{slug}
		for len(queue) > 0 {
			cur := queue[0]
			queue = queue[1:]
			edges, err := edgesOf(cur)
			if err != nil {
				return nil, err
			}
			for _, e := range edges {
				next := e.From
				if forwards {
					next = e.To
				}
				if (forwards && e.From != cur) || (!forwards && e.To != cur) {
					continue
				}
				if !seenEdge[e] {
					seenEdge[e] = true
					all = append(all, e)
				}
				if !seen[next] {
					seen[next] = true
					members[next] = true
					queue = append(queue, next)
				}
			}
		}
	}

	slugs := make([]string, 0, len(members))
	for m := range members {
		slugs = append(slugs, m)
	}
	nodes, err := s.lineageNodes(ctx, slugs)
	if err != nil {
		return nil, err
	}
	l := &Lineage{Root: slug, Nodes: nodes, index: make(map[string]int, len(nodes))}
	for i, n := range nodes {
		l.index[n.Slug] = i
	}
	for _, e := range all {
		_, from := l.index[e.From]
		_, to := l.index[e.To]
		if from && to {
			l.Edges = append(l.Edges, e)
		}
	}
	slices.SortStableFunc(l.Edges, func(a, b LineageEdge) int { return cmp.Compare(l.index[a.From], l.index[b.From]) })
	if l.Edges == nil {
		l.Edges = []LineageEdge{}
	}
	return l, nil
}

func (s *Store) lineageNodes(ctx context.Context, slugs []string) ([]LineageNode, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT slug, acronym, name, kind, start_date, end_date, approximate_dates, fate,
		coalesce(end_announced, ''), start_key FROM entries WHERE slug IN (SELECT value FROM json_each(?))
		ORDER BY start_key, slug`, jsonArray(slugs))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LineageNode
	for rows.Next() {
		var n LineageNode
		var end sql.NullString
		var hedges string
		if err := rows.Scan(&n.Slug, &n.Acronym, &n.Name, &n.Kind, &n.Start, &end, &hedges, &n.Fate,
			&n.EndAnnounced, &n.startKey); err != nil {
			return nil, err
		}
		n.Approximate = seed.ParseHedges(hedges)
		if end.Valid {
			n.End = &end.String
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
