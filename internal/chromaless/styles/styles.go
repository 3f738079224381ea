// Package styles is the registry glamour adds its code-block style to, empty at start-up (the
// real one parses dozens of built-in styles as the program starts).
package styles

import "github.com/alecthomas/chroma/v2"

// Registry holds the styles registered so far, by name.
var Registry = map[string]*chroma.Style{}

// Register adds style to the Registry and returns it.
func Register(style *chroma.Style) *chroma.Style {
	Registry[style.Name] = style
	return style
}
