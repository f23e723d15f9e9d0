// Command mathcmp scores a labelled equivalence set with grpodata's math
// engine, the way `verify --verifier symbolic_math` does (extract the answer
// from the response, then compare with the reference), and prints accuracy
// and the median time per case. With -verdicts it writes one JSON line per
// case for bench/math_compare.py, which runs Math-Verify on the same cases.
//
// Input: JSONL lines {"ref": "...", "resp": "...", "eq": true|false}
// (mathexpr/testdata/corpus.jsonl has this shape).
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/grpodata/grpodata/mathexpr"
)

type labelled struct {
	Ref  string `json:"ref"`
	Resp string `json:"resp"`
	Eq   bool   `json:"eq"`
}

func main() {
	in := flag.String("cases", "mathexpr/testdata/corpus.jsonl", "labelled cases (JSONL)")
	verdicts := flag.String("verdicts", "", "write per-case verdicts and times here")
	rounds := flag.Int("rounds", 5, "timing rounds per case (the median is kept)")
	relabelPath := flag.String("relabel", "mathexpr/testdata/corpus_relabel.jsonl",
		"corrected labels {line, eq} for the corpus (as TestCorpus applies them); \"\" for none")
	flag.Parse()
	f, err := os.Open(*in)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer f.Close()
	var cases []labelled
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var c labelled
		if json.Unmarshal(sc.Bytes(), &c) == nil && c.Ref != "" {
			cases = append(cases, c)
		}
	}
	if *relabelPath != "" && *in == "mathexpr/testdata/corpus.jsonl" {
		if err := relabel(*relabelPath, cases); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	var out *json.Encoder
	if *verdicts != "" {
		vf, err := os.Create(*verdicts)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		defer vf.Close()
		out = json.NewEncoder(vf)
	}
	right := 0
	times := make([]float64, 0, len(cases))
	for i, c := range cases {
		var got bool
		var best []float64
		for r := 0; r < *rounds; r++ {
			start := time.Now()
			got = judge(c.Ref, c.Resp)
			best = append(best, float64(time.Since(start).Nanoseconds())/1e3)
		}
		sort.Float64s(best)
		us := best[len(best)/2]
		times = append(times, us)
		if got == c.Eq {
			right++
		}
		if out != nil {
			out.Encode(map[string]any{"i": i, "got": got, "eq": c.Eq, "us": us})
		}
	}
	sort.Float64s(times)
	fmt.Printf("grpodata mathexpr: %d/%d correct (%.2f%%), median %.1f µs per case, mean %.1f µs\n",
		right, len(cases), 100*float64(right)/float64(len(cases)), times[len(times)/2], mean(times))
}

// judge extracts the candidate answer from the response text (when it has
// one; a bare answer is used as is) and compares it with the reference.
func judge(ref, resp string) bool {
	cand := resp
	if a, _, ok := mathexpr.Extract(resp); ok {
		cand = a
	}
	res, err := mathexpr.Equivalent(context.Background(), ref, cand, mathexpr.Options{Timeout: time.Second})
	return err == nil && res.Equal
}

// relabel applies corrected labels to corpus lines (1-based), as mathexpr's TestCorpus does.
func relabel(path string, cases []labelled) error {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var r struct {
			Line int  `json:"line"`
			Eq   bool `json:"eq"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if r.Line < 1 || r.Line > len(cases) {
			return fmt.Errorf("%s: line %d out of range", path, r.Line)
		}
		cases[r.Line-1].Eq = r.Eq
	}
	return nil
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
