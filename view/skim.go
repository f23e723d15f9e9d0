package view

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/buger/jsonparser"
)

// skimmer walks one JSON line and picks out what the index keeps, without
// building a record. It is hand-written for speed: string ends are found
// with bytes.IndexByte and a response text is otherwise read only to
// estimate its tokens, where a general parser reads it once per nesting
// level and copies it. It checks structure only as far as it needs to; the
// group page decodes the record with package record, which is strict.
type skimmer struct {
	data []byte
	pos  int
}

var errSkim = errors.New("invalid JSON")

func (s *skimmer) fail(what string) error {
	return fmt.Errorf("%w at byte %d: %s", errSkim, s.pos, what)
}

func (s *skimmer) ws() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *skimmer) peek() byte {
	s.ws()
	if s.pos >= len(s.data) {
		return 0
	}
	return s.data[s.pos]
}

// str consumes a string at the cursor and returns its raw content (escapes
// left in) and whether it has any.
func (s *skimmer) str() (raw []byte, escaped bool, err error) {
	if s.peek() != '"' {
		return nil, false, s.fail("expected a string")
	}
	start := s.pos + 1
	i := start
	for {
		j := bytes.IndexByte(s.data[i:], '"')
		if j < 0 {
			s.pos = len(s.data)
			return nil, false, s.fail("unterminated string")
		}
		i += j
		// An odd run of backslashes before the quote escapes it.
		k := i - 1
		for k >= start && s.data[k] == '\\' {
			k--
		}
		if (i-1-k)%2 == 0 {
			break
		}
		i++
	}
	raw = s.data[start:i]
	s.pos = i + 1
	return raw, bytes.IndexByte(raw, '\\') >= 0, nil
}

// skip consumes any value.
func (s *skimmer) skip() error {
	switch c := s.peek(); c {
	case '"':
		_, _, err := s.str()
		return err
	case '{', '[':
		return s.skipBlock()
	case 0:
		return s.fail("unexpected end of line")
	default:
		for s.pos < len(s.data) {
			switch s.data[s.pos] {
			case ',', '}', ']', ' ', '\t', '\r', '\n':
				return nil
			}
			s.pos++
		}
		return nil
	}
}

// skipBlock consumes an object or array, strings included.
func (s *skimmer) skipBlock() error {
	depth := 0
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case '"':
			if _, _, err := s.str(); err != nil {
				return err
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				s.pos++
				return nil
			}
		}
		s.pos++
	}
	return s.fail("unterminated object or array")
}

// object calls fn for each member with the cursor on its value; fn must
// consume the value.
func (s *skimmer) object(fn func(key []byte) error) error {
	if s.peek() != '{' {
		return s.fail("expected an object")
	}
	s.pos++
	if s.peek() == '}' {
		s.pos++
		return nil
	}
	for {
		key, _, err := s.str()
		if err != nil {
			return err
		}
		if s.peek() != ':' {
			return s.fail("expected ':'")
		}
		s.pos++
		if err := fn(key); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.pos++
		case '}':
			s.pos++
			return nil
		default:
			return s.fail("expected ',' or '}'")
		}
	}
}

// array calls fn for each element with the cursor on it; fn must consume it.
func (s *skimmer) array(fn func() error) error {
	if s.peek() != '[' {
		return s.fail("expected an array")
	}
	s.pos++
	if s.peek() == ']' {
		s.pos++
		return nil
	}
	for {
		if err := fn(); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.pos++
		case ']':
			s.pos++
			return nil
		default:
			return s.fail("expected ',' or ']'")
		}
	}
}

// scalar consumes a number, true, false or null and returns its bytes.
func (s *skimmer) scalar() []byte {
	s.ws()
	start := s.pos
	_ = s.skip()
	return s.data[start:s.pos]
}

// text consumes a string and returns it unescaped, in buf when it has
// escapes (buf is returned for reuse).
func (s *skimmer) text(buf []byte) (txt, newBuf []byte, err error) {
	raw, escaped, err := s.str()
	if err != nil || !escaped {
		return raw, buf, err
	}
	out, err := unescape(raw, &buf)
	if err != nil {
		return nil, buf, s.fail("bad escape in string")
	}
	return out, buf, nil
}

// unescape decodes a string's escapes into *buf, grown as needed.
func unescape(raw []byte, buf *[]byte) ([]byte, error) {
	if cap(*buf) < len(raw) {
		*buf = make([]byte, len(raw))
	}
	return jsonparser.Unescape(raw, (*buf)[:len(raw)])
}

// label reads a string or a number as text; null and other kinds give "".
func (s *skimmer) label(buf []byte) (string, []byte, error) {
	switch c := s.peek(); {
	case c == '"':
		t, buf, err := s.text(buf)
		return string(t), buf, err
	case c == '-' || c >= '0' && c <= '9':
		return string(s.scalar()), buf, nil
	}
	return "", buf, s.skip()
}

// number parses a JSON number; ok is false for null or any other kind.
func (s *skimmer) number() (float64, bool, error) {
	c := s.peek()
	if c != '-' && !(c >= '0' && c <= '9') {
		return 0, false, s.skip()
	}
	f, err := strconv.ParseFloat(string(s.scalar()), 64)
	return f, err == nil, nil
}

// boolean reads true or false; ok is false for null or any other kind.
func (s *skimmer) boolean() (v, ok bool, err error) {
	lit := s.scalar()
	switch string(lit) {
	case "true":
		return true, true, nil
	case "false":
		return false, true, nil
	}
	if len(lit) == 0 {
		return false, false, s.skip()
	}
	return false, false, nil
}

// truncateUTF8 cuts b to at most n bytes at a rune boundary.
func truncateUTF8(b []byte, n int) []byte {
	if len(b) <= n {
		return b
	}
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	return b[:n]
}
