package sandbox_test

import (
	"os"
	"testing"

	"github.com/grpodata/grpodata/sandbox"
)

func TestMain(m *testing.M) {
	sandbox.Main()
	os.Exit(m.Run())
}
