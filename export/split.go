package export

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
)

// The verl validation split: a row goes to NAME-val.parquet when the hash of
// its record key falls below --val-fraction, so the same rows are held out
// on every run whatever the input order. When no row falls below it and
// there are at least two rows, the row with the smallest hash is held out
// instead: verl validates before training and needs a non-empty file.

// ValSplit is the extra_info.split of the rows in the validation file.
const ValSplit = "val"

// ValPath is the validation file written beside a verl export: NAME.parquet
// gives NAME-val.parquet.
func ValPath(path string) string {
	ext := filepath.Ext(path)
	if ext == "" {
		ext = ".parquet"
	}
	return strings.TrimSuffix(path, filepath.Ext(path)) + "-val" + ext
}

// splittable reports whether files are written beside dest: it is a
// regular file (or not there yet), not stdout, a device, a FIFO, a socket or
// a descriptor.
func splittable(dest string) bool {
	if dest == "" || dest == "-" || strings.HasPrefix(dest, "/dev/") || strings.HasPrefix(dest, "/proc/") {
		return false
	}
	fi, err := os.Stat(dest)
	if err != nil {
		return errors.Is(err, fs.ErrNotExist)
	}
	return fi.Mode().IsRegular()
}

// keyHash is a record key's place in [0, 1).
func keyHash(key string) float64 {
	h := sha256.Sum256([]byte(key))
	return float64(binary.BigEndian.Uint64(h[:8])>>11) / (1 << 53)
}

// splitEncoder writes train rows to one verl encoder and held-out rows to
// another, on its own atomic file. While no row has gone to validation, the
// train row of smallest hash is held back (not yet written), so that it can
// become the validation row at the end.
type splitEncoder struct {
	train, val *parquetEncoder[verlRow]
	valFile    *jsonl.File
	frac       float64
	opt        Options
	trainRows  int
	valRows    int
	held       *record.Record
	heldHash   float64
}

func newSplitEncoder(train *parquetEncoder[verlRow], opt Options) (*splitEncoder, error) {
	f, err := jsonl.CreateFile(ValPath(opt.Dest), nil, false)
	if err != nil {
		return nil, outputError(ValPath(opt.Dest), err)
	}
	vopt := opt
	vopt.Split = ValSplit
	return &splitEncoder{train: train, val: newVerlEncoder(f, vopt), valFile: f, frac: opt.ValFraction, opt: opt, heldHash: math.Inf(1)}, nil
}

func (e *splitEncoder) Encode(rec *record.Record) (Result, error) {
	var res Result
	if _, ok := newVerlRow(rec, 0, e.opt, &res); !ok {
		return res, nil // skipped: the same reason whichever file
	}
	h := keyHash(rec.Key())
	if h < e.frac {
		if err := e.release(); err != nil {
			return res, err
		}
		e.valRows++
		return e.val.Encode(rec)
	}
	if e.valRows > 0 {
		e.trainRows++
		return e.train.Encode(rec)
	}
	// No validation row yet: hold back the smallest hash.
	if h < e.heldHash {
		if err := e.release(); err != nil {
			return res, err
		}
		e.held, e.heldHash = rec, h
		return res, nil
	}
	e.trainRows++
	return e.train.Encode(rec)
}

// release writes the held-back row to the train file.
func (e *splitEncoder) release() error {
	if e.held == nil {
		return nil
	}
	rec := e.held
	e.held, e.heldHash = nil, math.Inf(1)
	e.trainRows++
	_, err := e.train.Encode(rec)
	return err
}

func (e *splitEncoder) Close() error {
	if e.held != nil {
		if e.valRows == 0 && e.trainRows > 0 {
			rec := e.held
			e.held = nil
			e.valRows++
			if _, err := e.val.Encode(rec); err != nil {
				return outputError(ValPath(e.opt.Dest), err)
			}
		} else if err := e.release(); err != nil {
			return err
		}
	}
	if err := e.train.Close(); err != nil {
		return err
	}
	if e.valRows == 0 { // a single row: nothing to hold out, no file
		e.valFile.Close()
		return nil
	}
	if err := e.val.Close(); err != nil {
		return outputError(ValPath(e.opt.Dest), err)
	}
	if err := e.valFile.Commit(); err != nil {
		return outputError(ValPath(e.opt.Dest), err)
	}
	return nil
}

// abort removes the validation file's temporary after a failed export.
func (e *splitEncoder) abort() { e.valFile.Close() }

// ValRows is the number of rows held out for validation.
func (e *splitEncoder) ValRows() int { return e.valRows }
