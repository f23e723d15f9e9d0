package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/grpodata/grpodata/export"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const goldenInput = "testdata/input.jsonl"

// runExport exports files with format into a temp file and returns its path
// and the stats.
func runExport(t *testing.T, format string, opt export.Options, files ...string) (string, *export.Stats) {
	t.Helper()
	spec := mustSpec(t, format)
	out := filepath.Join(t.TempDir(), "out"+spec.Ext)
	st, err := export.Run(context.Background(), files, export.Config{Format: format, Output: out, Options: opt}, openSkipping, io.Discard)
	if err != nil {
		t.Fatalf("export %s: %v", format, err)
	}
	return out, st
}

func mustSpec(t *testing.T, name string) export.Spec {
	t.Helper()
	f, err := export.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return f.Spec()
}

// parquetRows reads a Parquet file with parquet-go's untyped reader: every
// row as a map from column name to value, so column names are checked too.
func parquetRows(t *testing.T, path string) (schema string, rowGroups int, rows []any) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.OpenFile(f, fi.Size())
	if err != nil {
		t.Fatalf("%s: not a Parquet file: %v", path, err)
	}
	r := parquet.NewReader(f)
	defer r.Close()
	for {
		var row any
		err := r.Read(&row)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: row %d: %v", path, len(rows), err)
		}
		rows = append(rows, row)
	}
	if int64(len(rows)) != pf.NumRows() {
		t.Fatalf("%s: read %d rows, footer says %d", path, len(rows), pf.NumRows())
	}
	return pf.Schema().String(), len(pf.RowGroups()), rows
}

// canonical marshals v with sorted map keys and HTML left as is, then
// decodes it to plain JSON values, so rows from any reader compare equal.
func canonical(t *testing.T, v any) any {
	t.Helper()
	b := marshal(t, v)
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimRight(b.Bytes(), "\n")
}

func statsText(st *export.Stats) string {
	c := *st
	c.Elapsed = 0
	c.Output = "OUT"
	if c.RewardFile != "" {
		c.RewardFile = "DIR/" + filepath.Base(c.RewardFile)
	}
	if c.ValOutput != "" {
		c.ValOutput = "DIR/" + filepath.Base(c.ValOutput)
	}
	var b strings.Builder
	c.WriteText(&b)
	return b.String()
}

// render is the golden text of an export: for Parquet the schema and the
// rows read back as JSON, for JSONL the file itself; then the counts.
func render(t *testing.T, spec export.Spec, path string, st *export.Stats) []byte {
	t.Helper()
	var b bytes.Buffer
	if spec.Binary {
		schema, _, rows := parquetRows(t, path)
		b.WriteString("# schema\n" + schema + "\n# rows (read back with parquet-go)\n")
		for _, r := range rows {
			b.Write(marshal(t, r))
			b.WriteByte('\n')
		}
	} else {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("# lines\n")
		b.Write(data)
	}
	b.WriteString("# stderr\n" + statsText(st))
	return b.Bytes()
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./export -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./export -update to accept):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestGolden(t *testing.T) {
	for _, spec := range export.List() {
		t.Run(spec.Name, func(t *testing.T) {
			out, st := runExport(t, spec.Name, export.Options{}, goldenInput)
			checkGolden(t, spec.Name+".golden", render(t, spec, out, st))
		})
	}
}

func TestGoldenOptions(t *testing.T) {
	opt := export.Options{DataSource: "lighteval/MATH", Split: "test", Ability: "algebra", RequireReference: true}
	out, st := runExport(t, "verl", opt, goldenInput)
	checkGolden(t, "verl-options.golden", render(t, mustSpec(t, "verl"), out, st))
	out, st = runExport(t, "trl", opt, goldenInput)
	checkGolden(t, "trl-options.golden", render(t, mustSpec(t, "trl"), out, st))
}

func TestBuiltinFormats(t *testing.T) {
	var names []string
	for _, s := range export.List() {
		names = append(names, s.Name)
		if s.Summary == "" || s.Columns == "" || s.Ext == "" {
			t.Errorf("%s: incomplete spec %+v", s.Name, s)
		}
	}
	if got := strings.Join(names, ","); got != "trl,trl-dpo,verl,verl-groups" {
		t.Errorf("formats = %s", got)
	}
}

type nopFormat struct{ name string }

func (f nopFormat) Spec() export.Spec { return export.Spec{Name: f.name, Ext: ".txt"} }
func (nopFormat) NewEncoder(io.Writer, export.Options) (export.Encoder, error) {
	return nil, errors.New("unused")
}

func TestRegistry(t *testing.T) {
	r := export.NewRegistry()
	if err := r.Register(nopFormat{"a"}); err != nil {
		t.Fatal(err)
	}
	if err := r.Register(nopFormat{"a"}); err == nil {
		t.Error("duplicate registration accepted")
	}
	if err := r.Register(nopFormat{""}); err == nil {
		t.Error("empty name accepted")
	}
	if _, err := r.Lookup("a"); err != nil {
		t.Error(err)
	}
	_, err := r.Lookup("b")
	if !errors.Is(err, export.ErrUnknownFormat) || !strings.Contains(err.Error(), "known: a") {
		t.Errorf("lookup of unknown: %v", err)
	}
	// Run uses the registry it is given, not Default.
	_, err = export.Run(context.Background(), nil, export.Config{Format: "verl", Output: "-", Registry: r}, openSkipping, io.Discard)
	if !errors.Is(err, export.ErrUnknownFormat) {
		t.Errorf("Run with a fresh registry: %v", err)
	}
}
