package view

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/grpodata/grpodata/jsonl"
)

// Group is one record as the index holds it: where it is and the numbers
// the table sorts and filters on.
type Group struct {
	File   int   // index into Index.Files
	Line   int   // 1-based line number in the file
	Offset int64 // byte offset of the line in the (decompressed) file
	Length int   // bytes of the line, without its newline

	ID      string
	Excerpt string // the prompt's start, white space collapsed
	search  string // lower-cased id and a longer prompt excerpt

	Category, Difficulty uint16 // into Index.Labels
	Reasons              []uint16

	Size       int // responses
	Scored     int
	Correct    int
	Mean       float64 // of the scored responses
	Std        float64 // population std of the scored responses
	PassRate   float64
	ZeroVar    bool    // stats' rule: scored responses all with the same score
	MeanTokens float64 // estimated tokens per response text
}

// File is one indexed input.
type File struct {
	Name  string // as given
	path  string // what is read: Name, or the decompressed copy
	Bytes int64  // bytes indexed (decompressed)
	f     *os.File
}

// Index is the in-memory index of one or more files: a Group per record,
// never the records themselves.
type Index struct {
	Files        []*File
	Groups       []Group
	Labels       []string // category, difficulty and reason labels, by id
	labelID      map[string]uint16
	Skipped      int           // bad lines left out with Options.SkipBad
	SkippedFirst []string      // the first few, as FILE:LINE: message
	Elapsed      time.Duration // time spent indexing
	tmpDir       string        // decompressed copies, removed by Close
	orders       orders        // sorted positions, by sort key
}

// Options tune Build.
type Options struct {
	Workers int  // lines parsed in parallel; 0 means GOMAXPROCS
	SkipBad bool // leave out lines that are not records (counted) instead of stopping
	// TempDir holds decompressed copies of .gz/.zst inputs; "" means os.TempDir().
	TempDir string
	// Progress, when set, is told how far the pass is after each chunk, from
	// one goroutine (the grpodata CLI draws it as its other commands do).
	Progress func(jsonl.Progress)
}

// chunkBytes is how much of a file one worker parses at a time (a
// variable so tests can cut files into many small chunks).
var chunkBytes = 4 << 20

// Build indexes the files in one streaming pass each. Compressed inputs are
// decompressed once into a temporary copy (Close removes it), since a page
// is served by seeking. A line that is not a record stops Build with
// FILE:LINE: message unless opt.SkipBad.
func Build(ctx context.Context, names []string, opt Options) (*Index, error) {
	start := time.Now()
	ix := &Index{labelID: map[string]uint16{}}
	ix.label("") // id 0: no label
	for i, name := range names {
		f, err := ix.openInput(ctx, name, opt)
		if err != nil {
			ix.Close()
			return nil, err
		}
		ix.Files = append(ix.Files, f)
		if err := ix.indexFile(ctx, i, f, opt); err != nil {
			ix.Close()
			return nil, err
		}
	}
	if len(ix.Groups) == 0 {
		ix.Close()
		return nil, fmt.Errorf("%s: no records", names[len(names)-1])
	}
	ix.Elapsed = time.Since(start)
	return ix, nil
}

// Close releases the files and removes decompressed copies.
func (ix *Index) Close() error {
	for _, f := range ix.Files {
		if f.f != nil {
			f.f.Close()
		}
	}
	if ix.tmpDir != "" {
		return os.RemoveAll(ix.tmpDir)
	}
	return nil
}

// Bytes is the total size indexed.
func (ix *Index) Bytes() int64 {
	var n int64
	for _, f := range ix.Files {
		n += f.Bytes
	}
	return n
}

func (ix *Index) label(s string) uint16 {
	if id, ok := ix.labelID[s]; ok {
		return id
	}
	if len(ix.Labels) >= 1<<16-1 {
		return ix.label(otherLabel)
	}
	id := uint16(len(ix.Labels))
	ix.Labels = append(ix.Labels, s)
	ix.labelID[s] = id
	return id
}

const (
	otherLabel      = "(other)"
	maxSkippedShown = 5
)

// chunk is a run of whole lines of a file.
type chunk struct {
	data   []byte
	offset int64 // of data[0] in the file
	first  bool  // the file's first chunk (may start with a byte-order mark)
	result chan *chunk
	facts  []facts
	lines  []lineRef
	nl     int // newlines in data
}

type lineRef struct {
	rel    int // 0-based line number within the chunk
	start  int
	length int
	err    error // the line is not a record
}

