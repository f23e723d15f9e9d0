package export_test

import (
	"context"
	"fmt"
	"os"

	"github.com/grpodata/grpodata/export"
	"github.com/grpodata/grpodata/jsonl"
)

// Export verified groups as TRL preference pairs, written to stdout.
func ExampleRun() {
	in := writeExampleInput()
	defer os.Remove(in)
	st, err := export.Run(context.Background(), []string{in},
		export.Config{Format: "trl-dpo", Output: "-"}, jsonl.Open, os.Stdout)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(st.Written, "pair(s);", st.Skipped)
	// Output:
	// {"prompt":[{"role":"user","content":"1+1?"}],"chosen":[{"role":"assistant","content":"2"}],"rejected":[{"role":"assistant","content":"3"}],"id":"a","score_chosen":1.0,"score_rejected":0.0}
	// 1 pair(s); map[all scores equal (zero variance):1]
}

func writeExampleInput() string {
	f, err := os.CreateTemp("", "example-*.jsonl")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	fmt.Fprintln(f, `{"id":"a","prompt":"1+1?","answer":"2","responses":[{"text":"2","score":1.0},{"text":"3","score":0.0}]}`)
	fmt.Fprintln(f, `{"id":"b","prompt":"2+2?","answer":"4","responses":[{"text":"4","score":1.0},{"text":"4","score":1.0}]}`)
	return f.Name()
}

// The registered formats and the files they write.
func ExampleList() {
	for _, s := range export.List() {
		fmt.Println(s.Name, s.Ext)
	}
	// Output:
	// trl .jsonl
	// trl-dpo .jsonl
	// verl .parquet
	// verl-groups .parquet
}
