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
// The package does not know the commands' flags: a stage's options are the
// command's own flags in YAML, handed to a Runner that the CLI provides, so
// the pipeline file and the command line can never drift apart.
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

	"github.com/grpodata/grpodata/export"
	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/option"
	"github.com/grpodata/grpodata/stage"
)

// Order is the fixed order of stages.
var Order = []string{"generate", "verify", "validate", "filter", "batch", "export", "report"}

// File is a pipeline file.
type File struct {
	Prompts string                    `yaml:"prompts"` // the prompt file (input of the first stage)
	RunDir  string                    `yaml:"run_dir"` // where outputs go; default runs/<file name>
	Stages  map[string]map[string]any `yaml:"stages"`
	dir     string                    // the pipeline file's folder: relative paths start there
	// typed are the stages built on package stage, with their blocks
	// decoded and checked by Load.
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
			return nil, fmt.Errorf("%s: unknown stage %q (stages, in order: %s)", path, name, strings.Join(Order, ", "))
		}
	}
	if f.typed, err = decodeConfigs(path, raw, f.Stages); err != nil {
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
	if _, ok := f.Stages["export"]; ok && len(exportFormats(f.Stages["export"])) == 0 {
		return nil, fmt.Errorf("%s: stages.export.format: give one or more of verl, verl-groups, trl, trl-dpo", path)
	}
	return &f, nil
}

// typedStage is a stage built on package stage with its block of the
// pipeline file (less the pipeline's own keys).
type typedStage struct {
	st    stage.Stage
	block *yaml.Node
	path  string
	line  int
}

// config decodes the block into a fresh configuration, sets the keys the
// pipeline varies per invocation (export's format) and checks the result.
// Errors carry the file, the line and the key.
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

// perInvocation is the pipeline key a stage runs once per value of, set in
// each run's configuration.
var perInvocation = map[string]string{"export": "format"}

// pipelineSets are the options the pipeline sets in a stage's runs (plan
// puts them in the invocation): export's format of that run, and generate's
// on_drift (a changed generation setting starts over, keeping the old
// output aside).
var pipelineSets = map[string][]string{"export": {"format"}, "generate": {"on_drift"}}

// decodeConfigs decodes the block of every stage built on package stage
// straight into its configuration (once per value of its per-invocation
// key), so an unknown key or a bad value fails the load with its line,
// before any stage runs.
func decodeConfigs(path string, raw []byte, stages map[string]map[string]any) (map[string]typedStage, error) {
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
			continue // a stage still run through its command's flags
		}
		block, err = pipelineKeys(path, key.Value, block)
		if err != nil {
			return nil, err
		}
		t := typedStage{st: st, block: block, path: path, line: key.Line}
		for _, set := range invocationKeys(key.Value, stages[key.Value]) {
			if _, err := t.config(set); err != nil {
				return nil, err
			}
		}
		typed[key.Value] = t
	}
	return typed, nil
}

// invocationKeys lists the per-invocation settings of a stage's runs: one
// empty set for a stage that runs once.
func invocationKeys(name string, opts map[string]any) []map[string]string {
	key, ok := perInvocation[name]
	if !ok {
		return []map[string]string{nil}
	}
	var sets []map[string]string
	for _, v := range listOf(opts[key]) {
		sets = append(sets, map[string]string{key: v})
	}
	return sets
}

// ownKeys are the keys of a stage block that the pipeline reads itself, with
// the values each allows (nil: any).
var ownKeys = map[string]map[string][]string{
	"validate": {"on_fail": {"stop", "warn"}},
	"export":   {"format": nil},
}

