// Package validate runs the data-quality checks on GRPO record files in one
// streaming pass: lines are inspected in parallel (record.Inspect reads only
// what checks need) and fed in input order to each check. Checks are
// registered by name, one file each; a new check is one file plus one
// Register call. The package reports; it does not fix data or print.
package validate

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/grpodata/grpodata/internal/human"
	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/option"
	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/registry"
)

// Config is the validate command's configuration.
type Config struct {
	Checks      []string `yaml:"checks" sep:"," help:"comma-separated checks to run (default: all)"`
	MaxExamples int      `yaml:"max_examples" help:"offending lines listed per check"`
	Workers     int      `yaml:"workers" help:"decoding goroutines (default: all cores)"`
	// Options holds the checks' own knobs (--group-size, --min-coverage,
	// ...), each declared by its check (Spec.Options).
	Options option.Plugins `yaml:",inline"`
	// JSON writes the report as JSON instead of text; Strict counts a
	// warning as a failure.
	JSON   bool `yaml:"json" help:"write a machine-readable JSON report"`
	Strict bool `yaml:"strict" help:"treat warnings as failures (exit 1)"`
}

// DefaultConfig holds the documented defaults, the checks' own included.
func DefaultConfig() Config {
	c := Config{MaxExamples: 20}
	for _, s := range Checks() {
		if s.Options != nil {
			c.Options.Add(s.Name, s.Options())
		}
	}
	return c
}

// Status of one check.
type Status string

const (
	Pass Status = "pass"
	Warn Status = "warn"
	Fail Status = "fail"
)

// Finding is one offending place: "FILE:LINE: check: message".
type Finding struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Check   string `json:"check"`
	Message string `json:"message"`
}

func (f Finding) String() string {
	return fmt.Sprintf("%s:%d: %s: %s", f.File, f.Line, f.Check, f.Message)
}

// Result is one check's verdict.
type Result struct {
	Name     string         `json:"name"`
	Status   Status         `json:"status"`
	Summary  string         `json:"summary"`
	Count    int            `json:"count"`             // offending items
	Details  []string       `json:"details,omitempty"` // further summary lines (e.g. per category)
	Examples []Finding      `json:"examples"`
	Stats    map[string]any `json:"stats,omitempty"`
}

// Report is the outcome of a run.
type Report struct {
	Files     []string `json:"files"`
	Records   int      `json:"records"`
	Responses int      `json:"responses"`
	Checks    []Result `json:"checks"`
	Failed    bool     `json:"failed"`
}

// Loc is a line's place.
type Loc struct {
	File string
	Line int
}

// Item is what a check sees of one line: the inspection, or the reason the
// line is not a JSON object at all.
type Item struct {
	Loc
	In  *record.Inspection // nil when Err is set
	Err error
}

// Check is one quality check. Observe is called once per line in input
// order from a single goroutine; Result after the last line.
type Check interface {
	Observe(it *Item)
	Result() Result
}

// Spec describes a registered check.
type Spec struct {
	Name string
	Help string
	// Order places the check in reports (checks run and report in
	// increasing Order, then by name).
	Order int
	// Options, when set, returns a pointer to a fresh struct of the
	// check's knobs holding their defaults; its fields (package option
	// tags) become validate's flags and pipeline keys. New reads them with
	// option.PluginOf; CheckOptions, when set, rejects bad values before a file
	// is read.
	Options      func() any
	CheckOptions func(Config) error
	New          func(Config) Check
}

// Default holds the checks; each registers itself in init.
var Default = registry.New("check", func(s Spec) string { return s.Name })

// Register adds a check to Default; a duplicate name panics.
func Register(s Spec) { Default.MustRegister(s) }

// Checks lists the registered checks in report order.
func Checks() []Spec {
	out := Default.Sorted()
	sort.SliceStable(out, func(i, j int) bool { return out[i].Order < out[j].Order })
	return out
}

