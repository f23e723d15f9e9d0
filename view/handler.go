package view

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
)

//go:embed assets
var assets embed.FS

var pages = template.Must(template.ParseFS(assets, "assets/*.tmpl"))

// Handler serves the viewer over ix: the groups table at "/", one group at
// "/group", the report's charts for the current filter at "/charts" and
// its static files under "/static/". Every link it writes is relative, so
// it works mounted under a prefix too:
//
//	mux.Handle("/view/", http.StripPrefix("/view", view.Handler(ix)))
//
// It only reads: any method but GET and HEAD is refused, and the index's
// files are open read-only.
func Handler(ix *Index) http.Handler {
	s := &server{ix: ix}
	go ix.warmOrders()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.table)
	mux.HandleFunc("GET /group", s.group)
	mux.HandleFunc("GET /charts", s.charts)
	mux.HandleFunc("GET /report", s.report)
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(mustSub(assets, "assets/static"))))
	return guard(mux)
}

type server struct {
	ix *Index

	facetOnce                 sync.Once
	cats, diffs, reasonFacets []LabelCount
}

func (s *server) facets() ([]LabelCount, []LabelCount, []LabelCount) {
	s.facetOnce.Do(func() { s.cats, s.diffs, s.reasonFacets = s.ix.facets() })
	return s.cats, s.diffs, s.reasonFacets
}

// pagePolicy forbids every script and every remote load on the viewer's
// own pages: model text is escaped by html/template, and even if some
// markup got through it could not run.
const pagePolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'"

// reportPolicy is the report page's: its own inline style and script,
// nothing from elsewhere, and a sandbox (an origin of its own), so even a
// fault in the report could not reach the viewer's pages.
const reportPolicy = "sandbox allow-scripts; default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'self'"

// guard refuses writes, sets the security headers and sends a bare mount
// path ("/view" under StripPrefix) to its directory form.
func guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "read-only: "+r.Method+" is not allowed", http.StatusMethodNotAllowed)
			return
		}
		if r.URL.Path == "" { // "/view" with the prefix stripped: go to "/view/", relatively
			mount, _, _ := strings.Cut(r.RequestURI, "?")
			target := path.Base(mount) + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			redirect(w, target, http.StatusMovedPermanently)
			return
		}
		h := w.Header()
		h.Set("Content-Security-Policy", pagePolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// redirect sends a relative Location as it is (http.Redirect would make it
// absolute from the path the handler sees, which under a mount prefix is
// not the browser's).
func redirect(w http.ResponseWriter, target string, status int) {
	w.Header().Set("Location", target)
	w.WriteHeader(status)
}

// render executes a page into memory first, so a template error is a 500
// rather than half a page.
func (s *server) render(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		http.Error(w, "rendering "+name+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func (s *server) fail(w http.ResponseWriter, status int, msg string) {
	s.render(w, status, "error.tmpl", errorPage{Title: s.title(), Message: msg})
}

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

type errorPage struct{ Title, Message string }

func (s *server) title() string {
	names := make([]string, len(s.ix.Files))
	for i, f := range s.ix.Files {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}
