// Package augment grows a prompt set with an LLM: paraphrases that keep a
// prompt's difficulty and answer, and easier or harder variants. Each new
// record links to its original (metadata.augmented_from) and keeps a
// reference only where it still holds: a paraphrase keeps the answer and the
// tests; a variant changes the problem, so its reference is dropped unless
// the math solver can work it out. Exact duplicates of existing prompts are
// dropped. The package asks a Backend; it does not pick or configure one.
package augment

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"text/template"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/llm"
	"github.com/grpodata/grpodata/mathexpr"
	"github.com/grpodata/grpodata/record"
)

// Default prompt templates; {{.Prompt}} is the original prompt's text and
// {{.N}} the number of paraphrases asked for.
const (
	DefaultParaphrase = `Paraphrase the following problem. Keep its meaning, its difficulty, every number and its answer exactly the same; change only the wording. Reply with the paraphrased problem only, no preamble.

Problem:
{{.Prompt}}`
	DefaultEasy = `Write an easier version of the following problem: the same kind of problem with simpler numbers and fewer steps. Reply with the new problem only, no preamble and no solution.

Problem:
{{.Prompt}}`
	DefaultHard = `Write a harder version of the following problem: the same kind of problem with more steps and larger numbers. Reply with the new problem only, no preamble and no solution.

Problem:
{{.Prompt}}`
)

// Config is the augment command's configuration.
type Config struct {
	Paraphrase  int      // paraphrases per prompt
	Variants    []string // "easy", "hard"
	Templates   map[string]string
	Temperature float64
	MaxTokens   int
	Concurrency int  // prompts in flight
	OnlyNew     bool // write only the new records, not the originals
}

// Summary counts what a run did.
type Summary struct {
	Originals  int            `json:"originals"`
	Added      map[string]int `json:"added"`      // by kind: paraphrase, easy, hard
	Duplicates int            `json:"duplicates"` // dropped as exact duplicates
	Empty      int            `json:"empty"`      // empty answers dropped
	Failed     int            `json:"failed"`     // prompts whose requests failed
	Solved     int            `json:"solved"`     // variants given a reference by the solver
	Errors     []string       `json:"errors,omitempty"`
}

// Check validates a configuration.
func Check(cfg Config) error {
	if cfg.Paraphrase < 0 {
		return fmt.Errorf("--paraphrase must be >= 0")
	}
	for _, v := range cfg.Variants {
		if v != "easy" && v != "hard" {
			return fmt.Errorf("--variants: unknown variant %q (easy, hard)", v)
		}
	}
	if cfg.Paraphrase == 0 && len(cfg.Variants) == 0 {
		return fmt.Errorf("nothing to do: give --paraphrase N and/or --variants easy,hard")
	}
	_, err := templates(cfg)
	return err
}

func templates(cfg Config) (map[string]*template.Template, error) {
	src := map[string]string{"paraphrase": DefaultParaphrase, "easy": DefaultEasy, "hard": DefaultHard}
	for k, v := range cfg.Templates {
		if _, ok := src[k]; !ok {
			return nil, fmt.Errorf("template %q: unknown kind (paraphrase, easy, hard)", k)
		}
		src[k] = v
	}
	out := map[string]*template.Template{}
	for k, v := range src {
		t, err := template.New(k).Option("missingkey=error").Parse(v)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", k, err)
		}
		out[k] = t
	}
	return out, nil
}

type result struct {
	orig   []byte
	added  []*record.Record
	fail   string
	solved int
	empty  int
}

// Run augments every record of the source into w (originals first, each
// followed by its new records) and returns the counts.
func Run(ctx context.Context, src jsonl.Source, w *jsonl.Writer, b llm.Backend, cfg Config) (*Summary, error) {
	tmpls, err := templates(cfg)
	if err != nil {
		return nil, err
	}
	inputs := src.Files
	seen, err := existingPrompts(inputs)
	if err != nil {
		return nil, err
	}
	sum := &Summary{Added: map[string]int{}}
	var mu sync.Mutex // seen is read by workers and written in emit
	isSeen := func(k string) bool { mu.Lock(); defer mu.Unlock(); return seen[k] }
	conc := cfg.Concurrency
	if conc <= 0 {
		conc = 16
	}
	for _, in := range inputs {
		r, err := src.Open(in)
		if err != nil {
			return nil, err
		}
		work := func(l jsonl.Line) (result, error) {
			rec, err := record.Decode(l.Data)
			if err != nil {
				return result{}, err
			}
			res := result{orig: append([]byte(nil), l.Data...)}
			res.added, res.solved, res.empty, res.fail = augmentOne(ctx, b, cfg, tmpls, rec, isSeen)
			return res, nil
		}
		err = jsonl.ParallelMap(ctx, r, jsonl.Options{Workers: conc, ChunkBytes: 1}, work, func(_ int, res result) error {
			sum.Originals++
			if !cfg.OnlyNew {
				if err := w.WriteLine(res.orig); err != nil {
					return err
				}
			}
			if res.fail != "" {
				sum.Failed++
				if len(sum.Errors) < 10 {
					sum.Errors = append(sum.Errors, res.fail)
				}
			}
			sum.Solved += res.solved
			sum.Empty += res.empty
			for _, a := range res.added {
				key := normalize(a.Prompt.String())
				mu.Lock()
				dup := seen[key]
				seen[key] = true
				mu.Unlock()
				if dup {
					sum.Duplicates++
					continue
				}
				kind := augmentationOf(a)
				sum.Added[kind]++
				if err := w.WriteLine(a.AppendJSON(nil)); err != nil {
					return err
				}
			}
			return nil
		})
		r.Close()
		if err != nil {
			return nil, err
		}
	}
	return sum, nil
}

