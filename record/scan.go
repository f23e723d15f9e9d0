package record

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// scanner is a small strict JSON reader over one line. It is hand-written
// (rather than encoding/json) for three reasons: it can skip what a caller
// does not need without allocating, it reports errors against a field path,
// and it accepts the NaN/Infinity literals Python's json module writes, so
// that validate can report them as bad scores instead of as broken lines.
type scanner struct {
	data []byte
	pos  int
}

// maxDepth bounds nesting so hostile input cannot exhaust the stack.
const maxDepth = 512

// syntaxError is a malformed-JSON error at a byte offset.
type syntaxError struct {
	msg    string
	offset int
}

func (e *syntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at byte %d: %s", e.offset, e.msg)
}

func (s *scanner) errorf(format string, args ...any) error {
	return &syntaxError{msg: fmt.Sprintf(format, args...), offset: s.pos}
}

func (s *scanner) skipWS() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// peek returns the next non-space byte, or 0 at the end.
func (s *scanner) peek() byte {
	s.skipWS()
	if s.pos >= len(s.data) {
		return 0
	}
	return s.data[s.pos]
}

func (s *scanner) expect(c byte) error {
	if s.peek() != c {
		if s.pos >= len(s.data) {
			return s.errorf("unexpected end of input, expected %q", c)
		}
		return s.errorf("expected %q, found %q", c, s.data[s.pos])
	}
	s.pos++
	return nil
}

// Kind is the JSON type of a value.
type Kind uint8

const (
	KindMissing Kind = iota // the member is absent
	KindNull
	KindBool
	KindNumber
	KindString
	KindArray
	KindObject
)

var kindNames = [...]string{"missing", "null", "boolean", "number", "string", "array", "object"}

func (k Kind) String() string { return kindNames[k] }

func (s *scanner) kind() (Kind, error) {
	switch c := s.peek(); c {
	case '"':
		return KindString, nil
	case '{':
		return KindObject, nil
	case '[':
		return KindArray, nil
	case 't', 'f':
		return KindBool, nil
	case 'n':
		return KindNull, nil
	case 0:
		return 0, s.errorf("unexpected end of input")
	default:
		if c == '-' || (c >= '0' && c <= '9') || c == 'N' || c == 'I' {
			return KindNumber, nil
		}
		return 0, s.errorf("unexpected character %q", c)
	}
}

// strFlags classifies bytes inside a string: 1 needs attention (quote,
// backslash, control character), 2 is non-ASCII.
var strFlags = func() (t [256]byte) {
	for i := 0; i < 0x20; i++ {
		t[i] = 1
	}
	t['"'], t['\\'] = 1, 1
	for i := 0x80; i < 256; i++ {
		t[i] = 2
	}
	return t
}()

// SWAR constants: a byte repeated in every lane of a uint64.
const (
	lanes1   = 0x0101010101010101
	lanesHi  = 0x8080808080808080
	lanesQ   = lanes1 * '"'
	lanesBS  = lanes1 * '\\'
	lanesCtl = lanes1 * 0x20
)

// specialMask flags, in the high bit of each lane, bytes that end the fast
// path: a quote, a backslash or a control character. The lowest flagged lane
// is always exact (borrows only run upward), which is all the caller uses.
func specialMask(x uint64) uint64 {
	q := x ^ lanesQ
	b := x ^ lanesBS
	return ((x-lanesCtl)&^x | (q-lanes1)&^q | (b-lanes1)&^b) & lanesHi
}