// selectChecks is the checks cfg names, in the order named (all of them,
// in report order, when it names none).
func selectChecks(cfg Config) ([]Spec, error) {
	if len(cfg.Checks) == 0 {
		return Checks(), nil
	}
	var out []Spec
	for _, name := range cfg.Checks {
		s, err := Default.Lookup(strings.TrimSpace(name))
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// ValidateConfig reports configuration errors before any file is read.
func ValidateConfig(cfg Config) error {
	checks, err := selectChecks(cfg)
	if err != nil {
		return err
	}
	for _, c := range checks {
		if c.CheckOptions != nil {
			if err := c.CheckOptions(cfg); err != nil {
				return err
			}
		}
	}
	return nil
}

// Opener opens an input by name; tests and the CLI may supply their own.
type Opener = jsonl.Opener

// Run validates the files in order as one data set and returns the report.
// An error means a file could not be read (not that a check failed).
func Run(ctx context.Context, files []string, cfg Config, open Opener) (*Report, error) {
	if cfg.MaxExamples <= 0 {
		cfg.MaxExamples = 20
	}
	specs, err := selectChecks(cfg)
	if err != nil {
		return nil, err
	}
	if open == nil {
		open = jsonl.Open
	}
	checks := make([]Check, len(specs))
	for i, s := range specs {
		checks[i] = s.New(cfg)
	}
	rep := &Report{}
	for _, name := range files {
		if err := runFile(ctx, name, cfg, open, checks, rep); err != nil {
			return nil, err
		}
	}
	for _, c := range checks {
		res := c.Result()
		if res.Examples == nil {
			res.Examples = []Finding{}
		}
		rep.Checks = append(rep.Checks, res)
		if res.Status == Fail {
			rep.Failed = true
		}
	}
	return rep, nil
}

func runFile(ctx context.Context, name string, cfg Config, open Opener, checks []Check, rep *Report) error {
	r, err := open(name)
	if err != nil {
		return err
	}
	defer r.Close()
	file := r.Name()
	rep.Files = append(rep.Files, file)
	inspect := func(l jsonl.Line) (Item, error) {
		in := new(record.Inspection)
		if err := record.Inspect(l.Data, in); err != nil {
			return Item{Err: err}, nil
		}
		return Item{In: in}, nil
	}
	return jsonl.ParallelMap(ctx, r, jsonl.Options{Workers: cfg.Workers}, inspect, func(line int, it Item) error {
		it.Loc = Loc{File: file, Line: line}
		rep.Records++
		if it.In != nil {
			rep.Responses += len(it.In.Responses)
		}
		for _, c := range checks {
			c.Observe(&it)
		}
		return nil
	})
}

// examples keeps the first max findings of a check and counts them all.
type examples struct {
	check string
	max   int
	count int
	list  []Finding
}

func (e *examples) add(loc Loc, format string, args ...any) {
	e.count++
	if len(e.list) < e.max {
		e.list = append(e.list, Finding{File: loc.File, Line: loc.Line, Check: e.check, Message: fmt.Sprintf(format, args...)})
	}
}

// WriteText renders a report the way compilers report: a summary per check,
// then its first offending lines as FILE:LINE: check: message.
func WriteText(w io.Writer, rep *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "validated %s: %d records, %d responses\n\n", strings.Join(rep.Files, ", "), rep.Records, rep.Responses)
	failed, warned := 0, 0
	for _, c := range rep.Checks {
		fmt.Fprintf(&b, "%-4s  %-11s %s\n", strings.ToUpper(string(c.Status)), c.Name, c.Summary)
		for _, d := range c.Details {
			fmt.Fprintf(&b, "                  %s\n", d)
		}
		if c.Status == Pass {
			continue // a passing check's examples (e.g. zero-variance groups) stay in --json
		}
		for _, f := range c.Examples {
			fmt.Fprintf(&b, "      %s\n", f)
		}
		if more := c.Count - len(c.Examples); more > 0 && len(c.Examples) > 0 {
			fmt.Fprintf(&b, "      ... and %d more\n", more)
		}
		switch c.Status {
		case Fail:
			failed++
		case Warn:
			warned++
		}
	}
	switch {
	case failed > 0:
		fmt.Fprintf(&b, "\nresult: FAIL (%d of %d checks failed, %s)\n", failed, len(rep.Checks), human.Plural(warned, "warning", "warnings"))
	case warned > 0:
		fmt.Fprintf(&b, "\nresult: PASS with %s\n", human.Plural(warned, "warning", "warnings"))
	default:
		fmt.Fprintf(&b, "\nresult: PASS (%d checks)\n", len(rep.Checks))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
