// Package option turns a configuration struct into every form a user meets
// it in: command-line flags, keys of a pipeline file checked with FILE:LINE,
// key=value settings (--set, query parameters) and --help text. All of them
// come from the struct's fields and tags, so the CLI, a pipeline file, the
// server and a library caller reach the same typed value with the same
// defaults (the struct's values when it is described: a Defaults() result).
//
// Tags on an exported field:
//
//	yaml:"group_size"        the key; flags use it with - for _ (--group-size)
//	help:"responses per prompt"
//	short:"n"                a one-letter flag
//	enum:"static|dynamic"    the values allowed
//	sep:","                  a list whose one value may hold several items
//	option:"-"               not an option (set by code, not by users)
//
// An embedded struct, or a struct field tagged yaml:",inline", contributes
// its own fields.
// Supported types: string, bool, int, int64, uint64, float64, time.Duration,
// []string (a repeatable flag), map[string]any (a JSON object), types whose
// pointer implements Value, and types whose pointer implements
// encoding.TextUnmarshaler and whose value encoding.TextMarshaler; named
// types of those kinds too, and pointers to the plain ones (nil: not given).
//
// Written here rather than taken from a flag library: pflag binds flags but
// knows nothing of YAML or settings, and the YAML decoder reports unknown keys
// without the key's line; the whole job is a few hundred lines of reflection.
package option

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Field is one option of a configuration struct.
type Field struct {
	Key     string   // the YAML and settings key (group_size)
	Flag    string   // the flag name (group-size)
	Short   string   // a one-letter flag, or ""
	Help    string   // one line for --help
	Enum    []string // the values allowed, when restricted
	Default string   // the value when described, as text
	Type    string   // "int", "duration", "strings", ...

	Sep string // for a list: the separator one value may hold several items with
	// Optional is set for a pointer field: nil means "not given" (a sampling
	// parameter left to the server), and Default is then "".
	Optional bool
	// Plugins names the plugins that declared the option (a Plugins field),
	// nil for the configuration's own fields.
	Plugins []string

	// at reaches the field's value (several for a key plugins share) from
	// the configuration's root struct.
	at   func(root reflect.Value) []reflect.Value
	kind valueKind
}

// values are the field's values in the configuration root points to.
func (f Field) values(root reflect.Value) []reflect.Value { return f.at(root) }

type valueKind int

const (
	kindString valueKind = iota
	kindBool
	kindInt
	kindUint
	kindFloat
	kindDuration
	kindStrings
	kindJSONObject
	kindText
	kindValue
)

var (
	durationType  = reflect.TypeFor[time.Duration]()
	textUnmarshal = reflect.TypeFor[encoding.TextUnmarshaler]()
	textMarshal   = reflect.TypeFor[encoding.TextMarshaler]()
	valueType     = reflect.TypeFor[Value]()
)

// Value is implemented (on the pointer) by option types that read and
// write their own text form, as flag.Value does, when their JSON form must
// stay a structure (filter's difficulty thresholds "0.3,0.7").
type Value interface {
	Set(string) error
	String() string
}

// ErrUnknown is matched by an error about a key no field has.
var ErrUnknown = errors.New("unknown option")

// Fields describes the options of cfg, a pointer to a struct; Default holds
// each field's current value.
func Fields(cfg any) ([]Field, error) {
	v := reflect.ValueOf(cfg)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil, fmt.Errorf("option: want a pointer to a struct, got %T", cfg)
	}
	var out []Field
	if err := collect(v.Elem(), nil, &out); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Default = format(out[i].values(v.Elem())[0], out[i].kind)
	}
	return out, nil
}

// MustFields is Fields for configuration types known to be valid (a
// package's own Config, checked by its tests).
func MustFields(cfg any) []Field {
	fs, err := Fields(cfg)
	if err != nil {
		panic(err)
	}
	return fs
}

// collect adds the options of the struct root (at prefix within it) to out.
func collect(root reflect.Value, prefix []int, out *[]Field) error {
	t := root.Type()
	if len(prefix) > 0 {
		t = root.FieldByIndex(prefix).Type()
	}
	for i := range t.NumField() {
		sf := t.Field(i)
		key, opts, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		index := append(append([]int(nil), prefix...), i)
		if sf.Tag.Get("option") == "-" || !sf.IsExported() && !sf.Anonymous {
			continue
		}
		if sf.Type == pluginsType {
			if err := collectPlugins(root, index, out); err != nil {
				return err
			}
			continue
		}
		if (opts == "inline" || sf.Anonymous) && sf.Type.Kind() == reflect.Struct {
			if err := collect(root, index, out); err != nil {
				return err
			}
			continue
		}
		if key == "-" || key == "" {
			continue
		}
		ft, optional := sf.Type, false
		if ft.Kind() == reflect.Pointer && ft.Elem().Kind() != reflect.Struct {
			ft, optional = ft.Elem(), true
		}
		kind, typ, err := kindOf(ft)
		if err != nil {
			return fmt.Errorf("option: field %s (%s): %w", sf.Name, key, err)
		}
		f := Field{Key: key, Flag: strings.ReplaceAll(key, "_", "-"), Short: sf.Tag.Get("short"),
			Help: sf.Tag.Get("help"), Type: typ, Optional: optional, kind: kind,
			at: func(root reflect.Value) []reflect.Value { return []reflect.Value{root.FieldByIndex(index)} }}
		if e := sf.Tag.Get("enum"); e != "" {
			f.Enum = strings.Split(e, "|")
		}
		f.Sep = sf.Tag.Get("sep")
		*out = append(*out, f)
	}
	return nil
}

