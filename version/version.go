// Package version names the running build of grpodata, for --version, the
// batch manifest and the pipeline's fingerprints (so an upgraded verifier
// re-runs verify). It owns that name and nothing else.
package version

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"runtime/debug"
	"sync"
)

// Set is the version set at build time with
// -ldflags "-X github.com/grpodata/grpodata/version.Set=v1.2.3"; when it is
// empty, String names the build.
var Set = ""

// String names this build: the version set at link time, else the module
// version of an installed release, else the VCS revision Go stamped when
// the tree was clean, else a hash of the executable. Two different builds
// never share a name, and the same build always has the same one.
var String = sync.OnceValue(func() string {
	if Set != "" {
		return Set
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			return v
		}
		if rev := vcsRevision(bi); rev != "" {
			return rev
		}
	}
	if sum := executableHash(); sum != "" {
		return "build-" + sum
	}
	return "unknown"
})

// vcsRevision is the commit Go stamped into the binary, if any (builds with
// -buildvcs=false, or outside a repository, have none).
func vcsRevision(bi *debug.BuildInfo) string {
	var rev string
	for _, s := range bi.Settings {
		switch {
		case s.Key == "vcs.revision":
			rev = s.Value
		case s.Key == "vcs.modified" && s.Value == "true":
			return "" // a modified tree's revision does not name its code
		}
	}
	return rev
}

// executableHash is the first 16 hex digits of the SHA-256 of the running
// binary.
func executableHash() string {
	path, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
