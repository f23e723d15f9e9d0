package failure

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/llm"
	"github.com/grpodata/grpodata/option"
	"github.com/grpodata/grpodata/record"
)

func TestOf(t *testing.T) {
	_, notExist := os.Open(filepath.Join(t.TempDir(), "nope"))
	tests := []struct {
		name string
		err  error
		want Kind
	}{
		{"nil", nil, Unknown},
		{"plain", errors.New("boom"), Unknown},
		{"marked", Mark(Config, errors.New("--group-size must be at least 1")), Config},
		{"marked then wrapped", fmt.Errorf("stage generate: %w", Mark(Input, errors.New("x"))), Input},
		{"mark wins over type", Mark(Config, &jsonl.Error{File: "a", Line: 2, Err: errors.New("x")}), Config},
		{"option", &option.Error{Line: 3, Key: "seed", Err: errors.New("want a whole number")}, Config},
		{"bad line", &jsonl.Error{File: "a.jsonl", Line: 2, Err: &record.FieldError{Field: "prompt", Msg: "missing"}}, Input},
		{"no records", &jsonl.Error{File: "a.jsonl", Err: jsonl.ErrNoRecords}, Input},
		{"missing file", notExist, Input},
		{"disk full", &fs.PathError{Op: "write", Path: "/dev/full", Err: syscall.ENOSPC}, IO},
		{"read-only", fmt.Errorf("commit: %w", &fs.PathError{Op: "rename", Path: "x", Err: syscall.EROFS}), IO},
		{"not a directory", &fs.PathError{Op: "open", Path: "f/x", Err: syscall.ENOTDIR}, IO},
		{"refused key", &llm.Error{Kind: llm.RunFatal, Status: 401, Backend: "openai"}, Auth},
		{"forbidden", fmt.Errorf("generate: %w", &llm.Error{Kind: llm.RunFatal, Status: 403}), Auth},
		{"unknown model", &llm.Error{Kind: llm.RunFatal, Status: 404}, Config},
		{"unreachable", fmt.Errorf("%w: http://127.0.0.1:1: refused", llm.ErrUnreachable), Config},
		{"one bad prompt is not a run failure", &llm.Error{Kind: llm.PromptFatal, Status: 400}, Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Of(tt.err); got != tt.want {
				t.Errorf("Of(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

func TestSentinels(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", Mark(IO, errors.New("x")))
	if !errors.Is(err, ErrIO) || errors.Is(err, ErrConfig) {
		t.Errorf("errors.Is on a marked error: IO %v, Config %v", errors.Is(err, ErrIO), errors.Is(err, ErrConfig))
	}
	if Mark(Config, nil) != nil {
		t.Error("Mark(nil) must stay nil")
	}
	if got := Mark(Auth, errors.New("msg")).Error(); got != "msg" {
		t.Errorf("a mark changed the message: %q", got)
	}
}
