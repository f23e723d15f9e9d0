package view

import (
	"cmp"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func testIndex(t *testing.T, n int) *Index {
	t.Helper()
	ix, err := Build(context.Background(), []string{writeSynthetic(t, n)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func get(t *testing.T, h http.Handler, target string) (int, http.Header, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, rec.Result().Header, string(body)
}

// Model text reaches the page escaped, never as markup.
func TestGroupPageEscapes(t *testing.T) {
	ix := testIndex(t, 20)
	code, hdr, body := get(t, Handler(ix), "/group?g=5")
	if code != http.StatusOK {
		t.Fatalf("HTTP %d: %s", code, body)
	}
	for _, bad := range []string{"<script>window.__pwned", "</script><script>", `<img src=x`, "<b>bold</b>", "<script>alert(1)"} {
		if strings.Contains(body, bad) {
			t.Errorf("page contains %q unescaped", bad)
		}
	}
	for _, want := range []string{"&lt;/script&gt;&lt;script&gt;window.__pwned = 1&lt;/script&gt;", "&lt;img src=x onerror=", "thinking about it &lt;script&gt;", "&lt;/script&gt;&lt;script&gt;window.__pwned = 3"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks the escaped text %q", want)
		}
	}
	if csp := hdr.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
		t.Errorf("CSP %q allows scripts", csp)
	}
}

func TestReadOnlyAndErrors(t *testing.T) {
	h := Handler(testIndex(t, 10))
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(m, "/", strings.NewReader("x")))
		if rec.Code != http.StatusMethodNotAllowed {
			t.Errorf("%s: HTTP %d", m, rec.Code)
		}
	}
	for target, want := range map[string]int{"/group?g=10": 404, "/group?g=-1": 404, "/group?g=x": 404, "/nope": 404, "/static/view.css": 200, "/?pmin=abc": 200} {
		if code, _, _ := get(t, h, target); code != want {
			t.Errorf("%s: HTTP %d, want %d", target, code, want)
		}
	}
	if _, _, body := get(t, h, "/?pmin=abc"); !strings.Contains(body, `pmin: &#34;abc&#34; is not a number`) {
		t.Errorf("a bad parameter is not reported")
	}
}

// Under a prefix every link stays under it, and the bare prefix redirects.
func TestMountedUnderPrefix(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/view/", http.StripPrefix("/view", Handler(testIndex(t, 60))))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/view")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/view/" {
		t.Fatalf("/view ended at %s, HTTP %d", resp.Request.URL, resp.StatusCode)
	}
	_, _, body := get(t, mux, "/view/?cat=code&sort=pass")
	base, _ := url.Parse(srv.URL + "/view/?cat=code")
	links := 0
	for _, part := range strings.Split(body, `href="`)[1:] {
		href := strings.ReplaceAll(part[:strings.IndexByte(part, '"')], "&amp;", "&")
		u, err := base.Parse(href)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(u.Path, "/view/") {
			t.Errorf("link %q leaves the mount: %s", href, u.Path)
		}
		r, err := http.Get(u.String())
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != 200 {
			t.Errorf("link %q: HTTP %d", href, r.StatusCode)
		}
		links++
		if links > 30 {
			break
		}
	}
	if links < 10 {
		t.Errorf("only %d links checked", links)
	}
}

// Match agrees with a plain loop over the groups for every filter.
func TestMatchFilters(t *testing.T) {
	ix := testIndex(t, 300)
	reasonID := ix.labelID["mismatch"]
	for _, c := range []struct {
		query string
		keep  func(g *Group) bool
	}{
		{"", func(*Group) bool { return true }},
		{"cat=code", func(g *Group) bool { return ix.Labels[g.Category] == "code" }},
		{"cat=(none)", func(g *Group) bool { return ix.Labels[g.Category] == "(none)" }},
		{"diff=hard&zv=1", func(g *Group) bool { return ix.Labels[g.Difficulty] == "hard" && g.ZeroVar }},
		{"pmin=0.25&pmax=0.75", func(g *Group) bool { return g.Scored > 0 && g.PassRate >= 0.25 && g.PassRate <= 0.75 }},
		{"pmin=25%25", func(g *Group) bool { return g.Scored > 0 && g.PassRate >= 0.25 }},
		{"reason=mismatch", func(g *Group) bool {
			for _, r := range g.Reasons {
				if r == reasonID {
					return true
				}
			}
			return false
		}},
		{"q=CHAT+problem", func(g *Group) bool { return strings.Contains(g.Excerpt, "Chat problem") }},
		{"q=rec-0042", func(g *Group) bool { return g.ID == "rec-0042" }},
		{"cat=nosuch", func(*Group) bool { return false }},
	} {
		v, _ := url.ParseQuery(c.query)
		q, err := ParseQuery(v)
		if err != nil {
			t.Fatal(err)
		}
		got := ix.Match(q)
		want := 0
		for i := range ix.Groups {
			if c.keep(&ix.Groups[i]) {
				want++
			}
		}
		if len(got) != want {
			t.Errorf("%s: %d groups, want %d", c.query, len(got), want)
		}
		if c.query != "" && c.query != "cat=nosuch" && (want == 0 || want == len(ix.Groups)) {
			t.Errorf("%s: the fixture does not exercise this filter (%d groups)", c.query, want)
		}
	}
}

