package batch

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"golang.org/x/sys/unix"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
)

// Manifest describes a batch directory; it is written last.
type Manifest struct {
	Tool      string         `json:"tool"`
	Version   string         `json:"version"`
	Created   string         `json:"created"`
	Config    Config         `json:"config"`
	Inputs    []string       `json:"inputs"`
	Records   int            `json:"records"`
	Tokens    int64          `json:"tokens"`
	Batches   []BatchInfo    `json:"batches"`
	Strata    map[string]int `json:"strata,omitempty"`
	Warnings  []string       `json:"warnings"`
	WarningsN int            `json:"warnings_total"`
}

// BatchInfo is one batch file's entry in the manifest.
type BatchInfo struct {
	File    string         `json:"file"`
	Records int            `json:"records"`
	Tokens  int64          `json:"tokens"`
	SHA256  string         `json:"sha256"`
	Strata  map[string]int `json:"strata,omitempty"`
}

// maxWarnings bounds the warnings listed in the manifest (all are counted).
const maxWarnings = 100

// Run reads the inputs and writes batches into dir. Version goes into the
// manifest. A malformed line stops the run with its file, line and field,
// and dir is left as it was.
func Run(ctx context.Context, inputs []string, dir string, cfg Config, counter Counter, version string) (*Manifest, error) {
	if err := Check(cfg); err != nil {
		return nil, err
	}
	spec, _ := lookup(cfg.Strategy)
	strat, err := spec.New(cfg)
	if err != nil {
		return nil, err
	}
	tmp, held, err := prepareDir(dir)
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
		held.Close() // releases the lock that tells other runs tmp is in use
	}()
	m := &Manifest{Tool: "grpodata", Version: version, Created: time.Now().UTC().Format(time.RFC3339),
		Config: cfg, Inputs: inputs, Warnings: []string{}, Batches: []BatchInfo{}}
	out := &batchWriter{dir: tmp, compress: cfg.Compress, manifest: m}
	defer out.abort()

	if strat.Orderer == nil && !cfg.Shuffle {
		err = streamBatches(ctx, inputs, cfg, counter, strat, out)
	} else {
		err = spillBatches(ctx, inputs, cfg, counter, strat, out, tmp)
	}
	if err != nil {
		return nil, err
	}
	if err := out.close(); err != nil {
		return nil, err
	}
	js, _ := json.MarshalIndent(m, "", "  ")
	if err := jsonl.WriteFileAtomic(filepath.Join(tmp, "manifest.json"), append(js, '\n')); err != nil {
		return nil, err
	}
	// One syncfs makes every batch file durable before the swap; an fsync per
	// file costs seconds on thousands of small batches.
	if err := syncFS(tmp); err != nil {
		return nil, err
	}
	if err := swapDir(tmp, dir); err != nil {
		return nil, err
	}
	ok = true
	return m, nil
}

// item is a decoded, counted record on its way to a batch.
type item struct {
	meta Meta
	line []byte // valid until the emit callback returns
}

// eachItem decodes and counts the inputs' records in order, labelling
// each with its stratum of the label by ("" for none).
func eachItem(ctx context.Context, inputs []string, cfg Config, counter Counter, by string, emit func(item) error) error {
	open := cfg.Open
	if open == nil {
		open = jsonl.Open
	}
	for _, in := range inputs {
		r, err := open(in)
		if err != nil {
			return err
		}
		name := r.Name()
		err = jsonl.ParallelMap(ctx, r, jsonl.Options{Workers: cfg.Workers}, func(l jsonl.Line) (item, error) {
			rec, err := record.Decode(l.Data)
			if err != nil {
				return item{}, jsonl.Bad(err)
			}
			return item{meta: Meta{Tokens: CountTokens(rec, counter, cfg.Count), Stratum: stratum(rec, by), Line: l.N, File: name}, line: l.Data}, nil
		}, func(_ int, it item) error { return emit(it) })
		r.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// CountTokens counts a record's prompt (the concatenation of a chat
// prompt's contents) and, for count "all", its responses too.
func CountTokens(rec *record.Record, c Counter, count string) int {
	n := c.Count(rec.Prompt.String())
	if count == "all" {
		for _, r := range rec.Responses {
			n += c.Count(r.Text)
		}
	}
	return n
}

func stratum(rec *record.Record, by string) string {
	var s string
	switch by {
	case "difficulty":
		s = rec.Difficulty
	case "category":
		s = rec.Category
	default:
		return ""
	}
	if s == "" {
		return "(none)"
	}
	return s
}

func streamBatches(ctx context.Context, inputs []string, cfg Config, counter Counter, strat Strategy, out *batchWriter) error {
	return eachItem(ctx, inputs, cfg, counter, strat.By, func(it item) error {
		newBatch, warn := strat.Cutter.Cut(it.meta)
		return out.add(it.meta, it.line, newBatch, warn)
	})
}

// spillBatches writes every line to a temporary file, keeps a small index,
// orders it (shuffle, then the strategy's order) and replays the lines.
func spillBatches(ctx context.Context, inputs []string, cfg Config, counter Counter, strat Strategy, out *batchWriter, tmpDir string) error {
	spill, err := os.CreateTemp(tmpDir, ".spill-*")
	if err != nil {
		return err
	}
	defer func() { spill.Close(); os.Remove(spill.Name()) }()
	bw := bufio.NewWriterSize(spill, 1<<20)
	var metas []Meta
	var offs []int64
	var off int64
	err = eachItem(ctx, inputs, cfg, counter, strat.By, func(it item) error {
		metas = append(metas, it.meta)
		offs = append(offs, off)
		n, err := bw.Write(it.line)
		off += int64(n)
		return err
	})
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	offs = append(offs, off)
	order := make([]int, len(metas))
	for i := range order {
		order[i] = i
	}
	if cfg.Shuffle {
		rng := rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b97f4a7c15))
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	}
	if strat.Orderer != nil {
		order = strat.Orderer.Order(metas, order)
	}
	var buf []byte
	for _, idx := range order {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := offs[idx+1] - offs[idx]
		if int64(cap(buf)) < n {
			buf = make([]byte, n)
		}
		buf = buf[:n]
		if _, err := spill.ReadAt(buf, offs[idx]); err != nil {
			return fmt.Errorf("reading spill file: %w", err)
		}
		newBatch, warn := strat.Cutter.Cut(metas[idx])
		if err := out.add(metas[idx], buf, newBatch, warn); err != nil {
			return err
		}
	}
	return nil
}

