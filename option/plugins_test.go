package option

import (
	"strings"
	"testing"

	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"
)

type sizeOpts struct {
	Size int `yaml:"size" help:"items per batch"`
}

type budgetOpts struct {
	Budget int `yaml:"budget" help:"tokens per batch"`
	Size   int `yaml:"size" help:"a cap on items"`
}

type pluginConfig struct {
	Kind  string  `yaml:"kind"`
	Knobs Plugins `yaml:",inline"`
}

func newPluginConfig() *pluginConfig {
	c := &pluginConfig{Kind: "fixed"}
	c.Knobs.Add("fixed", &sizeOpts{Size: 32})
	c.Knobs.Add("budget", &budgetOpts{Budget: 8192})
	return c
}

func TestPluginsJoinTheirParent(t *testing.T) {
	c := newPluginConfig()
	fields := MustFields(c)
	var keys []string
	for _, f := range fields {
		keys = append(keys, f.Key+"="+f.Default+strings.Join(f.Plugins, "+"))
	}
	if got := strings.Join(keys, " "); got != "kind=fixed size=32fixed+budget budget=8192budget" {
		t.Errorf("fields: %s", got)
	}
	// A shared key sets every plugin that declared it.
	if err := Set(c, "size", "7"); err != nil {
		t.Fatal(err)
	}
	if PluginOf[sizeOpts](c.Knobs, "fixed", nil).Size != 7 || PluginOf[budgetOpts](c.Knobs, "budget", nil).Size != 7 {
		t.Errorf("size not set in both plugins: %+v %+v", c.Knobs.Of("fixed"), c.Knobs.Of("budget"))
	}
	if err := Set(c, "nope", "1"); err == nil || !strings.Contains(err.Error(), "known: kind, size, budget") {
		t.Errorf("unknown key: %v", err)
	}
}

func TestPluginsFlagsAndYAML(t *testing.T) {
	c := newPluginConfig()
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	if err := BindFlags(fs, c); err != nil {
		t.Fatal(err)
	}
	if err := fs.Parse([]string{"--budget", "100", "--size", "3"}); err != nil {
		t.Fatal(err)
	}
	if b := PluginOf[budgetOpts](c.Knobs, "budget", nil); b.Budget != 100 || b.Size != 3 {
		t.Errorf("flags: %+v", b)
	}
	if u := fs.Lookup("budget").Usage; u != "tokens per batch [budget]" {
		t.Errorf("usage %q", u)
	}
	c = newPluginConfig()
	var node yaml.Node
	yaml.Unmarshal([]byte("kind: budget\nbudget: 5\nsize: x\n"), &node)
	err := DecodeYAML(node.Content[0], c)
	if e, ok := err.(*Error); !ok || e.Line != 3 || e.Key != "size" {
		t.Errorf("bad plugin value: %v", err)
	}
	if PluginOf[budgetOpts](c.Knobs, "budget", nil).Budget != 5 {
		t.Error("budget not decoded")
	}
}

func TestPluginsTypeClash(t *testing.T) {
	type other struct {
		Size string `yaml:"size"`
	}
	c := newPluginConfig()
	c.Knobs.Add("odd", &other{})
	if _, err := Fields(c); err == nil || !strings.Contains(err.Error(), "size: declared twice with different types") {
		t.Errorf("clash: %v", err)
	}
}

func TestPluginOfFallsBackToDefaults(t *testing.T) {
	var empty Plugins
	if got := PluginOf[sizeOpts](empty, "fixed", func() any { return &sizeOpts{Size: 9} }); got.Size != 9 {
		t.Errorf("fallback: %+v", got)
	}
}
