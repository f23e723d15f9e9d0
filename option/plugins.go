package option

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// Plugins holds the options of a set of plugins (batch's strategies,
// validate's checks), each a pointer to a struct of option fields holding
// its defaults, declared by the plugin itself. In a configuration struct a
// Plugins field's options join the struct's own (flags, pipeline keys,
// settings, --help) as if they were inline, so a new plugin's knobs need no
// field in a shared Config; a key that several plugins declare is one
// option that sets them all (their types must agree). Each plugin reads
// its own struct back with PluginOf.
//
// A Plugins value shares its structs when copied: build a fresh one (the
// registry's defaults) for each configuration, as a Defaults function does.
type Plugins struct {
	names []string
	opts  []any
}

// Add declares a plugin's options: opts is a pointer to a struct whose
// fields (tags as in Fields) hold their defaults.
func (p *Plugins) Add(name string, opts any) {
	if v := reflect.ValueOf(opts); v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		panic(fmt.Sprintf("option: plugin %s: options must be a pointer to a struct, got %T", name, opts))
	}
	p.names = append(p.names, name)
	p.opts = append(p.opts, opts)
}

// Of returns the options a plugin declared (nil when it declared none).
func (p Plugins) Of(name string) any {
	if i := slices.Index(p.names, name); i >= 0 {
		return p.opts[i]
	}
	return nil
}

// PluginOf returns a plugin's options as their type: the ones p holds, or
// defaults() (the plugin's own) when p holds none for it (a configuration
// built as a literal, not from its Defaults).
func PluginOf[T any](p Plugins, name string, defaults func() any) T {
	if t, ok := p.Of(name).(*T); ok {
		return *t
	}
	if t, ok := defaults().(*T); ok {
		return *t
	}
	var zero T
	return zero
}

var pluginsType = reflect.TypeFor[Plugins]()

// collectPlugins adds the options of the Plugins field at index of root:
// each plugin's fields, a key several plugins share merged into one field
// that reaches all of them.
func collectPlugins(root reflect.Value, index []int, out *[]Field) error {
	p := root.FieldByIndex(index).Interface().(Plugins)
	for k, opts := range p.opts {
		var sub []Field
		if err := collect(reflect.ValueOf(opts).Elem(), nil, &sub); err != nil {
			return fmt.Errorf("option: plugin %s: %w", p.names[k], err)
		}
		for _, f := range sub {
			f.at = pluginAt(index, k, f.at)
			f.Plugins = []string{p.names[k]}
			if err := mergeField(out, f); err != nil {
				return err
			}
		}
	}
	return nil
}

// pluginAt reaches a plugin's field from the configuration's root.
func pluginAt(index []int, k int, inner func(reflect.Value) []reflect.Value) func(reflect.Value) []reflect.Value {
	return func(root reflect.Value) []reflect.Value {
		p := root.FieldByIndex(index).Interface().(Plugins)
		return inner(reflect.ValueOf(p.opts[k]).Elem())
	}
}

// mergeField appends f, or joins it to the plugin field of the same key.
func mergeField(out *[]Field, f Field) error {
	for i := range *out {
		g := &(*out)[i]
		if g.Key != f.Key {
			continue
		}
		if g.Plugins == nil || g.Type != f.Type || g.kind != f.kind {
			return fmt.Errorf("option: %s: declared twice with different types (%s, %s)", f.Key, g.Type, f.Type)
		}
		first, second := g.at, f.at
		g.at = func(root reflect.Value) []reflect.Value { return append(first(root), second(root)...) }
		g.Plugins = append(g.Plugins, f.Plugins...)
		if g.Help == "" {
			g.Help = f.Help
		}
		return nil
	}
	*out = append(*out, f)
	return nil
}

// pluginNote is the help suffix naming the plugins that read an option.
func (f Field) pluginNote() string {
	if len(f.Plugins) == 0 {
		return ""
	}
	return " [" + strings.Join(f.Plugins, ", ") + "]"
}
