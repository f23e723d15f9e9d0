package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/grpodata/grpodata/export/reward"
	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/option"
	"github.com/grpodata/grpodata/record"
)

// Config is the export stage's configuration.
type Config struct {
	// Formats are the stage's formats: one writes --output; several (or an
	// --output that is a folder) write FOLDER/FORMAT.EXT each.
	Formats []string `yaml:"format" short:"f" sep:"," help:"output format(s) (see Formats); several write FORMAT.EXT each into the --output folder"`
	Format  string   `option:"-"` // the one format Run writes
	Output  string   `option:"-"` // Run's destination file; "-" is the stdout stream given to Run
	Options Options  `yaml:",inline"`
	// Own holds the knobs formats declare (Spec.Options).
	Own option.Plugins `yaml:",inline"`
	// RowGroupMB is Options.RowGroupBytes in MiB, as users give it.
	RowGroupMB int `yaml:"row_group_mb" help:"Parquet row-group size in MiB (uncompressed); bounds memory"`
	// Registry to look the format up in; nil means Default.
	Registry *Registry `option:"-"`
}

// DefaultConfig holds the command's defaults (the format has none: it
// must be given).
func DefaultConfig() Config {
	c := Config{Options: Options{Split: "train", ValFraction: DefaultValFraction}, RowGroupMB: DefaultRowGroupBytes >> 20}
	for _, s := range List() {
		if s.Options != nil {
			c.Own.Add(s.Name, s.Options())
		}
	}
	return c
}

// Stats counts what an export did.
type Stats struct {
	Format  string         `json:"format"`
	Output  string         `json:"output"`
	Read    int            `json:"read"`    // records (non-blank lines) read
	Written int            `json:"written"` // rows written
	Skipped map[string]int `json:"skipped"` // reason -> records not written
	Notes   map[string]int `json:"notes"`   // caveat -> records written with it
	// Val is the number of the written rows held out for validation, in
	// ValOutput (verl with --val-fraction).
	Val       int    `json:"val,omitempty"`
	ValOutput string `json:"val_output,omitempty"`
	// RewardFile is the grpodata_reward.py written beside the output ("" when none).
	RewardFile string `json:"reward_file,omitempty"`
	// FirstInvalid locates the first line that is not a valid record
	// ("FILE:LINE: message"); "" when there was none.
	FirstInvalid string        `json:"first_invalid,omitempty"`
	Elapsed      time.Duration `json:"elapsed_ns"`
}

// SkippedTotal is the number of records not written.
func (s *Stats) SkippedTotal() int {
	n := 0
	for _, v := range s.Skipped {
		n += v
	}
	return n
}

func (s *Stats) add(res Result) {
	if res.Skip != "" {
		s.Skipped[res.Skip]++
		return
	}
	s.Written++
	for _, n := range res.Notes {
		s.Notes[n]++
	}
}

// WriteText renders the counts: what was written, then every skip reason and
// note with its count, largest first.
func (s *Stats) WriteText(w io.Writer) {
	out := s.Output
	if out == "-" {
		out = "<stdout>"
	}
	fmt.Fprintf(w, "exported %d of %d records as %s to %s in %s\n", s.Written, s.Read, s.Format, out, s.Elapsed.Round(time.Millisecond))
	if s.Val > 0 {
		fmt.Fprintf(w, "held out %d of them for validation in %s (%d to train on)\n", s.Val, s.ValOutput, s.Written-s.Val)
	}
	if s.RewardFile != "" {
		fmt.Fprintf(w, "reward: %s\n", s.RewardFile)
	}
	if n := s.SkippedTotal(); n > 0 {
		fmt.Fprintf(w, "skipped %d:\n", n)
		writeCounts(w, s.Skipped)
		if s.FirstInvalid != "" {
			fmt.Fprintf(w, "  first invalid record: %s\n", s.FirstInvalid)
		}
	}
	if len(s.Notes) > 0 {
		fmt.Fprintln(w, "notes (records written):")
		writeCounts(w, s.Notes)
	}
}

func writeCounts(w io.Writer, m map[string]int) {
	type kv struct {
		k string
		v int
	}
	rs := make([]kv, 0, len(m))
	for k, v := range m {
		rs = append(rs, kv{k, v})
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].v > rs[j].v || rs[i].v == rs[j].v && rs[i].k < rs[j].k })
	for _, r := range rs {
		fmt.Fprintf(w, "  %7d  %s\n", r.v, r.k)
	}
}

