package record

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// FieldError says which field of a record is wrong and how. The jsonl layer
// adds the file and line: "data.jsonl:12: responses[3].score: ...".
type FieldError struct {
	Field string // path such as "responses[3].score"; "" for the line as a whole
	Msg   string
}

func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

// ErrSyntax is matched (errors.Is) by every malformed-JSON error.
var ErrSyntax = errors.New("invalid JSON")

func (e *syntaxError) Is(target error) bool { return target == ErrSyntax }

// Decode parses one record. It is strict about the types of the fields it
// knows (a score that is a string is an error naming the field) and keeps
// every other member verbatim. A line without "responses" decodes to a
// record with nil Responses, so prompt files are records too.
func Decode(data []byte) (*Record, error) {
	r := &Record{}
	if err := r.decode(data); err != nil {
		return nil, err
	}
	return r, nil
}

// UnmarshalJSON implements json.Unmarshaler with Decode's rules.
func (r *Record) UnmarshalJSON(data []byte) error {
	*r = Record{}
	return r.decode(data)
}

func (r *Record) decode(data []byte) error {
	s := &scanner{data: data}
	if k, err := s.kind(); err != nil {
		return &FieldError{Msg: err.Error()}
	} else if k != KindObject {
		return &FieldError{Msg: fmt.Sprintf("a record must be a JSON object, got %s", k)}
	}
	var hasPrompt bool
	err := s.eachMember(func(key []byte) error {
		switch string(key) {
		case "prompt":
			hasPrompt = true
			return s.readPrompt(&r.Prompt)
		case "responses":
			return s.readResponses(&r.Responses)
		case "id":
			v, numeric, err := s.stringOrNumber("id")
			r.ID = v
			if numeric {
				r.numeric |= numID
			}
			return err
		case "answer":
			v, numeric, err := s.stringOrNumber("answer")
			r.Answer = v
			if numeric {
				r.numeric |= numAnswer
			}
			return err
		case "tests":
			raw, err := s.rawValue()
			r.Tests = raw
			return err
		case "entry_point":
			return s.optionalString(&r.EntryPoint, &r.Extra, "entry_point")
		case "solution":
			return s.optionalString(&r.Solution, &r.Extra, "solution")
		case "difficulty":
			return s.optionalString(&r.Difficulty, &r.Extra, "difficulty")
		case "category":
			return s.optionalString(&r.Category, &r.Extra, "category")
		case "source":
			return s.optionalString(&r.Source, &r.Extra, "source")
		default:
			raw, err := s.rawValue()
			r.Extra = append(r.Extra, Field{Key: string(key), Value: raw})
			return err
		}
	})
	if err == nil {
		err = s.end()
	}
	if err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			return err
		}
		return &FieldError{Msg: err.Error()}
	}
	if !hasPrompt {
		return &FieldError{Field: "prompt", Msg: "missing (required)"}
	}
	return nil
}

// wrapField attaches a field path to an error that has none yet.
func wrapField(field string, err error) error {
	if err == nil {
		return nil
	}
	var fe *FieldError
	if errors.As(err, &fe) {
		return err
	}
	var se *syntaxError
	if errors.As(err, &se) {
		return &FieldError{Field: field, Msg: se.Error()}
	}
	return &FieldError{Field: field, Msg: err.Error()}
}

func typeError(field string, want string, got Kind) error {
	return &FieldError{Field: field, Msg: fmt.Sprintf("expected %s, got %s", want, got)}
}

// optionalString reads a known optional string field. null reads as "";
// another type is kept verbatim among the unknown fields rather than lost.
func (s *scanner) optionalString(dst *string, extra *Fields, field string) error {
	k, err := s.kind()
	if err != nil {
		return wrapField(field, err)
	}
	switch k {
	case KindString:
		v, err := s.readString()
		*dst = v
		return wrapField(field, err)
	case KindNull:
		return wrapField(field, s.literal("null"))
	default:
		raw, err := s.rawValue()
		*extra = append(*extra, Field{Key: field, Value: raw})
		return wrapField(field, err)
	}
}

// stringOrNumber reads a field that may be a string or a number (ids and
// answers come both ways); a number is returned as its literal text.
func (s *scanner) stringOrNumber(field string) (string, bool, error) {
	k, err := s.kind()
	if err != nil {
		return "", false, wrapField(field, err)
	}
	switch k {
	case KindString:
		v, err := s.readString()
		return v, false, wrapField(field, err)
	case KindNumber:
		raw, nonStd, err := s.scanNumber()
		if err == nil && nonStd {
			err = fmt.Errorf("%s is not a valid value", raw)
		}
		return string(raw), true, wrapField(field, err)
	case KindNull:
		return "", false, wrapField(field, s.literal("null"))
	default:
		return "", false, typeError(field, "string or number", k)
	}
}

