package export

import (
	"testing"

	"github.com/grpodata/grpodata/record"
)

func TestPreferencePair(t *testing.T) {
	f := record.Float
	resp := func(scores ...*float64) []record.Response {
		rs := make([]record.Response, len(scores))
		for i, s := range scores {
			rs[i] = record.Response{Text: string(rune('a' + i)), Score: s}
		}
		return rs
	}
	tests := []struct {
		name        string
		rs          []record.Response
		best, worst int
		reason      string
	}{
		{"none", nil, -1, -1, reasonFewScored},
		{"one scored", resp(f(1), nil, nil), -1, -1, reasonFewScored},
		{"all equal", resp(f(0.5), f(0.5), f(0.5)), -1, -1, reasonZeroVariance},
		{"simple", resp(f(0), f(1)), 1, 0, ""},
		{"first best, last worst", resp(f(1), f(0), f(1), f(0)), 0, 3, ""},
		{"unscored ignored", resp(nil, f(0.2), nil, f(0.8), nil), 3, 1, ""},
		{"partial scores", resp(f(0.25), f(0.75), f(0.5), f(0.75), f(0.25)), 1, 4, ""},
		{"negative", resp(f(-1), f(-2)), 0, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, w, reason := preferencePair(tt.rs)
			if b != tt.best || w != tt.worst || reason != tt.reason {
				t.Errorf("got (%d, %d, %q), want (%d, %d, %q)", b, w, reason, tt.best, tt.worst, tt.reason)
			}
		})
	}
}

func TestAbilityAndDataSource(t *testing.T) {
	gsm := Options{DataSourceMap: []string{"openai/gsm8k=openai/gsm8k", " mbpp = my/mbpp "}}
	tests := []struct {
		name            string
		rec             record.Record
		opt             Options
		ability, source string
	}{
		{"defaults", record.Record{}, Options{}, "math", DataSourceMath},
		{"category and source", record.Record{Category: "geometry", Source: "s"}, Options{}, "geometry", DataSourceMath},
		{"code by tests", record.Record{Tests: []byte(`["assert f()"]`)}, Options{}, "code", DataSourceCode},
		{"code by entry point", record.Record{EntryPoint: "f"}, Options{}, "code", DataSourceMath},
		{"prompts' sources", record.Record{Source: "gsm8k"}, gsm, "math", DataSourceMath},
		{"mapped source", record.Record{Source: "mbpp", Tests: []byte(`["assert f()"]`)}, gsm, "code", "my/mbpp"},
		{"mapped verl data_source", record.Record{Extra: record.Fields{{Key: "data_source", Value: []byte(`"openai/gsm8k"`)}}}, gsm, "math", "openai/gsm8k"},
		{"unmapped verl data_source", record.Record{Extra: record.Fields{{Key: "data_source", Value: []byte(`"openai/gsm8k"`)}}}, Options{}, "math", DataSourceMath},
		{"overrides win", record.Record{Category: "c", Source: "s"}, Options{Ability: "a", DataSource: "d"}, "a", "d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ability(&tt.rec, tt.opt); got != tt.ability {
				t.Errorf("ability = %q, want %q", got, tt.ability)
			}
			if got := dataSource(&tt.rec, tt.opt, verifierOf(&tt.rec)); got != tt.source {
				t.Errorf("data_source = %q, want %q", got, tt.source)
			}
		})
	}
	if err := checkDataSourceMap([]string{"a=b", "c"}); err == nil {
		t.Error("a map item without = was accepted")
	}
}

func TestVerifierOf(t *testing.T) {
	named := func(name string) []record.Response {
		return []record.Response{{Text: "x", Metadata: record.Fields{{Key: "verifier", Value: []byte(`{"name":"` + name + `"}`)}}}}
	}
	for _, tt := range []struct {
		rec  record.Record
		want string
	}{
		{record.Record{}, "symbolic_math"},
		{record.Record{Tests: []byte(`["assert f()"]`)}, "code"},
		{record.Record{Tests: []byte(`[]`)}, "symbolic_math"},
		{record.Record{Tests: []byte(`["assert f()"]`), Responses: named("auto")}, "code"},
		{record.Record{Tests: []byte(`["assert f()"]`), Responses: named("symbolic_math")}, "symbolic_math"},
		{record.Record{Responses: named("code")}, "code"},
		{record.Record{Responses: named("symbolic_math:0.9,format:0.1")}, "symbolic_math:0.9,format:0.1"},
		{record.Record{Tests: []byte(`["assert f()"]`), Responses: named("code:0.8,format:0.2")}, "code:0.8,format:0.2"},
		{record.Record{Responses: named("format")}, "symbolic_math"},
		{record.Record{Responses: named("llm_judge")}, "symbolic_math"},
		{record.Record{Responses: named(`symbolic_math:0.5,exec:"python3 x.py":0.5`)}, "symbolic_math"},
	} {
		if got := verifierOf(&tt.rec); got != tt.want {
			t.Errorf("verifierOf(%s) = %q, want %q", tt.rec.AppendJSON(nil), got, tt.want)
		}
	}
}

func TestGroundTruth(t *testing.T) {
	tests := []struct {
		name string
		rec  record.Record
		opt  Options
		want string
		ok   bool
	}{
		{"answer", record.Record{Answer: "42"}, Options{}, "42", true},
		{"verl ground truth", record.Record{Extra: record.Fields{{Key: "reward_model", Value: []byte(`{"style":"rule","ground_truth":"7"}`)}}}, Options{}, "7", true},
		{"tests as json", record.Record{Tests: []byte(` {"inputs": ["1"], "outputs": ["2"]} `)}, Options{}, `{"inputs":["1"],"outputs":["2"]}`, true},
		{"tests as a string", record.Record{Tests: []byte(`"assert f() == 1"`)}, Options{}, "assert f() == 1", true},
		{"asserts", record.Record{Answer: "ignored", Tests: []byte(`["assert f() == 1"]`)}, Options{}, `["assert f() == 1"]`, true},
		{"stdio pairs", record.Record{Tests: []byte(`[{"input": "1 2\n", "output": "3\n"}, {"input": "<&>", "output": "x"}]`)}, Options{}, `{"inputs":["1 2\n","<&>"],"outputs":["3\n","x"]}`, true},
		{"stdio columns", record.Record{Tests: []byte(`{"input": ["1"], "output": ["2"]}`)}, Options{}, `{"inputs":["1"],"outputs":["2"]}`, true},
		{"none", record.Record{}, Options{}, "", true},
		{"none, required", record.Record{Tests: []byte(`[]`)}, Options{RequireReference: true}, "", false},
		{"tests count as the reference", record.Record{Tests: []byte(`["assert f()"]`)}, Options{RequireReference: true}, `["assert f()"]`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var res Result
			got, ok := groundTruth(&tt.rec, tt.opt, verifierOf(&tt.rec), &res)
			if got != tt.want || ok != tt.ok {
				t.Errorf("got (%q, %v), want (%q, %v)", got, ok, tt.want, tt.ok)
			}
		})
	}
}
