// Package pipeline runs the stages of a pipeline file in order
// (generate -> verify -> validate -> filter -> batch -> export -> report, any
// subset) in a run folder, and keeps a run manifest. A stage whose
// configuration, input and tool version are unchanged and whose output is
// complete is skipped; a changed stage and every stage after it re-run (the
// fingerprints form a chain); an interrupted stage runs again and resumes
// where its command can (generate appends and skips finished prompts).
// Options that only change speed, reporting or cost (concurrency, rate
// limits, workers, prices) are not part of a fingerprint. A generate stage
// re-runs when its prompts change and resumes: new prompts are generated,
// finished ones kept; when its generation settings change, generate moves
// the old output aside and starts over.
//
// The package knows no stage: the stages registered with package stage
// (stage.Order: those with a pipeline order) say what they are called,
// where they write and which files a run leaves; each block of the file is
// decoded into its stage's own configuration at Load, so the pipeline file
// and the command line can never drift apart, and a Runner the CLI
// provides runs each stage's Run.
package pipeline

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/option"
	"github.com/grpodata/grpodata/stage"
	_ "github.com/grpodata/grpodata/stage/all" // the stages a pipeline file names
)

// Stages lists the names of the stages a pipeline may hold, in the order
// they run.
func Stages() []string {
	var names []string
	for _, st := range stage.Order() {
		names = append(names, st.Describe().Name)
	}
	return names
}

// File is a pipeline file.
type File struct {
	Prompts string                    `yaml:"prompts"` // the prompt file (input of the first stage)
	RunDir  string                    `yaml:"run_dir"` // where outputs go; default runs/<file name>
	Stages  map[string]map[string]any `yaml:"stages"`
	dir     string                    // the pipeline file's folder: relative paths start there
	// typed are the stages with their blocks decoded and checked by Load.
	typed map[string]typedStage
}

// Load reads and checks a pipeline file.
func Load(path string) (*File, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f File
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f.dir = filepath.Dir(path)
	for name := range f.Stages {
		if !known(name) {
			return nil, fmt.Errorf("%s: unknown stage %q (stages, in order: %s)", path, name, strings.Join(Stages(), ", "))
		}
	}
	if f.typed, err = decodeConfigs(path, raw); err != nil {
		return nil, err
	}
	if len(f.Stages) == 0 {
		return nil, fmt.Errorf("%s: no stages", path)
	}
	if f.Prompts == "" {
		return nil, fmt.Errorf("%s: prompts: missing (the input file of the first stage)", path)
	}
	if f.RunDir == "" {
		f.RunDir = filepath.Join("runs", strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)))
	} else if !filepath.IsAbs(f.RunDir) {
		f.RunDir = filepath.Join(f.dir, f.RunDir)
	}
	if !filepath.IsAbs(f.Prompts) {
		f.Prompts = filepath.Join(f.dir, f.Prompts)
	}
	return &f, nil
}

// typedStage is a stage with its block of the pipeline file (less the
// pipeline's own keys).
type typedStage struct {
	st    stage.Stage
	block *yaml.Node
	path  string
	line  int
}

// config decodes the block into a fresh configuration, sets what the
// pipeline gives the stage (Spec.InPipeline, the report's inputs) and
// checks the result. Errors carry the file, the line and the key.
func (t typedStage) config(set map[string]string) (any, error) {
	name := t.st.Describe().Name
	cfg := t.st.NewConfig()
	var oe *option.Error
	if err := option.DecodeYAML(t.block, cfg); errors.As(err, &oe) {
		return nil, fmt.Errorf("%s:%d: stages.%s.%s: %w", t.path, oe.Line, name, oe.Key, oe.Err)
	} else if err != nil {
		return nil, fmt.Errorf("%s:%d: stages.%s: %w", t.path, t.line, name, err)
	}
	for k, v := range set {
		if err := option.Set(cfg, k, v); err != nil {
			return nil, fmt.Errorf("%s:%d: stages.%s.%w", t.path, t.line, name, err)
		}
	}
	if err := t.st.Check(cfg); err != nil {
		return nil, fmt.Errorf("%s:%d: stages.%s: %w", t.path, t.line, name, err)
	}
	return cfg, nil
}

