// Package bluemonday stands in for github.com/microcosm-cc/bluemonday in quango's build (go.mod
// replaces the module with this folder). glamour asks it for one thing, StrictPolicy: HTML in
// Markdown printed as its text with every tag taken out. The real package compiles its CSS and
// attribute patterns while the program starts, with gorilla/css and douceur: about 3 ms of CPU
// and 400 page faults in every quango command, including the many that never render Markdown
// (and quango's Markdown never holds HTML: store/markdown escapes every field). This strips
// tags with golang.org/x/net/html's tokenizer, as bluemonday itself does.
package bluemonday

import (
	"strings"

	"golang.org/x/net/html"
)

// Policy is the strict policy: no element and no attribute is allowed.
type Policy struct{}

// StrictPolicy returns the policy that keeps only text.
func StrictPolicy() *Policy { return &Policy{} }

// skipContent holds the elements whose text is dropped with them, as bluemonday drops it:
// a script's or a style's text is no prose.
var skipContent = map[string]bool{
	"frame": true, "frameset": true, "iframe": true, "noembed": true, "noframes": true,
	"noscript": true, "nostyle": true, "object": true, "script": true, "style": true, "title": true,
}

// Sanitize returns the text of s, HTML-escaped, without tags, comments or doctypes.
func (p *Policy) Sanitize(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skipping, depth := "", 0 // the element whose content is dropped, and how deep it is nested
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if depth == 0 {
				b.WriteString(html.EscapeString(string(z.Text())))
			}
		case html.StartTagToken:
			name, _ := z.TagName()
			switch {
			case depth == 0 && skipContent[string(name)]:
				skipping, depth = string(name), 1
			case depth > 0 && string(name) == skipping:
				depth++
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); depth > 0 && string(name) == skipping {
				depth--
			}
		}
	}
}
