// Package optiontest checks the options a plugin declares (a batch
// strategy's, a validate check's, an export format's): the part of every
// plugin conformance suite that is about its knobs.
package optiontest

import (
	"reflect"
	"testing"

	"github.com/grpodata/grpodata/option"
)

// PluginOptions checks newOptions, a plugin's Options function: each knob
// has a key and help, its described default reads back unchanged, and two
// calls do not share a struct.
func PluginOptions(t *testing.T, newOptions func() any) {
	t.Helper()
	opts := newOptions()
	fields, err := option.Fields(opts)
	if err != nil {
		t.Fatalf("Options: %v", err)
	}
	for _, f := range fields {
		if f.Key == "" || f.Help == "" {
			t.Errorf("knob %+v has no key or no help", f)
		}
		if err := option.Set(opts, f.Key, f.Default); err != nil {
			t.Errorf("knob %s: its default %q does not read back: %v", f.Key, f.Default, err)
		}
	}
	if again := option.MustFields(opts); !reflect.DeepEqual(describe(again), describe(fields)) {
		t.Errorf("setting the defaults changed them: %v, then %v", describe(fields), describe(again))
	}
	if len(fields) > 0 {
		other := newOptions()
		option.Set(other, fields[0].Key, fields[0].Default+"1") // may fail; it must not reach opts either way
		if got := option.MustFields(opts)[0].Default; got != fields[0].Default {
			t.Errorf("two Options() results share state: %s changed to %q", fields[0].Key, got)
		}
	}
}

func describe(fs []option.Field) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Key+"="+f.Default)
	}
	return out
}