// decodeConfigs decodes the block of every stage straight into its
// configuration, so an unknown key or a bad value fails the load with its
// line, before any stage runs.
func decodeConfigs(path string, raw []byte) (map[string]typedStage, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil || len(doc.Content) == 0 {
		return nil, err
	}
	typed := map[string]typedStage{}
	blocks := mappingValue(doc.Content[0], "stages")
	if blocks == nil {
		return typed, nil
	}
	for i := 0; i+1 < len(blocks.Content); i += 2 {
		key, block := blocks.Content[i], blocks.Content[i+1]
		st, err := stage.Default.Lookup(key.Value)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, key.Line, err)
		}
		block, err = pipelineKeys(path, key.Value, block)
		if err != nil {
			return nil, err
		}
		t := typedStage{st: st, block: block, path: path, line: key.Line}
		if _, err := t.config(nil); err != nil {
			return nil, err
		}
		typed[key.Value] = t
	}
	return typed, nil
}

// ownKeys are the keys of every stage block that the pipeline reads
// itself, with the values each allows: on_fail says whether a stage that
// found problems (a failed validation, prompts that failed) stops the run.
var ownKeys = map[string][]string{"on_fail": {"stop", "warn"}}

// pipelineKeys checks the pipeline's own keys of a stage block and returns
// the block without them, for the stage's configuration.
func pipelineKeys(path, name string, block *yaml.Node) (*yaml.Node, error) {
	own := ownKeys
	if block.Kind != yaml.MappingNode {
		return block, nil
	}
	rest := *block
	rest.Content = nil
	for i := 0; i+1 < len(block.Content); i += 2 {
		k, v := block.Content[i], block.Content[i+1]
		allowed, mine := own[k.Value]
		if !mine {
			rest.Content = append(rest.Content, k, v)
			continue
		}
		if allowed != nil && !slices.Contains(allowed, v.Value) {
			return nil, fmt.Errorf("%s:%d: stages.%s.%s: %q is not one of %s", path, v.Line, name, k.Value, v.Value, strings.Join(allowed, ", "))
		}
	}
	return &rest, nil
}

// mappingValue is the value of key in a YAML mapping node, or nil.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func known(name string) bool { return slices.Contains(Stages(), name) }

// Invocation is one run of a stage: its Run with Config, reading Inputs
// and writing Output.
type Invocation struct {
	Command string   // the stage's name
	Inputs  []string // input files
	Output  string   // the stage's output (a folder ends in "/")
	Stage   stage.Stage
	Config  any
}

// Runner runs one stage and returns its summary.
type Runner func(ctx context.Context, inv Invocation) (stage.Summary, error)

// ErrProblems is matched by Run's error when a stage found problems (a
// failed validation, prompts that failed) and its on_fail is stop.
var ErrProblems = errors.New("found problems")

// StageRecord is a stage's entry in the run manifest.
type StageRecord struct {
	Fingerprint string `json:"fingerprint"`
	// OutputFingerprint is the content hash of generate's output, which the
	// stages after it are chained on.
	OutputFingerprint string         `json:"output_fingerprint,omitempty"`
	Complete          bool           `json:"complete"`
	Skipped           bool           `json:"skipped"`
	Started           string         `json:"started,omitempty"`
	Seconds           float64        `json:"seconds"`
	Outputs           []string       `json:"outputs"`
	Records           int            `json:"records"`
	Options           map[string]any `json:"options"`
	Usage             *Usage         `json:"usage,omitempty"`
	Warning           string         `json:"warning,omitempty"`
}

// Usage is token usage and cost (generate).
type Usage struct {
	PromptTokens     int64   `json:"prompt_tokens"`
	CompletionTokens int64   `json:"completion_tokens"`
	CostUSD          float64 `json:"cost_usd"`
}

