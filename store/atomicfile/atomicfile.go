// Package atomicfile writes files as renameio does (a temporary file in the same folder, synced
// to disk, then renamed into place, so a reader or a crash never sees half a file), portably:
// renameio has no Windows build. New files get 0666 less the umask, as os.Create gives.
package atomicfile

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrExist is returned by Commit without replace when the target exists.
var ErrExist = fs.ErrExist

// Pending is a temporary file destined for a target path.
type Pending struct {
	*os.File
	target string
	done   bool
}

// New creates the temporary file for target, in target's folder so the rename stays on one file
// system. It is created with mode 0666, which the umask trims; perm, when not zero, is set
// instead (to keep an existing file's permissions).
func New(target string, perm fs.FileMode) (*Pending, error) {
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	for range 100 {
		var b [6]byte
		rand.Read(b[:])
		name := filepath.Join(dir, "."+base+".tmp-"+hex.EncodeToString(b[:]))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if perm != 0 {
			if err := f.Chmod(perm); err != nil {
				f.Close()
				os.Remove(name)
				return nil, err
			}
		}
		return &Pending{File: f, target: target}, nil
	}
	return nil, errors.New("no free name for a temporary file in " + dir)
}

// Commit syncs the file to disk, closes it and puts it in place. With replace, it atomically
// replaces whatever is at the target; without, it creates the target only if the name is free
// (a hard link, atomic where links work) and returns ErrExist otherwise, even for a file that
// appeared since the caller last looked.
func (p *Pending) Commit(replace bool) error {
	if err := p.Sync(); err != nil {
		return err
	}
	if err := p.File.Close(); err != nil {
		return err
	}
	if replace {
		if err := os.Rename(p.Name(), p.target); err != nil {
			return err
		}
		p.done = true
		return nil
	}
	err := os.Link(p.Name(), p.target)
	switch {
	case err == nil:
		p.done = true
		return os.Remove(p.Name())
	case errors.Is(err, fs.ErrExist):
		return ErrExist
	}
	// No hard links here (some network and FAT file systems): check, then rename.
	if _, err := os.Lstat(p.target); err == nil {
		return ErrExist
	}
	if err := os.Rename(p.Name(), p.target); err != nil {
		return err
	}
	p.done = true
	return nil
}

// Cleanup removes the temporary file unless Commit put it in place; defer it after New.
func (p *Pending) Cleanup() {
	if p.done {
		return
	}
	p.File.Close()
	os.Remove(p.Name())
}
