package validate

import "github.com/grpodata/grpodata/internal/human"

func init() {
	Register(Spec{
		Name:  "schema",
		Order: 10,
		Help:  "malformed JSON, missing or mistyped required fields (prompt, responses[].text)",
		New:   func(cfg Config) Check { return &schemaCheck{ex: examples{check: "schema", max: cfg.MaxExamples}} },
	})
}

type schemaCheck struct {
	ex       examples
	badLines int
	records  int
}

func (c *schemaCheck) Observe(it *Item) {
	c.records++
	if it.Err != nil {
		c.badLines++
		c.ex.add(it.Loc, "%v", it.Err)
		return
	}
	if len(it.In.Problems) > 0 {
		c.badLines++
	}
	for _, p := range it.In.Problems {
		c.ex.add(it.Loc, "%s", p.Error())
	}
}

func (c *schemaCheck) Result() Result {
	r := Result{Name: "schema", Count: c.ex.count, Examples: c.ex.list,
		Stats: map[string]any{"records": c.records, "bad_lines": c.badLines}}
	if c.badLines == 0 {
		r.Status, r.Summary = Pass, human.Plural(c.records, "record", "records")+" well-formed"
	} else {
		r.Status = Fail
		r.Summary = human.Plural(c.badLines, "line", "lines") + " malformed or missing required fields (" + human.Plural(c.ex.count, "problem", "problems") + ")"
	}
	return r
}
