package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func init() { subcommands = append(subcommands, newManCommand) }

func newManCommand(*app) *cobra.Command {
	return &cobra.Command{
		Use:     "man",
		Short:   "Print quango's manual page (man -l <(quango man))",
		Example: `  quango man > quango.1 && man -l quango.1`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return writeManPage(cmd.OutOrStdout(), cmd.Root())
		},
	}
}

// manSections are the parts of the page that no command's help holds.
const manSections = `.SH "EXIT STATUS"
.TP
.B 0
Success.
.TP
.B 1
Not found (with \(lqdid you mean\(rq suggestions), nothing matched a search, a file in the way
without \fB\-\-force\fR, a missing or unwritable folder, or another error.
.TP
.B 2
A usage error, or a query that matches several entries equally well (they are listed).
.PP
Errors are one line on standard error; data goes to standard output.
.SH ENVIRONMENT
.TP
.B QUANGO_DB
The database file to use, as \fB\-\-db\fR gives it (the option wins).
.TP
.B XDG_DATA_HOME
Where the database lives by default: \fI$XDG_DATA_HOME/quango/quango.db\fR.
An empty or relative value is ignored.
.TP
.B HOME
Gives the default folder when \fBXDG_DATA_HOME\fR is not set.
.TP
.B NO_COLOR
When set to anything, nothing is coloured, and the terminal is never asked for its colours.
.TP
.B TERM
When \fBdumb\fR, nothing is coloured.
.TP
.BR VISUAL ", " EDITOR
The editor \fBquango edit\fR and the explorer's forms open.
.TP
.B PAGER
The pager \fBshow\fR uses on a terminal when an entry is longer than the screen
(default \fBless \-R\fR; \fBcat\fR turns paging off).
.TP
.B BROWSER
The program that opens an entry's source from the explorer (a list separated by colons is
tried in order); without it, the system's opener.
.SH FILES
.TP
.I $XDG_DATA_HOME/quango/quango.db
The database: the built-in catalogue (rebuilt by quango when a new release opens it) and your
own entries, edits, hidden entries and notes (kept across releases).
It is an SQLite file: the view \fBcatalogue\fR and the full-text table \fBcatalogue_fts\fR are
its stable read-only surface for other tools; change it through quango's commands only.
.TP
.I ~/.local/share/quango/quango.db
The same file when \fBXDG_DATA_HOME\fR is not set (on macOS and Windows, quango's folder in
the user's application-data folder).
.SH EXAMPLES
.nf
.RS
quango search granger
quango show npfit
quango list \-\-dead \-\-kind body \-\-csv > bodies.csv
quango list \-\-tag npfit \-\-json | jq \(aq.[].name\(aq
quango export \-\-all \-\-flavour hugo \-o site/content/
quango bury nhs\-england \-\-end 2027\-04 \-\-fate abolished \-\-into dhsc
sqlite3 \-readonly ~/.local/share/quango/quango.db \(dqSELECT acronym, end_year FROM catalogue WHERE end_year = 2013\(dq
.RE
.fi
.SH "SEE ALSO"
.BR sqlite3 (1),
.BR jq (1),
.BR hugo (1)
`

