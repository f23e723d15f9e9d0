package generate

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"slices"

	"github.com/grpodata/grpodata/jsonl"
)

// inputOrder numbers the prompt keys in the order the inputs hold them
// (first occurrence), as a run reads them.
type inputOrder map[string]int

func (o inputOrder) note(key string) {
	if _, seen := o[key]; !seen {
		o[key] = len(o)
	}
}

// outputLine is where one record sits in the output and where it belongs.
type outputLine struct {
	rank        int // input position; records of prompts no longer in the inputs rank last
	off, length int64
}

// putInInputOrder rewrites a finished output so its records follow the
// inputs' order, whatever order the groups completed in; records whose
// prompts are no longer in the inputs keep their order at the end. An
// output already in order is left untouched; otherwise the new file
// replaces the old one atomically, so a crash here loses nothing. Sorting
// keeps three numbers per record in memory, never the records.
func putInInputOrder(path string, order inputOrder) error {
	lines, sorted, err := scanOutput(path, order)
	if err != nil || sorted {
		return err
	}
	slices.SortStableFunc(lines, func(a, b outputLine) int { return a.rank - b.rank })
	src, err := os.Open(path)
	if err != nil {
		return err
	}
	defer src.Close()
	w, err := jsonl.Create(path)
	if err != nil {
		return err
	}
	defer w.Close()
	buf := make([]byte, 0, 1<<16)
	for _, l := range lines {
		buf = slices.Grow(buf[:0], int(l.length))[:l.length]
		if _, err := src.ReadAt(buf, l.off); err != nil {
			return err
		}
		if err := w.WriteLine(bytes.TrimSuffix(buf, []byte("\n"))); err != nil {
			return err
		}
	}
	return w.Commit()
}

// scanOutput lists the output's lines with their ranks and reports whether
// they are already in order.
func scanOutput(path string, order inputOrder) ([]outputLine, bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	var (
		lines  []outputLine
		off    int64
		sorted = true
	)
	for {
		line, err := readLine(br)
		if len(bytes.TrimSpace(line)) == 0 {
			off += int64(len(line))
		} else {
			key, kerr := recordKey(bytes.TrimSpace(line))
			if kerr != nil {
				return nil, false, &jsonl.Error{File: path, Line: len(lines) + 1, Err: kerr}
			}
			rank, ok := order[key]
			if !ok {
				rank = len(order)
			}
			if n := len(lines); n > 0 && rank < lines[n-1].rank {
				sorted = false
			}
			lines = append(lines, outputLine{rank: rank, off: off, length: int64(len(line))})
			off += int64(len(line))
		}
		if errors.Is(err, io.EOF) {
			return lines, sorted, nil
		}
		if err != nil {
			return nil, false, err
		}
	}
}

// readLine reads one whole line, however long, with its newline.
func readLine(br *bufio.Reader) ([]byte, error) {
	var long []byte
	for {
		part, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			long = append(long, part...)
			continue
		}
		if long != nil {
			return append(long, part...), err
		}
		return part, err
	}
}
