package verify

import (
	"encoding/json"

	"github.com/grpodata/grpodata/record"
)

// dropTiming removes the measured time from a response's verdict metadata
// (--no-timing): the only part of a verdict that differs between runs of
// a deterministic verifier.
func dropTiming(resp *record.Response) {
	var m Metadata
	if ok, err := resp.Metadata.Decode("verifier", &m); !ok || err != nil {
		return
	}
	raw, _ := json.Marshal(struct {
		Name      string `json:"name"`
		Extracted string `json:"extracted"`
		Reason    string `json:"reason"`
	}{m.Name, m.Extracted, m.Reason})
	resp.Metadata.SetRaw("verifier", raw)
}
