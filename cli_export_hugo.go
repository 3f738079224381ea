package main

// The flavours of Markdown that export writes.
const (
	flavourMarkdown = "markdown" // GitHub and Obsidian: relative .md links, aliases in the front matter
	flavourHugo     = "hugo"     // the Hugo site generator: titles, relref links, a site around the notes
)

// siteFile is a file export writes around the notes: a path under the output folder and its text.
type siteFile struct{ path, text string }

// hugoSite is the smallest Hugo site that shows the notes: its configuration, the frame every
// page shares (baseof) and two layouts filling it, one for an entry's page and one for the lists
// (the home page, with the index, and the tag pages). The notes carry their own heading, so the page layout shows the content alone.
var hugoSite = []siteFile{
	{"hugo.toml", `# Written by quango export --flavour hugo. Build the site with: hugo -s <this folder>
baseURL = "/"
title = "The quango catalogue"
relativeURLs = true
disableKinds = ["RSS", "sitemap"]

[taxonomies]
  tag = "tags"

[markup.goldmark.renderer]
  unsafe = false
`},
	{"layouts/_default/baseof.html", `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title>
</head>
<body>
<nav><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></nav>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
`},
	{"layouts/_default/single.html", `{{ define "main" }}
{{ .Content }}
{{ with .GetTerms "tags" }}<p>Tags: {{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
{{ end }}
`},
	{"layouts/_default/list.html", `{{ define "main" }}
{{ if .Content }}{{ .Content }}{{ else }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
{{ end }}
`},
}
