package option

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/spf13/pflag"
)

// BindFlags adds one flag per option of cfg (a pointer to a struct) to fs,
// bound to the field: the flag's default is the field's current value, and
// parsing the command line sets the field. A []string flag given on the
// command line replaces its default, then appends with each repetition.
func BindFlags(fs *pflag.FlagSet, cfg any) error {
	fields, err := Fields(cfg)
	if err != nil {
		return err
	}
	root := reflect.ValueOf(cfg).Elem()
	for _, f := range fields {
		fv := &flagValue{f: f, vs: f.values(root)}
		fl := fs.VarPF(fv, f.Flag, f.Short, f.helpLine())
		if f.kind == kindBool {
			fl.NoOptDefVal = "true"
		}
	}
	return nil
}

// helpLine is the field's help with its allowed values.
func (f Field) helpLine() string {
	h := f.Help
	if len(f.Enum) > 0 {
		h += " (" + strings.Join(f.Enum, ", ") + ")"
	}
	return h + f.pluginNote()
}

// flagValue is a pflag.Value over one field (its values in every plugin
// that shares its key).
type flagValue struct {
	f       Field
	vs      []reflect.Value
	changed bool
}

func (fv *flagValue) String() string { return format(fv.vs[0], fv.f.kind) }
func (fv *flagValue) Type() string   { return fv.f.Type }

func (fv *flagValue) Set(s string) error {
	first := !fv.changed
	fv.changed = true
	for _, v := range fv.vs {
		if fv.f.kind == kindStrings && first {
			v.Set(reflect.Zero(v.Type())) // the first use replaces the default
		}
		if err := fv.f.parse(v, s); err != nil {
			return err // pflag names the flag
		}
		if err := fv.f.checkEnum(v); err != nil {
			return err
		}
	}
	return nil
}

// Help lists the options of cfg, one per line: key, type, default, help;
// for --help text of plugin settings (code.test_timeout=3s ...).
func Help(cfg any, prefix string) string {
	fields, err := Fields(cfg)
	if err != nil {
		return ""
	}
	var b strings.Builder
	for _, f := range fields {
		def := f.Default
		if def == "" {
			def = `""`
		}
		fmt.Fprintf(&b, "  %s%s=%s (%s) %s\n", prefix, f.Key, def, f.Type, f.helpLine())
	}
	return b.String()
}
