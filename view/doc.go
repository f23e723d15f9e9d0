// Package view is grpodata's local browser viewer: an index of GRPO files
// and the http.Handler that serves it (the groups table with sorting,
// paging and filters, one group with all its responses, and the report's
// charts for the current filter). grpodata view serves the handler on a
// loopback address; another server can mount the same handler under a
// prefix, as every link it writes is relative.
//
// Build indexes files by streaming each once, in chunks of whole lines
// parsed in parallel, and keeps per record only its place (file, line,
// byte offset, length) and the numbers the table shows: group size,
// scored and correct counts, mean, std, pass rate and zero variance (all
// computed by stats.Group), mean estimated response tokens
// (tokenize.Estimate), category and difficulty (stats' labels) and the
// failure-reason labels of its responses (report.ReasonLabel), plus short
// excerpts of the id and prompt for the text search. Memory is a few
// hundred bytes per group and a few chunks in flight, never the records;
// pages read their records with one ReadAt each. Compressed inputs (.gz,
// .zst) cannot be seeked into, so they are decompressed once, through
// package jsonl, into a temporary copy that Close removes; the input is
// only ever opened read-only.
//
// The index skims lines with a small hand-written scanner (skim.go) rather
// than decoding them: a general JSON decoder reads each response text once
// per nesting level and builds every string, which is several times too
// slow for the indexing target (hundreds of MB/s). It checks only the
// structure it walks; the group page decodes its record with package
// record, strictly, and shows record's error when there is one.
//
// The charts are package report's page, built by report.Builder over the
// filter's records (read from the file, at most chartGroups of them,
// evenly spaced, so the page stays fast on any file). What the viewer
// does not own: the record format (record), group statistics (stats),
// token counting (tokenize), the charts (report).
//
// Model text is only ever put in a page by html/template, which escapes
// it, and the viewer's pages are served with a Content-Security-Policy
// that allows no script at all; the handler answers GET and HEAD only.
package view