func kindOf(t reflect.Type) (valueKind, string, error) {
	switch {
	case t == durationType:
		return kindDuration, "duration", nil
	case reflect.PointerTo(t).Implements(valueType):
		return kindValue, "string", nil
	case reflect.PointerTo(t).Implements(textUnmarshal) && t.Implements(textMarshal):
		return kindText, "string", nil
	}
	switch t.Kind() {
	case reflect.String:
		return kindString, "string", nil
	case reflect.Bool:
		return kindBool, "bool", nil
	case reflect.Int, reflect.Int64:
		return kindInt, "int", nil
	case reflect.Uint64:
		return kindUint, "uint", nil
	case reflect.Float64:
		return kindFloat, "float", nil
	case reflect.Slice:
		if t.Elem().Kind() == reflect.String {
			return kindStrings, "strings", nil
		}
	case reflect.Map:
		if t.Key().Kind() == reflect.String && t.Elem().Kind() == reflect.Interface {
			return kindJSONObject, "json", nil
		}
	}
	return 0, "", fmt.Errorf("unsupported type %s", t)
}

// Lookup finds the field of a key (or its flag spelling).
func Lookup(fields []Field, key string) (Field, bool) {
	key = strings.ReplaceAll(key, "-", "_")
	for _, f := range fields {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// Set parses value into cfg's field for key, as a flag or a key=value
// setting would; for a []string it appends. The error names the key.
func Set(cfg any, key, value string) error {
	fields, err := Fields(cfg)
	if err != nil {
		return err
	}
	f, ok := Lookup(fields, key)
	if !ok {
		return fmt.Errorf("%s: %w (known: %s)", key, ErrUnknown, strings.Join(keys(fields), ", "))
	}
	for _, v := range f.values(reflect.ValueOf(cfg).Elem()) {
		if err := f.set(v, value); err != nil {
			return err
		}
	}
	return nil
}

func keys(fields []Field) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.Key
	}
	return out
}

// set parses text into v, which holds the field f.
func (f Field) set(v reflect.Value, text string) error {
	err := f.parse(v, text)
	if err == nil {
		err = f.checkEnum(v)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", f.Key, err)
	}
	return nil
}

func (f Field) parse(v reflect.Value, text string) error {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		v = v.Elem()
	}
	switch f.kind {
	case kindString:
		v.SetString(text)
	case kindBool:
		b, err := strconv.ParseBool(text)
		if err != nil {
			return fmt.Errorf("want true or false, got %q", text)
		}
		v.SetBool(b)
	case kindInt:
		n, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
		if err != nil {
			return fmt.Errorf("want a whole number, got %q", text)
		}
		v.SetInt(n)
	case kindUint:
		n, err := strconv.ParseUint(strings.TrimSpace(text), 10, 64)
		if err != nil {
			return fmt.Errorf("want a whole number >= 0, got %q", text)
		}
		v.SetUint(n)
	case kindFloat:
		x, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
		if err != nil {
			return fmt.Errorf("want a number, got %q", text)
		}
		v.SetFloat(x)
	case kindDuration:
		d, err := time.ParseDuration(strings.TrimSpace(text))
		if err != nil {
			return fmt.Errorf("want a duration such as 500ms, 5s or 2m, got %q", text)
		}
		v.SetInt(int64(d))
	case kindStrings:
		items := []string{text}
		if f.Sep != "" {
			items = strings.Split(text, f.Sep)
		}
		for _, it := range items {
			if it = strings.TrimSpace(it); it != "" || f.Sep == "" {
				v.Set(reflect.Append(v, reflect.ValueOf(it).Convert(v.Type().Elem())))
			}
		}
	case kindJSONObject:
		m := reflect.New(v.Type())
		if err := json.Unmarshal([]byte(text), m.Interface()); err != nil {
			return fmt.Errorf("want a JSON object: %v", err)
		}
		v.Set(m.Elem())
	case kindText:
		return v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(text))
	case kindValue:
		return v.Addr().Interface().(Value).Set(text)
	}
	return nil
}

func (f Field) checkEnum(v reflect.Value) error {
	if len(f.Enum) == 0 || v.Kind() == reflect.Pointer && v.IsNil() {
		return nil
	}
	vals := []string{format(v, f.kind)}
	if f.kind == kindStrings {
		vals = make([]string, v.Len())
		for i := range vals {
			vals[i] = v.Index(i).String()
		}
	}
	for _, s := range vals {
		if !contains(f.Enum, s) {
			return fmt.Errorf("%q is not one of %s", s, strings.Join(f.Enum, ", "))
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// format writes a field's value as text (the form Set reads back).
func format(v reflect.Value, k valueKind) string {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	switch k {
	case kindString:
		return v.String()
	case kindBool:
		return strconv.FormatBool(v.Bool())
	case kindInt:
		return strconv.FormatInt(v.Int(), 10)
	case kindUint:
		return strconv.FormatUint(v.Uint(), 10)
	case kindFloat:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case kindDuration:
		return time.Duration(v.Int()).String()
	case kindStrings:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = v.Index(i).String()
		}
		return strings.Join(parts, ",") // the form of Default and --help
	case kindJSONObject:
		if v.Len() == 0 {
			return ""
		}
		js, _ := json.Marshal(v.Interface())
		return string(js)
	case kindText:
		b, _ := v.Interface().(encoding.TextMarshaler).MarshalText()
		return string(b)
	case kindValue:
		return v.Addr().Interface().(Value).String()
	}
	return ""
}
