//go:build unix

package ui

import (
	"os"
	"syscall"
)

var hangupSignals = []os.Signal{syscall.SIGHUP}
