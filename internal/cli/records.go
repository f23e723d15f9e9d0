package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/grpodata/grpodata/jsonl"
)

// badRecords is the one bad-record policy of every command that reads
// records (validate reports bad lines as check failures instead): a line
// that is not a valid record stops the command with FILE:LINE: field:
// message and exit 2; with --skip-bad it is left out, counted, and the
// count and the first one are printed on stderr at the end. The policy
// itself lives in jsonl (Reader.SkipBad, ParallelMap), so this type only
// carries the flag to the readers and prints the summary.
type badRecords struct {
	skip    bool
	skipped jsonl.Skipped
}

func (b *badRecords) bind(c *cobra.Command) {
	c.Flags().BoolVar(&b.skip, "skip-bad", false, "leave out lines that are not valid records, count them and report them on stderr (default: stop at the first with FILE:LINE: field: message, exit 2)")
}

// summarize prints "skipped N bad records (first: ...)" when any were.
func (b *badRecords) summarize(w io.Writer) {
	if line := b.skipped.Summary(); line != "" {
		fmt.Fprintf(w, "warning: %s\n", line)
	}
}
