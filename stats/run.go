package stats

import (
	"context"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
)

// Config is the stats command's configuration.
type Config struct {
	Options
	Workers int // decoding goroutines; 0 means all cores
	// Annotate, when set, writes metadata.advantage into every scored
	// response of the records Run writes to its output.
	Annotate *AdvantageConfig
}

// Opener opens an input by name; nil means jsonl.Open.
type Opener = jsonl.Opener

// LineWriter receives output lines; *jsonl.Writer is one.
type LineWriter interface{ WriteLine([]byte) error }

type measured struct {
	sample    *Sample
	line      []byte
	annotated int
}

// Run reads the files in order as one data set and returns its statistics.
// When out is not nil every record is written to it in input order: annotated
// when cfg.Annotate is set, else unchanged. A malformed line stops the run
// with its file and line unless the reader skips bad records, and an input
// without records is an error (jsonl's policy); the caller commits or
// discards out.
func Run(ctx context.Context, files []string, cfg Config, open Opener, out LineWriter) (*Result, error) {
	if open == nil {
		open = jsonl.Open
	}
	if cfg.Annotate != nil {
		if err := cfg.Annotate.Check(); err != nil {
			return nil, err
		}
	}
	acc := NewAccumulator(cfg.Options)
	res := &Result{Files: []string{}}
	annotated := 0
	for _, name := range files {
		r, err := open(name)
		if err != nil {
			return nil, err
		}
		res.Files = append(res.Files, r.Name())
		work := func(l jsonl.Line) (measured, error) {
			rec, err := record.Decode(l.Data)
			if err != nil {
				return measured{}, jsonl.Bad(err)
			}
			m := measured{sample: Measure(rec, cfg.Counter)}
			switch {
			case out == nil:
			case cfg.Annotate != nil:
				m.annotated = Annotate(rec, *cfg.Annotate)
				m.line = rec.AppendJSON(make([]byte, 0, len(l.Data)+32*len(rec.Responses)))
			default:
				m.line = l.Data // valid until emit returns
			}
			return m, nil
		}
		err = jsonl.ParallelMap(ctx, r, jsonl.Options{Workers: cfg.Workers}, work, func(_ int, m measured) error {
			acc.AddSample(m.sample)
			annotated += m.annotated
			if out != nil {
				return out.WriteLine(m.line)
			}
			return nil
		})
		r.Close()
		if err != nil {
			return nil, err
		}
	}
	sum := acc.Result()
	sum.Files = res.Files
	if cfg.Annotate != nil && out != nil {
		a := *cfg.Annotate
		sum.Advantage, sum.Annotated = &a, annotated
	}
	return sum, nil
}
