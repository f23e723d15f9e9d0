package prompts

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/internal/golden"
	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
)

type lines struct{ bytes.Buffer }

func (l *lines) WriteLine(b []byte) error {
	l.Write(b)
	return l.WriteByte('\n')
}

func convert(t *testing.T, cfg Config, files ...string) (string, *Summary, error) {
	t.Helper()
	var out lines
	sum, err := Convert(context.Background(), files, cfg, nil, &out)
	return out.String(), sum, err
}

func TestGolden(t *testing.T) {
	for _, name := range []string{"gsm8k", "math", "mbpp", "humaneval"} {
		t.Run(name, func(t *testing.T) {
			in := filepath.Join("testdata", name+".jsonl")
			got, sum, err := convert(t, Config{Format: name}, in)
			if err != nil {
				t.Fatal(err)
			}
			detected, dsum, err := convert(t, Config{}, in)
			if err != nil {
				t.Fatal(err)
			}
			if detected != got || dsum.Files[0].Format != name {
				t.Errorf("auto-detection gave format %q and different output", dsum.Files[0].Format)
			}
			if sum.Records == 0 || sum.Records != strings.Count(got, "\n") {
				t.Errorf("summary counts %d records for %d lines", sum.Records, strings.Count(got, "\n"))
			}
			golden.Check(t, name+".golden.jsonl", []byte(got))
			// Every output line is a valid prompt record without responses.
			for i, l := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
				rec, err := record.Decode([]byte(l))
				if err != nil {
					t.Fatalf("line %d: %v", i+1, err)
				}
				if rec.Responses != nil || rec.Prompt.Text == "" || rec.Source != name {
					t.Errorf("line %d: %+v", i+1, rec)
				}
			}
		})
	}
}

func TestFields(t *testing.T) {
	out, _, err := convert(t, Config{}, "testdata/gsm8k.jsonl", "testdata/math.jsonl", "testdata/mbpp.jsonl", "testdata/humaneval_gz.jsonl.gz")
	if err != nil {
		t.Fatal(err)
	}
	var recs []*record.Record
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		rec, err := record.Decode([]byte(l))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	type want struct {
		i                                       int
		id, answer, entry, difficulty, category string
	}
	for _, w := range []want{
		{0, "", "72", "", "", "math"},
		{2, "", "37500", "", "", "math"},
		{3, "", "-7", "", "", "math"},
		{4, "", `\frac{5}{6}`, "", "easy", "Prealgebra"},
		{5, "", "3", "", "medium", "Algebra"},
		{6, "", `\{-1, 1\}`, "", "hard", "Intermediate Algebra"},
		{7, "", "2", "", "", "Algebra"},
		{8, "test/precalculus/807.json", `\left( 3, \frac{\pi}{2} \right)`, "", "easy", "Precalculus"},
		{9, "mbpp/2", "", "similar_elements", "", "code"},
		{10, "mbpp/11", "", "remove_Occ", "", "code"},
		{11, "mbpp/75", "", "find_tuples", "", "code"},
		{12, "mbpp/82", "", "volume_sphere", "", "code"},
		{13, "HumanEval/0", "", "has_close_elements", "", "code"},
	} {
		r := recs[w.i]
		if r.ID != w.id || r.Answer != w.answer || r.EntryPoint != w.entry || r.Difficulty != w.difficulty || r.Category != w.category {
			t.Errorf("record %d: id=%q answer=%q entry=%q difficulty=%q category=%q; want %+v", w.i, r.ID, r.Answer, r.EntryPoint, r.Difficulty, r.Category, w)
		}
	}
	if s := recs[0].Solution; strings.Contains(s, "<<") || strings.Contains(s, "####") || !strings.HasPrefix(s, "Natalia sold 48/2 = 24 clips") {
		t.Errorf("gsm8k solution: %q", s)
	}
	he := recs[13]
	if !strings.Contains(he.Prompt.Text, "def has_close_elements(") || !strings.HasPrefix(he.Solution, "from typing import List") || !strings.Contains(he.Solution, "return False") {
		t.Errorf("humaneval: %+v", he)
	}
	if !bytes.HasPrefix(he.Tests, []byte(`"\n\nMETADATA`)) {
		t.Errorf("humaneval tests: %s", he.Tests)
	}
	mb := recs[9]
	if !strings.HasSuffix(mb.Prompt.Text, "Your code should pass this test:\nassert set(similar_elements((3, 4, 5, 6),(5, 7, 4, 10))) == set((4, 5))") {
		t.Errorf("mbpp prompt: %q", mb.Prompt.Text)
	}
	if string(mb.Tests) != `["assert set(similar_elements((3, 4, 5, 6),(5, 7, 4, 10))) == set((4, 5))","assert set(similar_elements((1, 2, 3, 4),(5, 4, 3, 7))) == set((3, 4))"]` {
		t.Errorf("mbpp tests: %s", mb.Tests)
	}
	if v, _ := recs[11].Extra.Get("test_setup_code"); string(v) != `"import math"` {
		t.Errorf("mbpp setup: %s", v)
	}
}