func TestMatchSorts(t *testing.T) {
	ix := testIndex(t, 200)
	for _, key := range sortKeys {
		for _, desc := range []bool{false, true} {
			got := ix.Match(Query{Sort: key, Desc: desc, PassMax: 1})
			cmp := comparer(ix, key)
			for i := 1; i < len(got); i++ {
				c := cmp(&ix.Groups[got[i-1]], &ix.Groups[got[i]])
				if desc {
					c = -c
				}
				if c > 0 || c == 0 && got[i-1] > got[i] {
					t.Fatalf("sort %s desc=%v: %d before %d", key, desc, got[i-1], got[i])
				}
			}
		}
	}
}

// A query survives the trip through the URL.
func TestQueryRoundTrip(t *testing.T) {
	q := Query{Q: "x & y", Category: "a b", Difficulty: "hard", Reason: "no answer found", PassMin: 0.2, PassMax: 0.8, ZeroVar: true, Sort: "pass", Desc: true, Page: 3, PerPage: 20}
	got, err := ParseQuery(q.Values())
	if err != nil || got != q {
		t.Fatalf("%+v -> %q -> %+v (%v)", q, q.Values().Encode(), got, err)
	}
	if d, _ := ParseQuery(url.Values{}); d.Values().Encode() != "" {
		t.Errorf("default query encodes as %q", d.Values().Encode())
	}
}

func TestChartsReport(t *testing.T) {
	h := Handler(testIndex(t, 900))
	code, hdr, body := get(t, h, "/report?cat=code")
	if code != 200 || !strings.Contains(body, `id="score-hist"`) {
		t.Fatalf("HTTP %d, no score chart", code)
	}
	if !strings.Contains(body, "all 180 groups of this filter (900 in the file)") {
		t.Errorf("report does not say which groups it covers")
	}
	if !strings.Contains(hdr.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Errorf("report CSP %q", hdr.Get("Content-Security-Policy"))
	}
	if _, _, body := get(t, h, "/report"); !strings.Contains(body, "400 evenly spaced groups of the 900 of this filter") {
		t.Errorf("a large filter is not said to be spread")
	}
	if _, _, body := get(t, h, "/charts?zv=0"); !strings.Contains(body, `href="charts?all=1&amp;zv=0"`) {
		t.Errorf("no link to charts over every group:\n%s", body)
	}
	_, _, body = get(t, h, "/report?all=1")
	if !strings.Contains(body, "all 900 groups of this filter (900 in the file)") || !strings.Contains(body, `"records":900,`) {
		t.Errorf("?all=1 does not read every group")
	}
}

// comparer is the test's own statement of each sort order.
func comparer(ix *Index, key string) func(a, b *Group) int {
	switch key {
	case "id":
		return func(a, b *Group) int { return strings.Compare(a.ID, b.ID) }
	case "category":
		return func(a, b *Group) int { return strings.Compare(ix.Labels[a.Category], ix.Labels[b.Category]) }
	case "difficulty":
		return func(a, b *Group) int { return strings.Compare(ix.Labels[a.Difficulty], ix.Labels[b.Difficulty]) }
	case "size":
		return func(a, b *Group) int { return cmp.Compare(a.Size, b.Size) }
	case "mean":
		return func(a, b *Group) int { return cmp.Compare(a.Mean, b.Mean) }
	case "pass":
		return func(a, b *Group) int { return cmp.Compare(a.PassRate, b.PassRate) }
	case "std":
		return func(a, b *Group) int { return cmp.Compare(a.Std, b.Std) }
	case "zv":
		return func(a, b *Group) int { return cmp.Compare(b2i(a.ZeroVar), b2i(b.ZeroVar)) }
	case "tokens":
		return func(a, b *Group) int { return cmp.Compare(a.MeanTokens, b.MeanTokens) }
	}
	return func(a, b *Group) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	}
}

