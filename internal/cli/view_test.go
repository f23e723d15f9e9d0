package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

const viewRecord = `{"id":"a","prompt":"What is 2+2?","responses":[{"text":"4 </script><script>x()</script>","score":1.0},{"text":"5","score":0.0}],"category":"math"}`

func TestViewRefusesBadInputAndAddresses(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.jsonl")
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(good, []byte(viewRecord+"\n"), 0o644)
	os.WriteFile(bad, []byte(viewRecord+"\n{\"prompt\": 1,\n"), 0o644)
	for _, c := range []struct {
		env  string
		args []string
		want string
	}{
		{"", []string{"view", bad, "--addr", "127.0.0.1:0"}, bad + ":2: "},
		{"", []string{"view", filepath.Join(dir, "missing.jsonl"), "--addr", "127.0.0.1:0"}, "no such file"},
		{"0.0.0.0:0", []string{"view", good}, "not a loopback address: pass it with --addr"},
		{"", []string{"view", good, "--addr", "nonsense"}, `address "nonsense"`},
		{"", []string{"view"}, "requires at least 1 arg"},
	} {
		t.Setenv("GRPODATA_VIEW_ADDR", c.env)
		var out, errb bytes.Buffer
		code := Main(c.args, strings.NewReader(""), &out, &errb)
		if code != ExitUsage || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q, want exit 2 and %q", c.args, code, errb.String(), c.want)
		}
	}
}

// syncBuffer is a bytes.Buffer safe to read while the command writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The command indexes, serves on loopback, answers pages, and ends cleanly
// when its context is cancelled (Ctrl-C); the input is left as it was.
func TestViewServes(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "in.jsonl")
	os.WriteFile(path, []byte(viewRecord+"\n"+viewRecord+"\n"), 0o444)
	// --open runs xdg-open with the page's address: a script that notes it.
	opened := filepath.Join(dir, "opened")
	os.WriteFile(filepath.Join(dir, "xdg-open"), []byte("#!/bin/sh\necho \"$1\" > "+opened+"\n"), 0o755)
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	var errb syncBuffer
	s := &Streams{In: strings.NewReader(""), Out: io.Discard, Err: &errb}
	root := NewRoot(s)
	root.SetArgs([]string{"view", path, "--addr", "127.0.0.1:0", "--open"})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	re := regexp.MustCompile(`serving (http://\S+)`)
	var base string
	for deadline := time.Now().Add(20 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(errb.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("no serving line: %s", errb.String())
	}
	if !strings.Contains(errb.String(), "indexed 2 groups") {
		t.Errorf("stderr: %s", errb.String())
	}
	resp, err := http.Get(base + "group?g=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "&lt;/script&gt;&lt;script&gt;x()") {
		t.Errorf("HTTP %d: %s", resp.StatusCode, body)
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if data, _ := os.ReadFile(opened); len(data) > 0 {
			break
		}
	}
	if data, _ := os.ReadFile(opened); strings.TrimSpace(string(data)) != base {
		t.Errorf("--open opened %q, want %s", data, base)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("ended with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not stop")
	}
	if data, _ := os.ReadFile(path); string(data) != viewRecord+"\n"+viewRecord+"\n" {
		t.Errorf("the input changed")
	}
}

// An explicit non-loopback address is served, with a warning; ::1 is
// loopback and gets none.
func TestViewAddressWarning(t *testing.T) {
	path := filepath.Join(t.TempDir(), "in.jsonl")
	os.WriteFile(path, []byte(viewRecord+"\n"), 0o644)
	for addr, warn := range map[string]bool{"0.0.0.0:0": true, "[::1]:0": false} {
		var errb syncBuffer
		root := NewRoot(&Streams{In: strings.NewReader(""), Out: io.Discard, Err: &errb})
		root.SetArgs([]string{"view", path, "--addr", addr})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- root.ExecuteContext(ctx) }()
		var ended error
	wait:
		for deadline := time.Now().Add(20 * time.Second); !strings.Contains(errb.String(), "serving") && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			select {
			case ended = <-done: // it could not listen (no IPv6 here, say)
				break wait
			default:
			}
		}
		cancel()
		if ended == nil {
			<-done
		} else {
			t.Logf("%s: %v", addr, ended)
		}
		if got := strings.Contains(errb.String(), "reachable from other machines"); got != warn && strings.Contains(errb.String(), "serving") {
			t.Errorf("%s: warning %v, want %v: %s", addr, got, warn, errb.String())
		}
	}
}
