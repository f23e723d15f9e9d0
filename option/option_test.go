package option

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"
	"pgregory.net/rapid"
)

type level int

func (l level) MarshalText() ([]byte, error) { return []byte(fmt.Sprintf("L%d", int(l))), nil }
func (l *level) UnmarshalText(b []byte) error {
	_, err := fmt.Sscanf(string(b), "L%d", (*int)(l))
	return err
}

type inner struct {
	Seed int64 `yaml:"seed" help:"random seed"`
}

type config struct {
	Strategy string         `yaml:"strategy" help:"how to batch" enum:"static|dynamic"`
	Size     int            `yaml:"batch_size" short:"b" help:"records per batch"`
	Rate     float64        `yaml:"min_pass_rate"`
	Shuffle  bool           `yaml:"shuffle"`
	Timeout  time.Duration  `yaml:"timeout"`
	Formats  []string       `yaml:"format" enum:"verl|trl"`
	Extra    map[string]any `yaml:"extra_body"`
	Level    level          `yaml:"level"`
	inner    `yaml:",inline"`
	Hidden   int `yaml:"hidden" option:"-"`
	NoKey    int
}

func defaults() *config {
	return &config{Strategy: "static", Size: 32, Rate: 0.1, Timeout: time.Second, Formats: []string{"verl"}, inner: inner{Seed: 1}}
}

func TestFields(t *testing.T) {
	fs, err := Fields(defaults())
	if err != nil {
		t.Fatal(err)
	}
	got := make([]string, len(fs))
	for i, f := range fs {
		got[i] = f.Key + "=" + f.Default + ":" + f.Type
	}
	want := []string{"strategy=static:string", "batch_size=32:int", "min_pass_rate=0.1:float", "shuffle=false:bool",
		"timeout=1s:duration", "format=verl:strings", "extra_body=:json", "level=L0:string", "seed=1:int"}
	if !slices.Equal(got, want) {
		t.Errorf("fields:\n%v\nwant\n%v", got, want)
	}
	if _, err := Fields(struct {
		C chan int `yaml:"c"`
	}{}); err == nil {
		t.Error("a non-pointer was accepted")
	}
	if _, err := Fields(&struct {
		C chan int `yaml:"c"`
	}{}); err == nil || !strings.Contains(err.Error(), "unsupported type") {
		t.Errorf("chan field: %v", err)
	}
}

func TestSet(t *testing.T) {
	cases := []struct {
		key, value string
		check      func(*config) bool
		err        string
	}{
		{"batch_size", "64", func(c *config) bool { return c.Size == 64 }, ""},
		{"batch-size", "8", func(c *config) bool { return c.Size == 8 }, ""},
		{"timeout", "250ms", func(c *config) bool { return c.Timeout == 250*time.Millisecond }, ""},
		{"shuffle", "true", func(c *config) bool { return c.Shuffle }, ""},
		{"format", "trl", func(c *config) bool { return slices.Equal(c.Formats, []string{"verl", "trl"}) }, ""},
		{"extra_body", `{"top_k": 20}`, func(c *config) bool { return c.Extra["top_k"] == 20.0 }, ""},
		{"level", "L3", func(c *config) bool { return c.Level == 3 }, ""},
		{"seed", "9", func(c *config) bool { return c.Seed == 9 }, ""},
		{"batch_size", "1.5", nil, `batch_size: want a whole number, got "1.5"`},
		{"timeout", "5", nil, "timeout: want a duration"},
		{"min_pass_rate", "high", nil, `min_pass_rate: want a number, got "high"`},
		{"shuffle", "yes please", nil, "shuffle: want true or false"},
		{"strategy", "magic", nil, `strategy: "magic" is not one of static, dynamic`},
		{"format", "csv", nil, `format: "csv" is not one of verl, trl`},
		{"extra_body", "[1]", nil, "extra_body: want a JSON object"},
		{"hidden", "1", nil, "hidden: unknown option (known: strategy, batch_size"},
		{"nokey", "1", nil, "unknown option"},
	}
	for _, c := range cases {
		t.Run(c.key+"="+c.value, func(t *testing.T) {
			cfg := defaults()
			err := Set(cfg, c.key, c.value)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err = %v, want %q", err, c.err)
				}
				return
			}
			if err != nil || !c.check(cfg) {
				t.Fatalf("err = %v, cfg = %+v", err, cfg)
			}
		})
	}
	if err := Set(defaults(), "nope", "1"); !errors.Is(err, ErrUnknown) {
		t.Errorf("unknown key: %v", err)
	}
}

