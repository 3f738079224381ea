package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"quango/seed"
)

// EntryFields are the fields of an entry by their JSON names, the names Reset and Edited use.
var EntryFields = entryFields()

func entryFields() []string {
	var names []string
	t := reflect.TypeFor[seed.Entry]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" && name != "slug" {
			names = append(names, name)
		}
	}
	return names
}

// NoEditsError means a reset found none of the user's edits to drop.
type NoEditsError struct {
	Slug   string
	Fields []string // the fields asked for; empty: the whole entry
	Edited []string // the fields the user has changed, if any
}

func (e *NoEditsError) Error() string {
	if len(e.Fields) == 0 || len(e.Edited) == 0 {
		return fmt.Sprintf("%s has no edits of yours: it is as the catalogue has it", e.Slug)
	}
	return fmt.Sprintf("%s: you have not changed %s; your edits are to %s", e.Slug, strings.Join(e.Fields, ", "), strings.Join(e.Edited, ", "))
}

// OwnEntryError means a reset was asked of an entry the user added: there is no catalogue
// version to go back to.
type OwnEntryError struct{ Slug string }

func (e *OwnEntryError) Error() string {
	return fmt.Sprintf("%s is your own entry, not the catalogue's: there is nothing to reset it to (quango rm deletes it)", e.Slug)
}

// Reset drops the user's edits to a built-in entry: the given fields (JSON names, as Edited
// lists them), or all of them when none is given. Notes and the hidden flag are not edits and
// stay. It returns the fields reset; an entry left invalid by a partial reset (an end without
// its fate, say) is refused like any write.
func (s *Store) Reset(ctx context.Context, slug string, only []string) (reset []string, err error) {
	for _, f := range only {
		if !slices.Contains(EntryFields, f) {
			return nil, fmt.Errorf("%q is not a field; fields are %s", f, strings.Join(EntryFields, ", "))
		}
	}
	err = s.write(ctx, false, true, func(tx *sql.Tx, layer map[string]*layerRow) (map[string]string, error) {
		row := layer[slug]
		base, builtin := s.pristine(slug)
		switch {
		case row != nil && row.origin == OriginUser:
			return nil, &OwnEntryError{Slug: slug}
		case !builtin:
			return nil, &NotFoundError{Query: slug}
		}
		var edited []string
		if row != nil {
			cur, err := apply(base, row.data)
			if err != nil {
				return nil, err
			}
			edited = slices.Sorted(maps.Keys(diff(cur, base)))
		}
		reset = edited
		if len(only) > 0 {
			reset = slices.DeleteFunc(slices.Clone(only), func(f string) bool { return !slices.Contains(edited, f) })
			slices.Sort(reset)
			reset = slices.Compact(reset)
		}
		if len(reset) == 0 {
			return nil, &NoEditsError{Slug: slug, Fields: only, Edited: edited}
		}
		data := maps.Clone(row.data)
		if len(only) == 0 {
			clear(data) // fields the catalogue has come to agree with go too
		}
		for _, f := range reset {
			delete(data, f)
		}
		if len(data) == 0 && !row.hidden {
			if _, err := tx.ExecContext(ctx, "DELETE FROM user_entries WHERE slug = ?", slug); err != nil {
				return nil, err
			}
			delete(layer, slug)
		} else {
			b, _ := json.Marshal(data)
			if _, err := tx.ExecContext(ctx, "UPDATE user_entries SET data = ?, updated = ? WHERE slug = ?", string(b), now(), slug); err != nil {
				return nil, err
			}
			row.data = data
		}
		return map[string]string{slug: slug}, nil
	})
	return reset, err
}
