package prompts

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/registry"
)

// Format is one data set's shape and its conversion to a record.
type Format struct {
	Name string
	Help string
	// Fields must all be present in a row for Detect to pick this format.
	Fields []string
	// Convert turns one row into a prompt record (no responses). Errors
	// should be *FieldError values.
	Convert func(Row) (*record.Record, error)
}

// Registry holds formats by name (a registry.Registry of kind "prompt
// format"); detection tries them in registration order.
type Registry struct {
	*registry.Registry[*Format]
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{registry.New("prompt format", func(f *Format) string { return f.Name })}
}

// Default is the registry the built-in formats register in.
var Default = NewRegistry()

// Register adds f; a duplicate name panics (a programming error).
func (r *Registry) Register(f *Format) { r.MustRegister(f) }

// ErrUnknownFormat is matched by the error of Lookup for an unknown name.
var ErrUnknownFormat = registry.ErrUnknown

// List returns the formats in registration order.
func (r *Registry) List() []*Format { return r.All() }

// Detect returns the first format whose identifying fields are all in row.
func (r *Registry) Detect(row Row) (*Format, bool) {
	for _, f := range r.All() {
		all := true
		for _, k := range f.Fields {
			if !row.Has(k) {
				all = false
				break
			}
		}
		if all {
			return f, true
		}
	}
	return nil, false
}

// Register adds a format to the default registry.
func Register(f *Format) { Default.Register(f) }

// Lookup finds a format in the default registry.
func Lookup(name string) (*Format, error) { return Default.Lookup(name) }

// List returns the default registry's formats.
func List() []*Format { return Default.List() }

// Sentinels matched (errors.Is) by the *FieldError of a bad row.
var (
	ErrMissing = errors.New("missing")
	ErrType    = errors.New("wrong type")
	ErrValue   = errors.New("bad value")
)

// FieldError says which field of a row is wrong: "answer: bad value: no
// final answer line \"#### N\"". Convert wraps it in a *jsonl.Error with the
// file and line.
type FieldError struct {
	Format string
	Field  string
	Err    error // one of the sentinels, possibly wrapped with detail
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("%s: %v (%s)", e.Field, e.Err, e.Format)
}

func (e *FieldError) Unwrap() error { return e.Err }

// Row is one input line: a JSON object.
type Row struct {
	format string // for error messages
	fields map[string]json.RawMessage
}

