package report

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// chromium finds a headless-capable Chromium: $GRPODATA_CHROMIUM, else the
// Debian package's binary (apt-get install chromium) or a Chrome.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("GRPODATA_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless_shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium not found: install the Debian package chromium (apt-get install -y chromium) or set GRPODATA_CHROMIUM to run the browser test")
	return ""
}

func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", bin, err, errb.String())
	}
	return out.Bytes()
}

var barRect = regexp.MustCompile(`<rect class="bar ([a-z]+)[^"]*"[^>]*?height="([0-9.]+)"`)

// TestRendersInChromium opens the page in headless Chromium and checks that
// the charts and the script-built parts are in the rendered DOM, then takes
// a screenshot and checks that it is not blank.
func TestRendersInChromium(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "report.html")
	page := render(t, collect(t, Config{Sample: 12, Seed: 1, Tokenizer: "estimate", Filtered: filteredFixture(t, 10)}, fixture))
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + path

	dom := string(runChromium(t, bin, "--dump-dom", url))
	for _, id := range []string{"score-hist", "std-hist", "category-pass", "difficulty-pass", "length-hist", "failure-reasons", "pass-at-k", "advantage-hist", "truncation"} {
		if !strings.Contains(dom, `<svg class="chart" id="`+id+`"`) {
			t.Errorf("rendered DOM lacks chart %s", id)
		}
	}
	bars := map[string]int{} // non-zero bars per chart class
	for _, m := range barRect.FindAllStringSubmatch(dom, -1) {
		if h, _ := strconv.ParseFloat(m[2], 64); h > 0 {
			bars[m[1]]++
		}
	}
	for class, min := range map[string]int{"score": 2, "std": 2, "length": 2, "rate": 6 + 4, "reason": 3, "passk": 3, "adv": 6, "trunc": 6} {
		if bars[class] < min {
			t.Errorf("%d non-zero %s bars, want at least %d (all: %v)", bars[class], class, min, bars)
		}
	}
	// What trainers log, and which data it is.
	for _, want := range []string{`<b>input (before filtering)</b>: testdata/verified.jsonl`, `<table id="filtering">`, `<th>pass@8</th><th>truncated</th>`,
		`>tokens (estimate)</text>`, `responses hit the length limit (finish_reason "length")`, "advantages are 0 because their group's scores are all equal"} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered DOM lacks %q", want)
		}
	}
	// Parts built by the inline script.
	for _, want := range []string{`data-js="ready"`, `<span id="sample-count">Showing 12 of 12 groups</span>`, `data-kind="">All (12)</button>`} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered DOM lacks %q (did the script run?)", want)
		}
	}
	if strings.Count(dom, `<details class="group"`) != 12 {
		t.Errorf("want 12 sample groups")
	}

	shot := filepath.Join(dir, "report.png")
	runChromium(t, bin, "--screenshot="+shot, "--window-size=1280,1800", url)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() != 1280 || b.Dy() != 1800 {
		t.Errorf("screenshot is %v", b)
	}
	colors := map[uint32]bool{}
	dark := 0
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colors[(r>>11)<<10|(g>>11)<<5|bl>>11] = true
			if r+g+bl < 3*0x8000 {
				dark++
			}
		}
	}
	if len(colors) < 40 || dark < 2000 {
		t.Errorf("screenshot looks blank: %d colours, %d dark samples", len(colors), dark)
	}
	if os.Getenv("GRPODATA_KEEP_SCREENSHOT") != "" {
		data, _ := os.ReadFile(shot)
		_ = os.WriteFile(os.Getenv("GRPODATA_KEEP_SCREENSHOT"), data, 0o644)
	}
}
