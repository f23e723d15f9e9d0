package jsonl

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// parse accepts lines that are a number; "bad" is a bad record, "boom" a
// failure that is not about the record.
func parse(l Line) (int, error) {
	switch s := string(l.Data); s {
	case "bad":
		return 0, Bad(fmt.Errorf("field: not a number"))
	case "boom":
		return 0, errors.New("disk on fire")
	default:
		var n int
		_, err := fmt.Sscan(s, &n)
		return n, err
	}
}

func TestParallelMapBadRecordPolicy(t *testing.T) {
	many := strings.Repeat("1\nbad\n", 50) // more bad records than Skipped keeps
	tests := []struct {
		name, in string
		skip     bool
		sum      int
		err      string
		skipped  string
	}{
		{"all good", "1\n2\n\n3\n", false, 6, "", ""},
		{"bad stops", "1\nbad\n3\n", false, 1, "in:2: field: not a number", ""},
		{"bad skipped", "1\nbad\n3\n\nbad\n", true, 4, "", "skipped 2 bad records (first: in:2: field: not a number)"},
		{"first in input order", many, true, 50, "", "skipped 50 bad records (first: in:2: field: not a number)"},
		{"other errors still stop", "1\nbad\nboom\n4\n", true, 1, "in:3: disk on fire", "skipped 1 bad record (first: in:2: field: not a number)"},
		{"empty", "", false, 0, "in: no records", ""},
		{"blank", "\n \n\t\n", true, 0, "in: no records", ""},
		{"all bad and skipped", "bad\nbad\n", true, 0, "in: no records (all 2 were bad and skipped)", "skipped 2 bad records (first: in:1: field: not a number)"},
	}
	for _, tt := range tests {
		for _, workers := range []int{1, 4} {
			t.Run(fmt.Sprintf("%s/%d", tt.name, workers), func(t *testing.T) {
				r, _ := NewReader(strings.NewReader(tt.in), "in")
				var sk Skipped
				if tt.skip {
					r.SkipBad(&sk)
				}
				sum := 0
				err := ParallelMap(context.Background(), r, Options{Workers: workers, ChunkBytes: 4}, parse, func(_ int, n int) error {
					sum += n
					return nil
				})
				if fmt.Sprint(err) != tt.err && !(err == nil && tt.err == "") {
					t.Errorf("err %v, want %q", err, tt.err)
				}
				if tt.err == "" && sum != tt.sum {
					t.Errorf("sum %d, want %d", sum, tt.sum)
				}
				if got := sk.Summary(); got != tt.skipped {
					t.Errorf("summary %q, want %q", got, tt.skipped)
				}
				if tt.in == many {
					want := "[in:2: field: not a number in:4: field: not a number in:6: field: not a number in:8: field: not a number in:10: field: not a number]"
					if got := fmt.Sprint(sk.Examples()); got != want {
						t.Errorf("examples %s", got)
					}
				}
			})
		}
	}
}

func TestReaderBadForSequentialReads(t *testing.T) {
	r, _ := NewReader(strings.NewReader(""), "f")
	if err := r.Bad(3, Bad(errors.New("x: wrong"))); err == nil || err.Error() != "f:3: x: wrong" || !IsBad(err) {
		t.Errorf("without SkipBad: %v", err)
	}
	var sk Skipped
	r.SkipBad(&sk)
	if err := r.Bad(4, Bad(errors.New("x: wrong"))); err != nil || sk.N() != 1 {
		t.Errorf("with SkipBad: %v, %d skipped", err, sk.N())
	}
	if err := r.Bad(5, errors.New("not marked")); err == nil || err.Error() != "f:5: not marked" {
		t.Errorf("an unmarked error was skipped: %v", err)
	}
	if err := r.NoRecords(0); !errors.Is(err, ErrNoRecords) || err.Error() != "f: no records (all 1 were bad and skipped)" {
		t.Errorf("NoRecords: %v", err)
	}
	if err := r.NoRecords(2); err != nil {
		t.Errorf("NoRecords(2): %v", err)
	}
}
