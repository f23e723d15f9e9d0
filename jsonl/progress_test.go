package jsonl

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTrackerReportsSequentialLoops(t *testing.T) {
	path := filepath.Join(t.TempDir(), "in.jsonl")
	os.WriteFile(path, []byte(strings.Repeat(`{"prompt":"p"}`+"\n", 3000)), 0o644)
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var got []Progress
	tr := Track(WithProgress(context.Background(), func(p Progress) { got = append(got, p) }), r)
	for {
		if _, err := r.Next(); err != nil {
			break
		}
		tr.Add()
	}
	if len(got) != 2 || got[0].Records != 1024 || got[1].Records != 2048 || got[1].File != path || got[1].BytesTotal == 0 {
		t.Errorf("reports: %+v", got)
	}
	Track(context.Background(), r).Add() // no reporter: nothing happens
}
