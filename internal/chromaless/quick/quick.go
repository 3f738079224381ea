// Package quick writes a code block for glamour, as it is.
package quick

import (
	"io"
	"strings"
)

// Highlight writes source to w without colour, whatever the lexer, formatter and style; like
// chroma, it ends a last line that has no newline with one.
func Highlight(w io.Writer, source, _, _, _ string) error {
	if source != "" && !strings.HasSuffix(source, "\n") {
		source += "\n"
	}
	_, err := io.WriteString(w, source)
	return err
}