// ParseRow decodes one line; it must be a JSON object.
func ParseRow(line []byte) (Row, error) {
	if k := kindOf(line); k != "an object" && json.Valid(line) {
		return Row{}, fmt.Errorf("a row must be a JSON object, got %s", k)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(line, &m); err != nil {
		return Row{}, fmt.Errorf("invalid JSON: %w", err)
	}
	if m == nil {
		return Row{}, errors.New("a row must be a JSON object, got null")
	}
	return Row{fields: m}, nil
}

// Has reports whether the row has field k (even when it is null).
func (r Row) Has(k string) bool { _, ok := r.fields[k]; return ok }

// Keys returns the row's field names, sorted.
func (r Row) Keys() []string {
	keys := make([]string, 0, len(r.fields))
	for k := range r.fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (r Row) errorf(field string, sentinel error, format string, args ...any) error {
	err := sentinel
	if format != "" {
		err = fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
	}
	return &FieldError{Format: r.format, Field: field, Err: err}
}

func kindOf(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// String returns a required, non-blank string field.
func (r Row) String(k string) (string, error) {
	s, ok, err := r.OptString(k)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", r.errorf(k, ErrMissing, "")
	}
	if strings.TrimSpace(s) == "" {
		return "", r.errorf(k, ErrValue, "empty")
	}
	return s, nil
}

// OptString returns a string field; ok is false when it is absent or null.
func (r Row) OptString(k string) (s string, ok bool, err error) {
	raw, found := r.fields[k]
	if !found || string(bytes.TrimSpace(raw)) == "null" {
		return "", false, nil
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false, r.errorf(k, ErrType, "want a string, got %s", kindOf(raw))
	}
	return s, true, nil
}

// Scalar returns a string or number field as text ("" and false when absent).
func (r Row) Scalar(k string) (string, bool, error) {
	raw, found := r.fields[k]
	if !found || string(bytes.TrimSpace(raw)) == "null" {
		return "", false, nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, true, nil
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String(), true, nil
	}
	return "", false, r.errorf(k, ErrType, "want a string or a number, got %s", kindOf(raw))
}

// Strings returns a required, non-empty list of strings.
func (r Row) Strings(k string) ([]string, error) {
	raw, found := r.fields[k]
	if !found || string(bytes.TrimSpace(raw)) == "null" {
		return nil, r.errorf(k, ErrMissing, "")
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err != nil {
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) == nil {
			for i, it := range items {
				if kindOf(it) != "a string" {
					return nil, r.errorf(fmt.Sprintf("%s[%d]", k, i), ErrType, "want a string, got %s", kindOf(it))
				}
			}
		}
		return nil, r.errorf(k, ErrType, "want a list of strings, got %s", kindOf(raw))
	}
	if len(list) == 0 {
		return nil, r.errorf(k, ErrValue, "empty list")
	}
	for i, s := range list {
		if strings.TrimSpace(s) == "" {
			return nil, r.errorf(fmt.Sprintf("%s[%d]", k, i), ErrValue, "empty")
		}
	}
	return list, nil
}

// jsonValue encodes v without HTML escaping (code tests are full of < and >),
// so outputs stay readable and byte-stable.
func jsonValue(v any) json.RawMessage {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("prompts: encoding a string value failed: " + err.Error())
	}
	return bytes.TrimRight(b.Bytes(), "\n")
}

// Config chooses the format and the prompt shape.
type Config struct {
	// Format is a registered format name; "" detects it per file from the
	// file's first row.
	Format string `yaml:"format" short:"f" help:"data set format (see Formats; default: detect from the first row)"`
	// System, when set, makes chat prompts: a system message with this text
	// and a user message with the converted prompt.
	System string `yaml:"system" help:"make chat prompts with this system message"`
	// Chat makes chat prompts (one user message) even without System.
	Chat bool `yaml:"chat" help:"make chat prompts (one user message) instead of plain strings"`
	// Instruction, when set, is added to every prompt after a blank line
	// ("Put your final answer within \boxed{}.").
	Instruction string `yaml:"instruction" help:"text added to every prompt after a blank line, e.g. \"Put your final answer within \\boxed{}.\""`
	// Registry to use; nil means Default.
	Registry *Registry `option:"-"`
}

// FileSummary says what one input produced.
type FileSummary struct {
	File   string `json:"file"`
	Format string `json:"format"`
	Rows   int    `json:"rows"`
}

// Summary is the result of a conversion.
type Summary struct {
	Files   []FileSummary `json:"files"`
	Records int           `json:"records"`
}

// WriteText writes one line per file.
func (s *Summary) WriteText(w io.Writer) error {
	for _, f := range s.Files {
		if _, err := fmt.Fprintf(w, "%s: %d prompts (%s)\n", f.File, f.Rows, f.Format); err != nil {
			return err
		}
	}
	return nil
}

// LineWriter receives the output lines (a *jsonl.Writer).
type LineWriter interface{ WriteLine([]byte) error }

// Opener opens an input by name; nil means jsonl.Open.
type Opener = jsonl.Opener

// Convert reads every file in order and writes one prompt record per row.
// A bad row stops the conversion with a *jsonl.Error naming the file and
// line, wrapping the row's *FieldError.
func Convert(ctx context.Context, files []string, cfg Config, open Opener, w LineWriter) (*Summary, error) {
	reg := cfg.Registry
	if reg == nil {
		reg = Default
	}
	var fixed *Format
	if cfg.Format != "" {
		f, err := reg.Lookup(cfg.Format)
		if err != nil {
			return nil, err
		}
		fixed = f
	}
	if open == nil {
		open = jsonl.Open
	}
	sum := &Summary{}
	var buf []byte
	for _, name := range files {
		fs, err := convertFile(ctx, name, reg, fixed, cfg, open, func(rec *record.Record) error {
			buf = rec.AppendJSON(buf[:0])
			return w.WriteLine(buf)
		})
		if err != nil {
			return nil, err
		}
		sum.Files = append(sum.Files, fs)
		sum.Records += fs.Rows
	}
	return sum, nil
}

func convertFile(ctx context.Context, name string, reg *Registry, f *Format, cfg Config, open Opener, emit func(*record.Record) error) (FileSummary, error) {
	r, err := open(name)
	if err != nil {
		return FileSummary{}, err
	}
	defer r.Close()
	r.AllowArray() // sanitized MBPP and others ship one JSON array, not JSON Lines
	fs := FileSummary{File: r.Name()}
	if f != nil {
		fs.Format = f.Name
	}
	progress := jsonl.Track(ctx, r)
	for {
		if err := ctx.Err(); err != nil {
			return fs, err
		}
		l, err := r.Next()
		if err == io.EOF {
			return fs, r.NoRecords(fs.Rows)
		}
		if err != nil {
			return fs, err
		}
		locate := func(err error) error { return &jsonl.Error{File: r.Name(), Line: l.N, Err: err} }
		row, err := ParseRow(l.Data)
		if err != nil {
			return fs, locate(err)
		}
		if f == nil {
			det, ok := reg.Detect(row)
			if !ok {
				return fs, locate(fmt.Errorf("cannot detect the data set from the fields %s; give --format (%s)",
					strconv.Quote(strings.Join(row.Keys(), ",")), strings.Join(reg.Names(), ", ")))
			}
			f, fs.Format = det, det.Name
		}
		row.format = f.Name
		rec, err := f.Convert(row)
		if err != nil {
			return fs, locate(err)
		}
		shape(rec, cfg)
		if err := emit(rec); err != nil {
			return fs, err
		}
		fs.Rows++
		progress.Add()
	}
}

// shape adds the instruction and turns the prompt into a chat prompt when
// the config asks for them.
func shape(rec *record.Record, cfg Config) {
	if cfg.Instruction != "" {
		rec.Prompt.Text += "\n\n" + cfg.Instruction
	}
	if cfg.System == "" && !cfg.Chat {
		return
	}
	msgs := []record.Message{}
	if cfg.System != "" {
		msgs = append(msgs, record.Message{Role: "system", Content: cfg.System})
	}
	rec.Prompt = record.Prompt{Messages: append(msgs, record.Message{Role: "user", Content: rec.Prompt.Text})}
}

func jsonUnmarshal(raw json.RawMessage, v any) error { return json.Unmarshal(raw, v) }
