package export

import (
	"bufio"
	"encoding/json"
	"io"

	"github.com/grpodata/grpodata/record"
)

// jsonlEncoder writes one JSON object per line, fields in struct order, with
// HTML characters left as they are (TRL reads the text verbatim).
type jsonlEncoder[T any] struct {
	bw      *bufio.Writer
	enc     *json.Encoder
	convert func(rec *record.Record) (T, Result)
}

func newJSONLEncoder[T any](w io.Writer, convert func(*record.Record) (T, Result)) *jsonlEncoder[T] {
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &jsonlEncoder[T]{bw: bw, enc: enc, convert: convert}
}

func (e *jsonlEncoder[T]) Encode(rec *record.Record) (Result, error) {
	v, res := e.convert(rec)
	if res.Skip != "" {
		return res, nil
	}
	return res, e.enc.Encode(v) // Encode ends the line
}

func (e *jsonlEncoder[T]) Close() error { return e.bw.Flush() }

// score is a float written the way the rest of grpodata writes scores (1.0,
// not 1), so Python reads a float.
type score float64

func (s score) MarshalJSON() ([]byte, error) { return record.AppendScore(nil, float64(s)), nil }
