package export_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/grpodata/grpodata/export"
	"github.com/grpodata/grpodata/record"
)

// genPrompt draws a non-empty prompt: a string or a chat of 1-3 messages.
func genPrompt(t *rapid.T) record.Prompt {
	if rapid.Bool().Draw(t, "chat") {
		n := rapid.IntRange(1, 3).Draw(t, "messages")
		msgs := make([]record.Message, n)
		for i := range msgs {
			msgs[i] = record.Message{
				Role:    rapid.SampledFrom([]string{"system", "user", "assistant"}).Draw(t, "role"),
				Content: rapid.String().Draw(t, "content"),
			}
		}
		return record.Prompt{Messages: msgs}
	}
	return record.Prompt{Text: "q " + rapid.String().Draw(t, "text")}
}

func wantConversation(p record.Prompt) []any {
	if !p.IsChat() {
		return []any{map[string]any{"role": "user", "content": p.Text}}
	}
	out := make([]any, len(p.Messages))
	for i, m := range p.Messages {
		out[i] = map[string]any{"role": m.Role, "content": m.Content}
	}
	return out
}

// Every input record with a prompt appears exactly once in the verl output,
// in input order, with extra_info.index its position; lines that are not
// records (blank, no prompt) take no index. Small row groups exercise the
// flushing path.
func TestVerlEveryRecordOnceInOrder(t *testing.T) {
	dir := t.TempDir()
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(1, 40).Draw(rt, "records") // an input without records is an error (TestConformance)
		var lines []string
		var recs []*record.Record
		for i := 0; i < n; i++ {
			switch rapid.IntRange(0, 9).Draw(rt, "noise") {
			case 0:
				lines = append(lines, "")
			case 1:
				lines = append(lines, `{"id":"no-prompt"}`)
			}
			rec := &record.Record{Prompt: genPrompt(rt)}
			if rapid.Bool().Draw(rt, "has id") {
				rec.ID = fmt.Sprintf("id-%d", rapid.IntRange(0, 5).Draw(rt, "id")) // duplicates allowed
			}
			if rapid.Bool().Draw(rt, "has answer") {
				rec.Answer = rapid.String().Draw(rt, "answer")
			}
			recs = append(recs, rec)
			lines = append(lines, string(rec.AppendJSON(nil)))
		}
		in := filepath.Join(dir, "in.jsonl")
		if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			rt.Fatal(err)
		}
		opt := export.Options{RowGroupBytes: int64(rapid.IntRange(1, 4000).Draw(rt, "row group bytes"))}
		out, st := runExport(t, "verl", opt, in)
		_, _, rows := parquetRows(t, out)
		if len(rows) != len(recs) || st.Written != len(recs) {
			rt.Fatalf("%d rows (stats %d) for %d records", len(rows), st.Written, len(recs))
		}
		for i, row := range rows {
			r := canonical(t, row).(map[string]any)
			info := r["extra_info"].(map[string]any)
			if info["index"] != float64(i) || info["id"] != recs[i].Key() || info["split"] != "train" {
				rt.Fatalf("row %d: extra_info %v, want index %d id %q", i, info, i, recs[i].Key())
			}
			want := canonical(t, wantConversation(recs[i].Prompt))
			if got := r["prompt"]; fmt.Sprint(got) != fmt.Sprint(want) {
				rt.Fatalf("row %d: prompt %v, want %v", i, got, want)
			}
			if gt := r["reward_model"].(map[string]any)["ground_truth"]; gt != recs[i].Answer {
				rt.Fatalf("row %d: ground_truth %q, want %q", i, gt, recs[i].Answer)
			}
		}
	})
}

// Row groups are flushed at the configured size, so memory stays bounded by
// it rather than by the input.
func TestRowGroupsBounded(t *testing.T) {
	var lines []string
	text := strings.Repeat("x", 1000)
	for i := 0; i < 2000; i++ {
		lines = append(lines, fmt.Sprintf(`{"id":"r%d","prompt":%q,"answer":"1","responses":[{"text":%q,"score":1.0},{"text":"b","score":0.0}]}`, i, text, text))
	}
	in := writeInput(t, lines...)
	for _, f := range []string{"verl", "verl-groups"} {
		out, st := runExport(t, f, export.Options{RowGroupBytes: 100 << 10}, in)
		_, groups, rows := parquetRows(t, out)
		// about 1 KB (verl) or 2 KB (groups) per row: 2-4 MB in 100 KB groups.
		if len(rows) != 2000 || st.Written != 2000 || groups < 15 {
			t.Errorf("%s: %d rows in %d row groups", f, len(rows), groups)
		}
	}
}
