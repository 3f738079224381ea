package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestCodeBlockPlain pins what go.mod's replacement of chroma (internal/chromaless) gives up: a
// fenced code block still renders, indented, its text whole, but with no syntax colour inside
// it (real chroma would break "func main" with escape sequences for the keyword).
func TestCodeBlockPlain(t *testing.T) {
	md := "Before.\n\n```go\nfunc main() {\n\tx := 1 // one\n}\n```\n\nAfter.\n"
	for _, dark := range []bool{true, false} {
		out, err := RenderMarkdown(md, 60, dark, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range []string{"func main() {", "\tx := 1 // one", "}"} {
			if !strings.Contains(out, "\x1b[m"+line+"\x1b[") {
				t.Errorf("dark %v: %q is not written as it is:\n%q", dark, line, out)
			}
		}
		plain := ansi.Strip(out)
		if !strings.Contains(plain, "\n    func main() {") || !strings.Contains(plain, "Before.") || !strings.Contains(plain, "After.") {
			t.Errorf("dark %v: the block or the text around it is lost:\n%s", dark, plain)
		}
	}
}