// indexFile reads f in chunks of whole lines, parses them on the workers
// and adds the groups in file order. Memory is a few chunks in flight plus
// the index.
func (ix *Index) indexFile(ctx context.Context, fileIdx int, f *File, opt Options) error {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	todo := make(chan *chunk, workers)
	done := make(chan *chunk, workers+1) // in file order
	free := make(chan []byte, workers+3)
	var readErr error
	go func() {
		readErr = readChunks(ctx, f.f, free, todo, done)
		close(todo)
		close(done)
	}()
	for range workers {
		go func() {
			var x extractor
			for c := range todo {
				parseChunk(&x, c)
				c.result <- c
			}
		}()
	}
	line, first := 0, len(ix.Groups)
	var total int64
	if st, err := f.f.Stat(); err == nil {
		total = st.Size()
	}
	var err error
	for pending := range done {
		c := <-pending.result
		if err == nil {
			if err = ix.addChunk(fileIdx, f, c, line, opt); err != nil {
				cancel()
			}
		}
		line += c.nl
		f.Bytes += int64(len(c.data))
		if opt.Progress != nil && err == nil {
			opt.Progress(jsonl.Progress{File: f.Name, Records: int64(len(ix.Groups) - first), BytesRead: f.Bytes, BytesTotal: total})
		}
		c.facts = nil
		select {
		case free <- c.data[:0]:
		default:
		}
	}
	if err == nil {
		err = readErr
	}
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// readChunks reads r into buffers cut after their last newline, queueing
// each on todo (for a worker) and on done (for the merger, in order). A
// line longer than a buffer grows it.
func readChunks(ctx context.Context, r io.Reader, free chan []byte, todo, done chan<- *chunk) error {
	var carry []byte
	var offset int64
	first := true
	for {
		var buf []byte
		select {
		case buf = <-free:
		default:
			buf = make([]byte, 0, chunkBytes)
		}
		buf = append(buf, carry...)
		eof := false
		for !eof {
			if len(buf) == cap(buf) {
				if bytes.IndexByte(buf[len(carry):], '\n') >= 0 {
					break
				}
				buf = append(buf, 0)[:len(buf)] // no newline yet: grow
			}
			n, err := r.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			if err == io.EOF {
				eof = true
			} else if err != nil {
				return err
			}
		}
		cut := len(buf)
		if !eof {
			cut = bytes.LastIndexByte(buf, '\n') + 1
		}
		carry = append(carry[:0], buf[cut:]...)
		if cut == 0 && eof {
			return nil
		}
		c := &chunk{data: buf[:cut], offset: offset, first: first, result: make(chan *chunk, 1)}
		offset += int64(cut)
		first = false
		select {
		case done <- c:
		case <-ctx.Done():
			return ctx.Err()
		}
		select {
		case todo <- c:
		case <-ctx.Done():
			c.result <- c
			return ctx.Err()
		}
		if eof {
			return nil
		}
	}
}

// parseChunk extracts the facts of every non-blank line of c, stopping at
// the first bad one.
func parseChunk(x *extractor, c *chunk) {
	data := c.data
	pos := 0
	for rel := 0; pos < len(data); rel++ {
		end := bytes.IndexByte(data[pos:], '\n')
		next := len(data)
		if end >= 0 {
			end += pos
			next = end + 1
			c.nl++
		} else {
			end = len(data)
		}
		start, stop := pos, end
		pos = next
		if c.first && rel == 0 && bytes.HasPrefix(data[start:stop], bom) {
			start += len(bom)
		}
		if stop > start && data[stop-1] == '\r' {
			stop--
		}
		if blank(data[start:stop]) {
			continue
		}
		var f facts
		if err := x.extract(data[start:stop], &f); err != nil {
			c.facts = append(c.facts, facts{})
			c.lines = append(c.lines, lineRef{rel: rel, err: err})
			continue
		}
		c.facts = append(c.facts, f)
		c.lines = append(c.lines, lineRef{rel: rel, start: start, length: stop - start})
	}
}

var bom = []byte("\xef\xbb\xbf")

func blank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// addChunk appends a parsed chunk's groups; firstLine is the number of
// lines before it in the file.
func (ix *Index) addChunk(fileIdx int, f *File, c *chunk, firstLine int, opt Options) error {
	for i, l := range c.lines {
		line := firstLine + l.rel + 1
		if l.err != nil {
			err := &jsonl.Error{File: f.Name, Line: line, Err: l.err}
			if !opt.SkipBad {
				return err
			}
			ix.Skipped++
			if len(ix.SkippedFirst) < maxSkippedShown {
				ix.SkippedFirst = append(ix.SkippedFirst, err.Error())
			}
			continue
		}
		ft := &c.facts[i]
		g := Group{
			File: fileIdx, Line: line, Offset: c.offset + int64(l.start), Length: l.length,
			ID: ft.id, Excerpt: ft.excerpt, search: ft.search,
			Category: ix.label(ft.category), Difficulty: ix.label(ft.difficulty),
			Size: ft.group.Responses, Scored: ft.group.Scored, Correct: ft.group.Correct,
			Mean: ft.group.Mean, Std: ft.group.Std, PassRate: ft.group.PassRate, ZeroVar: ft.group.ZeroVariance,
		}
		if g.Size > 0 {
			g.MeanTokens = float64(ft.tokens) / float64(g.Size)
		}
		if len(ft.reasons) > 0 {
			g.Reasons = make([]uint16, len(ft.reasons))
			for j, r := range ft.reasons {
				g.Reasons[j] = ix.label(r)
			}
		}
		ix.Groups = append(ix.Groups, g)
	}
	return nil
}
