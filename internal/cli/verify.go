package cli

import (
	"github.com/grpodata/grpodata/verify"
	_ "github.com/grpodata/grpodata/verify/all"
)

func init() {
	registerStage(verify.Stage, "write verified records here (atomic; may be the input file)")
}
