package llm

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Pinger is implemented by backends that talk to a server. Ping asks the
// server for anything at all (its model list) and succeeds on any HTTP
// answer, whatever the status: it tells "the server is there" from "nothing
// is listening", not whether the key or model are right (the first real
// call says that, once, as a run-fatal error).
type Pinger interface {
	Ping(ctx context.Context) error
}

// ErrUnreachable is matched by Preflight's error when no endpoint answered.
var ErrUnreachable = errors.New("no endpoint reachable")

// DefaultPreflightTimeout bounds each endpoint's ping.
const DefaultPreflightTimeout = 5 * time.Second

// Preflight pings every endpoint whose backend is a Pinger, at once, each
// within timeout, so that a run against servers that are down fails in
// seconds instead of retrying for minutes. It returns the endpoints that
// answered (and those that cannot be pinged) and one error per endpoint that
// did not; when none is left, the error wraps ErrUnreachable and names each
// endpoint's reason ("connection refused", "no such host", ...).
func Preflight(ctx context.Context, eps []Endpoint, timeout time.Duration) (ok []Endpoint, down []error, err error) {
	if timeout <= 0 {
		timeout = DefaultPreflightTimeout
	}
	errs := make([]error, len(eps))
	var wg sync.WaitGroup
	for i, ep := range eps {
		p, can := ep.Backend.(Pinger)
		if !can {
			continue
		}
		wg.Go(func() {
			pctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			if e := p.Ping(pctx); e != nil {
				errs[i] = fmt.Errorf("%s: %s", ep.Name, unreachableReason(e, timeout))
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	for i, ep := range eps {
		if errs[i] != nil {
			down = append(down, errs[i])
		} else {
			ok = append(ok, ep)
		}
	}
	if len(ok) == 0 && len(down) > 0 {
		msgs := make([]string, len(down))
		for i, d := range down {
			msgs[i] = d.Error()
		}
		return nil, down, fmt.Errorf("%w: %s", ErrUnreachable, strings.Join(msgs, "; "))
	}
	return ok, down, nil
}

// unreachableReason says in a few words why a ping failed.
func unreachableReason(err error, timeout time.Duration) string {
	var dns *net.DNSError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused (is the server running, on this port?)"
	case errors.As(err, &dns):
		return "no such host " + dns.Name
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return fmt.Sprintf("no answer within %s", timeout)
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	}
	return err.Error()
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// PingURL is a Ping for HTTP backends: a GET of url with the given headers
// (the key, so a proxy in front does not turn us away before the server
// is reached) that succeeds on any HTTP response.
func PingURL(ctx context.Context, client *http.Client, url string, header http.Header) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

// JoinURL appends a path to a base URL with exactly one slash between them.
func JoinURL(base, path string) string {
	return strings.TrimRight(base, "/") + "/" + strings.TrimLeft(path, "/")
}
