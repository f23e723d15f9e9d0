package llm_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/grpodata/grpodata/llm"
	"github.com/grpodata/grpodata/llm/openai"
)

// closedURL is a loopback URL nothing listens on.
func closedURL(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr + "/v1"
}

func endpoint(t *testing.T, url string) llm.Endpoint {
	b, err := openai.New(llm.Config{BaseURL: url, Model: "m"})
	if err != nil {
		t.Fatal(err)
	}
	return llm.Endpoint{Name: url, Backend: b}
}

func TestPreflight(t *testing.T) {
	// Any HTTP answer counts, even a 404 or 401: the server is there.
	answering := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/models" {
			t.Errorf("pinged %s", r.URL.Path)
		}
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer answering.Close()
	hang := make(chan struct{})
	silent := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-hang:
		case <-r.Context().Done():
		}
	}))
	defer silent.Close()
	defer close(hang)
	refused := closedURL(t)

	ok, down, err := llm.Preflight(context.Background(), []llm.Endpoint{
		endpoint(t, answering.URL+"/v1"), endpoint(t, refused), {Name: "offline", Backend: llm.BackendFunc(nil)},
	}, time.Second)
	if err != nil || len(ok) != 2 || ok[0].Name != answering.URL+"/v1" || ok[1].Name != "offline" {
		t.Fatalf("ok=%v err=%v", ok, err)
	}
	if len(down) != 1 || !strings.Contains(down[0].Error(), refused+": connection refused") {
		t.Errorf("down = %v", down)
	}

	_, _, err = llm.Preflight(context.Background(), []llm.Endpoint{endpoint(t, refused), endpoint(t, silent.URL+"/v1")}, 300*time.Millisecond)
	if !errors.Is(err, llm.ErrUnreachable) || !strings.Contains(err.Error(), "connection refused") ||
		!strings.Contains(err.Error(), "no answer within 300ms") || strings.Contains(err.Error(), "\n") {
		t.Errorf("err = %q", err)
	}
}