// existingPrompts reads the normalised prompt texts of every input, so that
// a generated prompt equal to any existing one is dropped.
func existingPrompts(inputs []string) (map[string]bool, error) {
	seen := map[string]bool{}
	for _, in := range inputs {
		if in == "-" {
			continue // stdin cannot be read twice: dedupe against what was read so far
		}
		r, err := jsonl.Open(in)
		if err != nil {
			return nil, err
		}
		for {
			l, err := r.Next()
			if err != nil {
				break
			}
			if rec, err := record.Decode(l.Data); err == nil {
				seen[normalize(rec.Prompt.String())] = true
			}
		}
		r.Close()
	}
	return seen, nil
}

// normalize makes prompts that differ only in case or spacing compare equal.
func normalize(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func augmentOne(ctx context.Context, b llm.Backend, cfg Config, tmpls map[string]*template.Template, rec *record.Record, seen func(string) bool) (added []*record.Record, solved, empty int, fail string) {
	kinds := []string{}
	if cfg.Paraphrase > 0 {
		kinds = append(kinds, "paraphrase")
	}
	kinds = append(kinds, cfg.Variants...)
	for _, kind := range kinds {
		n := 1
		if kind == "paraphrase" {
			n = cfg.Paraphrase
		}
		var text strings.Builder
		if err := tmpls[kind].Execute(&text, map[string]any{"Prompt": rec.Prompt.Last(), "N": n}); err != nil {
			return added, solved, empty, fmt.Sprintf("%s: template %s: %v", rec.Key(), kind, err)
		}
		req := llm.Request{Messages: []llm.Message{{Role: llm.RoleUser, Content: text.String()}}, N: n,
			Params: llm.Params{Temperature: &cfg.Temperature, MaxTokens: cfg.MaxTokens}}
		g, err := b.Sample(ctx, req)
		if err != nil {
			return added, solved, empty, fmt.Sprintf("%s: %s: %v", rec.Key(), kind, err)
		}
		for i, c := range g.Choices {
			p := cleanPrompt(c.Text)
			if p == "" {
				empty++
				continue
			}
			if seen(normalize(p)) {
				added = append(added, derive(rec, kind, i, p, g.Model)) // counted as a duplicate by the caller
				continue
			}
			a := derive(rec, kind, i, p, g.Model)
			if kind != "paraphrase" && a.Category != "code" {
				if ref, ok, _ := mathexpr.SolveContext(ctx, p, mathexpr.Options{}); ok {
					a.Answer = ref
					solved++
				}
			}
			added = append(added, a)
		}
	}
	return added, solved, empty, ""
}

// derive builds the new record from the original: everything is kept for a
// paraphrase; a variant loses the references that no longer hold.
func derive(orig *record.Record, kind string, i int, prompt, model string) *record.Record {
	a := orig.Clone()
	a.Responses = nil
	suffix := kind
	if kind == "paraphrase" {
		suffix = fmt.Sprintf("para%d", i+1)
	}
	a.ID = orig.Key() + "-" + suffix
	if orig.Prompt.IsChat() {
		// Replace the last user message, keep the rest of the conversation.
		for j := len(a.Prompt.Messages) - 1; j >= 0; j-- {
			if a.Prompt.Messages[j].Role == "user" {
				a.Prompt.Messages[j].Content = prompt
				break
			}
		}
	} else {
		a.Prompt = record.Prompt{Text: prompt}
	}
	if kind != "paraphrase" {
		a.Difficulty = kind
		a.Answer, a.Solution, a.Tests, a.EntryPoint = "", "", nil, ""
		a.Extra.Delete("reward_model")
	}
	meta := record.Fields{}
	if raw, ok := a.Extra.Get("metadata"); ok {
		meta.UnmarshalJSON(raw)
	}
	meta.Set("augmented_from", orig.Key())
	meta.Set("augmentation", kind)
	if model != "" {
		meta.Set("model", model)
	}
	raw, _ := meta.MarshalJSON()
	a.Extra.SetRaw("metadata", raw)
	return a
}

func augmentationOf(r *record.Record) string {
	raw, ok := r.Extra.Get("metadata")
	if !ok {
		return "?"
	}
	var m record.Fields
	if m.UnmarshalJSON(raw) != nil {
		return "?"
	}
	var kind string
	m.Decode("augmentation", &kind)
	return kind
}

// cleanPrompt strips what chat models wrap around an answer: a leading
// "Paraphrased problem:" label, surrounding quotes or code fences.
func cleanPrompt(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimSuffix(s, "```"), "```")
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i > 0 && i < 60 {
		first := strings.ToLower(strings.TrimSpace(s[:i]))
		if strings.HasSuffix(first, ":") && (strings.Contains(first, "problem") || strings.Contains(first, "paraphrase") || strings.Contains(first, "version")) {
			s = strings.TrimSpace(s[i+1:])
		}
	}
	for _, label := range []string{"paraphrased problem:", "paraphrase:", "easier version:", "harder version:", "new problem:", "problem:"} {
		if len(s) > len(label) && strings.EqualFold(s[:len(label)], label) {
			s = strings.TrimSpace(s[len(label):])
		}
	}
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}