// writeManPage writes quango(1) in the man macros: one page with every command, its options and
// examples, and the sections a Unix reader looks for.
func writeManPage(w io.Writer, root *cobra.Command) error {
	var b strings.Builder
	fmt.Fprintf(&b, ".TH QUANGO 1 \"\" %s \"User Commands\"\n", roffQuote("quango "+buildVersion()))
	b.WriteString(".SH NAME\nquango \\- " + roffText(strings.ToLower(root.Short[:1])+root.Short[1:]) + "\n")
	b.WriteString(".SH SYNOPSIS\n.B quango\n[\\fIOPTIONS\\fR]\n.br\n.B quango\n\\fICOMMAND\\fR [\\fIARGUMENTS\\fR] [\\fIOPTIONS\\fR]\n")
	b.WriteString(".SH DESCRIPTION\n")
	manParagraphs(&b, withoutExitCodes(root.Long))
	b.WriteString(".SH COMMANDS\n")
	for _, c := range root.Commands() {
		if !c.IsAvailableCommand() {
			continue
		}
		b.WriteString(".SS " + roffQuote(strings.TrimSuffix(c.UseLine(), " [flags]")) + "\n")
		text := c.Long
		if text == "" {
			text = c.Short + "."
		}
		manParagraphs(&b, withoutExitCodes(text))
		manFlags(&b, c.LocalNonPersistentFlags())
		if c.Example != "" {
			b.WriteString(".PP\nExamples:\n.PP\n.nf\n.RS\n")
			for line := range strings.Lines(c.Example) {
				b.WriteString(roffLine(roffText(strings.TrimSpace(line))) + "\n")
			}
			b.WriteString(".RE\n.fi\n")
		}
	}
	b.WriteString(".SH OPTIONS\nThese options apply to every command.\n")
	manFlags(&b, root.PersistentFlags())
	b.WriteString(".TP\n.BR \\-h \", \" \\-\\-help\nPrint a command's help.\n")
	b.WriteString(".TP\n.BR \\-v \", \" \\-\\-version\nPrint quango's version and its catalogue's release (on quango alone).\n")
	b.WriteString(manSections)
	_, err := io.WriteString(w, b.String())
	return err
}

// withoutExitCodes drops the exit-code line that help texts end with: the page has its own section.
func withoutExitCodes(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, exitHelpText, ""))
}

// manParagraphs writes text whose paragraphs are separated by blank lines: a paragraph's lines
// are joined, so groff fills them, and indented lines are kept as they are.
func manParagraphs(b *strings.Builder, text string) {
	for _, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		b.WriteString(".PP\n")
		if strings.HasPrefix(para, " ") {
			b.WriteString(".nf\n")
			for line := range strings.Lines(para) {
				b.WriteString(roffLine(roffText(strings.TrimRight(line, "\n"))) + "\n")
			}
			b.WriteString(".fi\n")
			continue
		}
		b.WriteString(roffLine(roffText(strings.Join(strings.Fields(para), " "))) + "\n")
	}
}

// manFlags writes each flag as a tagged paragraph: -o, --output PATH, then its use and default.
func manFlags(b *strings.Builder, flags *pflag.FlagSet) {
	flags.VisitAll(func(f *pflag.Flag) {
		if f.Hidden || f.Name == "help" {
			return
		}
		placeholder, usage := pflag.UnquoteUsage(f)
		if f.Value.Type() == "bool" {
			placeholder = ""
		}
		b.WriteString(".TP\n")
		tag := ""
		if f.Shorthand != "" {
			tag = `\fB\-` + roffText(f.Shorthand) + `\fR, `
		}
		tag += `\fB\-\-` + roffText(f.Name) + `\fR`
		if placeholder != "" {
			tag += ` \fI` + roffText(placeholder) + `\fR`
		}
		b.WriteString(roffLine(tag) + "\n")
		if d := flagDefault(f); d != "" {
			usage += " (default " + d + ")"
		}
		b.WriteString(roffLine(roffText(strings.ToUpper(usage[:1])+usage[1:])) + "\n")
	})
}

// flagDefault is a flag's default worth printing: none for a zero value.
func flagDefault(f *pflag.Flag) string {
	switch f.DefValue {
	case "", "0", "false", "[]":
		return ""
	}
	return f.DefValue
}

// roffText escapes text for roff: backslashes, hyphens (so they are not hyphenation points and
// copy as hyphens) and characters outside ASCII, which groff reads only through escapes.
func roffText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\e`)
		case r == '-':
			b.WriteString(`\-`)
		case r == '\'':
			b.WriteString(`\(aq`)
		case r == '"':
			b.WriteString(`\(dq`)
		case r > 126:
			fmt.Fprintf(&b, `\[u%04X]`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// roffLine makes an escaped line safe at the start of an input line, where . and ' are requests.
func roffLine(s string) string {
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		return `\&` + s
	}
	return s
}

// roffQuote is a macro argument: escaped and quoted.
func roffQuote(s string) string {
	return `"` + roffText(s) + `"`
}
