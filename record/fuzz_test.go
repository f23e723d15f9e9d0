package record

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	`{"prompt":"Solve for x: 2x + 5 = 15","responses":[{"text":"x = 5","score":1.0,"correct":true}]}`,
	`{"prompt":[{"role":"user","content":"hi"}],"responses":[],"answer":42,"x":{"y":[1,2,null]}}`,
	`{"prompt":"p","responses":[{"text":"a","score":NaN},{"text":"b","score":"1"}]}`,
	`{"prompt":"\u00e9\ud83d\ude00","id":7}`,
	`{"prompt":"p","responses":[{"text":"a","metadata":{"verifier":{"name":"m"}}}]}`,
	`[]`, `{`, `{"prompt":"a\`, `{"prompt":1e999}`,
}

// FuzzDecode: Decode never panics; what it accepts re-encodes to valid JSON
// that decodes to the same bytes again; Inspect accepts whatever Decode does.
func FuzzDecode(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Decode(data)
		var in Inspection
		inspectErr := Inspect(data, &in)
		if err != nil {
			return
		}
		if inspectErr != nil {
			t.Fatalf("Decode accepts but Inspect rejects %q: %v", data, inspectErr)
		}
		out := r.AppendJSON(nil)
		// Unknown fields are kept verbatim, Python's NaN literals included.
		pythonic := bytes.Contains(data, []byte("NaN")) || bytes.Contains(data, []byte("Infinity"))
		if !pythonic && !json.Valid(out) {
			t.Fatalf("encoding of %q is not valid JSON: %s", data, out)
		}
		r2, err := Decode(out)
		if err != nil {
			t.Fatalf("re-decode of %s: %v", out, err)
		}
		if again := r2.AppendJSON(nil); !bytes.Equal(out, again) {
			t.Fatalf("not stable:\n%s\n%s", out, again)
		}
	})
}

// FuzzInspectSyntax: the scanner agrees with encoding/json on what is valid
// JSON, apart from the NaN/Infinity literals it accepts on purpose.
func FuzzInspectSyntax(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var in Inspection
		err := Inspect(data, &in)
		// encoding/json accepts invalid UTF-8 in strings; the scanner rejects
		// it on purpose (so does orjson), so such inputs prove nothing here.
		valid := json.Valid(data) && utf8.Valid(data)
		trimmed := bytes.TrimLeft(data, " \t\r\n")
		isObject := len(trimmed) > 0 && trimmed[0] == '{'
		if valid && isObject && err != nil {
			t.Fatalf("valid JSON object %q rejected: %v", data, err)
		}
		if err == nil && !valid && !strings.Contains(string(data), "NaN") && !strings.Contains(string(data), "Infinity") {
			t.Fatalf("invalid JSON %q accepted", data)
		}
	})
}
