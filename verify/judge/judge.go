// Package judge is the llm_judge verifier: it asks a model (any llm
// backend: OpenAI-compatible servers, Anthropic) whether a response's final
// answer matches the record's reference answer, for answers no rule can
// check (free text, unusual notation), as DeepSeek-R1 used a generative
// reward model. It owns the prompt, the verdict parse and the cache; the
// connection (backends, API keys from the environment, retries, rpm/tpm
// limits, preflight) is package llm's, configured exactly as generate's
// (--set llm_judge.model=..., llm_judge.base_url=..., llm_judge.rpm=...).
//
// The prompt is DefaultTemplate, or a file (--set llm_judge.template=FILE)
// holding a Go text/template over .Question, .Reference and .Answer. The
// model must reply with the one word CORRECT or INCORRECT (white space, a
// closing period, letter case and a leading reasoning block aside);
// anything else, a refusal or a failed call leaves the score missing with
// the reason: never a pass.
//
// The answer judged is the response's final answer, after its reasoning
// block (think_open, think_close): an <answer> tag, a \boxed{}, "the answer is", "Answer:" or
// "####" when it has one, else its whole final text (the last 4000 bytes).
//
// Verdicts are cached by (backend, model, the filled prompt: template,
// question, reference and answer), in memory and in a JSON-lines file
// (--set llm_judge.cache=FILE, default in the user's cache directory;
// "none" turns it off), so a rerun, and a group's repeated answers, cost no
// call. Only decided verdicts are cached; undecided ones are asked again.
//
// --judge-when undecided asks the model only where symbolic_math could not
// decide (no score: a reference it cannot parse, a timeout); elsewhere its
// verdict stands. symbolic_math decides most text answers itself (a text
// mismatch scores 0), so --judge-when failed asks the model wherever
// symbolic_math did not pass, to catch its false negatives while its
// passes cost nothing.
package judge

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/grpodata/grpodata/llm"
	_ "github.com/grpodata/grpodata/llm/all" // the backends generate has
	"github.com/grpodata/grpodata/mathexpr"
	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/verify"
	verifymath "github.com/grpodata/grpodata/verify/math"
)

// Name is the registered verifier name.
const Name = "llm_judge"

func init() {
	verify.Register(verify.Spec{
		Name: Name,
		Help: "ask a model (openai, anthropic backends, as generate) whether the final answer matches the " +
			"reference; strict CORRECT/INCORRECT verdicts, cached (settings below; --judge-when undecided)",
		Settings: func() any { return DefaultSettings() },
		New:      New,
	})
}

// DefaultTemplate is the judge's prompt.
const DefaultTemplate = `You grade the final answer of a solution against a reference answer.

Question:
{{.Question}}

Reference answer:
{{.Reference}}

Final answer to grade:
{{.Answer}}

The final answer is correct when it states the same result as the reference answer: another
but equivalent form, notation or unit counts as the same; a different, incomplete or hedged
answer (several candidates, "maybe") does not. Judge only the final answer, not the question.
Reply with exactly one word: CORRECT or INCORRECT.`

// Settings are the judge's settings (--set llm_judge.KEY=VALUE): the
// connection, as generate's flags, and the judge's own.
type Settings struct {
	llm.Connect `yaml:",inline"`
	Template    string `yaml:"template" help:"file with the judge prompt, a Go text/template over .Question, .Reference and .Answer (default: the built-in prompt)"`
	Cache       string `yaml:"cache" help:"JSON-lines file of cached verdicts, kept across runs (none: no cache)"`
	MaxTokens   int    `yaml:"max_tokens" help:"token limit of the judge's reply (reasoning models need more)"`
	// The response's reasoning block, left out of the answer judged.
	verify.Reasoning `yaml:",inline"`
}

