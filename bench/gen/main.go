// Command gen writes a deterministic synthetic GRPO file for benchmarks:
// -prompts groups of -group responses with chain-of-thought-like texts.
// The same flags always produce the same bytes.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"

	"github.com/grpodata/grpodata/record"
)

var words = strings.Fields(`the we so then let solve equation both sides subtract divide
multiply x y value answer check substitute gives therefore because term factor root
sum product derivative integral simplify compute step first next finally result number
function return def for in range if else while list string reverse append`)

func main() {
	prompts := flag.Int("prompts", 20000, "number of groups")
	group := flag.Int("group", 16, "responses per group")
	words_ := flag.Int("words", 110, "mean words per response")
	seed := flag.Uint64("seed", 1, "random seed")
	out := flag.String("o", "-", "output file")
	flag.Parse()

	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer f.Close()
		w = bufio.NewWriterSize(f, 1<<20)
	}
	defer w.Flush()
	rng := rand.New(rand.NewPCG(*seed, 42))
	cats := []string{"algebra", "calculus", "code", "geometry", "number_theory"}
	diffs := []string{"easy", "medium", "hard"}
	var buf []byte
	for i := 0; i < *prompts; i++ {
		a, b := rng.IntN(50)+1, rng.IntN(100)
		rec := &record.Record{
			ID:         fmt.Sprintf("syn-%07d", i),
			Prompt:     record.Prompt{Text: fmt.Sprintf("Solve for x: %dx + %d = %d. Show your work. (#%d)", a, b, a*7+b, i)},
			Category:   cats[rng.IntN(len(cats))],
			Difficulty: diffs[rng.IntN(len(diffs))],
			Source:     "synthetic",
			Answer:     "7",
		}
		pass := rng.Float64()
		for j := 0; j < *group; j++ {
			n := *words_/2 + rng.IntN(*words_)
			var sb strings.Builder
			for k := 0; k < n; k++ {
				if k > 0 {
					if rng.IntN(12) == 0 {
						sb.WriteString("\n")
					} else {
						sb.WriteByte(' ')
					}
				}
				sb.WriteString(words[rng.IntN(len(words))])
			}
			ok := rng.Float64() < pass
			ans := 7
			if !ok {
				ans = rng.IntN(20)
			}
			fmt.Fprintf(&sb, "\nSo $x = %d$, and the answer is \\boxed{%d}.", ans, ans)
			score := 0.0
			if ok {
				score = 1
			}
			resp := record.Response{Text: sb.String(), Score: &score, Correct: record.Bool(ok)}
			resp.Metadata.Set("model", "synthetic-policy")
			resp.Metadata.Set("temperature", 1.0)
			resp.Metadata.Set("generation_time_ms", 100+rng.IntN(900))
			rec.Responses = append(rec.Responses, resp)
		}
		buf = rec.AppendJSON(buf[:0])
		buf = append(buf, '\n')
		w.Write(buf)
	}
}
