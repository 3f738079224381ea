package main

import (
	"bytes"
	"encoding/json"
	"io"
)

// writeJSON prints v as indented JSON under quango's one convention for scripts (the README's
// "JSON contract", and the schemas in schema/): every key is always there; a value that is not
// known is null, never an empty string or a missing key; a list is an array, [] when empty.
func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(emptyStringsToNull(b), '\n'))
	return err
}

// emptyStringsToNull turns every `"key": ""` of indented JSON into `"key": null`. Inside a JSON
// string a quote is always escaped, so the pattern can only be a key and its empty value.
func emptyStringsToNull(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte(`": "",`+"\n"), []byte(`": null,`+"\n"))
	return bytes.ReplaceAll(b, []byte(`": ""`+"\n"), []byte(`": null`+"\n"))
}