// DefaultSettings: the openai backend, a minute per call, the cache in
// the user's cache directory.
func DefaultSettings() *Settings {
	c := llm.DefaultConnect("openai")
	c.Timeout = time.Minute
	cache := "none"
	if dir, err := os.UserCacheDir(); err == nil {
		cache = filepath.Join(dir, "grpodata", "llm_judge.jsonl")
	}
	return &Settings{Connect: c, Cache: cache, MaxTokens: 16, Reasoning: verify.DefaultReasoning()}
}

// Check rejects settings that cannot work.
func (s *Settings) Check() error {
	switch {
	case s.Timeout <= 0:
		return fmt.Errorf("setting %s.timeout=%s: want a positive duration such as 1m", Name, s.Timeout)
	case s.MaxTokens < 1:
		return fmt.Errorf("setting %s.max_tokens=%d: want at least 1", Name, s.MaxTokens)
	case s.Backend != "sim" && s.Model == "":
		return fmt.Errorf("setting %s.model: the judge needs a model (--set %s.model=NAME)", Name, Name)
	}
	return nil
}

// Verifier is the llm_judge verifier. It is safe for concurrent use.
type Verifier struct {
	backend   llm.Backend
	id        string // backend and model, part of every cache key
	tmpl      *template.Template
	maxTokens int
	timeout   time.Duration
	reasoning verify.Reasoning // tags of the response's reasoning block
	first     verify.Verifier  // symbolic_math, with --judge-when undecided or failed
	// retryFailed asks the model where symbolic_math said no, too.
	retryFailed bool
	cache       *cache
	calls       singleflight.Group
}

var (
	_ verify.Verifier = (*Verifier)(nil)
	_ verify.Budgeter = (*Verifier)(nil)
)

// New reads the settings, loads the template and the cache, and connects
// to the backend (checking that its servers answer).
func New(o verify.Options) (verify.Verifier, error) {
	st, err := verify.SettingsFor[Settings](Name, o.Settings)
	if err != nil {
		return nil, err
	}
	tmpl, err := loadTemplate(st.Template)
	if err != nil {
		return nil, err
	}
	v := &Verifier{tmpl: tmpl, maxTokens: st.MaxTokens, timeout: st.Timeout, id: st.Backend + "\x00" + st.Model, reasoning: st.Reasoning}
	switch o.JudgeWhen {
	case "", "always":
	case "undecided", "failed":
		v.retryFailed = o.JudgeWhen == "failed"
		if v.first, err = verifymath.New(o); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("--judge-when %q: want always, undecided or failed", o.JudgeWhen)
	}
	ctx, cancel := context.WithTimeout(context.Background(), st.Preflight+time.Second)
	defer cancel()
	if v.backend, err = st.Build(ctx, nil, func(string) {}); err != nil {
		return nil, err
	}
	if v.cache, err = openCache(st.Cache); err != nil {
		return nil, err
	}
	return v, nil
}

// loadTemplate parses the template file, or the default, and checks that
// it fills with the three fields.
func loadTemplate(path string) (*template.Template, error) {
	text, name := DefaultTemplate, "default"
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("setting %s.template: %w", Name, err)
		}
		text, name = string(b), path
	}
	t, err := template.New(name).Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, fmt.Errorf("setting %s.template: %w", Name, err)
	}
	if !strings.Contains(text, ".Answer") {
		return nil, fmt.Errorf("setting %s.template: %s never shows {{.Answer}}, the answer to judge", Name, name)
	}
	if _, err := fill(t, "q", "r", "a"); err != nil {
		return nil, fmt.Errorf("setting %s.template: %w", Name, err)
	}
	return t, nil
}

func fill(t *template.Template, question, reference, answer string) (string, error) {
	var b bytes.Buffer
	err := t.Execute(&b, struct{ Question, Reference, Answer string }{question, reference, answer})
	return b.String(), err
}

// Close writes out the cache.
func (v *Verifier) Close() error { return v.cache.close() }

// Budget gives a response the time of one call on top of the base budget
// (retries of a failed call share it).
func (v *Verifier) Budget(rec *record.Record, base time.Duration) time.Duration {
	return base + v.timeout
}

