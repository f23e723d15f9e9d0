package record

import (
	"hash/maphash"
	"strconv"
)

// Inspection is what quality checks need to know about one line, read in a
// single pass without building a Record: the JSON of the whole line is still
// validated, but texts are not copied. It is lenient where Decode is strict:
// a mistyped field is noted (in Problems or in the per-response kinds) and
// the pass goes on, so one line can report every problem it has.
type Inspection struct {
	Problems     []FieldError // schema problems: missing or mistyped required fields
	PromptKind   Kind
	PromptEmpty  bool
	PromptSum    uint64 // hash of the prompt's content, for duplicate detection
	Category     string
	Difficulty   string
	HasResponses bool
	Responses    []ResponseInfo
}

// ResponseInfo summarises one response.
type ResponseInfo struct {
	TextKind    Kind
	TextEmpty   bool
	ScoreKind   Kind    // KindMissing, KindNull, KindNumber or the wrong type found
	Score       float64 // valid when ScoreKind == KindNumber; may be NaN or ±Inf
	ScoreText   string  // the score's literal when it is not a finite number
	CorrectKind Kind
	Correct     bool
}

var promptSeed = maphash.MakeSeed()

// Inspect reads one line into in, reusing its storage. A non-nil error means
// the line is not a JSON object at all (malformed JSON or another type).
func Inspect(data []byte, in *Inspection) error {
	*in = Inspection{Problems: in.Problems[:0], Responses: in.Responses[:0]}
	s := &scanner{data: data}
	if k, err := s.kind(); err != nil {
		return &FieldError{Msg: err.Error()}
	} else if k != KindObject {
		return &FieldError{Msg: "a record must be a JSON object, got " + k.String()}
	}
	err := s.eachMember(func(key []byte) error {
		switch string(key) {
		case "prompt":
			return s.inspectPrompt(in)
		case "responses":
			in.HasResponses = true
			return s.inspectResponses(in)
		case "category":
			return s.inspectLabel(&in.Category)
		case "difficulty":
			return s.inspectLabel(&in.Difficulty)
		default:
			return s.skipValue(1)
		}
	})
	if err == nil {
		err = s.end()
	}
	if err != nil {
		return &FieldError{Msg: err.Error()}
	}
	if in.PromptKind == KindMissing {
		in.problem("prompt", "missing (required)")
	}
	if !in.HasResponses {
		in.problem("responses", "missing (required)")
	}
	return nil
}

func (in *Inspection) problem(field, msg string) {
	in.Problems = append(in.Problems, FieldError{Field: field, Msg: msg})
}

func (s *scanner) inspectLabel(dst *string) error {
	if s.peek() == '"' {
		v, err := s.readString()
		*dst = v
		return err
	}
	return s.skipValue(1)
}

func (s *scanner) inspectPrompt(in *Inspection) error {
	k, err := s.kind()
	if err != nil {
		return err
	}
	in.PromptKind = k
	var h maphash.Hash
	h.SetSeed(promptSeed)
	switch k {
	case KindString:
		raw, escaped, err := s.scanString()
		if err != nil {
			return err
		}
		if escaped {
			raw = unescape(raw)
		}
		in.PromptEmpty = len(raw) == 0
		h.Write(raw)
	case KindArray:
		start := s.pos
		if err := s.skipValue(1); err != nil {
			return err
		}
		h.WriteByte('[')
		h.Write(s.data[start:s.pos])
		in.PromptEmpty = s.pos-start <= 2
	default:
		in.problem("prompt", "expected string or list of messages, got "+k.String())
		return s.skipValue(1)
	}
	in.PromptSum = h.Sum64()
	return nil
}

func (s *scanner) inspectResponses(in *Inspection) error {
	k, err := s.kind()
	if err != nil {
		return err
	}
	if k != KindArray {
		in.problem("responses", "expected list, got "+k.String())
		return s.skipValue(1)
	}
	return s.eachElement(func(i int) error {
		in.Responses = append(in.Responses, ResponseInfo{})
		ri := &in.Responses[len(in.Responses)-1]
		k, err := s.kind()
		if err != nil {
			return err
		}
		if k != KindObject {
			in.problem(responsePath(i), "expected response object, got "+k.String())
			return s.skipValue(1)
		}
		if err := s.eachMember(func(key []byte) error {
			switch string(key) {
			case "text":
				return s.inspectText(ri)
			case "score":
				return s.inspectScore(ri)
			case "correct":
				k, err := s.kind()
				if err != nil {
					return err
				}
				ri.CorrectKind = k
				if k == KindBool {
					ri.Correct, err = s.readBool()
					return err
				}
				return s.skipValue(1)
			default:
				return s.skipValue(1)
			}
		}); err != nil {
			return err
		}
		switch ri.TextKind {
		case KindString:
		case KindMissing:
			in.problem(responsePath(i)+".text", "missing (required)")
		default:
			in.problem(responsePath(i)+".text", "expected string, got "+ri.TextKind.String())
		}
		return nil
	})
}

func responsePath(i int) string { return "responses[" + strconv.Itoa(i) + "]" }

func (s *scanner) inspectText(ri *ResponseInfo) error {
	k, err := s.kind()
	if err != nil {
		return err
	}
	ri.TextKind = k
	if k != KindString {
		return s.skipValue(1)
	}
	raw, _, err := s.scanString()
	ri.TextEmpty = isBlank(raw)
	return err
}

// isBlank reports whether a raw (still escaped) string body holds only
// whitespace, counting the escapes \n, \t and \r as whitespace.
func isBlank(b []byte) bool {
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
		case '\\':
			if i+1 < len(b) && (b[i+1] == 'n' || b[i+1] == 't' || b[i+1] == 'r') {
				i++
				continue
			}
			return false
		default:
			return false
		}
	}
	return true
}

func (s *scanner) inspectScore(ri *ResponseInfo) error {
	k, err := s.kind()
	if err != nil {
		return err
	}
	ri.ScoreKind = k
	switch k {
	case KindNumber:
		raw, nonStd, err := s.scanNumber()
		if err != nil {
			return err
		}
		ri.Score = parseNumber(raw)
		if nonStd || ri.Score != ri.Score || ri.Score > 1e308 || ri.Score < -1e308 {
			ri.ScoreText = string(raw)
		}
		return nil
	case KindNull:
		return s.literal("null")
	case KindString:
		v, err := s.readString()
		ri.ScoreText = strconv.Quote(v)
		return err
	default:
		start := s.pos
		err := s.skipValue(1)
		if s.pos-start <= 40 {
			ri.ScoreText = string(s.data[start:s.pos])
		}
		return err
	}
}