// scanString consumes a string starting at the opening quote. It returns the
// raw content between the quotes and whether it holds escapes. Plain runs are
// skipped eight bytes at a time; non-ASCII text is checked with utf8.Valid.
func (s *scanner) scanString() (raw []byte, escaped bool, err error) {
	if s.peek() != '"' {
		return nil, false, s.errorf("expected string")
	}
	s.pos++
	start := s.pos
	data := s.data
	ascii := true
	i := s.pos
	for {
		for i+8 <= len(data) {
			x := binary.LittleEndian.Uint64(data[i:])
			if m := specialMask(x); m != 0 {
				if x&lanesHi != 0 {
					ascii = false
				}
				i += bits.TrailingZeros64(m) / 8
				break
			}
			if x&lanesHi != 0 {
				ascii = false
			}
			i += 8
		}
		for i < len(data) && strFlags[data[i]] != 1 {
			if data[i] >= 0x80 {
				ascii = false
			}
			i++
			if i&7 == 0 && i+8 <= len(data) {
				break // back to the fast path
			}
		}
		if i >= len(data) {
			break
		}
		c := data[i]
		if strFlags[c] != 1 {
			continue
		}
		switch {
		case c == '"':
			s.pos = i + 1
			raw = data[start:i]
			if !ascii && !utf8.Valid(raw) {
				s.pos = start
				return nil, false, s.errorf("invalid UTF-8 in string")
			}
			return raw, escaped, nil
		case c == '\\':
			escaped = true
			if i+1 >= len(data) {
				s.pos = i
				return nil, false, s.errorf("unterminated string")
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(data) || !isHex4(data[i+2:i+6]) {
					s.pos = i
					return nil, false, s.errorf("invalid \\u escape")
				}
				i += 6
			default:
				s.pos = i
				return nil, false, s.errorf("invalid escape \\%c", data[i+1])
			}
		default:
			s.pos = i
			return nil, false, s.errorf("control character 0x%02x in string", c)
		}
	}
	s.pos = len(data)
	return nil, false, s.errorf("unterminated string")
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func (s *scanner) readString() (string, error) {
	raw, escaped, err := s.scanString()
	if err != nil {
		return "", err
	}
	if !escaped {
		return string(raw), nil
	}
	b := unescape(raw)
	if len(b) == 0 {
		return "", nil
	}
	return unsafe.String(&b[0], len(b)), nil // b is never touched again
}

// unescape decodes a validated string body with escapes, copying the runs
// between backslashes whole. Lone surrogates become U+FFFD, as
// encoding/json does.
func unescape(raw []byte) []byte {
	out := make([]byte, 0, len(raw))
	for {
		i := bytes.IndexByte(raw, '\\')
		if i < 0 {
			return append(out, raw...)
		}
		out = append(out, raw[:i]...)
		raw = raw[i:]
		switch raw[1] {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := rune(hex4(raw[2:6]))
			raw = raw[6:]
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if len(raw) >= 6 && raw[0] == '\\' && raw[1] == 'u' {
					r2 = rune(hex4(raw[2:6]))
				}
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					r = dec
					raw = raw[6:]
				} else {
					r = utf8.RuneError
				}
			}
			out = utf8.AppendRune(out, r)
			continue
		default: // " \ /
			out = append(out, raw[1])
		}
		raw = raw[2:]
	}
}

func hex4(b []byte) uint16 {
	var v uint16
	for _, c := range b {
		v <<= 4
		switch {
		case c >= '0' && c <= '9':
			v |= uint16(c - '0')
		case c >= 'a' && c <= 'f':
			v |= uint16(c - 'a' + 10)
		default:
			v |= uint16(c - 'A' + 10)
		}
	}
	return v
}

// scanNumber consumes a number. nonStandard reports the NaN/Infinity
// extension, which JSON itself does not allow.
func (s *scanner) scanNumber() (raw []byte, nonStandard bool, err error) {
	s.skipWS()
	start := s.pos
	data := s.data
	for _, lit := range [...]string{"NaN", "Infinity", "-Infinity"} {
		if len(data)-start >= len(lit) && string(data[start:start+len(lit)]) == lit {
			s.pos += len(lit)
			return data[start:s.pos], true, nil
		}
	}
	i := start
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && data[i] >= '1' && data[i] <= '9':
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
	default:
		s.pos = i
		return nil, false, s.errorf("invalid number")
	}
	if i < len(data) && data[i] == '.' {
		i++
		d := i
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
		if i == d {
			s.pos = i
			return nil, false, s.errorf("invalid number: no digits after '.'")
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		d := i
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
		if i == d {
			s.pos = i
			return nil, false, s.errorf("invalid number: no digits in exponent")
		}
	}
	s.pos = i
	return data[start:i], false, nil
}

