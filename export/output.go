package export

import (
	"errors"
	"fmt"

	"github.com/grpodata/grpodata/jsonl"
)

// outputError locates an output failure at the destination (jsonl's errors
// already carry it).
func outputError(path string, err error) error {
	var located *jsonl.Error
	if errors.As(err, &located) {
		return err
	}
	if path == "-" {
		path = "<stdout>"
	}
	return fmt.Errorf("%s: %w", path, err)
}