// Verify judges one response.
func (v *Verifier) Verify(ctx context.Context, rec *record.Record, resp *record.Response) verify.Verdict {
	if v.first != nil {
		d := v.first.Verify(ctx, rec, resp)
		if ctx.Err() != nil || d.Score != nil && (*d.Score == 1 || !v.retryFailed) {
			return d
		}
	}
	ref := verifymath.Reference(rec)
	answer := FinalAnswer(v.reasoning.Answer(resp.Text))
	switch {
	case ref == "":
		return verify.Undecided(answer, "no reference answer")
	case answer == "":
		return verify.Failed("", "no answer found")
	}
	prompt, err := fill(v.tmpl, rec.Prompt.Last(), ref, answer)
	if err != nil {
		return verify.Undecided(answer, "judge prompt: "+err.Error())
	}
	key := cacheKey(v.id, prompt)
	if correct, ok := v.cache.get(key); ok {
		return verdict(answer, correct)
	}
	res, _, _ := v.calls.Do(string(key[:]), func() (any, error) { return v.ask(ctx, key, prompt), nil })
	out := res.(outcome)
	if out.why != "" {
		return verify.Undecided(answer, out.why)
	}
	return verdict(answer, out.correct)
}

func verdict(answer string, correct bool) verify.Verdict {
	if correct {
		return verify.Pass(answer, "judged correct")
	}
	return verify.Failed(answer, "judged incorrect")
}

// outcome is one call's result: a verdict, or why there is none.
type outcome struct {
	correct bool
	why     string
}

// ask calls the model once and caches a decided verdict.
func (v *Verifier) ask(ctx context.Context, key [32]byte, prompt string) outcome {
	temp := 0.0
	g, err := v.backend.Sample(ctx, llm.Request{
		Messages: []llm.Message{{Role: llm.RoleUser, Content: prompt}},
		N:        1,
		Params:   llm.Params{Temperature: &temp, MaxTokens: v.maxTokens},
	})
	switch {
	case ctx.Err() != nil:
		return outcome{why: "timeout"}
	case err != nil:
		return outcome{why: "judge call failed: " + err.Error()}
	case len(g.Choices) == 0:
		return outcome{why: "judge call failed: no reply"}
	}
	correct, ok := ParseVerdict(g.Choices[0].Text)
	if !ok {
		return outcome{why: fmt.Sprintf("judge reply unreadable: %q", clip(g.Choices[0].Text, 80))}
	}
	v.cache.put(key, correct)
	return outcome{correct: correct}
}

// ParseVerdict reads a judge's reply strictly: the one word CORRECT or
// INCORRECT (any letter case), with only white space, a closing period and
// a leading reasoning block around it. ok is false for anything else.
func ParseVerdict(reply string) (correct, ok bool) {
	s := strings.TrimSpace(verify.DefaultReasoning().Answer(reply))
	s = strings.TrimSpace(strings.TrimSuffix(s, "."))
	switch strings.ToUpper(s) {
	case "CORRECT":
		return true, true
	case "INCORRECT":
		return false, true
	}
	return false, false
}

// maxAnswer bounds an answer given to the judge as the response's whole
// final text.
const maxAnswer = 4000

// FinalAnswer is the answer the judge sees in a response's text after its
// reasoning block: a marked final answer when there is one, else the final
// text.
func FinalAnswer(after string) string {
	rest := strings.TrimSpace(after)
	if a, how, ok := mathexpr.Extract(rest); ok {
		switch how {
		case mathexpr.HowTag, mathexpr.HowBoxed, mathexpr.HowAnswerIs, mathexpr.HowLabel, mathexpr.HowHashes, mathexpr.HowWhole:
			return a
		}
	}
	if len(rest) > maxAnswer {
		rest = rest[len(rest)-maxAnswer:]
	}
	return strings.ToValidUTF8(rest, "")
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
