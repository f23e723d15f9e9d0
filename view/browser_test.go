package view

import (
	"cmp"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumPath finds a headless-capable Chromium: $GRPODATA_CHROMIUM, else
// Debian's chromium (what .ci/run installs) or a Chrome.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("GRPODATA_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless_shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium not found: install the Debian package chromium or set GRPODATA_CHROMIUM to run the browser test")
	return ""
}

// browser starts headless Chromium for one test.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 760),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx
}

// serveUnder serves the viewer under /view/, as grpodata serve mounts it.
func serveUnder(t *testing.T, ix *Index) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/view/", http.StripPrefix("/view", Handler(ix)))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL + "/view/"
}

// do runs browser steps, failing the test on an error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// load runs steps that navigate (a click on a link, a form submit) and
// waits for the new page.
func load(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("%s: HTTP %d", resp.URL, resp.Status)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// TestInChromium drives the viewer in a real browser: the table loads, a
// filter and a text search narrow it (and land in the URL), a group page
// shows every response, and a response with </script><script> and an
// onerror image is shown as text and runs nothing.
func TestInChromium(t *testing.T) {
	const n = 180
	ix, err := Build(context.Background(), []string{writeSynthetic(t, n)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	base := serveUnder(t, ix)
	ctx := browser(t)
	matched := func() string { return eval[string](t, ctx, `document.getElementById("matched").textContent`) }
	location := func() string { return eval[string](t, ctx, `location.href`) }

	// The table.
	load(t, ctx, chromedp.Navigate(base))
	rows := eval[int](t, ctx, `document.querySelectorAll("#groups tbody tr").length`)
	if matched() != strconv.Itoa(n) || rows != defaultPerPage {
		t.Fatalf("table: %s matched, %d rows; want %d and %d", matched(), rows, n, defaultPerPage)
	}

	// Sorting by a column header, then the next page.
	load(t, ctx, chromedp.Click(chromedp.CSS(`#groups th a[href*="sort=pass"]`)))
	passes := eval[[]string](t, ctx, `[...document.querySelectorAll("#groups tbody tr td:nth-child(8)")].map(td => td.textContent)`)
	if !strings.Contains(location(), "sort=pass") || len(passes) != defaultPerPage {
		t.Fatalf("sorted by pass rate at %s: %d rows", location(), len(passes))
	}
	prev := -1.0
	for _, p := range passes {
		v, _ := strconv.ParseFloat(strings.TrimSuffix(p, "%"), 64) // "" (nothing scored) sorts as 0
		if v < prev {
			t.Fatalf("pass rates not ascending: %q", passes)
		}
		prev = v
	}
	load(t, ctx, chromedp.Click(chromedp.ID("next")))
	if !strings.Contains(location(), "page=2") || eval[int](t, ctx, `document.querySelectorAll("#groups tbody tr").length`) != defaultPerPage {
		t.Fatalf("next page: %s", location())
	}

	// A category filter, through the form.
	load(t, ctx, chromedp.Navigate(base))
	wantCode := 0
	for _, g := range ix.Groups {
		if ix.Labels[g.Category] == "code" {
			wantCode++
		}
	}
	load(t, ctx, chromedp.SetValue(chromedp.CSS(`select[name="cat"]`), "code"), chromedp.Click(chromedp.ID("apply")))
	cats := eval[[]string](t, ctx, `[...document.querySelectorAll("#groups tbody tr td:nth-child(4)")].map(td => td.textContent)`)
	if matched() != strconv.Itoa(wantCode) || wantCode == 0 || wantCode >= n || !strings.Contains(location(), "cat=code") {
		t.Fatalf("category filter: %s matched at %s, want %d", matched(), location(), wantCode)
	}
	for _, c := range cats {
		if c != "code" {
			t.Fatalf("category filter shows a %q row", c)
		}
	}

	// A text search for the group with the hostile response, then its page.
	load(t, ctx, chromedp.Navigate(base))
	load(t, ctx, chromedp.SendKeys(chromedp.CSS(`input[name="q"]`), "REC-0005"), chromedp.Click(chromedp.ID("apply")))
	if matched() != "1" || !strings.Contains(location(), "q=REC-0005") {
		t.Fatalf("search: %s matched at %s, want 1 with ?q=", matched(), location())
	}
	if excerpt := eval[string](t, ctx, `document.querySelector("#groups td.prompt").textContent`); !strings.Contains(excerpt, "</script><script>window.__pwned = 3") {
		t.Errorf("hostile prompt shown as %q", excerpt)
	}
	if eval[bool](t, ctx, `window.__pwned !== undefined`) || eval[int](t, ctx, `document.scripts.length`) != 0 {
		t.Errorf("the hostile prompt ran on the table page")
	}
	load(t, ctx, chromedp.Click(chromedp.CSS(`#groups tbody td.prompt a`)))
	responses := eval[int](t, ctx, `document.querySelectorAll("#responses article.response").length`)
	texts := eval[[]string](t, ctx, `[...document.querySelectorAll("#responses pre.text")].map(p => p.textContent)`)
	rec, err := ix.Record(5)
	if err != nil {
		t.Fatal(err)
	}
	if responses != len(rec.Responses) || len(texts) != len(rec.Responses) || responses < 2 {
		t.Fatalf("group page shows %d responses, the record has %d", responses, len(rec.Responses))
	}
	if texts[0] != hostile {
		t.Errorf("hostile response shown as %q, want the text itself", texts[0])
	}
	pwned := eval[bool](t, ctx, `window.__pwned !== undefined`)
	scripts := eval[int](t, ctx, `document.scripts.length`)
	markup := eval[int](t, ctx, `document.querySelectorAll("#responses pre img, #responses pre b, #responses pre script").length`)
	if pwned || scripts != 0 || markup != 0 {
		t.Errorf("hostile response ran or became markup: pwned %v, %d scripts, %d elements in texts", pwned, scripts, markup)
	}

	// The report's charts for a filter.
	load(t, ctx, chromedp.Navigate(base+"report?cat=code"))
	if charts := eval[int](t, ctx, `document.querySelectorAll("svg.chart").length`); charts < 8 {
		t.Errorf("charts page has %d charts", charts)
	}
	if ready := eval[string](t, ctx, `document.body.getAttribute("data-js") || ""`); ready != "ready" {
		t.Errorf("the report's own script did not run in its sandbox (data-js %q)", ready)
	}
}

// TestScreenshots writes the README's screenshots into
// $GRPODATA_VIEW_SCREENSHOTS, of $GRPODATA_VIEW_SCREENSHOT_INPUT (the
// quickstart's verified.jsonl, say; the test fixture without it) and its
// group $GRPODATA_VIEW_SCREENSHOT_GROUP:
//
//	GRPODATA_VIEW_SCREENSHOTS=docs GRPODATA_VIEW_SCREENSHOT_INPUT=$PWD/runs/quickstart/verified.jsonl \
//	GRPODATA_VIEW_SCREENSHOT_GROUP=37 go test ./view -run Screenshots
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("GRPODATA_VIEW_SCREENSHOTS")
	if dir == "" {
		t.Skip("set GRPODATA_VIEW_SCREENSHOTS to a directory to take the README's screenshots")
	}
	input := os.Getenv("GRPODATA_VIEW_SCREENSHOT_INPUT")
	if input == "" {
		input = writeSynthetic(t, 200)
	}
	data, err := os.ReadFile(input)
	if err != nil {
		t.Fatal(err)
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir()) // the page names the file as given: a short name
	if err := os.WriteFile(filepath.Base(input), data, 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err := Build(context.Background(), []string{filepath.Base(input)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	base := serveUnder(t, ix)
	ctx := browser(t)
	group := cmp.Or(os.Getenv("GRPODATA_VIEW_SCREENSHOT_GROUP"), "0")
	for name, page := range map[string]string{
		"view-table.png":  "?sort=pass&desc=1",
		"view-group.png":  "group?g=" + group + "&sort=pass&desc=1",
		"view-charts.png": "charts?cat=code",
	} {
		load(t, ctx, chromedp.Navigate(base+page))
		do(t, ctx, chromedp.Sleep(700*time.Millisecond)) // the charts' frame
		screenshot(t, ctx, dir, name)
	}
}

func screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", filepath.Join(dir, name))
}
