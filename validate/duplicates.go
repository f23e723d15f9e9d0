package validate

import (
	"fmt"
	"path/filepath"

	"github.com/grpodata/grpodata/internal/human"
	"github.com/grpodata/grpodata/record"
)

func init() {
	Register(Spec{
		Name:  "duplicates",
		Order: 60,
		Help:  "the same prompt in more than one record; empty prompts and response texts",
		New: func(cfg Config) Check {
			return &duplicatesCheck{ex: examples{check: "duplicates", max: cfg.MaxExamples}, seen: map[uint64]Loc{}}
		},
	})
}

// duplicatesCheck remembers a 64-bit hash and the first place of every
// prompt: about 40 bytes a record, whatever the size of the texts.
type duplicatesCheck struct {
	ex                        examples
	seen                      map[uint64]Loc
	dupes, emptyText, emptyPr int
}

func (c *duplicatesCheck) Observe(it *Item) {
	in := it.In
	if in == nil {
		return
	}
	if in.PromptKind == record.KindString || in.PromptKind == record.KindArray {
		if in.PromptEmpty {
			c.emptyPr++
			c.ex.add(it.Loc, "prompt is empty")
		} else if first, ok := c.seen[in.PromptSum]; ok {
			c.dupes++
			where := fmt.Sprintf("line %d", first.Line)
			if first.File != it.File {
				where = fmt.Sprintf("%s:%d", filepath.Base(first.File), first.Line)
			}
			c.ex.add(it.Loc, "prompt duplicates the one at %s", where)
		} else {
			c.seen[in.PromptSum] = it.Loc
		}
	}
	for j := range in.Responses {
		if r := &in.Responses[j]; r.TextKind == record.KindString && r.TextEmpty {
			c.emptyText++
			c.ex.add(it.Loc, "responses[%d].text is empty", j)
		}
	}
}

func (c *duplicatesCheck) Result() Result {
	r := Result{Name: "duplicates", Count: c.ex.count, Examples: c.ex.list, Stats: map[string]any{
		"duplicate_prompts": c.dupes, "empty_prompts": c.emptyPr, "empty_texts": c.emptyText, "distinct_prompts": len(c.seen)}}
	if c.ex.count == 0 {
		r.Status, r.Summary = Pass, fmt.Sprintf("%d distinct prompts, no empty texts", len(c.seen))
		return r
	}
	r.Status = Fail
	r.Summary = fmt.Sprintf("%s repeated an earlier prompt, %s, %s",
		human.Plural(c.dupes, "record", "records"), human.Plural(c.emptyPr, "empty prompt", "empty prompts"), human.Plural(c.emptyText, "empty response text", "empty response texts"))
	return r
}
