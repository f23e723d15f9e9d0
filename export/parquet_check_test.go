package export_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/export"
)

// The Parquet files are also read by an implementation independent of
// parquet-go: DuckDB (its C++ Parquet reader), through the npm package
// @duckdb/node-api pinned in testdata/pqtool. The test skips, saying what to
// install, when node or that package is missing; with
// GRPODATA_REQUIRE_PARQUET_CHECK=1 (set it in CI) it fails instead.
//
// Install: npm ci --prefix export/testdata/pqtool   (needs Node.js >= 18 and npm)

const pqtool = "testdata/pqtool"

type duckResult struct {
	Schema    [][2]string `json:"schema"`
	RowGroups int         `json:"row_groups"`
	Rows      []any       `json:"rows"`
}

func duckRead(t *testing.T, path string) duckResult {
	t.Helper()
	node, err := exec.LookPath("node")
	missing := ""
	switch {
	case err != nil:
		missing = "node is not on PATH"
	default:
		if _, err := os.Stat(filepath.Join(pqtool, "node_modules", "@duckdb", "node-api")); err != nil {
			missing = "@duckdb/node-api is not installed"
		}
	}
	if missing != "" {
		msg := "independent Parquet reader unavailable (" + missing + "): run `npm ci --prefix export/testdata/pqtool`"
		if os.Getenv("GRPODATA_REQUIRE_PARQUET_CHECK") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "read.mjs", abs)
	cmd.Dir = pqtool
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("duckdb could not read %s: %v\n%s", path, err, stderr.String())
	}
	var res duckResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("reader output: %v\n%s", err, out)
	}
	return res
}

func TestParquetReadByDuckDB(t *testing.T) {
	big := bigInput(t)
	for _, spec := range export.List() {
		if !spec.Binary {
			continue
		}
		t.Run(spec.Name, func(t *testing.T) {
			for _, tc := range []struct {
				name  string
				input string
				opt   export.Options
			}{
				{"golden", goldenInput, export.Options{}},
				{"many row groups", big, export.Options{RowGroupBytes: 64 << 10}},
			} {
				out, _ := runExport(t, spec.Name, tc.opt, tc.input)
				duck := duckRead(t, out)
				_, groups, rows := parquetRows(t, out)
				if duck.RowGroups != groups {
					t.Errorf("%s: duckdb sees %d row groups, parquet-go %d", tc.name, duck.RowGroups, groups)
				}
				if len(duck.Rows) != len(rows) {
					t.Fatalf("%s: duckdb reads %d rows, parquet-go %d", tc.name, len(duck.Rows), len(rows))
				}
				for i := range rows {
					if g, w := canonical(t, duck.Rows[i]), canonical(t, rows[i]); !reflect.DeepEqual(g, w) {
						t.Fatalf("%s: row %d differs:\nduckdb:     %s\nparquet-go: %s", tc.name, i, marshal(t, g), marshal(t, w))
					}
				}
				if tc.name == "golden" {
					var b strings.Builder
					for _, c := range duck.Schema {
						fmt.Fprintf(&b, "%-13s %s\n", c[0], c[1])
					}
					checkGolden(t, spec.Name+".duckdb-schema.golden", []byte(b.String()))
				}
			}
		})
	}
}

// bigInput is a few thousand varied groups, enough for many row groups.
func bigInput(t *testing.T) string {
	var lines []string
	for i := 0; i < 3000; i++ {
		prompt := fmt.Sprintf("%q", fmt.Sprintf("Problem %d: compute %d + %d. ✓ %s", i, i, i*7, strings.Repeat("é", i%50)))
		if i%3 == 0 {
			prompt = fmt.Sprintf(`[{"role":"system","content":"Be brief."},{"role":"user","content":"Problem %d"}]`, i)
		}
		lines = append(lines, fmt.Sprintf(`{"id":"b%d","prompt":%s,"answer":"%d","source":"s%d","responses":[{"text":"%d","score":1.0},{"text":"no","score":0.0},{"text":"%s","score":0.5}]}`,
			i, prompt, i*8, i%4, i*8, strings.Repeat("w", i%300)))
	}
	return writeInput(t, lines...)
}
