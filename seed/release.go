package seed

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

// catalogueLock pins the catalogue's release number to the digest of its files:
// "<release> <version>". TestReleaseLock fails when the files change and the lock does not, and
// `go test ./seed/ -run TestReleaseLock -bump-release` writes the next release.
//
//go:embed catalogue.lock
var catalogueLock string

// Release numbers the built-in catalogue's versions in order. Version tells two catalogues
// apart; Release tells which is newer, so an older quango never swaps a newer catalogue out of a
// user's database.
func Release() int {
	release, _, err := parseLock(catalogueLock)
	if err != nil {
		panic(err) // the lock is embedded: TestReleaseLock keeps it well formed
	}
	return release
}

func parseLock(lock string) (release int, version string, err error) {
	fields := strings.Fields(lock)
	if len(fields) != 2 {
		return 0, "", fmt.Errorf("seed/catalogue.lock: want \"<release> <version>\", got %q", lock)
	}
	release, err = strconv.Atoi(fields[0])
	if err != nil || release < 1 {
		return 0, "", fmt.Errorf("seed/catalogue.lock: release %q is not a positive number", fields[0])
	}
	return release, fields[1], nil
}
