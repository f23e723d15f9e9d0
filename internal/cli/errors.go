package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/grpodata/grpodata/failure"
)

// Exit codes, documented in the README. A failure's kind (package failure)
// chooses its code here and nowhere else, so a failure exits the same way
// from its command and from `run`.
const (
	ExitOK      = 0   // success; for validate: every check passed
	ExitFailed  = 1   // the job ran and found problems (validate failures, failed prompts)
	ExitUsage   = 2   // bad flags, bad configuration, malformed or missing input
	ExitIO      = 3   // a file could not be read or written (permissions, disk full)
	ExitAuth    = 4   // a server refused the credentials
	ExitAborted = 130 // interrupted
)

// ExitError carries an exit code through cobra; its message (if any) is printed
// as the one error line.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit %d", e.Code)
	}
	return e.Err.Error()
}
func (e *ExitError) Unwrap() error { return e.Err }

// usageError marks an error as a usage/configuration problem (exit 2).
func usageError(err error) error { return failure.Mark(failure.Config, err) }

// silentExit ends the command with a code and no extra error line (the command
// already printed its report).
func silentExit(code int) error { return &ExitError{Code: code} }

// exitCode renders err (one line, "grpodata: MESSAGE", and for some kinds a
// hint line) and returns the process's exit code.
func exitCode(ctx context.Context, err error, errw io.Writer) int {
	if err == nil {
		return ExitOK
	}
	code, hint := ExitUsage, ""
	var ee *ExitError
	switch {
	case errors.As(err, &ee):
		if ee.Err == nil {
			return ee.Code
		}
		code = ee.Code
	case ctx.Err() != nil:
		code = ExitAborted
	default:
		code, hint = byKind(failure.Of(err))
	}
	fmt.Fprintf(errw, "grpodata: %s\n", oneLine(err.Error()))
	if hint != "" {
		fmt.Fprintf(errw, "grpodata: hint: %s\n", hint)
	}
	return code
}

// byKind is the exit code and hint of each kind of failure. Configuration
// and input errors name what is wrong (FILE:LINE: field) and need no hint.
func byKind(k failure.Kind) (int, string) {
	switch k {
	case failure.IO:
		return ExitIO, "check the permissions and free space of the file named above; nothing was left half-written"
	case failure.Auth:
		return ExitAuth, "the server refused the API key read from the environment: set the variable named above to a valid key"
	}
	return ExitUsage, ""
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + " ..."
	}
	return s
}
