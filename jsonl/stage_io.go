package jsonl

import (
	"errors"
	"io"
)

// Opener opens an input by name; Source.Open is one, and stages that take
// an Opener take this type.
type Opener = func(name string) (*Reader, error)

// Source is where a stage reads its records: named files in order, "-"
// being In (a stream injected by the caller; stages never read os.Stdin).
// With SkipBad set, bad records are left out and counted there instead of
// stopping the run (the policy in policy.go).
type Source struct {
	Files   []string
	In      io.Reader // what "-" reads; nil makes "-" an error
	SkipBad *Skipped
	// Keep, when set, is the filter every opened input reads through (a
	// shard's share of the records; see Reader.Keep).
	Keep func(line []byte) bool
}

// Open opens one input of the source by name.
func (s Source) Open(name string) (*Reader, error) {
	var r *Reader
	var err error
	if name == "-" {
		if s.In == nil {
			return nil, errors.New("-: no standard input to read")
		}
		r, err = NewReader(s.In, "<stdin>")
	} else {
		r, err = Open(name)
	}
	if err == nil && s.SkipBad != nil {
		r.SkipBad(s.SkipBad)
	}
	if err == nil && s.Keep != nil {
		r.Keep(s.Keep)
	}
	return r, err
}

// Sink is where a stage writes its output: a path (a record file, or a
// folder for stages that write several files), "-" being Out.
type Sink struct {
	Path string
	Out  io.Writer // what "-" writes; nil makes "-" an error
}

// Create opens the sink's path for an atomic record output (see CreateTo).
func (s Sink) Create() (*Writer, error) {
	if s.Path == "-" && s.Out == nil {
		return nil, errors.New("-: no standard output to write")
	}
	return CreateTo(s.Path, s.Out)
}