// pipelineKeys checks the pipeline's own keys of a stage block and returns
// the block without them, for the stage's configuration.
func pipelineKeys(path, name string, block *yaml.Node) (*yaml.Node, error) {
	own := ownKeys[name]
	if own == nil || block.Kind != yaml.MappingNode {
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

func known(name string) bool {
	for _, s := range Order {
		if s == name {
			return true
		}
	}
	return false
}

// Invocation is one command to run for a stage.
type Invocation struct {
	Command string         // the grpodata command
	Inputs  []string       // input files
	Output  string         // --output
	Options map[string]any // the command's flags, from the pipeline file
	// Stage and Config are set for a stage built on package stage: the
	// Runner calls Stage.Run with Config instead of the command's flags.
	Stage  stage.Stage
	Config any
}

// Runner runs one command; ErrCheckFailed reports a validate failure.
type Runner func(ctx context.Context, inv Invocation) error

// ErrCheckFailed is returned by a Runner when validate found problems.
var ErrCheckFailed = errors.New("validation failed")

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
		return nil, fmt.Errorf("--from %q: not a stage (stages, in order: %s)", opts.From, strings.Join(Order, ", "))
	}
	if _, ok := f.Stages[opts.From]; opts.From != "" && !ok {
		return nil, fmt.Errorf("--from %s: the pipeline has no %s stage", opts.From, opts.From)
	}
	r, err := newRunner(f, pipelinePath, version, run, log, opts)
	if err != nil {
		return nil, err
	}
	from := opts.From == ""
	for _, name := range Order {
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
	invs, outputs, next, err := r.invocations(name, opts, in)
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
	return r.execute(ctx, name, opts, invs, outputs, next, fp)
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

// invocations plans a stage's runs, each with its typed configuration.
func (r *runner) invocations(name string, opts map[string]any, in string) ([]Invocation, []string, string, error) {
	invs, outputs, next := plan(name, opts, in, r.f.RunDir)
	outputs, next = r.opts.Shard.renamePlan(outputs, next)
	t, typed := r.f.typed[name]
	if !typed {
		return invs, outputs, next, nil
	}
	for i := range invs {
		set := r.reportSets(name, in)
		for _, key := range pipelineSets[name] {
			set[key] = fmt.Sprint(invs[i].Options[key])
		}
		cfg, err := t.config(set)
		if err != nil {
			return nil, nil, "", err
		}
		invs[i].Stage, invs[i].Config = t.st, cfg
	}
	return invs, outputs, next, nil
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

// execute runs a stage's invocations and records them in the manifest.
func (r *runner) execute(ctx context.Context, name string, opts map[string]any, invs []Invocation, outputs []string, next, fp string) error {
	rec := &StageRecord{Fingerprint: fp, Started: time.Now().UTC().Format(time.RFC3339), Outputs: rel(r.f.RunDir, outputs), Options: opts}
	r.m.Stages[name] = rec
	if err := r.save(); err != nil {
		return err
	}
	fmt.Fprintf(r.log, "%-9s running...\n", name)
	start := time.Now()
	for _, inv := range invs {
		err := r.run(ctx, inv)
		if errors.Is(err, ErrCheckFailed) && onFailWarn(opts) {
			rec.Warning = "validation failed; continuing (on_fail: warn)"
			err = nil
		}
		if err != nil {
			rec.Seconds = time.Since(start).Seconds()
			r.save()
			if errors.Is(err, ErrCheckFailed) {
				return fmt.Errorf("stage validate: the data failed validation (report: %s); set on_fail: warn to continue anyway", rel(r.f.RunDir, outputs)[0])
			}
			return fmt.Errorf("stage %s: %w", name, err)
		}
	}
	rec.Seconds = time.Since(start).Seconds()
	rec.Complete = true
	rec.Records = countRecords(next, name)
	r.upstream, r.data = fp, next
	if name == "generate" {
		rec.Usage = usageOf(next, opts)
		// A rerun of generate resumes (new prompts are added to the
		// output, the rest kept), so what follows depends on the output.
		var err error
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

func onFailWarn(opts map[string]any) bool {
	v, _ := opts["on_fail"].(string)
	return v == "warn"
}

// plan turns a stage into command invocations, its outputs, and the records
// file the next stage reads.
func plan(name string, opts map[string]any, data, dir string) (invs []Invocation, outputs []string, next string) {
	flags := map[string]any{}
	for k, v := range opts {
		if k != "on_fail" && k != "format" {
			flags[k] = v
		}
	}
	if name == "generate" {
		// Generate resumes its output; when the stage's generation settings
		// changed, it moves the old output aside and starts over instead.
		flags["on_drift"] = "start-over"
	}
	one := func(out string) []Invocation {
		return []Invocation{{Command: name, Inputs: []string{data}, Output: out, Options: flags}}
	}
	switch name {
	case "generate", "verify", "filter":
		out := filepath.Join(dir, outputName(name))
		return one(out), []string{out}, out
	case "validate":
		out := filepath.Join(dir, "validate.json")
		inv := one(out)
		inv[0].Options["json"] = true
		return inv, []string{out}, data
	case "batch":
		out := filepath.Join(dir, "batches")
		return one(out), []string{out}, data
	case "export":
		for _, format := range exportFormats(opts) {
			out := filepath.Join(dir, "export", format+ExportExt(format))
			f := map[string]any{"format": format}
			for k, v := range flags {
				f[k] = v
			}
			invs = append(invs, Invocation{Command: "export", Inputs: []string{data}, Output: out, Options: f})
			outputs = append(outputs, out)
			if spec, err := export.Lookup(format); err == nil && spec.Spec().Reward && !slices.Contains(outputs, export.RewardPath(out)) {
				outputs = append(outputs, export.RewardPath(out)) // a deleted reward file re-runs export
			}
		}
		return invs, outputs, data
	default: // report
		out := filepath.Join(dir, "report.html")
		return one(out), []string{out}, data
	}
}

// outputName is a record stage's output in the run folder: what its stage
// spec says, for a stage built on package stage.
func outputName(name string) string {
	if st, err := stage.Default.Lookup(name); err == nil && st.Describe().Output != "" {
		return st.Describe().Output
	}
	return map[string]string{"generate": "generated.jsonl", "verify": "verified.jsonl", "filter": "filtered.jsonl"}[name]
}

// ExportExt is the file extension of an export format, as its spec says.
func ExportExt(format string) string {
	if f, err := export.Lookup(format); err == nil && f.Spec().Ext != "" {
		return f.Spec().Ext
	}
	return ".jsonl"
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

// countRecords counts the lines of a stage's record output (0 for stages
// whose output is not a record file).
func countRecords(path, stage string) int {
	switch stage {
	case "generate", "verify", "filter":
	default:
		return 0
	}
	return jsonlRows(path)
}

// usageOf sums the usage totals generate writes into each record, and
// prices them with the stage's price_in/price_out (USD per million tokens).
func usageOf(path string, opts map[string]any) *Usage {
	r, err := jsonl.Open(path)
	if err != nil {
		return nil
	}
	defer r.Close()
	u := &Usage{}
	for {
		l, err := r.Next()
		if err != nil {
			break
		}
		var rec struct {
			Usage struct {
				PromptTokens     int64 `json:"prompt_tokens"`
				CompletionTokens int64 `json:"completion_tokens"`
			} `json:"usage"`
		}
		if json.Unmarshal(l.Data, &rec) == nil {
			u.PromptTokens += rec.Usage.PromptTokens
			u.CompletionTokens += rec.Usage.CompletionTokens
		}
	}
	u.CostUSD = (float64(u.PromptTokens)*number(opts["price_in"]) + float64(u.CompletionTokens)*number(opts["price_out"])) / 1e6
	return u
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
