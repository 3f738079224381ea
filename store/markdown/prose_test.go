package markdown

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
)

// TestProse: a catalogue's *Title* stays emphasis and nothing else becomes markup.
func TestProse(t *testing.T) {
	for in, want := range map[string]string{
		"The white paper *Liberating the NHS* proposed it.": "<p>The white paper <em>Liberating the NHS</em> proposed it.</p>",
		"*High Quality Care for All*.":                      "<p><em>High Quality Care for All</em>.</p>",
		"(see *Data Saves Lives*), then *Two*":              "<p>(see <em>Data Saves Lives</em>), then <em>Two</em></p>",
		"a *[link](http://x) <b>bold</b> `c`* b":            "<p>a <em>[link](http://x) &lt;b&gt;bold&lt;/b&gt; `c`</em> b</p>",
		"2*3*4 and * not * and **strong**":                  "<p>2*3*4 and * not * and **strong**</p>",
		"a _b_ and # c":                                     "<p>a _b_ and # c</p>",
		"*unclosed and [x](y)":                              "<p>*unclosed and [x](y)</p>",
	} {
		var html bytes.Buffer
		if err := goldmark.Convert([]byte(Prose(in)), &html); err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(html.String()); got != want {
			t.Errorf("Prose(%q) = %q renders %q, want %q", in, Prose(in), got, want)
		}
	}
}
