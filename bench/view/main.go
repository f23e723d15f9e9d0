// Command view measures grpodata view on a file (make one with bench/gen):
// the indexing rate (best of -n in-process builds), then, against the real
// command serving on loopback, the time to the first page after indexing,
// each page's latency (best and worst of -n requests) and the server's peak
// RSS. The targets: index >= 500 MB/s, first page < 1 s, any page
// < 100 ms, peak RSS < 300 MB.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/grpodata/grpodata/view"
)

func main() {
	file := flag.String("file", "", "the file to view (required)")
	bin := flag.String("bin", "grpodata", "the grpodata binary")
	n := flag.Int("n", 5, "runs per measurement (best of n is quoted)")
	flag.Parse()
	if *file == "" {
		fmt.Fprintln(os.Stderr, "usage: view -file FILE [-bin grpodata] [-n 5]")
		os.Exit(2)
	}
	st, err := os.Stat(*file)
	check(err)
	fmt.Printf("file %s: %.0f MB\n", *file, float64(st.Size())/1e6)
	groups := indexRate(*file, *n, st.Size())
	serve(*bin, *file, *n, groups)
}

// indexRate builds the index n times in this process and prints each
// rate, by the clock and per CPU second used (which other processes on a
// shared machine do not change: the rate on idle cores is that times the
// cores).
func indexRate(file string, n int, size int64) int {
	best, bestCPU, groups := 0.0, 0.0, 0
	for i := range n {
		runtime.GC()
		cpu0 := cpuTime()
		ix, err := view.Build(context.Background(), []string{file}, view.Options{})
		check(err)
		cpu := cpuTime() - cpu0
		mb := float64(size) / 1e6
		rate, perCPU := mb/ix.Elapsed.Seconds(), mb/cpu.Seconds()
		fmt.Printf("index run %d: %.2fs, %.0f MB/s; %.2f CPU s, %.0f MB per CPU second; %d groups\n", i+1, ix.Elapsed.Seconds(), rate, cpu.Seconds(), perCPU, len(ix.Groups))
		best, bestCPU, groups = max(best, rate), max(bestCPU, perCPU), len(ix.Groups)
		ix.Close()
	}
	fmt.Printf("index: best of %d %.0f MB/s (target >= 500); %.0f MB per CPU second, so %.0f MB/s on %d idle cores\n",
		n, best, bestCPU, bestCPU*float64(runtime.GOMAXPROCS(0)), runtime.GOMAXPROCS(0))
	return groups
}

// cpuTime is the user and system CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	check(syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var servingRe = regexp.MustCompile(`serving (http://\S+)`)

// serve runs the command, times the first page, every page and reads the
// server's peak RSS.
func serve(bin, file string, n, groups int) {
	cmd := exec.Command(bin, "view", file, "--addr", "127.0.0.1:0")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // the server ends with the bench
	stderr, err := cmd.StderrPipe()
	check(err)
	check(cmd.Start())
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	lines := bufio.NewScanner(stderr)
	base := ""
	for base == "" && lines.Scan() {
		fmt.Println("server:", lines.Text())
		if m := servingRe.FindStringSubmatch(lines.Text()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		fmt.Fprintln(os.Stderr, "the server did not start")
		os.Exit(1)
	}
	go io.Copy(io.Discard, stderr)
	first := fetch(base)
	fmt.Printf("first page after indexing: %s (target < 1s)\n", ms(first))
	worst := time.Duration(0)
	for _, p := range pages(groups) {
		b, w := timePage(base+p, n)
		fmt.Printf("page %-48s best %8s  worst %8s\n", p, ms(b), ms(w))
		worst = max(worst, b)
	}
	fmt.Printf("pages: slowest best-of-%d %s (target < 100ms)\n", n, ms(worst))
	fmt.Printf("server peak RSS: %s (target < 300 MB)\n", peakRSS(cmd.Process.Pid))
}

func pages(groups int) []string {
	rng := rand.New(rand.NewPCG(1, 1))
	p := []string{
		"", "?sort=pass&desc=1", "?sort=tokens", "?sort=id&desc=1", "?cat=code", "?diff=hard&zv=1",
		"?pmin=0.2&pmax=0.4&sort=std", "?q=solve+for+x%3A+3x", "?q=nothing-matches-this", "?reason=(no+verifier+metadata)",
		fmt.Sprintf("?page=%d", groups/50), "?cat=algebra&sort=mean&page=20",
		"charts?cat=code", "report?cat=code&diff=hard", "report", "static/view.css",
	}
	for range 6 {
		p = append(p, fmt.Sprintf("group?g=%d", rng.IntN(groups)))
	}
	return append(p, fmt.Sprintf("group?g=%d&cat=code&sort=pass", rng.IntN(groups)))
}

func timePage(url string, n int) (best, worst time.Duration) {
	best = time.Hour
	for range n {
		d := fetch(url)
		best, worst = min(best, d), max(worst, d)
	}
	return best, worst
}

// fetch GETs a page and reads it all; the time includes the transfer.
func fetch(url string) time.Duration {
	start := time.Now()
	resp, err := http.Get(url)
	check(err)
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	check(err)
	if resp.StatusCode != 200 {
		fmt.Fprintf(os.Stderr, "%s: HTTP %d\n", url, resp.StatusCode)
		os.Exit(1)
	}
	return time.Since(start)
}

func peakRSS(pid int) string {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	check(err)
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			var kb int
			fmt.Sscan(strings.TrimPrefix(l, "VmHWM:"), &kb)
			return fmt.Sprintf("%.0f MB", float64(kb)/1024)
		}
	}
	return "unknown"
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
