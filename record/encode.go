package record

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends the record as one line of JSON (no newline). Known
// fields come first in a fixed order, then unknown fields in input order.
func (r *Record) AppendJSON(dst []byte) []byte {
	dst = append(dst, '{')
	first := true
	key := func(k string) {
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = appendString(dst, k)
		dst = append(dst, ':')
	}
	if r.ID != "" {
		key("id")
		dst = appendScalar(dst, r.ID, r.numeric&numID != 0)
	}
	key("prompt")
	dst = r.Prompt.appendJSON(dst)
	if r.Responses != nil {
		key("responses")
		dst = append(dst, '[')
		for i := range r.Responses {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = r.Responses[i].appendJSON(dst)
		}
		dst = append(dst, ']')
	}
	if r.Answer != "" {
		key("answer")
		dst = appendScalar(dst, r.Answer, r.numeric&numAnswer != 0)
	}
	if len(r.Tests) > 0 {
		key("tests")
		dst = append(dst, r.Tests...)
	}
	for _, f := range [...]struct{ k, v string }{
		{"entry_point", r.EntryPoint}, {"solution", r.Solution},
		{"difficulty", r.Difficulty}, {"category", r.Category}, {"source", r.Source},
	} {
		if f.v != "" {
			key(f.k)
			dst = appendString(dst, f.v)
		}
	}
	for _, m := range r.Extra {
		key(m.Key)
		dst = append(dst, m.Value...)
	}
	return append(dst, '}')
}

// MarshalJSON implements json.Marshaler.
func (r *Record) MarshalJSON() ([]byte, error) { return r.AppendJSON(nil), nil }

func appendScalar(dst []byte, v string, numeric bool) []byte {
	if numeric {
		return append(dst, v...)
	}
	return appendString(dst, v)
}

func (p Prompt) appendJSON(dst []byte) []byte {
	if !p.IsChat() {
		return appendString(dst, p.Text)
	}
	dst = append(dst, '[')
	for i, m := range p.Messages {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"role":`...)
		dst = appendString(dst, m.Role)
		dst = append(dst, `,"content":`...)
		dst = appendString(dst, m.Content)
		for _, f := range m.Extra {
			dst = append(dst, ',')
			dst = appendString(dst, f.Key)
			dst = append(dst, ':')
			dst = append(dst, f.Value...)
		}
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

func (r *Response) appendJSON(dst []byte) []byte {
	dst = append(dst, `{"text":`...)
	dst = appendString(dst, r.Text)
	dst = append(dst, `,"score":`...)
	if r.Score == nil {
		dst = append(dst, "null"...)
	} else {
		dst = AppendScore(dst, *r.Score)
	}
	if r.Correct != nil {
		dst = append(dst, `,"correct":`...)
		dst = strconv.AppendBool(dst, *r.Correct)
	}
	if r.Reasoning != "" {
		dst = append(dst, `,"reasoning":`...)
		dst = appendString(dst, r.Reasoning)
	}
	if r.ExecutionOutput != "" {
		dst = append(dst, `,"execution_output":`...)
		dst = appendString(dst, r.ExecutionOutput)
	}
	if r.Metadata != nil {
		dst = append(dst, `,"metadata":`...)
		dst = r.Metadata.appendJSON(dst)
	}
	for _, f := range r.Extra {
		dst = append(dst, ',')
		dst = appendString(dst, f.Key)
		dst = append(dst, ':')
		dst = append(dst, f.Value...)
	}
	return append(dst, '}')
}

// AppendScore writes a score the way Python does (1.0, 0.5, 0.25): the
// shortest representation that reads back exactly, with a decimal point.
func AppendScore(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, "null"...)
	}
	start := len(dst)
	abs := math.Abs(f)
	fmtc := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		fmtc = 'e'
	}
	dst = strconv.AppendFloat(dst, f, fmtc, -1, 64)
	for _, c := range dst[start:] {
		if c == '.' || c == 'e' {
			return dst
		}
	}
	return append(dst, ".0"...)
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string. Non-ASCII text stays UTF-8;
// invalid UTF-8 becomes U+FFFD so the output is always valid JSON.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
