//go:build !unix

package ui

import "os"

// hangupSignals is empty where there is no SIGHUP.
var hangupSignals []os.Signal
