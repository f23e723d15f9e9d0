package record

import (
	"encoding/json"
	"fmt"
)

// Field is one JSON object member kept verbatim.
type Field struct {
	Key   string
	Value json.RawMessage
}

// Fields is an ordered set of object members: unknown fields that must
// survive a read-modify-write, and free-form objects such as metadata.
type Fields []Field

// Get returns the raw value of key.
func (f Fields) Get(key string) (json.RawMessage, bool) {
	for _, m := range f {
		if m.Key == key {
			return m.Value, true
		}
	}
	return nil, false
}

// Has reports whether key is present.
func (f Fields) Has(key string) bool { _, ok := f.Get(key); return ok }

// Decode unmarshals the value of key into v; ok is false when key is absent.
func (f Fields) Decode(key string, v any) (ok bool, err error) {
	raw, ok := f.Get(key)
	if !ok {
		return false, nil
	}
	return true, json.Unmarshal(raw, v)
}

// SetRaw sets key to a raw JSON value, replacing it in place or appending.
func (f *Fields) SetRaw(key string, raw json.RawMessage) {
	for i := range *f {
		if (*f)[i].Key == key {
			(*f)[i].Value = raw
			return
		}
	}
	*f = append(*f, Field{Key: key, Value: raw})
}

// Set marshals v and stores it under key.
func (f *Fields) Set(key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("field %s: %w", key, err)
	}
	f.SetRaw(key, raw)
	return nil
}

// Delete removes key if present.
func (f *Fields) Delete(key string) {
	for i := range *f {
		if (*f)[i].Key == key {
			*f = append((*f)[:i], (*f)[i+1:]...)
			return
		}
	}
}

// MarshalJSON writes the members as an object, in order.
func (f Fields) MarshalJSON() ([]byte, error) { return f.appendJSON(nil), nil }

// UnmarshalJSON reads an object, keeping member order.
func (f *Fields) UnmarshalJSON(b []byte) error {
	s := scanner{data: b}
	out, err := s.readFields()
	if err != nil {
		return err
	}
	if err := s.end(); err != nil {
		return err
	}
	*f = out
	return nil
}

func (s *scanner) readFields() (Fields, error) {
	out := Fields{}
	err := s.eachMember(func(key []byte) error {
		raw, err := s.rawValue()
		if err != nil {
			return err
		}
		out = append(out, Field{Key: string(key), Value: raw})
		return nil
	})
	return out, err
}

func (f Fields) appendJSON(dst []byte) []byte {
	dst = append(dst, '{')
	for i, m := range f {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, m.Key)
		dst = append(dst, ':')
		dst = append(dst, m.Value...)
	}
	return append(dst, '}')
}
