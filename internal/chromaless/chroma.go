// Package chroma stands in for github.com/alecthomas/chroma/v2 in quango's build (go.mod replaces
// the module with this folder). glamour imports chroma to colour fenced code blocks, and every
// chroma release builds its registries of styles and lexers while the program starts: about
// 12 ms of package initialisation in every quango command, including the many that never render
// Markdown. quango's Markdown never holds a code block (store/markdown escapes every field), so
// this module offers only what glamour v2.0.1 compiles against, and code is written as it is,
// without syntax colour.
package chroma

// TokenType names a kind of token; glamour uses these as the keys of its code-block style.
type TokenType int

// The token types glamour's style names. Their values mean nothing here: nothing is lexed.
const (
	Background TokenType = iota
	Text
	Error
	Comment
	CommentPreproc
	Keyword
	KeywordReserved
	KeywordNamespace
	KeywordType
	Operator
	Punctuation
	Name
	NameBuiltin
	NameTag
	NameAttribute
	NameClass
	NameConstant
	NameDecorator
	NameException
	NameFunction
	NameOther
	Literal
	LiteralNumber
	LiteralDate
	LiteralString
	LiteralStringEscape
	GenericDeleted
	GenericEmph
	GenericInserted
	GenericStrong
	GenericSubheading
)

// StyleEntries maps token types to chroma's style strings ("#rrggbb bg:#rrggbb bold").
type StyleEntries map[TokenType]string

// Style is a named style. Only its name is kept: code is never coloured.
type Style struct {
	Name string
}

// MustNewStyle makes a style called name; the entries are dropped, so it never fails.
func MustNewStyle(name string, _ StyleEntries) *Style {
	return &Style{Name: name}
}