func TestBindFlags(t *testing.T) {
	cfg := defaults()
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	if err := BindFlags(fs, cfg); err != nil {
		t.Fatal(err)
	}
	err := fs.Parse([]string{"-b", "7", "--shuffle", "--format", "trl", "--format", "verl", "--extra-body", `{"a":1}`, "--timeout=2s"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Size != 7 || !cfg.Shuffle || !slices.Equal(cfg.Formats, []string{"trl", "verl"}) || cfg.Extra["a"] != 1.0 || cfg.Timeout != 2*time.Second {
		t.Errorf("cfg = %+v", cfg)
	}
	if fl := fs.Lookup("strategy"); fl.DefValue != "static" || !strings.Contains(fl.Usage, "(static, dynamic)") {
		t.Errorf("strategy flag: default %q usage %q", fl.DefValue, fl.Usage)
	}
	err = fs.Parse([]string{"--strategy", "magic"})
	if err == nil || !strings.Contains(err.Error(), `"magic" is not one of static, dynamic`) {
		t.Errorf("bad enum: %v", err)
	}
}

func TestDecodeYAML(t *testing.T) {
	cases := []struct {
		name, doc string
		check     func(*config) bool
		err       string // with the line
	}{
		{"values", "batch_size: 8\ntimeout: 5s\nshuffle: true\nformat: [verl, trl]\nextra_body: {top_k: 20}\nseed: 4\n",
			func(c *config) bool {
				return c.Size == 8 && c.Timeout == 5*time.Second && c.Shuffle && len(c.Formats) == 2 && c.Extra["top_k"] == 20 && c.Seed == 4
			}, ""},
		{"flag spelling", "batch-size: 9\n", func(c *config) bool { return c.Size == 9 }, ""},
		{"one format", "format: trl\n", func(c *config) bool { return slices.Equal(c.Formats, []string{"trl"}) }, ""},
		{"null keeps default", "batch_size:\n", func(c *config) bool { return c.Size == 32 }, ""},
		{"empty", "", func(c *config) bool { return c.Size == 32 }, ""},
		{"unknown key", "batch_size: 8\n\nbatch_szie: 9\n", nil, "line 3: batch_szie: unknown option (known:"},
		{"bad int", "shuffle: true\nbatch_size: eight\n", nil, `line 2: batch_size: want a whole number, got "eight"`},
		{"bad duration", "timeout: 5\n", nil, "line 1: timeout: want a duration"},
		{"bad enum in list", "format:\n  - verl\n  - csv\n", nil, `line 2: format: "csv" is not one of verl, trl`},
		{"mapping for scalar", "batch_size: {a: 1}\n", nil, "line 1: batch_size: want a single int value"},
		{"not a mapping", "- a\n", nil, "line 1: (options): want a mapping"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(c.doc), &doc); err != nil {
				t.Fatal(err)
			}
			var node *yaml.Node
			if len(doc.Content) > 0 {
				node = doc.Content[0]
			}
			cfg := defaults()
			err := DecodeYAML(node, cfg)
			if c.err != "" {
				var oe *Error
				if err == nil || !strings.Contains(err.Error(), c.err) || !errors.As(err, &oe) {
					t.Fatalf("err = %v, want %q", err, c.err)
				}
				return
			}
			if err != nil || !c.check(cfg) {
				t.Fatalf("err = %v, cfg = %+v", err, cfg)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	h := Help(&inner{Seed: 3}, "sim.")
	if h != "  sim.seed=3 (int) random seed\n" {
		t.Errorf("help = %q", h)
	}
}

// What Fields formats as a default, Set reads back to the same value.
func TestFormatSetRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		orig := &config{
			Strategy: rapid.SampledFrom([]string{"static", "dynamic"}).Draw(t, "strategy"),
			Size:     rapid.Int().Draw(t, "size"),
			Rate:     rapid.Float64().Draw(t, "rate"),
			Shuffle:  rapid.Bool().Draw(t, "shuffle"),
			Timeout:  time.Duration(rapid.Int64().Draw(t, "timeout")),
			Level:    level(rapid.IntRange(0, 1000).Draw(t, "level")),
			inner:    inner{Seed: rapid.Int64().Draw(t, "seed")},
		}
		fs, err := Fields(orig)
		if err != nil {
			t.Fatal(err)
		}
		back := &config{}
		for _, f := range fs {
			if f.Default == "" || f.kind == kindStrings {
				continue
			}
			if err := Set(back, f.Key, f.Default); err != nil {
				t.Fatalf("Set(%s, %q): %v", f.Key, f.Default, err)
			}
		}
		back.Formats, back.Extra = orig.Formats, orig.Extra
		if fmt.Sprint(*back) != fmt.Sprint(*orig) {
			t.Fatalf("round trip:\n%+v\n%+v", *orig, *back)
		}
	})
}

type pair struct{ A, B float64 }

func (p *pair) Set(s string) error {
	_, err := fmt.Sscanf(s, "%g,%g", &p.A, &p.B)
	return err
}
func (p *pair) String() string { return fmt.Sprintf("%g,%g", p.A, p.B) }

func TestValueType(t *testing.T) {
	cfg := &struct {
		P pair `yaml:"p"`
	}{P: pair{1, 2}}
	fs := MustFields(cfg)
	if fs[0].Default != "1,2" {
		t.Errorf("default = %q", fs[0].Default)
	}
	if err := Set(cfg, "p", "0.5,3"); err != nil || cfg.P != (pair{0.5, 3}) {
		t.Errorf("Set: %v %+v", err, cfg.P)
	}
}

func TestSeparatedList(t *testing.T) {
	cfg := &struct {
		Checks []string `yaml:"checks" sep:"," enum:"a|b|c"`
	}{}
	if err := Set(cfg, "checks", "a, b,,c"); err != nil || !slices.Equal(cfg.Checks, []string{"a", "b", "c"}) {
		t.Errorf("Set: %v %v", err, cfg.Checks)
	}
	if err := Set(cfg, "checks", "a,d"); err == nil || !strings.Contains(err.Error(), `"d" is not one of a, b, c`) {
		t.Errorf("bad item: %v", err)
	}
}

func TestOptionalFields(t *testing.T) {
	cfg := &struct {
		TopP *float64 `yaml:"top_p" help:"nucleus sampling (sent only when given)"`
		Seed *int64   `yaml:"seed"`
	}{}
	fs := MustFields(cfg)
	if !fs[0].Optional || fs[0].Default != "" || fs[0].Type != "float" {
		t.Errorf("field = %+v", fs[0])
	}
	if err := Set(cfg, "top_p", "0.9"); err != nil || cfg.TopP == nil || *cfg.TopP != 0.9 || cfg.Seed != nil {
		t.Errorf("Set: %v %+v", err, cfg)
	}
	flags := pflag.NewFlagSet("x", pflag.ContinueOnError)
	BindFlags(flags, cfg)
	if err := flags.Parse([]string{"--seed", "0"}); err != nil || cfg.Seed == nil || *cfg.Seed != 0 {
		t.Errorf("--seed 0: %v %v", err, cfg.Seed)
	}
}
