package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"quango/seed"
	"quango/ui/chart/svg"
)

// pictureOptions are the flags of the commands that draw an SVG picture.
type pictureOptions struct {
	svg   bool
	out   string
	force bool
	theme string
	title string
}

// addPictureFlags adds --svg and what goes with it. The width flag is the command's own
// --width, read in pixels when --svg is given.
func addPictureFlags(cmd *cobra.Command, p *pictureOptions) {
	f := cmd.Flags()
	f.BoolVar(&p.svg, "svg", false, "draw a standalone SVG picture instead of text")
	f.StringVarP(&p.out, "output", "o", "", "with --svg: write the picture to `FILE` (never over one without --force)")
	f.BoolVarP(&p.force, "force", "f", false, "with --svg -o: overwrite a file that already exists")
	f.StringVar(&p.theme, "theme", "light", "with --svg: the `THEME`, light or dark")
	f.StringVar(&p.title, "title", "", "with --svg: the picture's heading, `TEXT` (default: what it shows)")
	cmd.RegisterFlagCompletionFunc("theme", fixedCompletions([]string{"light", "dark"}))
	cmd.RegisterFlagCompletionFunc("title", cobra.NoFileCompletions)
}

// check refuses picture flags without --svg, and a width or theme a picture cannot take.
func (p pictureOptions) check(cmd *cobra.Command, width int) error {
	if !p.svg {
		for _, name := range []string{"output", "force", "theme", "title"} {
			if cmd.Flags().Changed(name) {
				return usageError("--%s goes with --svg", name)
			}
		}
		return nil
	}
	if err := (svg.Options{Width: width, Theme: p.theme}).Check(); err != nil {
		return usageError("%v", err)
	}
	return nil
}

// options are the svg.Options for a picture drawn now, titled defaultTitle unless --title says
// otherwise.
func (p pictureOptions) options(width int, defaultTitle string) svg.Options {
	title := p.title
	if title == "" {
		title = defaultTitle
	}
	now := time.Now()
	return svg.Options{Width: width, Theme: p.theme, Title: title, Now: now,
		Caption: svg.Caption(seed.Release(), seed.Version(), now)}
}

// write draws the picture into memory, then prints it or writes it to -o by the export's rules:
// through a temporary file renamed into place, never over an existing file without --force.
func (p pictureOptions) write(a *app, draw func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := draw(&buf); err != nil {
		return err
	}
	if p.out == "" || p.out == "-" {
		_, err := a.out.Write(buf.Bytes())
		return err
	}
	if endsInSeparator(p.out) || isDir(p.out) {
		return usageError("%s is a folder; -o names the picture's file, such as timeline.svg", p.out)
	}
	dir, name := filepath.Dir(p.out), filepath.Base(p.out)
	if err := checkFolder(dir); err != nil {
		return err
	}
	if err := checkTarget(p.out, p.force); err != nil {
		return err
	}
	if err := writeFileAtomic(dir, name, buf.Bytes(), p.force); err != nil {
		return err
	}
	fmt.Fprintf(a.errOut, "quango: wrote %s\n", p.out)
	return nil
}