func TestLastBoxed(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{`so $\boxed{5}$.`, "5", true},
		{`$\boxed{\frac{1}{2}}$`, `\frac{1}{2}`, true},
		{`$\boxed{1}$ then $\boxed{2}$`, "2", true},
		{`$\boxed{\{1,2\}}$`, `\{1,2\}`, true},
		{`$\boxed{a}^{\boxed{b}}$ \boxed{x^{2^{3}}}`, `x^{2^{3}}`, true},
		{`$\boxed 5$`, "5", true},
		{`\fbox{7}`, "7", true},
		{`\boxed {8}`, "8", true},
		{`$\boxed{\text{(C)}}$`, `\text{(C)}`, true},
		{`no box`, "", false},
		{`$\boxed{unclosed$`, "", false},
		{`\boxedx{1}`, "", false},
	}
	for _, tt := range tests {
		got, ok := LastBoxed(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("LastBoxed(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzLastBoxed(f *testing.F) {
	for _, s := range []string{`\boxed{1}`, `\boxed{\{}`, `\boxed `, `\fbox{{}}`, `\boxed\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := LastBoxed(s)
		if ok && !strings.Contains(s, got) {
			t.Errorf("LastBoxed(%q) = %q, not a substring", s, got)
		}
	})
}

func TestStripThousands(t *testing.T) {
	for in, want := range map[string]string{"1,000": "1000", "12,345,678": "12345678", "1, 2": "1, 2", "-3": "-3", "5,": "5,"} {
		if got := stripThousands(in); got != want {
			t.Errorf("stripThousands(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBadRows(t *testing.T) {
	tests := []struct {
		name, format, input, want string
		is                        error
	}{
		{"no final answer", "gsm8k", `{"question":"q","answer":"it is 5"}`, `bad.jsonl:2: answer: bad value: no final answer line "#### N" (gsm8k)`, ErrValue},
		{"question is a number", "", `{"question":5,"answer":"#### 5"}`, `bad.jsonl:2: question: wrong type: want a string, got a number (gsm8k)`, ErrType},
		{"missing question", "gsm8k", `{"answer":"#### 5"}`, `bad.jsonl:2: question: missing (gsm8k)`, ErrMissing},
		{"empty answer", "gsm8k", `{"question":"q","answer":"work\n####  "}`, `bad.jsonl:2: answer: bad value: nothing after "####" (gsm8k)`, ErrValue},
		{"no boxed", "math", `{"problem":"p","solution":"it is 5","level":"Level 2","type":"Algebra"}`, `bad.jsonl:2: solution: bad value: no \boxed{...} answer (and no "answer" field) (math)`, ErrValue},
		{"level is an object", "math", `{"problem":"p","solution":"\\boxed{5}","level":{}}`, `bad.jsonl:2: level: wrong type: want a string or a number, got an object (math)`, ErrType},
		{"test_list not a list", "mbpp", `{"task_id":1,"text":"t","code":"def f(): pass","test_list":"assert f()"}`, `bad.jsonl:2: test_list: wrong type: want a list of strings, got a string (mbpp)`, ErrType},
		{"test_list item", "mbpp", `{"task_id":1,"text":"t","code":"def f(): pass","test_list":["assert f()", 3]}`, `bad.jsonl:2: test_list[1]: wrong type: want a string, got a number (mbpp)`, ErrType},
		{"empty test_list", "mbpp", `{"task_id":1,"text":"t","code":"def f(): pass","test_list":[]}`, `bad.jsonl:2: test_list: bad value: empty list (mbpp)`, ErrValue},
		{"entry point not in prompt", "humaneval", `{"task_id":"H/1","prompt":"def f(x):\n","test":"def check(c): pass","entry_point":"g"}`, `bad.jsonl:2: entry_point: bad value: prompt defines no function "g" (humaneval)`, ErrValue},
		{"not json", "gsm8k", `{"question":`, `bad.jsonl:2: invalid JSON`, nil},
		{"not an object", "gsm8k", `[1,2]`, `bad.jsonl:2: a row must be a JSON object, got an array`, nil},
		{"undetectable", "", `{"foo":1,"bar":2}`, `bad.jsonl:2: cannot detect the data set from the fields "bar,foo"; give --format (gsm8k, humaneval, math, mbpp)`, nil},
	}
	valid := map[string]string{
		"gsm8k": `{"question":"q","answer":"#### 1"}`, "": `{"question":"q","answer":"#### 1"}`,
		"math":      `{"problem":"p","solution":"\\boxed{1}"}`,
		"mbpp":      `{"task_id":1,"text":"t","code":"def f(): pass","test_list":["assert f()"]}`,
		"humaneval": `{"task_id":"H/0","prompt":"def f():\n","test":"def check(c): pass","entry_point":"f"}`,
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bad.jsonl")
			first := valid[tt.format]
			if tt.name == "question is a number" || tt.name == "undetectable" {
				first = tt.input // detection reads the first row
				tt.want = strings.Replace(tt.want, ":2:", ":1:", 1)
			}
			body := first + "\n" + tt.input + "\n"
			if first == tt.input {
				body = first + "\n"
			}
			if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Convert(context.Background(), []string{path}, Config{Format: tt.format}, nil, &lines{})
			if err == nil {
				t.Fatal("no error")
			}
			msg := strings.TrimPrefix(err.Error(), filepath.Dir(path)+"/")
			if !strings.HasPrefix(msg, tt.want) {
				t.Errorf("error:\n got %s\nwant %s", msg, tt.want)
			}
			var je *jsonl.Error
			if !errors.As(err, &je) || je.Line == 0 {
				t.Errorf("error %v is not located", err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
		})
	}
}

func TestChatAndUnknownFormat(t *testing.T) {
	out, _, err := convert(t, Config{System: "Think step by step.", Instruction: "Answer with a number."}, "testdata/gsm8k.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	first := strings.SplitN(out, "\n", 2)[0]
	if !strings.HasPrefix(first, `{"prompt":[{"role":"system","content":"Think step by step."},{"role":"user","content":"Natalia sold clips`) ||
		!strings.Contains(first, `April and May?\n\nAnswer with a number."}]`) {
		t.Errorf("chat prompt: %s", first)
	}
	if _, _, err := convert(t, Config{Format: "nope"}, "testdata/gsm8k.jsonl"); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("unknown format: %v", err)
	}
}

func TestRegistryIsFresh(t *testing.T) {
	r := NewRegistry()
	r.Register(&Format{Name: "x", Fields: []string{"a"}, Convert: func(Row) (*record.Record, error) { return &record.Record{}, nil }})
	row, _ := ParseRow([]byte(`{"a":1}`))
	if f, ok := r.Detect(row); !ok || f.Name != "x" {
		t.Errorf("detect: %v %v", f, ok)
	}
	if _, err := r.Lookup("gsm8k"); err == nil {
		t.Error("a fresh registry must not hold the built-in formats")
	}
}

// FuzzConvert: no row makes a format panic, and every record produced
// encodes to a valid prompt record.
func FuzzConvert(f *testing.F) {
	for _, name := range []string{"gsm8k", "math", "mbpp", "humaneval"} {
		b, err := os.ReadFile(filepath.Join("testdata", name+".jsonl"))
		if err != nil {
			f.Fatal(err)
		}
		for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			f.Add([]byte(l))
		}
	}
	f.Add([]byte(`{"question":null,"answer":[1]}`))
	f.Add([]byte(`{"problem":"p","solution":"\\boxed{","answer":{}}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		row, err := ParseRow(line)
		if err != nil {
			return
		}
		for _, format := range List() {
			row.format = format.Name
			rec, err := format.Convert(row)
			if err != nil {
				var fe *FieldError
				if !errors.As(err, &fe) {
					t.Errorf("%s: error %v is not a *FieldError", format.Name, err)
				}
				continue
			}
			if _, err := record.Decode(rec.AppendJSON(nil)); err != nil {
				t.Errorf("%s: output does not decode: %v", format.Name, err)
			}
		}
	})
}

// Sanitized MBPP ships as one pretty-printed JSON array with "prompt" for
// "text" and test_imports: read as rows, it converts exactly as the same
// rows as JSON Lines do, and a bad element is located at its first line.
func TestSanitizedMBPPArray(t *testing.T) {
	const in = "testdata/sanitized-mbpp.json"
	got, sum, err := convert(t, Config{}, in)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Files[0].Format != "mbpp" || sum.Records != 3 {
		t.Errorf("summary %+v", sum.Files)
	}
	raw, _ := os.ReadFile(in)
	var rows []json.RawMessage
	if err := json.Unmarshal(raw, &rows); err != nil {
		t.Fatal(err)
	}
	var jl strings.Builder
	for _, r := range rows {
		var c bytes.Buffer
		json.Compact(&c, r)
		jl.WriteString(c.String() + "\n")
	}
	asLines := filepath.Join(t.TempDir(), "sanitized.jsonl")
	os.WriteFile(asLines, []byte(jl.String()), 0o644)
	want, _, err := convert(t, Config{}, asLines)
	if err != nil || got != want {
		t.Errorf("array and JSON Lines differ (%v):\n%s\n%s", err, got, want)
	}
	first := strings.SplitN(got, "\n", 2)[0]
	for _, s := range []string{`"id":"mbpp/901"`, `"prompt":"Write a function to return the larger of two numbers.\nYour code should pass this test:\nassert larger(2, 3) == 3"`, `"entry_point":"larger"`, `"source_file":"Example Notebook.ipynb"`} {
		if !strings.Contains(first, s) {
			t.Errorf("first record lacks %s: %s", s, first)
		}
	}
	if !strings.Contains(got, `"test_imports":["import math"]`) {
		t.Errorf("test_imports dropped:\n%s", got)
	}

	bad := filepath.Join(t.TempDir(), "sanitized-mbpp.json")
	os.WriteFile(bad, bytes.Replace(raw, []byte(`"code": "import math`), []byte(`"cod": "import math`), 1), 0o644)
	_, err = Convert(context.Background(), []string{bad}, Config{}, nil, &lines{})
	if err == nil || err.Error() != bad+":13: code: missing (mbpp)" {
		t.Errorf("bad element: %v", err)
	}
}

func TestChallengeTestsKept(t *testing.T) {
	out, _, err := convert(t, Config{Format: "mbpp"}, "testdata/mbpp.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `"challenge_tests":["assert remove_Occ(\"xyx\",\"x\") == \"y\""]`) || strings.Count(out, "challenge_tests") != 1 {
		t.Errorf("challenge_test_list not carried (once, when not empty):\n%s", out)
	}
	path := filepath.Join(t.TempDir(), "m.jsonl")
	os.WriteFile(path, []byte(`{"task_id":1,"text":"t","code":"def f(): pass","test_list":["assert f()"],"challenge_test_list":"assert f()"}`+"\n"), 0o644)
	if _, _, err := convert(t, Config{}, path); err == nil || !strings.HasSuffix(err.Error(), ":1: challenge_test_list: wrong type: want a list of strings, got a string (mbpp)") {
		t.Errorf("bad challenge_test_list: %v", err)
	}
}
