package view_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"

	"github.com/grpodata/grpodata/view"
)

// Index a file and mount the viewer under /view/ of another server.
func ExampleHandler() {
	dir, _ := os.MkdirTemp("", "view-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "groups.jsonl")
	os.WriteFile(path, []byte(`{"id":"a","prompt":"2+2?","responses":[{"text":"4","score":1.0},{"text":"5","score":0.0}],"category":"math"}
{"id":"b","prompt":"3+3?","responses":[{"text":"6","score":1.0},{"text":"6","score":1.0}],"category":"math"}
`), 0o644)

	ix, err := view.Build(context.Background(), []string{path}, view.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ix.Close()
	g := ix.Groups[0]
	fmt.Printf("%d groups; the first: line %d, pass rate %.2f, zero variance %v\n", len(ix.Groups), g.Line, g.PassRate, g.ZeroVar)

	mux := http.NewServeMux()
	mux.Handle("/view/", http.StripPrefix("/view", view.Handler(ix)))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/view/?zv=1")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	matched := regexp.MustCompile(`<b id="matched">(\d+)</b> of (\d+) groups`).FindSubmatch(page)
	fmt.Printf("zero-variance groups: %s of %s\n", matched[1], matched[2])
	// Output:
	// 2 groups; the first: line 1, pass rate 0.50, zero variance false
	// zero-variance groups: 1 of 2
}
