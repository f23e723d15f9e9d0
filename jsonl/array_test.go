package jsonl

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// readArray reads every row of in with AllowArray; the error is the first
// Next error other than io.EOF.
func readArray(in string) ([]Line, error) {
	r, err := NewReader(strings.NewReader(in), "x.json")
	if err != nil {
		return nil, err
	}
	r.AllowArray()
	var out []Line
	for {
		l, err := r.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, Line{N: l.N, Data: append([]byte(nil), l.Data...)})
	}
}

func TestAllowArray(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // fmt of the lines
		err      string
	}{
		{"pretty", "[\n  {\n    \"a\": 1\n  },\n  {\"b\": [\n 2]}\n]\n", "[{2 {\n    \"a\": 1\n  }} {5 {\"b\": [\n 2]}}]", ""},
		{"one line", `[{"a":1},{"b":2}]`, `[{1 {"a":1}} {1 {"b":2}}]`, ""},
		{"bom and blank lines first", "\xef\xbb\xbf\n\n [{\"a\":1}]", `[{3 {"a":1}}]`, ""},
		{"empty array", "[]\n", "[]", ""},
		{"jsonl still read", "{\"a\":1}\n\n{\"b\":2}\n", `[{1 {"a":1}} {3 {"b":2}}]`, ""},
		{"not closed", "[\n{\"a\":1},\n{\"b\":", `[{2 {"a":1}}]`, "x.json:3: the JSON array ends before its closing ]"},
		{"syntax error", "[\n{\"a\":1},\n{\"b\" 2}]", `[{2 {"a":1}}]`, "x.json:3: invalid JSON: invalid character '2' after object key"},
		{"data after the array", "[{\"a\":1}]\n[{\"b\":2}]\n", `[{1 {"a":1}}]`, "x.json:2: [ after the closing ] of the array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines, err := readArray(tt.in)
			var parts []string
			for _, l := range lines {
				parts = append(parts, fmt.Sprintf("{%d %s}", l.N, l.Data))
			}
			if got := "[" + strings.Join(parts, " ") + "]"; got != tt.want {
				t.Errorf("lines %s\nwant  %s", got, tt.want)
			}
			if msg := fmt.Sprint(err); (err != nil || tt.err != "") && msg != tt.err {
				t.Errorf("error %q, want %q", msg, tt.err)
			}
		})
	}
}

func TestLFSPointer(t *testing.T) {
	pointer := "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n"
	for _, array := range []bool{false, true} {
		r, _ := NewReader(strings.NewReader(pointer), "data/train.jsonl")
		if array {
			r.AllowArray()
		}
		_, err := r.Next()
		if !errors.Is(err, ErrLFSPointer) || err.Error() != "data/train.jsonl is a Git LFS pointer, not the data: run git lfs pull" {
			t.Errorf("array=%v: %v", array, err)
		}
	}
}