// Manifest is run.json in the run folder.
type Manifest struct {
	Tool     string                  `json:"tool"`
	Version  string                  `json:"version"`
	Pipeline string                  `json:"pipeline"`
	Config   map[string]any          `json:"config"`
	Updated  string                  `json:"updated"`
	Stages   map[string]*StageRecord `json:"stages"`
}

// RunOptions change what Run re-runs: Force runs every stage again, From
// runs that stage and every one after it (the stages before it must have
// finished), DryRun says what would run and runs nothing.
type RunOptions struct {
	Force  bool
	From   string
	DryRun bool
	// Shard, when set, runs the pipeline's leading per-record stages as
	// one shard (see shard.go).
	Shard *Shard
}

// runner is one execution of a pipeline: its manifest and where the data
// stands between stages.
type runner struct {
	f        *File
	opts     RunOptions
	version  string
	run      Runner
	log      io.Writer
	m        *Manifest
	manPath  string
	upstream string // the fingerprint the next stage is chained on
	data     string // the records the next stage reads
	verified string // verify's output: the report shows every group, before filtering
}

// Run executes the pipeline. log receives one line per stage.
func Run(ctx context.Context, f *File, pipelinePath, version string, run Runner, log io.Writer) (*Manifest, error) {
	return RunWith(ctx, f, pipelinePath, version, run, log, RunOptions{})
}

// RunWith is Run with options.
func RunWith(ctx context.Context, f *File, pipelinePath, version string, run Runner, log io.Writer, opts RunOptions) (*Manifest, error) {
	if opts.From != "" && !known(opts.From) {
		return nil, fmt.Errorf("--from %q: not a stage (stages, in order: %s)", opts.From, strings.Join(Stages(), ", "))
	}
	if _, ok := f.Stages[opts.From]; opts.From != "" && !ok {
		return nil, fmt.Errorf("--from %s: the pipeline has no %s stage", opts.From, opts.From)
	}
	r, err := newRunner(f, pipelinePath, version, run, log, opts)
	if err != nil {
		return nil, err
	}
	from := opts.From == ""
	for _, name := range Stages() {
		if _, ok := f.Stages[name]; !ok {
			continue
		}
		from = from || name == opts.From
		if !opts.Shard.runs(name) {
			break
		}
		if err := r.stage(ctx, name, opts.Force || opts.From != "" && from, !from); err != nil {
			return r.m, err
		}
	}
	if opts.DryRun {
		return r.m, nil
	}
	return r.m, r.save()
}

func newRunner(f *File, pipelinePath, version string, run Runner, log io.Writer, opts RunOptions) (*runner, error) {
	if err := os.MkdirAll(f.RunDir, 0o755); err != nil {
		return nil, err
	}
	r := &runner{f: f, opts: opts, version: version, run: run, log: log, data: f.Prompts,
		manPath: opts.Shard.rename(filepath.Join(f.RunDir, "run.json")), m: &Manifest{Stages: map[string]*StageRecord{}}}
	if raw, err := os.ReadFile(r.manPath); err == nil {
		json.Unmarshal(raw, r.m)
		if r.m.Stages == nil {
			r.m.Stages = map[string]*StageRecord{}
		}
	}
	r.m.Tool, r.m.Version, r.m.Pipeline = "grpodata", version, pipelinePath
	r.m.Config = map[string]any{"prompts": f.Prompts, "run_dir": f.RunDir, "stages": f.Stages}
	var err error
	if r.upstream, err = fileFingerprint(f.Prompts); err != nil {
		return nil, fmt.Errorf("prompts: %w", err)
	}
	return r, nil
}

func (r *runner) save() error {
	r.m.Updated = time.Now().UTC().Format(time.RFC3339)
	js, _ := json.MarshalIndent(r.m, "", "  ")
	return jsonl.WriteFileAtomic(r.manPath, append(js, '\n'))
}