// Run exports the records of files, in order, to cfg.Output. open opens an
// input ("-" for stdin is the caller's business); stdout receives the output
// when cfg.Output is "-". Lines that are not valid records
// stop the export with FILE:LINE: field: message unless the reader skips bad
// records (jsonl.Reader.SkipBad), and then they are counted
// (Stats.FirstInvalid locates the first); an input without records, an
// unknown format, an unreadable input or a failed write is an error, and
// then the destination keeps its old content.
func Run(ctx context.Context, files []string, cfg Config, open func(string) (*jsonl.Reader, error), stdout io.Writer) (*Stats, error) {
	start := time.Now()
	reg := cfg.Registry
	if reg == nil {
		reg = Default
	}
	f, err := reg.Lookup(cfg.Format)
	if err != nil {
		return nil, err
	}
	if cfg.Output == "" {
		return nil, errors.New("export: no output given")
	}
	spec := f.Spec()
	st := &Stats{Format: spec.Name, Output: cfg.Output, Skipped: map[string]int{}, Notes: map[string]int{}}

	// A file is written atomically (temporary file, fsync, rename); a text
	// format whose name ends in .gz or .zst is compressed, Parquet compresses
	// itself.
	out, err := jsonl.CreateFile(cfg.Output, stdout, !spec.Binary)
	if err != nil {
		return nil, outputError(cfg.Output, err)
	}
	defer out.Close()
	opt := cfg.Options
	opt.Own = cfg.Own.Of(spec.Name)
	if opt.Own == nil && spec.Options != nil {
		opt.Own = spec.Options() // a Config built as a literal: the defaults
	}
	opt.Dest = cfg.Output
	enc, err := f.NewEncoder(out, opt)
	if err != nil {
		return nil, err
	}
	done := false
	defer func() {
		if a, ok := enc.(interface{ abort() }); ok && !done {
			a.abort()
		}
	}()
	for _, name := range files {
		if err := exportFile(ctx, name, cfg, open, enc, st); err != nil {
			return nil, err
		}
	}
	if err := enc.Close(); err != nil {
		return nil, outputError(cfg.Output, err)
	}
	done = true
	if err := out.Commit(); err != nil {
		return nil, outputError(cfg.Output, err)
	}
	if v, ok := enc.(interface{ ValRows() int }); ok && v.ValRows() > 0 {
		st.Val, st.ValOutput = v.ValRows(), ValPath(cfg.Output)
	} else if spec.Name == "verl" && splittable(cfg.Output) {
		// No validation rows this time: a file from an earlier export
		// would pair stale rows with this one.
		if err := os.Remove(ValPath(cfg.Output)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, outputError(ValPath(cfg.Output), err)
		}
	}
	if spec.Reward && splittable(cfg.Output) {
		bin := opt.GrpodataBin
		if bin == "" {
			bin = executable()
		}
		if st.RewardFile, err = reward.Write(filepath.Dir(cfg.Output), bin); err != nil {
			return nil, outputError(filepath.Join(filepath.Dir(cfg.Output), reward.FileName), err)
		}
	}
	st.Elapsed = time.Since(start)
	return st, nil
}

// executable is this program's path, symbolic links resolved, as the
// reward file records it; "" for a `go run` build (a temporary that is
// removed when it exits: the reward file then finds grpodata on PATH).
func executable() string {
	p, err := os.Executable()
	if err != nil {
		return ""
	}
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	if strings.Contains(p, string(filepath.Separator)+"go-build") {
		return ""
	}
	return p
}

// exportFile feeds one input's records to enc, in order. Lines are decoded
// here, one after the other: encoding is sequential anyway, and this loop
// stops at once on cancellation or a failed write. (jsonl.ParallelMap can
// block forever when its context is cancelled or emit fails mid-run; switch
// to it once that is fixed.)
func exportFile(ctx context.Context, name string, cfg Config, open func(string) (*jsonl.Reader, error), enc Encoder, st *Stats) error {
	r, err := open(name)
	if err != nil {
		return err
	}
	defer r.Close()
	records := 0
	progress := jsonl.Track(ctx, r)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		l, err := r.Next()
		if err == io.EOF {
			return r.NoRecords(records)
		}
		if err != nil {
			var je *jsonl.Error
			if !errors.As(err, &je) {
				err = &jsonl.Error{File: r.Name(), Err: err}
			}
			return err
		}
		st.Read++
		rec, err := record.Decode(l.Data)
		if err != nil {
			if err := r.Bad(l.N, jsonl.Bad(err)); err != nil {
				return err
			}
			st.Skipped[reasonInvalid]++
			if st.FirstInvalid == "" {
				st.FirstInvalid = (&jsonl.Error{File: r.Name(), Line: l.N, Err: err}).Error()
			}
			continue
		}
		records++
		res, err := enc.Encode(rec)
		if err != nil {
			return outputError(cfg.Output, err)
		}
		st.add(res)
		progress.Add()
	}
}
