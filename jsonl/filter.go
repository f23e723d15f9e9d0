package jsonl

// Next returns the next non-blank line that Keep keeps (every line without
// Keep); io.EOF after the last. The line's Data is valid until the next
// call. Line numbers stay those of the file, so errors in a filtered read
// point at the same lines as in a full one.
func (r *Reader) Next() (Line, error) {
	for {
		l, err := r.nextLine()
		if err != nil || r.keep == nil || r.keep(l.Data) {
			return l, err
		}
		r.filtered++
	}
}

// Keep makes the reader yield only the lines keep returns true for; the
// others are counted (Filtered) and never reach the consumer. A shard of a
// run reads its share of the records this way.
func (r *Reader) Keep(keep func(line []byte) bool) { r.keep = keep }

// Filtered is the number of lines Keep left out so far.
func (r *Reader) Filtered() int { return r.filtered }