// stage runs one stage, or skips it when it is complete and unchanged (or,
// with keep, before --from); force runs it whatever its state.
func (r *runner) stage(ctx context.Context, name string, force, keep bool) error {
	opts := r.f.Stages[name]
	if opts == nil {
		opts = map[string]any{}
	}
	in := r.data
	if name == "report" && r.verified != "" {
		in = r.verified
	}
	inv, outputs, next, err := r.invocation(name, in)
	if err != nil {
		return err
	}
	if name == "verify" {
		r.verified = next
	}
	fp := fingerprint(name, opts, stageVersion(name, r.version), r.upstream)
	prev := r.m.Stages[name]
	done := prev != nil && prev.Complete && exist(outputs)
	switch {
	case keep && !done:
		return fmt.Errorf("--from %s: stage %s before it has not finished; run without --from first", r.opts.From, name)
	case keep || !force && done && prev.Fingerprint == fp:
		prev.Skipped = true
		fmt.Fprintf(r.log, "%-9s %s, skipped (%s)\n", name, skipWhy(keep), strings.Join(rel(r.f.RunDir, outputs), ", "))
		r.upstream, r.data = cmp.Or(prev.OutputFingerprint, prev.Fingerprint), next
		return nil
	case r.opts.DryRun:
		fmt.Fprintf(r.log, "%-9s would run (%s)\n", name, runWhy(prev, fp, force, outputs))
		r.upstream, r.data = fp, next
		return nil
	}
	return r.execute(ctx, name, opts, inv, outputs, next, fp)
}

func skipWhy(keep bool) string {
	if keep {
		return "before --from"
	}
	return "unchanged"
}

// runWhy says why a dry run would run a stage.
func runWhy(prev *StageRecord, fp string, force bool, outputs []string) string {
	switch {
	case force:
		return "forced"
	case prev == nil:
		return "never ran"
	case !prev.Complete:
		return "interrupted"
	case prev.Fingerprint != fp:
		return "its options, input or the tool changed"
	case !exist(outputs):
		return "its output is missing"
	}
	return "changed"
}

// invocation plans a stage's run in the run folder with its typed
// configuration: it writes Spec.Output there, leaves the files its Outputs
// lists, and the next stage reads its output, or its input when it passes
// the data through (validate, batch, export, report).
func (r *runner) invocation(name, in string) (inv Invocation, outputs []string, next string, err error) {
	t := r.f.typed[name]
	spec := t.st.Describe()
	set := r.reportSets(name, in)
	for k, v := range spec.InPipeline {
		set[k] = v
	}
	cfg, err := t.config(set)
	if err != nil {
		return Invocation{}, nil, "", err
	}
	out := filepath.Join(r.f.RunDir, spec.Output)
	if strings.HasSuffix(spec.Output, "/") {
		out += "/"
	}
	next = out
	if spec.PassThrough {
		next = in
	}
	inv = Invocation{Command: name, Inputs: []string{in}, Output: out, Stage: t.st, Config: cfg}
	outputs, next = r.opts.Shard.renamePlan(t.st.Outputs(cfg, out), next)
	return inv, outputs, next, nil
}

// reportSets tells the report what it reads: verify's output, all groups
// before filtering, and the filter's output beside it for the before/after
// table.
func (r *runner) reportSets(name, in string) map[string]string {
	set := map[string]string{}
	if name != "report" || in != r.verified {
		return set
	}
	set["stage_label"] = "verify output: all groups, before filtering"
	if _, ok := r.f.Stages["filter"]; ok {
		set["filtered"] = filepath.Join(r.f.RunDir, outputName("filter"))
	}
	return set
}