// batchWriter writes the batch files of one run, hashing them as it goes.
type batchWriter struct {
	dir      string
	compress string
	manifest *Manifest

	f    *os.File
	bw   *bufio.Writer
	comp io.WriteCloser
	h    hash.Hash
	cur  *BatchInfo
}

func (b *batchWriter) add(m Meta, line []byte, newBatch bool, warn string) error {
	if b.cur == nil || newBatch {
		if err := b.close(); err != nil {
			return err
		}
		if err := b.open(); err != nil {
			return err
		}
	}
	if warn != "" {
		b.manifest.WarningsN++
		if len(b.manifest.Warnings) < maxWarnings {
			b.manifest.Warnings = append(b.manifest.Warnings, fmt.Sprintf("%s (%s)", warn, b.cur.File))
		}
	}
	var w io.Writer = b.bw
	if b.comp != nil {
		w = b.comp
	}
	if _, err := w.Write(line); err != nil {
		return err
	}
	if _, err := w.Write([]byte{'\n'}); err != nil {
		return err
	}
	b.cur.Records++
	b.cur.Tokens += int64(m.Tokens)
	b.manifest.Records++
	b.manifest.Tokens += int64(m.Tokens)
	if m.Stratum != "" {
		if b.manifest.Strata == nil {
			b.manifest.Strata = map[string]int{}
		}
		if b.cur.Strata == nil {
			b.cur.Strata = map[string]int{}
		}
		b.manifest.Strata[m.Stratum]++
		b.cur.Strata[m.Stratum]++
	}
	return nil
}

func (b *batchWriter) open() error {
	name := fmt.Sprintf("batch-%05d.jsonl", len(b.manifest.Batches))
	switch b.compress {
	case "zst":
		name += ".zst"
	case "gz":
		name += ".gz"
	}
	f, err := os.Create(filepath.Join(b.dir, name))
	if err != nil {
		return err
	}
	b.f = f
	b.h = sha256.New()
	b.bw = bufio.NewWriterSize(io.MultiWriter(f, b.h), 1<<18)
	switch b.compress {
	case "zst":
		b.comp, err = zstd.NewWriter(b.bw, zstd.WithEncoderConcurrency(1))
	case "gz":
		b.comp = gzip.NewWriter(b.bw)
	default:
		b.comp = nil
	}
	if err != nil {
		return err
	}
	// cur points into Batches; it is re-taken after every append.
	b.manifest.Batches = append(b.manifest.Batches, BatchInfo{File: name})
	b.cur = &b.manifest.Batches[len(b.manifest.Batches)-1]
	return nil
}

// close finishes the current batch file, if any.
func (b *batchWriter) close() error {
	if b.f == nil {
		return nil
	}
	var err error
	if b.comp != nil {
		err = b.comp.Close()
	}
	if e := b.bw.Flush(); err == nil {
		err = e
	}
	if e := b.f.Close(); err == nil {
		err = e
	}
	b.cur.SHA256 = hex.EncodeToString(b.h.Sum(nil))
	b.f = nil
	return err
}

func (b *batchWriter) abort() {
	if b.f != nil {
		b.f.Close()
	}
}

// prepareDir checks that dir may be replaced and makes a temporary sibling
// to build the new batches in (removing those killed runs left behind). The
// returned file holds the temporary's lock until closed.
func prepareDir(dir string) (string, *os.File, error) {
	// First, so that a previous output a killed swap set aside is back in
	// place before the checks below look at dir.
	jsonl.RemoveStaleTemps(dir)
	if st, err := os.Stat(dir); err == nil {
		if !st.IsDir() {
			return "", nil, fmt.Errorf("%s exists and is not a directory", dir)
		}
		ents, err := os.ReadDir(dir)
		if err != nil {
			return "", nil, err
		}
		if len(ents) > 0 {
			if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err != nil {
				return "", nil, fmt.Errorf("%s is not empty and holds no manifest.json: refusing to replace a directory grpodata did not write", dir)
			}
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", nil, err
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", nil, err
	}
	return jsonl.CreateTempDir(dir)
}

// swapDir moves the finished tmp into place of dir, removing the old one.
func swapDir(tmp, dir string) error {
	var old string
	if _, err := os.Stat(dir); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir)
		}
		return err
	}
	if old != "" {
		os.RemoveAll(old)
	}
	if d, err := os.Open(filepath.Dir(filepath.Clean(dir))); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

func syncFS(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := unix.Syncfs(int(d.Fd())); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
