// Command mathverify runs grpodata's math engine on Math-Verify's own test cases and prints
// how often the two agree. The cases come from convert.py, which reads a fetched copy of
// huggingface/Math-Verify (their data is not kept in this repository):
//
//	python3 bench/mathverify/convert.py PATH > /tmp/mv.jsonl
//	go run ./bench/mathverify -cases /tmp/mv.jsonl [-v]
//
// Each case is judged the way the symbolic_math verifier judges a response: the gold answer
// is the reference (the engine's clean-up drops $ and honours \boxed{}), the prediction goes
// through mathexpr.Extract, and mathexpr.Equivalent decides. A gold answer that is not a
// plain answer (a sentence) is extracted too. -v lists every disagreement.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"time"

	"github.com/grpodata/grpodata/mathexpr"
)

type mvCase struct {
	Suite    string `json:"suite"`
	Gold     string `json:"gold"`
	Pred     string `json:"pred"`
	Expected bool   `json:"expected"`
}

func main() {
	in := flag.String("cases", "", "cases from convert.py (JSONL)")
	verbose := flag.Bool("v", false, "list every disagreement")
	flag.Parse()
	cases, err := load(*in)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	agree := 0
	per := map[string][2]int{}
	for _, c := range cases {
		got, why, cand := judge(c.Gold, c.Pred)
		s := per[c.Suite]
		s[1]++
		if got == c.Expected {
			agree++
			s[0]++
		} else if *verbose {
			fmt.Printf("DIFF %s want=%v got=%v (%s)\n  gold: %q\n  pred: %q\n  extracted: %q\n", c.Suite, c.Expected, got, why, c.Gold, c.Pred, cand)
		}
		per[c.Suite] = s
	}
	suites := make([]string, 0, len(per))
	for k := range per {
		suites = append(suites, k)
	}
	sort.Strings(suites)
	for _, k := range suites {
		fmt.Printf("%-55s %3d/%3d\n", k, per[k][0], per[k][1])
	}
	fmt.Printf("grpodata agrees with Math-Verify on %d/%d cases (%.1f%%)\n", agree, len(cases), 100*float64(agree)/float64(len(cases)))
}

func load(path string) ([]mvCase, error) {
	if path == "" {
		return nil, fmt.Errorf("mathverify: -cases is required (see convert.py)")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var cases []mvCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var c mvCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, err
		}
		cases = append(cases, c)
	}
	return cases, sc.Err()
}

// judge compares like the verifier: reference as given, candidate extracted. A reference the
// engine cannot read as an answer is extracted as well (Math-Verify parses both sides alike).
// It returns the verdict, its reason and the extracted candidate (with the rule that found it).
func judge(gold, pred string) (bool, string, string) {
	ctx := context.Background()
	opts := mathexpr.Options{Timeout: time.Second}
	cand := pred
	how := "none"
	if a, h, ok := mathexpr.Extract(pred); ok {
		cand, how = a, h
	}
	res, err := mathexpr.Equivalent(ctx, gold, cand, opts)
	if err != nil {
		if g, _, ok := mathexpr.Extract(gold); ok && g != gold {
			res, err = mathexpr.Equivalent(ctx, g, cand, opts)
		}
	}
	if err != nil {
		return false, "error: " + err.Error(), cand + " (" + how + ")"
	}
	return res.Equal, res.Reason, cand + " (" + how + ")"
}
