package view

import (
	"fmt"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
)

// Raw reads group i's line from its file (one ReadAt).
func (ix *Index) Raw(i int) ([]byte, error) {
	g := &ix.Groups[i]
	f := ix.Files[g.File]
	buf := make([]byte, g.Length)
	if _, err := f.f.ReadAt(buf, g.Offset); err != nil {
		return nil, &jsonl.Error{File: f.Name, Line: g.Line, Err: fmt.Errorf("reading the record: %w", err)}
	}
	return buf, nil
}

// Record reads and decodes group i; a line that is not a valid record
// gives FILE:LINE: field: message.
func (ix *Index) Record(i int) (*record.Record, error) {
	raw, err := ix.Raw(i)
	if err != nil {
		return nil, err
	}
	rec, err := record.Decode(raw)
	if err != nil {
		g := &ix.Groups[i]
		return nil, &jsonl.Error{File: ix.Files[g.File].Name, Line: g.Line, Err: err}
	}
	return rec, nil
}
