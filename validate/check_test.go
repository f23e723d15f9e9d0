package validate_test

import (
	"testing"

	"github.com/grpodata/grpodata/validate"
	"github.com/grpodata/grpodata/validate/checktest"
)

// Every registered check runs the conformance suite.
func TestCheckConformance(t *testing.T) {
	for _, spec := range validate.Checks() {
		t.Run(spec.Name, func(t *testing.T) { checktest.Run(t, spec) })
	}
}
