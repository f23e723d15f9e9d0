// Package failure names the kinds of failure a user must tell apart: a
// bad configuration, bad input data, a file system that refuses a read or
// a write, a model server that refuses the credentials. The CLI maps each
// kind to one documented exit code and one hint, whichever door the error
// came through (a command or a pipeline's stage), so the same failure exits
// the same way everywhere.
//
// It owns the kinds, the marks a package may put on its errors, and the
// classification of the error types of the packages below (jsonl, option,
// record, llm, the os). It does not print or choose exit codes.
package failure

import (
	"errors"
	"io/fs"
	"syscall"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/llm"
	"github.com/grpodata/grpodata/option"
	"github.com/grpodata/grpodata/record"
)

// Kind is what a failure means for the user.
type Kind int

const (
	Unknown Kind = iota
	// Config: a flag, a pipeline key or an option value is wrong, or the
	// configuration names something that is not there (a model, a URL).
	Config
	// Input: the data read is malformed or missing (FILE:LINE: field).
	Input
	// IO: the file system refused a read or a write (permissions, disk
	// full, read-only).
	IO
	// Auth: a server refused the credentials (401, 403).
	Auth
)

func (k Kind) String() string {
	switch k {
	case Config:
		return "configuration"
	case Input:
		return "input"
	case IO:
		return "i/o"
	case Auth:
		return "authentication"
	}
	return "unknown"
}

// The sentinels match (errors.Is) the errors marked with their kind; Of
// classifies any error.
var (
	ErrConfig error = sentinel(Config)
	ErrInput  error = sentinel(Input)
	ErrIO     error = sentinel(IO)
	ErrAuth   error = sentinel(Auth)
)

type sentinel Kind

func (s sentinel) Error() string { return Kind(s).String() + " error" }

// marked is an error a package marked with its kind.
type marked struct {
	kind Kind
	err  error
}

func (m *marked) Error() string { return m.err.Error() }
func (m *marked) Unwrap() error { return m.err }
func (m *marked) Is(target error) bool {
	s, ok := target.(sentinel)
	return ok && Kind(s) == m.kind
}

// Mark gives err a kind (nil stays nil); the message is unchanged.
func Mark(kind Kind, err error) error {
	if err == nil {
		return nil
	}
	return &marked{kind: kind, err: err}
}

// Of classifies err: its mark when it has one, else by the error types of
// the packages it came through; Unknown when nothing says.
func Of(err error) Kind {
	if err == nil {
		return Unknown
	}
	var m *marked
	if errors.As(err, &m) {
		return m.kind
	}
	if k := llmKind(err); k != Unknown {
		return k
	}
	if k := osKind(err); k != Unknown {
		return k
	}
	var oe *option.Error
	if errors.As(err, &oe) {
		return Config
	}
	var je *jsonl.Error
	var fe *record.FieldError
	if errors.As(err, &je) || errors.As(err, &fe) || errors.Is(err, record.ErrSyntax) || errors.Is(err, jsonl.ErrNoRecords) {
		return Input
	}
	return Unknown
}

// llmKind: a refused key is Auth; an unknown model or a wrong base URL (404)
// and no reachable endpoint are the configuration's fault.
func llmKind(err error) Kind {
	var le *llm.Error
	if errors.As(err, &le) {
		switch {
		case le.Status == 401 || le.Status == 403:
			return Auth
		case le.Kind == llm.RunFatal:
			return Config
		}
	}
	if errors.Is(err, llm.ErrUnreachable) {
		return Config
	}
	return Unknown
}

// osKind: a file that does not exist is the input's (or the user's) fault;
// a refused read or write is the file system's.
func osKind(err error) Kind {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Input
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT),
		errors.Is(err, syscall.EROFS), errors.Is(err, syscall.EIO):
		return IO
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return IO
	}
	return Unknown
}
