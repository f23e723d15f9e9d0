package view

import (
	"bufio"
	"context"
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/report"
	"github.com/grpodata/grpodata/stats"
	"github.com/grpodata/grpodata/tokenize"
)

// TestIndexMatchesDecode checks every indexed group against the record
// decoded by package record and measured by package stats: same line,
// offsets that point at the line, same numbers.
func TestIndexMatchesDecode(t *testing.T) {
	path := writeSynthetic(t, 400)
	ix, err := Build(context.Background(), []string{path}, Options{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	want := decodeAll(t, path)
	if len(ix.Groups) != len(want) {
		t.Fatalf("%d groups, want %d", len(ix.Groups), len(want))
	}
	for i, g := range ix.Groups {
		w := want[i]
		raw, err := ix.Raw(i)
		if err != nil {
			t.Fatal(err)
		}
		if g.Line != w.line || string(raw) != w.raw {
			t.Fatalf("group %d: line %d %q, want line %d", i, g.Line, raw, w.line)
		}
		checkGroup(t, ix, g, w.rec)
	}
}

func checkGroup(t *testing.T, ix *Index, g Group, rec *record.Record) {
	t.Helper()
	st := stats.Group(rec)
	if g.Size != st.Responses || g.Scored != st.Scored || g.Correct != st.Correct || g.ZeroVar != st.ZeroVariance ||
		g.Mean != st.Mean || g.Std != st.Std || g.PassRate != st.PassRate {
		t.Errorf("%s: index %+v, stats %+v", rec.Key(), g, st)
	}
	if g.ID != rec.ID || ix.Labels[g.Category] != labelOf(rec.Category) || ix.Labels[g.Difficulty] != labelOf(rec.Difficulty) {
		t.Errorf("%s: labels %q %q %q", rec.Key(), g.ID, ix.Labels[g.Category], ix.Labels[g.Difficulty])
	}
	tokens := 0
	reasons := map[string]bool{}
	for _, r := range rec.Responses {
		tokens += tokenize.Estimate{}.Count(r.Text)
		raw, has := r.Metadata.Get("verifier")
		var v struct{ Reason string }
		_ = json.Unmarshal(raw, &v)
		reasons[report.ReasonLabel(has, v.Reason)] = true
	}
	if want := float64(tokens) / float64(len(rec.Responses)); math.Abs(g.MeanTokens-want) > 1e-9 {
		t.Errorf("%s: mean tokens %v, want %v", rec.Key(), g.MeanTokens, want)
	}
	got := map[string]bool{}
	for _, id := range g.Reasons {
		got[ix.Labels[id]] = true
	}
	if len(got) != len(reasons) || len(g.Reasons) != len(reasons) {
		t.Errorf("%s: reasons %v, want %v", rec.Key(), got, reasons)
	}
	for r := range reasons {
		if !got[r] {
			t.Errorf("%s: reason %q missing", rec.Key(), r)
		}
	}
	if !strings.HasPrefix(strings.ReplaceAll(rec.Prompt.String(), "\n", " "), g.Excerpt[:min(len(g.Excerpt), 20)]) &&
		!strings.Contains(strings.Join(strings.Fields(rec.Prompt.String()), " "), g.Excerpt) {
		t.Errorf("%s: excerpt %q of %q", rec.Key(), g.Excerpt, rec.Prompt.String())
	}
}

type decoded struct {
	line int
	raw  string
	rec  *record.Record
}

func decodeAll(t *testing.T, path string) []decoded {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []decoded
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<26)
	for n := 1; sc.Scan(); n++ {
		l := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(l) == "" {
			continue
		}
		rec, err := record.Decode([]byte(l))
		if err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		out = append(out, decoded{line: n, raw: l, rec: rec})
	}
	return out
}
