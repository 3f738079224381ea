package serve

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// keyList is an authorized_keys file, read again when it changes, so keys are added and removed
// without a restart.
type keyList struct {
	path string

	mu    sync.Mutex
	mtime time.Time
	size  int64
	keys  map[string]string // the key's wire form → its comment
}

func loadKeyList(path string) (*keyList, error) {
	l := &keyList{path: path}
	if err := l.reload(); err != nil {
		return nil, err
	}
	return l, nil
}

// reload reads the file when it changed since the last read; a file that fails to read or parse
// leaves the list as it was (and, the first time, is an error).
func (l *keyList) reload() error {
	info, err := os.Stat(l.path)
	if err != nil {
		return fmt.Errorf("keys file: %w", err)
	}
	if l.keys != nil && info.ModTime().Equal(l.mtime) && info.Size() == l.size {
		return nil
	}
	data, err := os.ReadFile(l.path)
	if err != nil {
		return fmt.Errorf("keys file: %w", err)
	}
	keys, err := parseKeys(l.path, data)
	if err != nil {
		return err
	}
	l.keys, l.mtime, l.size = keys, info.ModTime(), info.Size()
	return nil
}

// parseKeys reads authorized_keys lines: blank lines and # comments are skipped, anything else
// must be a key.
func parseKeys(path string, data []byte) (map[string]string, error) {
	keys := map[string]string{}
	for i, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		key, comment, _, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return nil, fmt.Errorf("%s, line %d: not an SSH public key (%v)", path, i+1, err)
		}
		keys[string(key.Marshal())] = comment
	}
	return keys, nil
}

// find reports whether key is listed, and its comment.
func (l *keyList) find(key ssh.PublicKey) (comment string, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reload() // on failure the last good list stands
	comment, ok = l.keys[string(key.Marshal())]
	return comment, ok
}

// LoadOrCreateHostKey reads the host's private key from path (PEM, OpenSSH format), creating an
// Ed25519 key there, readable by its owner only, when there is none. A key others may read is
// refused, as OpenSSH refuses one.
func LoadOrCreateHostKey(path string) ([]byte, error) {
	if path == "" {
		return nil, errors.New("no host key file given")
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return createHostKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	if info, err := os.Stat(path); err == nil && info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("host key %s can be read by others (mode %04o): chmod 600 it", path, info.Mode().Perm())
	}
	if _, err := gossh.ParsePrivateKey(data); err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	return data, nil
}

func createHostKey(path string) ([]byte, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "quango host key")
	if err != nil {
		return nil, err
	}
	data := pem.EncodeToMemory(block)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	// O_EXCL: two servers starting at once must not each write half a key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return LoadOrCreateHostKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	_, werr := f.Write(data)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path)
		return nil, fmt.Errorf("host key: %w", werr)
	}
	return data, nil
}
