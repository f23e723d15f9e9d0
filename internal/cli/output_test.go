package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

const groups = "../../examples/groups.jsonl"

// outputCommands are the commands that write an -o file, with the output
// argument left for the test to fill in.
var outputCommands = []struct {
	name string
	args []string
}{
	{"stats --annotate", []string{"stats", groups, "--annotate", "-o"}},
	{"filter", []string{"filter", groups, "-o"}},
	{"export verl", []string{"export", groups, "--format", "verl", "-o"}},
	{"export trl", []string{"export", groups, "--format", "trl", "-o"}},
	{"report", []string{"report", groups, "-o"}},
	{"report --json", []string{"report", groups, "--json", "-o"}},
	{"validate --json", []string{"validate", groups, "--json", "-o"}},
	{"tokens", []string{"tokens", groups, "--tokenizer", "estimate", "-o"}},
	{"prompts", []string{"prompts", "--format", "gsm8k", "../../prompts/testdata/gsm8k.jsonl", "-o"}},
}

// TestOutputToDeviceKeepsDevice: -o /dev/null run as root used to rename a
// regular file over the device. Every command must write into it instead.
func TestOutputToDeviceKeepsDevice(t *testing.T) {
	dev := filepath.Join(t.TempDir(), "null")
	if err := unix.Mknod(dev, unix.S_IFCHR|0o666, int(unix.Mkdev(1, 3))); err != nil {
		t.Skipf("mknod not permitted here: %v", err)
	}
	for _, c := range outputCommands {
		t.Run(c.name, func(t *testing.T) {
			code, _, errs := runCLI(t, "", append(c.args, dev)...)
			if code > 1 {
				t.Fatalf("code %d: %s", code, errs)
			}
			if st, err := os.Stat(dev); err != nil || st.Mode()&os.ModeCharDevice == 0 {
				t.Fatalf("the device is gone: %v %v", st, err)
			}
		})
	}
	t.Run("batch", func(t *testing.T) {
		code, _, errs := runCLI(t, "", "batch", groups, "-o", dev)
		if code != 2 || !strings.Contains(errs, "not a directory") {
			t.Errorf("code %d: %s", code, errs)
		}
		if st, err := os.Stat(dev); err != nil || st.Mode()&os.ModeCharDevice == 0 {
			t.Fatalf("the device is gone: %v %v", st, err)
		}
	})
	if ents, _ := os.ReadDir(filepath.Dir(dev)); len(ents) != 1 {
		t.Errorf("left beside the device: %v", ents)
	}
}

func TestOutputToFIFO(t *testing.T) {
	for _, c := range outputCommands {
		t.Run(c.name, func(t *testing.T) {
			fifo := filepath.Join(t.TempDir(), "pipe")
			if err := unix.Mkfifo(fifo, 0o600); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			read := make(chan int, 1)
			go func() {
				f, err := os.Open(fifo)
				if err != nil {
					read <- -1
					return
				}
				defer f.Close()
				n, _ := io.Copy(io.Discard, f)
				read <- int(n)
			}()
			code, _, errs := runCLI(t, "", append(c.args, fifo)...)
			if code > 1 {
				// Unblock the reader, which waits for a writer.
				if f, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
					f.Close()
				}
				t.Fatalf("code %d: %s", code, errs)
			}
			if n := <-read; n <= 0 {
				t.Errorf("the FIFO's reader got %d bytes", n)
			}
			if st, err := os.Stat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
				t.Fatalf("the FIFO is gone: %v %v", st, err)
			}
		})
	}
}
