package option

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Error is a bad option in a YAML mapping: the line, the key and why.
type Error struct {
	Line int
	Key  string
	Err  error
}

func (e *Error) Error() string { return fmt.Sprintf("line %d: %s: %v", e.Line, e.Key, e.Err) }
func (e *Error) Unwrap() error { return e.Err }

// DecodeYAML sets cfg's fields from a YAML mapping node: every key must be
// an option of cfg, and every value must parse as a flag's would (so "5s" is
// a duration and 1.5 is not an int). A key with an empty or null value
// keeps its default. The first problem is returned as an *Error with the
// line of the key or value at fault.
func DecodeYAML(node *yaml.Node, cfg any) error {
	if node == nil || node.Kind == 0 || node.Tag == "!!null" {
		return nil
	}
	if node.Kind != yaml.MappingNode {
		return &Error{Line: node.Line, Key: "(options)", Err: errors.New("want a mapping of option: value")}
	}
	fields, err := Fields(cfg)
	if err != nil {
		return err
	}
	root := reflect.ValueOf(cfg).Elem()
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, val := node.Content[i], node.Content[i+1]
		f, ok := Lookup(fields, k.Value)
		if !ok {
			return &Error{Line: k.Line, Key: k.Value, Err: fmt.Errorf("%w (known: %s)", ErrUnknown, strings.Join(keys(fields), ", "))}
		}
		for _, v := range f.values(root) {
			if err := decodeValue(f, v, val); err != nil {
				return &Error{Line: val.Line, Key: k.Value, Err: err}
			}
		}
	}
	return nil
}

// decodeValue sets one field from its YAML value node.
func decodeValue(f Field, v reflect.Value, val *yaml.Node) error {
	if val.Tag == "!!null" {
		return nil
	}
	switch {
	case f.kind == kindJSONObject:
		if val.Kind != yaml.MappingNode {
			return errors.New("want a mapping")
		}
		m := reflect.New(v.Type())
		if err := val.Decode(m.Interface()); err != nil {
			return err
		}
		v.Set(m.Elem())
		return nil
	case f.kind == kindStrings && val.Kind == yaml.SequenceNode:
		v.Set(reflect.Zero(v.Type()))
		for _, item := range val.Content {
			if item.Kind != yaml.ScalarNode {
				return errors.New("want a list of plain values")
			}
			if err := f.parse(v, item.Value); err != nil {
				return err
			}
		}
		return f.checkEnum(v)
	case f.kind == kindStrings:
		v.Set(reflect.Zero(v.Type()))
	}
	if val.Kind != yaml.ScalarNode {
		return fmt.Errorf("want a single %s value", f.Type)
	}
	if err := f.parse(v, val.Value); err != nil {
		return err
	}
	return f.checkEnum(v)
}
