package fetch

import (
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestFetchSlowDrip: a server that sends its headers, then a byte every
// 100ms, is cut off by the page Timeout.
func TestFetchSlowDrip(t *testing.T) {
	var sent atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for range 100 {
			select {
			case <-r.Context().Done():
				return
			case <-tick.C:
			}
			if _, err := io.WriteString(w, "<"); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			sent.Add(1)
		}
	})
	cfg := testConfig()
	cfg.Timeout = 500 * time.Millisecond
	f := New(cfg)
	start := time.Now()
	fe := fetchErr(t, f, srv.URL+"/drip")
	elapsed := time.Since(start)
	if want := "timeout fetching " + srv.URL + "/drip"; fe.Reason != want {
		t.Errorf("reason %q, want %q", fe.Reason, want)
	}
	if !fe.Temporary {
		t.Errorf("a timeout is not marked temporary")
	}
	if elapsed > 5*time.Second {
		t.Errorf("the drip was read for %v, past the 500ms Timeout", elapsed)
	}
	if n := sent.Load(); n < 2 {
		t.Errorf("the server sent %d bytes of body: the timeout did not hit the body", n)
	}
}

// silentListener accepts connections and reads them, but never answers.
func silentListener(t *testing.T) net.Listener {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	wg.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Go(func() { io.Copy(io.Discard, c) })
		}
	})
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return l
}

// TestFetchHeaderTimeout: a server that takes the request but never
// answers is given up on after HeaderTimeout, well before Timeout.
func TestFetchHeaderTimeout(t *testing.T) {
	l := silentListener(t)
	cfg := testConfig()
	cfg.HeaderTimeout = 300 * time.Millisecond
	cfg.Timeout = 8 * time.Second
	f := New(cfg)
	u := "http://" + l.Addr().String() + "/silent"
	start := time.Now()
	fe := fetchErr(t, f, u)
	elapsed := time.Since(start)
	if want := "timeout fetching " + u + ": net/http: timeout awaiting response headers"; fe.Reason != want {
		t.Errorf("reason %q, want %q", fe.Reason, want)
	}
	if !fe.Temporary {
		t.Errorf("a timeout is not marked temporary")
	}
	if elapsed < 250*time.Millisecond || elapsed > 4*time.Second {
		t.Errorf("gave up after %v, want about the 300ms HeaderTimeout", elapsed)
	}
}

func TestNewWiresTimeouts(t *testing.T) {
	cfg := testConfig()
	cfg.ConnectTimeout = 1234 * time.Millisecond
	cfg.HeaderTimeout = 2345 * time.Millisecond
	tr := New(cfg).client.Transport.(*http.Transport)
	if tr.TLSHandshakeTimeout != cfg.ConnectTimeout || tr.ResponseHeaderTimeout != cfg.HeaderTimeout {
		t.Errorf("TLS handshake timeout %v, header timeout %v", tr.TLSHandshakeTimeout, tr.ResponseHeaderTimeout)
	}
	if !tr.DisableCompression {
		t.Errorf("the transport decodes gzip itself, bypassing the decompressed-size limit")
	}
}

// TestFetchOneBudgetPerPage is issue item 10: a server that drips its body
// cost three page timeouts, one per try. The budget covers the retries: the
// page is requested once and fails within its Timeout.
func TestFetchOneBudgetPerPage(t *testing.T) {
	var requests atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusOK)
		for {
			if _, err := io.WriteString(w, "<"); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
	cfg := testConfig()
	cfg.Timeout = 400 * time.Millisecond
	cfg.Retries = 2
	f := New(cfg)
	start := time.Now()
	fe := fetchErr(t, f, srv.URL+"/drip")
	elapsed := time.Since(start)
	wantReason(t, fe, "timeout fetching")
	if n := requests.Load(); n != 1 {
		t.Errorf("%d requests for a page that used up its budget, want 1", n)
	}
	// The retries' backoff (1 s, then 2 s) alone would exceed this.
	if elapsed > cfg.Timeout+900*time.Millisecond {
		t.Errorf("the page took %v, more than its %v budget", elapsed, cfg.Timeout)
	}
}

// TestFetchRetriesWithinBudget: a temporary failure that leaves time is
// retried; a Retry-After longer than what is left is not waited for.
func TestFetchRetriesWithinBudget(t *testing.T) {
	var requests atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, page)
	})
	cfg := testConfig()
	cfg.Timeout = 5 * time.Second
	cfg.Retries = 2
	mustFetch(t, New(cfg), srv.URL+"/flaky")
	if n := requests.Load(); n != 2 {
		t.Errorf("%d requests, want 2 (one retry)", n)
	}

	requests.Store(0)
	slow := serve(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Retry-After", "60")
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	cfg.Timeout = time.Second
	wantReason(t, fetchErr(t, New(cfg), slow.URL+"/busy"), "503")
	if n := requests.Load(); n != 1 {
		t.Errorf("%d requests, want 1: a 60 s Retry-After does not fit a 1 s budget", n)
	}
}
