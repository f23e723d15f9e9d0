package sandbox

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

var (
	pythonOnce sync.Once
	pythonPath string
	pythonErr  error
)

// Python returns the path of a real python3 interpreter, resolved once:
// $GRPODATA_PYTHON if set, else /usr/bin/python3 or /usr/local/bin/python3,
// else python3 on PATH resolved through sys.executable (so a pyenv shell
// shim is bypassed). Interpreters outside /usr must be made visible with
// Options.ReadOnly.
func Python() (string, error) {
	pythonOnce.Do(func() { pythonPath, pythonErr = findPython() })
	return pythonPath, pythonErr
}

func findPython() (string, error) {
	var candidates []string
	if p := os.Getenv("GRPODATA_PYTHON"); p != "" {
		candidates = append(candidates, p)
	}
	candidates = append(candidates, "/usr/bin/python3", "/usr/local/bin/python3")
	if p, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, p)
	}
	for _, c := range candidates {
		if real := realPython(c); real != "" {
			return real, nil
		}
	}
	return "", errors.New("sandbox: no python3 interpreter found")
}

// realPython asks the interpreter for sys.executable; a symlink-free path
// inside a system directory is returned unchanged.
func realPython(p string) string {
	st, err := os.Stat(p)
	if err != nil || !st.Mode().IsRegular() || st.Mode()&0o111 == 0 {
		return ""
	}
	if strings.HasPrefix(p, "/usr/") {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			if isELF(real) {
				return p
			}
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, p, "-c", "import sys; print(sys.executable)").Output()
	if err != nil {
		return ""
	}
	exe := strings.TrimSpace(string(out))
	if exe == "" || !filepath.IsAbs(exe) {
		return ""
	}
	return exe
}

func isELF(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	var magic [4]byte
	_, err = f.Read(magic[:])
	return err == nil && string(magic[:]) == "\x7fELF"
}
