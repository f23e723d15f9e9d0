package generate

import (
	"fmt"
	"io"

	"github.com/grpodata/grpodata/llm"
)

// writeEndpoints adds to the summary the calls each server of a balanced
// run got, so an endpoint that got few or failed often stands out.
func writeEndpoints(w io.Writer, eps []llm.EndpointCount) {
	for _, e := range eps {
		fmt.Fprintf(w, "generate: endpoint %s: %d calls, %d ok, %d failed\n", e.Endpoint, e.Calls, e.OK, e.Failed)
	}
}