// execute runs a stage and records it in the manifest: its counts and
// usage as its summary says.
func (r *runner) execute(ctx context.Context, name string, opts map[string]any, inv Invocation, outputs []string, next, fp string) error {
	rec := &StageRecord{Fingerprint: fp, Started: time.Now().UTC().Format(time.RFC3339), Outputs: rel(r.f.RunDir, outputs), Options: opts}
	r.m.Stages[name] = rec
	if err := r.save(); err != nil {
		return err
	}
	fmt.Fprintf(r.log, "%-9s running...\n", name)
	start := time.Now()
	sum, err := r.run(ctx, inv)
	rec.Seconds = time.Since(start).Seconds()
	if err == nil && sum.Problems {
		if opts["on_fail"] != "warn" {
			r.save()
			return fmt.Errorf("stage %s %w (above; output: %s); set on_fail: warn to continue anyway", name, ErrProblems, strings.Join(rel(r.f.RunDir, outputs), ", "))
		}
		rec.Warning = "found problems; continuing (on_fail: warn)"
	}
	if err != nil {
		r.save()
		return fmt.Errorf("stage %s: %w", name, err)
	}
	rec.Complete = true
	rec.Records = int(sum.Records)
	if sum.Usage != nil {
		rec.Usage = &Usage{PromptTokens: sum.Usage.PromptTokens, CompletionTokens: sum.Usage.CompletionTokens, CostUSD: sum.Usage.CostUSD}
	}
	r.upstream, r.data = fp, next
	if name == "generate" {
		// A rerun of generate resumes (new prompts are added to the
		// output, the rest kept), so what follows depends on the output.
		if rec.OutputFingerprint, err = fileFingerprint(next); err != nil {
			return fmt.Errorf("stage generate: %w", err)
		}
		r.upstream = rec.OutputFingerprint
	}
	if err := r.save(); err != nil {
		return err
	}
	fmt.Fprintf(r.log, "%-9s done in %.1fs (%s)\n", name, rec.Seconds, strings.Join(rel(r.f.RunDir, outputs), ", "))
	return nil
}

// outputName is a stage's output in the run folder, as its spec says.
func outputName(name string) string {
	if st, err := stage.Default.Lookup(name); err == nil {
		return st.Describe().Output
	}
	return ""
}

func exportFormats(opts map[string]any) []string { return listOf(opts["format"]) }

// listOf reads a YAML value that is one string or a list of them.
func listOf(value any) []string {
	switch v := value.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			out = append(out, fmt.Sprint(x))
		}
		return out
	}
	return nil
}

// speedOptions are the options that change how fast a stage runs, how it
// reports or what it costs, never what it writes: changing one re-runs
// nothing.
var speedOptions = map[string]bool{
	"concurrency": true, "rpm": true, "tpm": true, "max_in_flight": true, "max_retries": true,
	"progress_every": true, "price_in": true, "price_out": true, "batch_poll": true, "batch_no_wait": true,
	"workers": true,
}

// stageVersion is the tool version a stage's output depends on. Generated
// groups do not depend on it (an upgrade must not pay for them again);
// every other stage's output may (an upgraded verifier re-runs verify).
func stageVersion(name, version string) string {
	if name == "generate" {
		return ""
	}
	return version
}

// fingerprint hashes what decides a stage's output: its name and options
// (less speedOptions, and generate's call timeout), the tool version and the
// upstream fingerprint.
func fingerprint(name string, opts map[string]any, version, upstream string) string {
	keys := make([]string, 0, len(opts))
	for k := range opts {
		key := strings.ReplaceAll(k, "-", "_")
		if speedOptions[key] || name == "generate" && key == "timeout" {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00", name, version, upstream)
	for _, k := range keys {
		js, _ := json.Marshal(opts[k])
		fmt.Fprintf(h, "%s=%s\x00", k, js)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// fileFingerprint hashes a file's content.
func fileFingerprint(path string) (string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer fh.Close()
	h := sha256.New()
	if _, err := io.Copy(h, fh); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

func exist(paths []string) bool {
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return false
		}
	}
	return true
}

func rel(dir string, paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		if r, err := filepath.Rel(dir, p); err == nil {
			out[i] = r
		} else {
			out[i] = p
		}
	}
	return out
}

func number(v any) float64 {
	switch x := v.(type) {
	case int:
		return float64(x)
	case float64:
		return x
	}
	return 0
}
