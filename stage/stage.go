// Package stage is the one contract every step of grpodata's data flow
// meets (generate, verify, validate, filter, batch, export, report, ...):
// a typed configuration with documented defaults, one Run that reads a
// jsonl.Source and writes a jsonl.Sink, and a Summary of what it did. The
// CLI builds a command from a Stage (flags from its configuration), a
// pipeline file decodes each stage's block straight into its configuration
// (unknown keys and bad values found before anything runs, with their
// lines), and other doors (a server, shards) call the same Run.
//
// It owns the contract and the registry of stages; what a stage does, and
// its configuration's fields, belong to the stage's own package.
package stage

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/registry"
)

// Stage is one step of the data flow. Implementations are usually a Def.
type Stage interface {
	// Describe names and documents the stage.
	Describe() Spec
	// NewConfig returns a pointer to a fresh configuration holding the
	// stage's defaults; flags and pipeline files fill it (package option).
	NewConfig() any
	// Check reports configuration errors before anything is read.
	Check(cfg any) error
	// Run does the work: it reads in and writes out; it never prints.
	Run(ctx context.Context, in jsonl.Source, out jsonl.Sink, cfg any) (Summary, error)
	// Outputs lists the files a run with cfg writing to out leaves behind
	// (a pipeline re-runs the stage when one is missing): out itself for
	// most stages; export's file per format and its reward file.
	Outputs(cfg any, out string) []string
}

// Spec is what a stage is called and what it writes.
type Spec struct {
	Name    string // the command and pipeline key
	Short   string // one line for --help listings
	Long    string // the command's --help text
	Example string
	// Order places the stage in a pipeline (stages run in increasing
	// order); 0 keeps it out of pipelines.
	Order int
	// Output is the stage's output in a run folder: a file or folder name
	// (a folder the stage writes several files into ends in "/").
	Output string
	// DefaultOutput is the command's --output when none is given; "" means
	// standard output, unless OutputRequired (then --output must be given).
	DefaultOutput  string
	OutputRequired bool
	// PassThrough says the next pipeline stage reads this stage's input,
	// not its output (validate, batch, export and report write no records).
	PassThrough bool
	// InputsOptional says the stage's configuration may name its inputs
	// (generate's --prompts), so a command without input files still runs.
	InputsOptional bool
	// BadRecords says the stage follows the bad-record policy (a bad line
	// stops it, or is skipped with --skip-bad; see jsonl).
	BadRecords bool
	// Report says the stage's output is a report about its input (to
	// standard output by default), whose summary is that report.
	Report bool
	// InPipeline holds settings a pipeline run always gives the stage,
	// over its block: generate starts over (keeping the old output aside)
	// when its generation settings changed, instead of refusing.
	InPipeline map[string]string
	// PerRecord says each output record depends on one input record only,
	// and outputs keep input order, so the stage can run as N shards whose
	// merged outputs equal one run's (--shard; package shard).
	PerRecord bool
	// MergeRepeats, for a PerRecord stage that drops a new record equal to
	// one it wrote before (augment's variants), makes the check a merge of
	// its shards applies to the records in output order: true for a record
	// that repeats an earlier one of another shard, which one run would
	// have dropped. Nil: records are never dropped at merge.
	MergeRepeats func() func(line []byte) bool
}

// Summary is what a stage did.
type Summary struct {
	// Records is the number of records the stage wrote (or, for stages
	// that write no records, read).
	Records int64
	// Problems says the stage ran and found problems: a failed validation,
	// prompts that failed to generate (exit status 1 on the command line).
	Problems bool
	// Usage is the tokens behind the records a stage that calls a model
	// wrote, with their cost: for a resumed run, the kept records' and the
	// new ones'.
	Usage *Usage
	// Value is the stage's own summary (its --json form and its entry in a
	// pipeline's run.json); Text writes it for people.
	Value any
	Text  func(w io.Writer) error
}

// Usage is tokens used and their cost.
type Usage struct {
	PromptTokens     int64   `json:"prompt_tokens"`
	CompletionTokens int64   `json:"completion_tokens"`
	CostUSD          float64 `json:"cost_usd"`
}

// Def builds a Stage from typed functions over its configuration C.
type Def[C any] struct {
	Spec
	// LongHelp, when set, makes Spec.Long when the stage is described, for
	// help that lists plugins registered in init (checks, formats), after
	// package variables like this one are set.
	LongHelp    func() string
	Defaults    func() C
	CheckConfig func(*C) error // may be nil
	RunConfig   func(ctx context.Context, in jsonl.Source, out jsonl.Sink, cfg *C) (Summary, error)
	// OutputsOf lists the files a run writes (Stage.Outputs); nil: out.
	OutputsOf func(cfg *C, out string) []string

	// ConfigInputs, when set, names the input files the configuration
	// holds (generate's prompts), read besides the source's; may be nil.
	ConfigInputs func(*C) []string
}

var _ Stage = Def[struct{}]{}

func (d Def[C]) Describe() Spec {
	s := d.Spec
	if d.LongHelp != nil {
		s.Long = d.LongHelp()
	}
	return s
}

func (d Def[C]) NewConfig() any {
	c := d.Defaults()
	return &c
}

func (d Def[C]) Check(cfg any) error {
	c, err := d.config(cfg)
	if err != nil || d.CheckConfig == nil {
		return err
	}
	return d.CheckConfig(c)
}

func (d Def[C]) Run(ctx context.Context, in jsonl.Source, out jsonl.Sink, cfg any) (Summary, error) {
	c, err := d.config(cfg)
	if err != nil {
		return Summary{}, err
	}
	return d.RunConfig(ctx, in, out, c)
}

func (d Def[C]) Outputs(cfg any, out string) []string {
	c, err := d.config(cfg)
	if err != nil || d.OutputsOf == nil {
		return []string{out}
	}
	return d.OutputsOf(c, out)
}

// Order lists the stages a pipeline runs (Spec.Order > 0), in order.
func Order() []Stage {
	var out []Stage
	for _, st := range Default.All() {
		if st.Describe().Order > 0 {
			out = append(out, st)
		}
	}
	slices.SortFunc(out, func(a, b Stage) int { return a.Describe().Order - b.Describe().Order })
	return out
}

// config recovers the typed configuration from NewConfig's result.
func (d Def[C]) config(cfg any) (*C, error) {
	c, ok := cfg.(*C)
	if !ok {
		return nil, fmt.Errorf("stage %s: configuration is %T, want %T", d.Name, cfg, new(C))
	}
	return c, nil
}

// Default holds the stages; each stage package registers its own in init.
var Default = registry.New("stage", func(s Stage) string { return s.Describe().Name })

// Register adds a stage to Default; a duplicate name panics.
func Register(s Stage) { Default.MustRegister(s) }
