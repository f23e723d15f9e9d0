package cli

import "github.com/grpodata/grpodata/filter"

func init() {
	registerStage(filter.Stage, "write the kept records here (atomic; may be the input file); - is stdout")
}
