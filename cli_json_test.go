package main

import (
	"bytes"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"quango/store"
)

// schemaFor compiles one of the schema files that the README names as the JSON contract.
func schemaFor(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	s, err := jsonschema.NewCompiler().Compile(filepath.Join("schema", name+".schema.json"))
	if err != nil {
		t.Fatalf("schema/%s.schema.json: %v", name, err)
	}
	return s
}

// validate checks one command's real output against its schema.
func validate(t *testing.T, s *jsonschema.Schema, r result, what string) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(r.stdout))
	if err != nil {
		t.Fatalf("%s printed no JSON: %v\n%s", what, err, r.stdout)
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("%s does not fit its schema: %v", what, err)
	}
}

// TestJSONContract runs every command that prints JSON, over the whole catalogue and over a
// database with the user's own entries, edits, notes and hidden entries, and checks each output
// against its schema in schema/.
func TestJSONContract(t *testing.T) {
	t.Parallel()
	db := map[string]string{"QUANGO_DB": filepath.Join(t.TempDir(), "q.db")}
	run(t, db, "bury", "nhs-england", "--end", "2027-04", "--fate", "abolished", "--into", "dhsc", "--note", "Folded in.").check(t, 0)
	run(t, db, "note", "npfit", "Checked against the NAO's 2011 report.").check(t, 0)
	run(t, db, "rm", "care-data").check(t, 0)
	runIn(t, db, userEntryFile, "add", "--from", "-").check(t, 0)

	show, list, search, stats := schemaFor(t, "show"), schemaFor(t, "list"), schemaFor(t, "search"), schemaFor(t, "stats")
	all := run(t, db, "list", "--hidden", "--json")
	all.check(t, 0)
	validate(t, list, all, "list --hidden --json")
	if n := strings.Count(all.stdout, `"slug": `); n < 100 {
		t.Fatalf("list --json printed %d entries", n)
	}
	for _, q := range []string{"nhs-england", "npfit", "my-local-programme", "care-data", "cfh", "hscic"} {
		validate(t, show, run(t, db, "show", "--hidden", q, "--json"), "show "+q+" --json")
	}
	validate(t, search, run(t, db, "search", "nhs", "--json", "--limit", "0"), "search nhs --json")
	validate(t, search, run(t, db, "search", "granger", "--json"), "search granger --json")
	validate(t, stats, run(t, db, "stats", "--json"), "stats --json")

	// Nothing found: an empty array, with search's exit status still saying so.
	empty := run(t, db, "list", "--tag", "nonexistent", "--json")
	empty.check(t, 0)
	if empty.stdout != "[]\n" {
		t.Errorf("list with no match printed %q, want []", empty.stdout)
	}
	validate(t, list, empty, "an empty list")
	none := run(t, db, "search", "zzzzqqqq", "--json")
	if none.code != 1 || !strings.HasPrefix(none.stderr, `quango: no entry matches "zzzzqqqq"`) || none.stdout != "[]\n" {
		t.Errorf("search with no hit: exit %d, printed %q and %q; want 1, [] and the error", none.code, none.stdout, none.stderr)
	}
	validate(t, search, none, "an empty search")

	// Absent values are null: never "" nor a missing key.
	one := run(t, db, "show", "care-data", "--hidden", "--json").stdout
	for _, want := range []string{`"acronym": null`, `"end_announced": null`, `"cost": null`, `"hidden": true`,
		`"note": "Ministers said the work on sharing patient data`} {
		if !strings.Contains(one, want) {
			t.Errorf("show care-data --json lacks %s", want)
		}
	}
	if strings.Contains(one, `: ""`) {
		t.Errorf("show --json printed an empty string for an absent value:\n%s", one)
	}
}

// TestJSONRoundTripsThroughImport: what list --json prints, nulls and relation notes included,
// imports into a fresh database as the same catalogue.
func TestJSONRoundTripsThroughImport(t *testing.T) {
	t.Parallel()
	out := run(t, nil, "list", "--json")
	out.check(t, 0)
	db := map[string]string{"QUANGO_DB": filepath.Join(t.TempDir(), "fresh.db")}
	file := filepath.Join(t.TempDir(), "all.json")
	writeFile(t, file, out.stdout)
	run(t, db, "import", file).check(t, 0)
	again := run(t, db, "list", "--json")
	if !bytes.Equal([]byte(again.stdout), []byte(out.stdout)) {
		t.Error("list --json after importing list --json differs from the original")
	}
}

// TestEntrySchemaNamesEveryField: a field added to store.Entry's JSON must be added to the
// contract too, or the schema (which allows no other keys) would reject every entry.
func TestEntrySchemaNamesEveryField(t *testing.T) {
	s := schemaFor(t, "show")
	typ := reflect.TypeFor[store.Entry]()
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		if _, ok := s.Properties[name]; !ok {
			t.Errorf("store.Entry's JSON key %q is not in schema/show.schema.json", name)
		}
	}
}
