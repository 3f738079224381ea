package ui

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"

	"github.com/cli/browser"
)

// openBrowser opens url in $BROWSER when it is set (a list of commands separated by colons,
// tried in turn; %s marks where the address goes, else it goes last), otherwise through
// cli/browser, the system's opener (xdg-open and its fallbacks, open, or the Windows shell). It
// refuses where no browser could appear (no display on Linux, or a remote session), so the caller
// shows the address instead.
func openBrowser(url string) error {
	if list := os.Getenv("BROWSER"); strings.TrimSpace(list) != "" {
		return openWith(list, url)
	}
	if runtime.GOOS != "darwin" && runtime.GOOS != "windows" && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return errors.New("no display")
	}
	if os.Getenv("SSH_CONNECTION") != "" {
		return errors.New("remote session")
	}
	// The opener's own chatter would scribble over the screen.
	browser.Stdout, browser.Stderr = io.Discard, io.Discard
	return browser.OpenURL(url)
}

// openWith starts the first command of a $BROWSER list that starts.
func openWith(list, url string) error {
	err := errors.New("$BROWSER names no command")
	for _, command := range strings.Split(list, string(os.PathListSeparator)) {
		words := strings.Fields(command)
		if len(words) == 0 {
			continue
		}
		if strings.Contains(command, "%s") {
			for i, w := range words {
				words[i] = strings.ReplaceAll(w, "%s", url)
			}
		} else {
			words = append(words, url)
		}
		cmd := exec.Command(words[0], words[1:]...)
		if err = cmd.Start(); err == nil {
			go cmd.Wait() // reap it whenever it ends; the browser may outlive the explorer
			return nil
		}
	}
	return err
}