// parseNumber converts a scanned number; NaN and the infinities come back as
// such, and so do numbers too large for a float64 (as ±Inf).
func parseNumber(raw []byte) float64 {
	switch string(raw) {
	case "NaN":
		return math.NaN()
	case "Infinity":
		return math.Inf(1)
	case "-Infinity":
		return math.Inf(-1)
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil { // out of range: ParseFloat returns ±Inf with the error
		return f
	}
	return f
}

func (s *scanner) literal(lit string) error {
	if len(s.data)-s.pos >= len(lit) && string(s.data[s.pos:s.pos+len(lit)]) == lit {
		s.pos += len(lit)
		return nil
	}
	return s.errorf("invalid literal, expected %s", lit)
}

func (s *scanner) readBool() (bool, error) {
	if s.peek() == 't' {
		return true, s.literal("true")
	}
	return false, s.literal("false")
}

// skipValue consumes and validates any value.
func (s *scanner) skipValue(depth int) error {
	if depth > maxDepth {
		return s.errorf("nesting deeper than %d", maxDepth)
	}
	k, err := s.kind()
	if err != nil {
		return err
	}
	switch k {
	case KindString:
		_, _, err = s.scanString()
	case KindNumber:
		_, _, err = s.scanNumber()
	case KindBool:
		_, err = s.readBool()
	case KindNull:
		err = s.literal("null")
	case KindArray:
		err = s.eachElement(func(int) error { return s.skipValue(depth + 1) })
	case KindObject:
		err = s.eachMember(func([]byte) error { return s.skipValue(depth + 1) })
	}
	return err
}

// rawValue consumes a value and returns a copy of its bytes.
func (s *scanner) rawValue() ([]byte, error) {
	s.skipWS()
	start := s.pos
	if err := s.skipValue(1); err != nil {
		return nil, err
	}
	return append([]byte(nil), s.data[start:s.pos]...), nil
}

// eachMember walks an object, calling fn with each (unescaped) key while the
// scanner sits at the member's value; fn must consume the value.
func (s *scanner) eachMember(fn func(key []byte) error) error {
	if err := s.expect('{'); err != nil {
		return err
	}
	if s.peek() == '}' {
		s.pos++
		return nil
	}
	for {
		raw, escaped, err := s.scanString()
		if err != nil {
			return err
		}
		if escaped {
			raw = unescape(raw)
		}
		if err := s.expect(':'); err != nil {
			return err
		}
		if err := fn(raw); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.pos++
		case '}':
			s.pos++
			return nil
		default:
			if s.pos >= len(s.data) {
				return s.errorf("unexpected end of input in object")
			}
			return s.errorf("expected ',' or '}' after object member")
		}
	}
}

// eachElement walks an array, calling fn with each index while the scanner
// sits at the element; fn must consume it.
func (s *scanner) eachElement(fn func(i int) error) error {
	if err := s.expect('['); err != nil {
		return err
	}
	if s.peek() == ']' {
		s.pos++
		return nil
	}
	for i := 0; ; i++ {
		if err := fn(i); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.pos++
		case ']':
			s.pos++
			return nil
		default:
			if s.pos >= len(s.data) {
				return s.errorf("unexpected end of input in array")
			}
			return s.errorf("expected ',' or ']' after array element")
		}
	}
}

// end checks that only whitespace follows the top-level value.
func (s *scanner) end() error {
	s.skipWS()
	if s.pos < len(s.data) {
		return s.errorf("unexpected data after the JSON value")
	}
	return nil
}
