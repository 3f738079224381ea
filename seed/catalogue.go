package seed

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"path"
	"sort"
	"sync"
)

//go:embed catalogue/*.md
var files embed.FS

var (
	loadOnce    sync.Once
	loaded      []Entry
	loadErr     error
	versionOnce sync.Once
	version     string
)

// Catalogue returns the built-in entries, sorted by slug, parsed and validated once per process.
// An invalid embedded catalogue is a build defect; the test suite keeps it from shipping.
func Catalogue() ([]Entry, error) {
	loadOnce.Do(func() { loaded, _, loadErr = Load(files, "seed/") })
	return loaded, loadErr
}

// Version names the built-in catalogue: a digest of its files, so any edit gives a new version
// and a database can tell whether its built-in rows are current. It reads the files without
// parsing them, so a command that finds its database current never pays for parsing.
func Version() string {
	versionOnce.Do(func() {
		v, err := digest(files)
		if err != nil {
			panic(err) // reading an embedded FS cannot fail
		}
		version = v
	})
	return version
}

// digest hashes each catalogue file's name and contents, in name order. It streams each file
// through one buffer: every command that opens a database needs the version, and copying 1.8 MB
// of files out of the binary first doubled its cost (allocation, page faults, a collection).
func digest(fsys fs.FS) (string, error) {
	names, err := fs.Glob(fsys, "catalogue/*.md")
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	h := sha256.New()
	buf := make([]byte, 32<<10)
	for _, name := range names {
		f, err := fsys.Open(name)
		if err != nil {
			return "", err
		}
		h.Write([]byte(path.Base(name)))
		_, err = io.CopyBuffer(h, f, buf)
		f.Close()
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}

// Load reads, parses and validates every catalogue/*.md file in fsys, and digests them into a
// version. prefix is put before file names in error messages.
func Load(fsys fs.FS, prefix string) ([]Entry, string, error) {
	names, err := fs.Glob(fsys, "catalogue/*.md")
	if err != nil {
		return nil, "", err
	}
	sort.Strings(names)
	var entries []Entry
	var parseErrs []error
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, "", err
		}
		e, err := Parse(prefix+name, data)
		if err != nil {
			parseErrs = append(parseErrs, err)
			continue
		}
		entries = append(entries, e)
	}
	if len(parseErrs) > 0 {
		return nil, "", errors.Join(parseErrs...)
	}
	if ps := Validate(entries); len(ps) > 0 {
		return nil, "", ps
	}
	version, err := digest(fsys)
	if err != nil {
		return nil, "", err
	}
	return entries, version, nil
}