func (s *scanner) readPrompt(p *Prompt) error {
	k, err := s.kind()
	if err != nil {
		return wrapField("prompt", err)
	}
	switch k {
	case KindString:
		p.Text, err = s.readString()
		return wrapField("prompt", err)
	case KindArray:
		p.Messages = []Message{}
		return wrapField("prompt", s.eachElement(func(i int) error {
			var m Message
			if err := s.readMessage(&m, "prompt["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
			p.Messages = append(p.Messages, m)
			return nil
		}))
	default:
		return typeError("prompt", "string or list of messages", k)
	}
}

func (s *scanner) readMessage(m *Message, path string) error {
	if k, err := s.kind(); err != nil {
		return wrapField(path, err)
	} else if k != KindObject {
		return typeError(path, "message object {role, content}", k)
	}
	var hasRole, hasContent bool
	err := s.eachMember(func(key []byte) error {
		var err error
		switch string(key) {
		case "role":
			hasRole = true
			err = s.requireString(&m.Role, path+".role")
		case "content":
			hasContent = true
			err = s.requireString(&m.Content, path+".content")
		default:
			raw, e := s.rawValue()
			m.Extra = append(m.Extra, Field{Key: string(key), Value: raw})
			err = e
		}
		return wrapField(path, err)
	})
	if err != nil {
		return err
	}
	if !hasRole {
		return &FieldError{Field: path + ".role", Msg: "missing (required)"}
	}
	if !hasContent {
		return &FieldError{Field: path + ".content", Msg: "missing (required)"}
	}
	return nil
}

func (s *scanner) requireString(dst *string, field string) error {
	k, err := s.kind()
	if err != nil {
		return wrapField(field, err)
	}
	if k != KindString {
		return typeError(field, "string", k)
	}
	*dst, err = s.readString()
	return wrapField(field, err)
}

func (s *scanner) readResponses(out *[]Response) error {
	k, err := s.kind()
	if err != nil {
		return wrapField("responses", err)
	}
	if k != KindArray {
		return typeError("responses", "list", k)
	}
	*out = []Response{}
	return wrapField("responses", s.eachElement(func(i int) error {
		var r Response
		if err := s.readResponse(&r, "responses["+strconv.Itoa(i)+"]"); err != nil {
			return err
		}
		*out = append(*out, r)
		return nil
	}))
}

func (s *scanner) readResponse(r *Response, path string) error {
	if k, err := s.kind(); err != nil {
		return wrapField(path, err)
	} else if k != KindObject {
		return typeError(path, "response object", k)
	}
	var hasText bool
	err := s.eachMember(func(key []byte) error {
		field := lazyPath{path, key}
		switch string(key) {
		case "text":
			hasText = true
			return s.requireString(&r.Text, field.String())
		case "score":
			return s.readScore(&r.Score, field)
		case "correct":
			k, err := s.kind()
			if err != nil {
				return wrapField(field.String(), err)
			}
			switch k {
			case KindNull:
				return wrapField(field.String(), s.literal("null"))
			case KindBool:
				b, err := s.readBool()
				r.Correct = &b
				return wrapField(field.String(), err)
			default:
				return typeError(field.String(), "boolean", k)
			}
		case "reasoning":
			return s.optionalString(&r.Reasoning, &r.Extra, "reasoning")
		case "execution_output":
			return s.optionalString(&r.ExecutionOutput, &r.Extra, "execution_output")
		case "metadata":
			k, err := s.kind()
			if err != nil {
				return wrapField(field.String(), err)
			}
			if k != KindObject {
				return typeError(field.String(), "object", k)
			}
			r.Metadata, err = s.readFields()
			if err != nil {
				return wrapField(field.String(), err)
			}
			return nil
		default:
			raw, err := s.rawValue()
			r.Extra = append(r.Extra, Field{Key: string(key), Value: raw})
			if err != nil {
				return wrapField(field.String(), err)
			}
			return nil
		}
	})
	if err != nil {
		return wrapPrefix(path, err)
	}
	if !hasText {
		return &FieldError{Field: path + ".text", Msg: "missing (required)"}
	}
	return nil
}

func (s *scanner) readScore(dst **float64, field lazyPath) error {
	k, err := s.kind()
	if err != nil {
		return wrapField(field.String(), err)
	}
	switch k {
	case KindNull:
		return wrapField(field.String(), s.literal("null"))
	case KindNumber:
		raw, _, err := s.scanNumber()
		if err != nil {
			return wrapField(field.String(), err)
		}
		f := parseNumber(raw)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return &FieldError{Field: field.String(), Msg: fmt.Sprintf("%s is not a valid score", raw)}
		}
		*dst = &f
		return nil
	default:
		return typeError(field.String(), "number or null", k)
	}
}

// lazyPath is a field path built only when an error needs it.
type lazyPath struct {
	parent string
	key    []byte
}

func (p lazyPath) String() string { return p.parent + "." + string(p.key) }

// wrapPrefix puts parent in front of a field error raised with a path
// relative to it (optionalString names only the key).
func wrapPrefix(parent string, err error) error {
	var fe *FieldError
	if errors.As(err, &fe) && fe.Field != "" && !strings.HasPrefix(fe.Field, parent) {
		return &FieldError{Field: parent + "." + fe.Field, Msg: fe.Msg}
	}
	return err
}
