package seed

import (
	"flag"
	"fmt"
	"os"
	"testing"
)

var bumpRelease = flag.Bool("bump-release", false, "write the next catalogue release to seed/catalogue.lock")

// TestReleaseLock: any change to the catalogue files needs a new release number, or an older
// quango could not tell that a database holds a newer catalogue than its own.
func TestReleaseLock(t *testing.T) {
	release, version, err := parseLock(catalogueLock)
	if err != nil {
		t.Fatal(err)
	}
	if version == Version() {
		return
	}
	next := fmt.Sprintf("%d %s\n", release+1, Version())
	if *bumpRelease {
		if err := os.WriteFile("catalogue.lock", []byte(next), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("catalogue.lock is now %q; rebuild to embed it", next)
		return
	}
	t.Errorf("the catalogue changed since release %d (%s → %s): run `go test ./seed/ -run TestReleaseLock -bump-release`", release, version, Version())
}

func TestParseLock(t *testing.T) {
	if r, v, err := parseLock("12 abc\n"); err != nil || r != 12 || v != "abc" {
		t.Errorf("parseLock = %d, %q, %v", r, v, err)
	}
	for _, bad := range []string{"", "abc", "0 abc", "x abc", "1 a b"} {
		if _, _, err := parseLock(bad); err == nil {
			t.Errorf("parseLock(%q) accepted a bad lock", bad)
		}
	}
}
