package judge

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// cache holds decided verdicts by key, in memory (32 bytes and a flag per
// distinct question and answer) and appended to a JSON-lines file, one
// {"key", "correct"} object a line, so the next run starts with them. A
// torn last line (a run killed mid-write) is skipped when read.
type cache struct {
	mu   sync.Mutex
	seen map[[32]byte]bool
	file *os.File // nil: memory only
	w    *bufio.Writer
}

type cacheLine struct {
	Key     string `json:"key"`
	Correct bool   `json:"correct"`
}

// cacheKey identifies a verdict: the backend and model, and the filled
// prompt (template, question, reference and answer).
func cacheKey(id, prompt string) [32]byte {
	return sha256.Sum256([]byte(id + "\x00" + prompt))
}

// openCache reads the cache file (none yet is fine) and opens it for
// appending; path "none" keeps the cache in memory only.
func openCache(path string) (*cache, error) {
	c := &cache{seen: map[[32]byte]bool{}}
	if path == "none" || path == "" {
		return c, nil
	}
	if err := c.load(path); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("setting %s.cache: %w", Name, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("setting %s.cache: %w", Name, err)
	}
	c.file, c.w = f, bufio.NewWriter(f)
	return c, nil
}

func (c *cache) load(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("setting %s.cache: %w", Name, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l cacheLine
		if json.Unmarshal(sc.Bytes(), &l) != nil {
			continue // a torn line
		}
		var k [32]byte
		if b, err := hex.DecodeString(l.Key); err == nil && len(b) == len(k) {
			copy(k[:], b)
			c.seen[k] = l.Correct
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("setting %s.cache: %s: %w", Name, path, err)
	}
	return nil
}

func (c *cache) get(k [32]byte) (correct, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	correct, ok = c.seen[k]
	return correct, ok
}

// put records a verdict; the line reaches the file at once (flushed), so
// a killed run keeps what it paid for.
func (c *cache) put(k [32]byte, correct bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, dup := c.seen[k]; dup {
		return
	}
	c.seen[k] = correct
	if c.w == nil {
		return
	}
	b, _ := json.Marshal(cacheLine{Key: hex.EncodeToString(k[:]), Correct: correct})
	c.w.Write(append(b, '\n'))
	c.w.Flush()
}

func (c *cache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.file == nil {
		return nil
	}
	err := errors.Join(c.w.Flush(), c.file.Sync(), c.file.Close())
	c.file, c.w = nil, nil
	return err
}
