// Command generate benchmarks the generate stage's concurrency against a
// loopback OpenAI-compatible server with a fixed latency L: N prompts at
// concurrency C should take N/C x L, within 10%.
//
//	go run ./bench/generate                      # 10,000 prompts, 2,000 in flight, L=5s
//	go run ./bench/generate -latency 1s          # the CPU-bound case (see below)
//	go run ./bench/generate -n 2000 -c 200 -latency 50ms -group 16
//
// The default latency is 5 s, the order of a real group of 16 completions. The
// client and the fake server share the machine's cores and cost about 0.85 ms
// of CPU per request together, so 2,000 in flight at L=1s (2,000 requests a
// second) is CPU-bound on 2 cores and lands about 40% over the ideal; at
// L=5s it is within 10%.
//
// It prints the measured time, the ideal, their ratio and the peak number of
// requests the server had in flight, and exits 1 when the time is more than
// -tolerance over the ideal.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"

	"github.com/grpodata/grpodata/record"
	"time"

	"github.com/grpodata/grpodata/generate"
	"github.com/grpodata/grpodata/llm"
	"github.com/grpodata/grpodata/llm/llmtest"
	"github.com/grpodata/grpodata/llm/openai"
)

func main() {
	n := flag.Int("n", 10000, "prompts")
	c := flag.Int("c", 2000, "concurrency (prompts in flight)")
	lat := flag.Duration("latency", 5*time.Second, "server latency per request")
	group := flag.Int("group", 16, "group size (n per request)")
	tol := flag.Float64("tolerance", 0.10, "allowed excess over N/C x L")
	prof := flag.String("cpuprofile", "", "write a CPU profile")
	flag.Parse()
	if *prof != "" {
		pf, _ := os.Create(*prof)
		pprof.StartCPUProfile(pf)
		defer pprof.StopCPUProfile()
	}
	if err := run(*n, *c, *lat, *group, *tol); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

func run(n, c int, lat time.Duration, group int, tol float64) error {
	srv := llmtest.NewOpenAI(llmtest.Config{Latency: lat, CompletionTokens: 200})
	defer srv.Close()
	dir, err := os.MkdirTemp("", "bench-generate")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	prompts := filepath.Join(dir, "prompts.jsonl")
	f, err := os.Create(prompts)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for i := range n {
		fmt.Fprintf(w, `{"id":"b%d","prompt":"What is %d + %d?","answer":"%d"}`+"\n", i, i, i, 2*i)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	f.Close()
	be, err := openai.New(llm.Config{BaseURL: srv.URL + "/v1", Model: "bench"})
	if err != nil {
		return err
	}
	st := &llm.Stats{}
	b := llm.Stack([]llm.Endpoint{{Name: srv.URL, Backend: be}}, llm.Options{Stats: st})
	start := time.Now()
	p, err := generate.Run(context.Background(), generate.Config{
		Inputs: []string{prompts}, Output: filepath.Join(dir, "out.jsonl"),
		Backend: b, Stats: st, GroupSize: group, Concurrency: c,
	})
	el := time.Since(start)
	if err != nil {
		return err
	}
	rounds := (n + c - 1) / c
	ideal := time.Duration(rounds) * lat
	ratio := float64(el) / float64(ideal)
	fmt.Printf("prompts %d  concurrency %d  latency %v  group %d\n", n, c, lat, group)
	fmt.Printf("elapsed %v  ideal %v  ratio %.3f  peak in flight %d  requests %d  written %d  failed %d  retries %d\n",
		el.Round(time.Millisecond), ideal, ratio, srv.PeakInFlight(), srv.Count(), p.Done, p.Failed, p.LLM.Retries)
	if lat, err := latencies(filepath.Join(dir, "out.jsonl")); err == nil && len(lat) > 0 {
		sort.Float64s(lat)
		fmt.Printf("call time as the client saw it: min %.0fms  median %.0fms  p99 %.0fms  max %.0fms\n",
			lat[0], lat[len(lat)/2], lat[len(lat)*99/100], lat[len(lat)-1])
	}
	if p.Done != int64(n) {
		return fmt.Errorf("wrote %d of %d", p.Done, n)
	}
	if ratio > 1+tol {
		return fmt.Errorf("%.1f%% over the ideal (tolerance %.0f%%)", 100*(ratio-1), 100*tol)
	}
	return nil
}

// latencies reads generation_time_ms of the first response of every record.
func latencies(path string) ([]float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<26)
	var out []float64
	for sc.Scan() {
		r, err := record.Decode(sc.Bytes())
		if err != nil || len(r.Responses) == 0 {
			continue
		}
		var ms float64
		if ok, _ := r.Responses[0].Metadata.Decode("generation_time_ms", &ms); ok {
			out = append(out, ms)
		}
	}
	return out, sc.Err()
}
