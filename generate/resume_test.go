package generate_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"pgregory.net/rapid"

	"github.com/grpodata/grpodata/generate"
	"github.com/grpodata/grpodata/llm"
	"github.com/grpodata/grpodata/record"
)

// texts maps each record key of a generated file to its response texts, and
// fails on a duplicate key or a malformed line.
func texts(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		r, err := record.Decode(sc.Bytes())
		if err != nil {
			return nil, fmt.Errorf("bad line %q: %v", sc.Text(), err)
		}
		if _, dup := out[r.Key()]; dup {
			return nil, fmt.Errorf("duplicate key %s", r.Key())
		}
		var b bytes.Buffer
		for _, resp := range r.Responses {
			b.WriteString(resp.Text)
			b.WriteByte(0)
		}
		out[r.Key()] = b.String()
	}
	return out, sc.Err()
}

// The writer is killed at random points (a cancelled run, then the output cut
// at a random byte, as a crash mid-write leaves it), several times; the final
// resumed output must hold every prompt exactly once, each with the responses
// an uninterrupted run produces.
func TestResumeAfterKills(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(1, 25).Draw(rt, "prompts")
		group := rapid.IntRange(1, 4).Draw(rt, "group")
		conc := rapid.IntRange(1, 6).Draw(rt, "concurrency")
		kills := rapid.IntRange(1, 4).Draw(rt, "kills")
		dir, err := os.MkdirTemp("", "resume")
		if err != nil {
			rt.Fatal(err)
		}
		defer os.RemoveAll(dir)
		prompts := writePrompts(t, dir, n)
		cfg := func(out string, b llm.Backend) generate.Config {
			return generate.Config{Inputs: []string{prompts}, Output: out, Backend: b, GroupSize: group, Concurrency: conc}
		}
		ref := filepath.Join(dir, "ref.jsonl")
		if _, err := generate.Run(context.Background(), cfg(ref, simBackend(9))); err != nil {
			rt.Fatal(err)
		}
		want, err := texts(ref)
		if err != nil || len(want) != n {
			rt.Fatalf("reference: %d records, %v", len(want), err)
		}

		out := filepath.Join(dir, "out.jsonl")
		for k := range kills {
			after := int64(rapid.IntRange(0, n).Draw(rt, fmt.Sprintf("calls-before-kill-%d", k)))
			ctx, cancel := context.WithCancel(context.Background())
			var calls atomic.Int64
			b := llm.BackendFunc(func(ctx context.Context, req llm.Request) (llm.Group, error) {
				if calls.Add(1) > after {
					cancel()
					return llm.Group{}, ctx.Err()
				}
				return simBackend(9).Sample(ctx, req)
			})
			generate.Run(ctx, cfg(out, b))
			cancel()
			st, err := os.Stat(out)
			if err != nil {
				rt.Fatal(err)
			}
			cut := int64(rapid.IntRange(0, int(st.Size())).Draw(rt, fmt.Sprintf("cut-%d", k)))
			if err := os.Truncate(out, cut); err != nil {
				rt.Fatal(err)
			}
		}
		if _, err := generate.Run(context.Background(), cfg(out, simBackend(9))); err != nil {
			rt.Fatal(err)
		}
		got, err := texts(out)
		if err != nil {
			rt.Fatal(err)
		}
		if len(got) != n {
			rt.Fatalf("%d records after resume, want %d", len(got), n)
		}
		for k, v := range want {
			if got[k] != v {
				rt.Fatalf("record %s differs from an uninterrupted run", k)
			}
		}
	})
}
