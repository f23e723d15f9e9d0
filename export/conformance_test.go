package export_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/export"
	"github.com/grpodata/grpodata/export/exporttest"
	"github.com/grpodata/grpodata/jsonl"
)

// Every registered format runs the exported conformance suite (empty
// input, nothing written, determinism, Unicode, stdout, cancellation, the
// destination's old content surviving a failed export); the checks below
// are export's own: bad records, compression, file modes.

func TestConformance(t *testing.T) {
	for _, f := range export.Default.Sorted() {
		t.Run(f.Spec().Name, func(t *testing.T) { exporttest.Run(t, f) })
	}
}

func writeInput(t *testing.T, lines ...string) string {
	t.Helper()
	return exporttest.WriteInput(t, strings.Join(lines, "\n"))
}

// openSkipping opens inputs as export --skip-bad does: the golden input
// holds a line that is not a record, to show it is counted and located.
func openSkipping(name string) (*jsonl.Reader, error) {
	r, err := jsonl.Open(name)
	if err == nil {
		r.SkipBad(new(jsonl.Skipped))
	}
	return r, err
}

// TestBadRecordStops: without --skip-bad the golden input's bad line stops
// the export at its line, and the destination is not written.
func TestBadRecordStops(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.jsonl")
	_, err := export.Run(context.Background(), []string{goldenInput}, export.Config{Format: "trl", Output: out}, jsonl.Open, io.Discard)
	if err == nil || !strings.HasPrefix(err.Error(), goldenInput+":7: prompt: ") {
		t.Errorf("err = %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed export left %s", out)
	}
	assertNoTemp(t, filepath.Dir(out))
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

func TestCompression(t *testing.T) {
	plain, _ := runExport(t, "trl", export.Options{}, goldenInput)
	want, _ := os.ReadFile(plain)
	// .gz output reads back (jsonl.Open sniffs the compression) to the same lines.
	gz := filepath.Join(t.TempDir(), "out.jsonl.gz")
	if _, err := export.Run(context.Background(), []string{goldenInput}, export.Config{Format: "trl", Output: gz}, openSkipping, io.Discard); err != nil {
		t.Fatal(err)
	}
	r, err := jsonl.Open(gz)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var got bytes.Buffer
	for {
		l, err := r.Next()
		if err != nil {
			break
		}
		got.Write(l.Data)
		got.WriteByte('\n')
	}
	if got.String() != string(want) {
		t.Errorf(".gz output reads back as\n%s\nwant\n%s", got.String(), want)
	}
}

func TestOutputIsReadable(t *testing.T) {
	out, _ := runExport(t, "verl", export.Options{}, goldenInput)
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm()&0o044 == 0 {
		t.Errorf("output mode %v: not readable by others", fi.Mode())
	}
}