// Several files: one index, each group reading from its own file, the
// table naming the file.
func TestSeveralFiles(t *testing.T) {
	a, b := writeSynthetic(t, 30), writeSynthetic(t, 12)
	ix, err := Build(context.Background(), []string{a, b}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if len(ix.Groups) != 42 || ix.Groups[30].File != 1 || ix.Groups[30].Line != 1 {
		t.Fatalf("%d groups; group 30: file %d line %d", len(ix.Groups), ix.Groups[30].File, ix.Groups[30].Line)
	}
	rec, err := ix.Record(31)
	if err != nil || rec.ID != "rec-0001" {
		t.Fatalf("group 31: %v %v", rec, err)
	}
	if _, _, body := get(t, Handler(ix), "/?per=500"); !strings.Contains(body, b+":1</a>") {
		t.Errorf("the table does not name the second file")
	}
}

// The form sends every field; the table answers with the short link.
func TestFormQueryRedirects(t *testing.T) {
	h := Handler(testIndex(t, 10))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/?q=rec&cat=&diff=&reason=&pmin=0&pmax=1&zv=1", nil))
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "?q=rec&zv=1" {
		t.Errorf("HTTP %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/?cat=&pmin=0", nil))
	if rec.Header().Get("Location") != "./" {
		t.Errorf("defaults redirect to %q", rec.Header().Get("Location"))
	}
}

// One group's page shows every part of every response, reasoning folded.
func TestGroupPageShowsResponses(t *testing.T) {
	line := `{"id":"g1","prompt":[{"role":"system","content":"Be brief."},{"role":"user","content":"Reverse abc."}],"answer":"cba","tests":["assert f('abc') == 'cba'"],"entry_point":"f",` +
		`"responses":[` +
		`{"text":"<think>reverse it</think>\nThe answer is cba","score":1.0,"reasoning":"chain of thought","metadata":{"verifier":{"name":"code","extracted":"cba","reason":"all 3 tests passed"}}},` +
		`{"text":"abc","score":0.3333333333333333,"correct":false,"execution_output":"AssertionError: test 2","metadata":{"verifier":{"name":"code","extracted":"abc","reason":"1/3 tests passed"}}},` +
		`{"text":"no idea","score":null}],"source":"unit"}`
	path := filepath.Join(t.TempDir(), "one.jsonl")
	if err := os.WriteFile(path, []byte(line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err := Build(context.Background(), []string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	_, _, body := get(t, Handler(ix), "/group?g=0")
	for _, want := range []string{
		`<div class="role">system</div><pre>Be brief.</pre>`, `<div class="role">user</div><pre>Reverse abc.</pre>`,
		`<code id="answer">cba</code>`,
		`class="response correct"`, `class="response incorrect"`, `class="response unscored"`,
		`<span class="verdict">not verified</span>`,
		`<b class="score" title="0.3333333333333333">0.333</b>`,
		`<dd><code class="extracted">abc</code></dd>`, `<dd class="reason">1/3 tests passed</dd>`,
		`<details class="reasoning"><summary>reasoning</summary><pre>chain of thought</pre></details>`,
		`<details class="reasoning"><summary>&lt;think&gt; block</summary><pre>reverse it</pre></details>`,
		`<pre class="text">The answer is cba</pre>`,
		`<summary>execution output</summary><pre>AssertionError: test 2</pre>`,
		"source unit", `<code>f</code>`, `<summary>tests</summary><pre>[
  &#34;assert f(&#39;abc&#39;) == &#39;cba&#39;&#34;
]</pre>`,
		"mean 0.667", "pass rate 50.0%", // stats over the two scored responses
	} {
		if !strings.Contains(body, want) {
			t.Errorf("group page lacks %s", want)
		}
	}
	if n := strings.Count(body, `<article class="response`); n != 3 {
		t.Errorf("%d responses shown, want 3", n)
	}
}
