package view

import (
	"math/rand/v2"
	"testing"

	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/stats"
	"github.com/grpodata/grpodata/tokenize"
)

// FuzzExtract: the skimmer never panics, and on every line package record
// accepts it reads the same group numbers as stats.Group.
func FuzzExtract(f *testing.F) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 20 {
		f.Add(syntheticRecord(i, rng).AppendJSON(nil))
	}
	for _, s := range []string{`{}`, `{"prompt":"p","responses":[]}`, `{"prompt":[{"content":"\u00e9\ud83d\ude00"}],"responses":[{"text":"\\\"","score":null,"correct":null}]}`,
		`{"responses":[{"score":1e400}]}`, `{"responses":[{"score":NaN}]}`, `[`, `{"a":"\`, `{"responses":[1,"x",{"metadata":{"verifier":{"reason":7}}}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		var x extractor
		var ft facts
		err := x.extract(line, &ft)
		rec, derr := record.Decode(line)
		if derr != nil {
			return
		}
		if err != nil {
			t.Fatalf("record accepts %q, the index does not: %v", line, err)
		}
		if want := stats.Group(rec); ft.group != want {
			t.Fatalf("%q: index %+v, stats %+v", line, ft.group, want)
		}
		tokens := 0
		for _, r := range rec.Responses {
			tokens += tokenize.Estimate{}.Count(r.Text)
		}
		if ft.tokens != tokens {
			t.Fatalf("%q: %d tokens, want %d", line, ft.tokens, tokens)
		}
	})
}
