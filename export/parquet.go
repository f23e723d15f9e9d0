package export

import (
	"fmt"
	"io"

	"github.com/parquet-go/parquet-go"

	"github.com/grpodata/grpodata/record"
)

// parquetEncoder writes rows of type T with parquet-go. Rows are handed to the
// writer in small batches and a row group is flushed once the rows since the
// last flush add up to maxBytes (estimated, uncompressed), so memory stays
// about one row group whatever the input size.
type parquetEncoder[T any] struct {
	w        *parquet.GenericWriter[T]
	convert  func(rec *record.Record, index int64) (T, int64, Result)
	batch    []T
	pending  int64 // estimated bytes since the last row-group flush
	maxBytes int64
	rows     int64
}

const parquetBatch = 64

func newParquetEncoder[T any](w io.Writer, opt Options, convert func(*record.Record, int64) (T, int64, Result)) *parquetEncoder[T] {
	maxBytes := opt.RowGroupBytes
	if maxBytes <= 0 {
		maxBytes = DefaultRowGroupBytes
	}
	pw := parquet.NewGenericWriter[T](w,
		parquet.NewSchema("schema", parquet.SchemaOf(new(T))), // the root name pyarrow writes
		parquet.Compression(&parquet.Snappy),                  // the codec every reader has
		parquet.DataPageVersion(1),                            // the most widely read page format
	)
	return &parquetEncoder[T]{w: pw, convert: convert, maxBytes: maxBytes, batch: make([]T, 0, parquetBatch)}
}

func (e *parquetEncoder[T]) Encode(rec *record.Record) (Result, error) {
	row, size, res := e.convert(rec, e.rows)
	if res.Skip != "" {
		return res, nil
	}
	e.rows++
	e.batch = append(e.batch, row)
	e.pending += size
	if len(e.batch) == cap(e.batch) || e.pending >= e.maxBytes {
		if err := e.flushBatch(); err != nil {
			return res, err
		}
	}
	if e.pending >= e.maxBytes {
		if err := e.w.Flush(); err != nil {
			return res, fmt.Errorf("parquet: %w", err)
		}
		e.pending = 0
	}
	return res, nil
}

func (e *parquetEncoder[T]) flushBatch() error {
	if len(e.batch) == 0 {
		return nil
	}
	if _, err := e.w.Write(e.batch); err != nil {
		return fmt.Errorf("parquet: %w", err)
	}
	clear(e.batch) // drop references to the strings
	e.batch = e.batch[:0]
	return nil
}

func (e *parquetEncoder[T]) Close() error {
	if err := e.flushBatch(); err != nil {
		return err
	}
	if err := e.w.Close(); err != nil {
		return fmt.Errorf("parquet: %w", err)
	}
	return nil
}
