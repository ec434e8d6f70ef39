package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dealwire/dealwire/pipeline"
)

const page = `<!doctype html><html><head><title>Sony and Netflix</title></head>
<body><article><p>Sony Pictures Television signed a production deal with Netflix.</p></article></body></html>`

// testConfig is polite enough for a loopback server and fast.
func testConfig() Config {
	return Config{
		HostInterval:    time.Millisecond,
		HostConcurrency: 4,
		Timeout:         5 * time.Second,
		IgnoreRobots:    true,
		AllowPrivate:    true,
		Retries:         -1,
	}
}

// server runs h on loopback and counts the requests by path and query.
type server struct {
	*httptest.Server
	mu    sync.Mutex
	hits  map[string]int
	times map[string][]time.Time
	ua    []string
}

func serve(t *testing.T, h http.HandlerFunc) *server {
	t.Helper()
	s := &server{hits: map[string]int{}, times: map[string][]time.Time{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.RequestURI()]++
		s.times[r.URL.RequestURI()] = append(s.times[r.URL.RequestURI()], time.Now())
		s.ua = append(s.ua, r.Header.Get("User-Agent"))
		s.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *server) at(path string) []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.times[path]...)
}

func (s *server) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.hits {
		n += c
	}
	return n
}

func htmlPage(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	io.WriteString(w, body)
}

// fetchErr fetches src and returns its *Error, failing if it succeeds.
func fetchErr(t *testing.T, f *Fetcher, src string) *Error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	a, err := f.Fetch(ctx, src)
	if err == nil {
		t.Fatalf("Fetch(%q) succeeded (final %s), want an error", src, a.FinalURL)
	}
	if a != nil {
		t.Errorf("Fetch(%q) returned an article with its error", src)
	}
	var fe *Error
	if !errors.As(err, &fe) {
		t.Fatalf("Fetch(%q) error %T %v is not a *fetch.Error", src, err, err)
	}
	if fe.Reason == "" || fe.Error() != fe.Reason {
		t.Errorf("error reason %q, Error() %q", fe.Reason, fe.Error())
	}
	return fe
}

func mustFetch(t *testing.T, f *Fetcher, src string) *pipeline.RawArticle {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	a, err := f.Fetch(ctx, src)
	if err != nil {
		t.Fatalf("Fetch(%q): %v", src, err)
	}
	return a
}

func wantReason(t *testing.T, fe *Error, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(fe.Reason, s) {
			t.Errorf("reason %q does not mention %q", fe.Reason, s)
		}
	}
}

func TestFetchSuccess(t *testing.T) {
	body := `<!doctype html><html><head><title>Deal</title>
<link rel="canonical" href="/canonical/article?utm_source=feed"></head>
<body><p>Sony Pictures Television signed a production deal with Netflix.</p></body></html>`
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/old":
			http.Redirect(w, r, "/article", http.StatusMovedPermanently)
		case "/article":
			w.Header().Set("ETag", `"v42"`)
			w.Header().Set("Last-Modified", "Tue, 05 Mar 2024 10:00:00 GMT")
			htmlPage(w, body)
		default:
			http.NotFound(w, r)
		}
	})
	cfg := testConfig()
	cfg.UserAgent = "dealwire-test/1.0 (+https://example.com/bot)"
	f := New(cfg)
	src := srv.URL + "/old"
	before := time.Now()
	a := mustFetch(t, f, src)
	after := time.Now()

	checks := []struct{ field, got, want string }{
		{"Source", a.Source, src},
		{"URL", a.URL, src},
		{"FinalURL", a.FinalURL, srv.URL + "/article"},
		{"CanonicalURL", a.CanonicalURL, srv.URL + "/canonical/article"},
		{"ContentType", a.ContentType, "text/html; charset=utf-8"},
		{"ETag", a.ETag, `"v42"`},
		{"LastModified", a.LastModified, "Tue, 05 Mar 2024 10:00:00 GMT"},
		{"ID", a.ID, pipeline.ArticleID(srv.URL+"/canonical/article", []byte(body))},
		{"Body", string(a.Body), body},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
	if a.Status != http.StatusOK {
		t.Errorf("Status = %d, want 200", a.Status)
	}
	if a.FetchedAt.Before(before) || a.FetchedAt.After(after) || a.FetchedAt.Location() != time.UTC {
		t.Errorf("FetchedAt = %v, want a UTC time between %v and %v", a.FetchedAt, before, after)
	}
	srv.mu.Lock()
	uas := append([]string(nil), srv.ua...)
	srv.mu.Unlock()
	if len(uas) != 2 {
		t.Errorf("%d requests, want 2 (redirect and page)", len(uas))
	}
	for _, ua := range uas {
		if ua != cfg.UserAgent {
			t.Errorf("User-Agent %q, want %q", ua, cfg.UserAgent)
		}
	}

	// The same page fetched again gets the same id.
	if again := mustFetch(t, f, src); again.ID != a.ID {
		t.Errorf("second fetch id %s, want %s", again.ID, a.ID)
	}
}

func TestFetchCanonicalURL(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/og":
			htmlPage(w, `<html><head><meta property="og:url" content="https://example.com/og-page"></head><body><p>Text of the page.</p></body></html>`)
		case "/none":
			htmlPage(w, page)
		case "/abs":
			htmlPage(w, `<html><head><link rel="canonical" href="https://Example.COM/story#top"></head><body><p>Text.</p></body></html>`)
		}
	})
	f := New(testConfig())
	tests := []struct{ path, want string }{
		{"/og", "https://example.com/og-page"},
		{"/none?utm_campaign=x", srv.URL + "/none"},
		{"/abs", "https://example.com/story"},
	}
	for _, tt := range tests {
		a := mustFetch(t, f, srv.URL+tt.path)
		if a.CanonicalURL != tt.want {
			t.Errorf("%s: CanonicalURL = %q, want %q", tt.path, a.CanonicalURL, tt.want)
		}
		if a.ID != pipeline.ArticleID(a.CanonicalURL, a.Body) {
			t.Errorf("%s: ID is not derived from the canonical URL and body", tt.path)
		}
	}
}

func TestFetchInvalidURL(t *testing.T) {
	f := New(testConfig())
	for _, src := range []string{"http://", "https://", "http:///path", "ftp://x/y", "mailto://someone", "::bad", "", "   "} {
		t.Run(src, func(t *testing.T) {
			fe := fetchErr(t, f, src)
			wantReason(t, fe, "invalid URL")
			if fe.Temporary {
				t.Errorf("an invalid URL is marked temporary")
			}
		})
	}
}

func TestFetchUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	f := New(testConfig())
	fe := fetchErr(t, f, "http://"+addr+"/page.html")
	wantReason(t, fe, "unreachable host", addr)
	if !fe.Temporary {
		t.Errorf("a refused connection is not marked temporary")
	}
}

func TestFetchTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	defer close(release)
	cfg := testConfig()
	cfg.Timeout = 200 * time.Millisecond
	f := New(cfg)
	start := time.Now()
	fe := fetchErr(t, f, srv.URL+"/slow")
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("timed-out fetch took %v", d)
	}
	wantReason(t, fe, "timeout")
	if !fe.Temporary {
		t.Errorf("a timeout is not marked temporary")
	}
}

func TestFetchCancelled(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { htmlPage(w, page) })
	f := New(testConfig())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.Fetch(ctx, srv.URL+"/a"); err == nil {
		t.Errorf("Fetch with a cancelled context succeeded")
	}
}

// statusServer answers each path with a script of statuses, then 200.
func statusServer(t *testing.T, script map[string][]int, header map[string]string) *server {
	var mu sync.Mutex
	next := map[string]int{}
	return serve(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		i := next[r.URL.Path]
		next[r.URL.Path]++
		mu.Unlock()
		codes := script[r.URL.Path]
		if i < len(codes) {
			for k, v := range header {
				w.Header().Set(k, v)
			}
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(codes[i])
			io.WriteString(w, "<h1>error</h1>")
			return
		}
		htmlPage(w, page)
	})
}

func TestFetchHTTPErrors(t *testing.T) {
	tests := []struct {
		name      string
		script    []int
		header    map[string]string
		retries   int
		wantErr   string // empty: success
		temporary bool
		requests  int
		minGap    time.Duration // least time between the first two requests
	}{
		{"404 not retried", []int{404, 404, 404}, nil, 2, "HTTP 404 Not Found", false, 1, 0},
		{"410 not retried", []int{410, 410, 410}, nil, 2, "HTTP 410 Gone", false, 1, 0},
		{"403 not retried", []int{403, 403}, nil, 1, "HTTP 403 Forbidden", false, 1, 0},
		{"500 retried Retries times", []int{500, 500, 500, 500}, nil, 2, "HTTP 500 Internal Server Error", true, 3, 900 * time.Millisecond},
		{"503 then success", []int{503}, nil, 2, "", false, 2, 900 * time.Millisecond},
		{"503 without retries", []int{503, 503}, nil, -1, "HTTP 503 Service Unavailable", true, 1, 0},
		{"429 with Retry-After then success", []int{429}, map[string]string{"Retry-After": "1"}, 2, "", false, 2, 900 * time.Millisecond},
		{"429 every time", []int{429, 429, 429}, map[string]string{"Retry-After": "1"}, 1, "HTTP 429 Too Many Requests", true, 2, 900 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := statusServer(t, map[string][]int{"/p": tt.script}, tt.header)
			cfg := testConfig()
			cfg.Retries = tt.retries
			f := New(cfg)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			a, err := f.Fetch(ctx, srv.URL+"/p")
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Fetch: %v", err)
				}
				if a.Status != 200 || string(a.Body) != page {
					t.Errorf("article status %d", a.Status)
				}
			} else {
				var fe *Error
				if !errors.As(err, &fe) {
					t.Fatalf("error %v, want a *fetch.Error", err)
				}
				if fe.Reason != tt.wantErr {
					t.Errorf("reason %q, want %q", fe.Reason, tt.wantErr)
				}
				if fe.Temporary != tt.temporary {
					t.Errorf("Temporary = %v, want %v", fe.Temporary, tt.temporary)
				}
			}
			if n := srv.count("/p"); n != tt.requests {
				t.Errorf("%d requests, want %d", n, tt.requests)
			}
			if tt.minGap > 0 {
				ts := srv.at("/p")
				if len(ts) >= 2 {
					if gap := ts[1].Sub(ts[0]); gap < tt.minGap {
						t.Errorf("retried after %v, want at least %v", gap, tt.minGap)
					} else if gap > tt.minGap+3*time.Second {
						t.Errorf("retried after %v, far longer than asked", gap)
					}
				}
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		v        string
		min, max time.Duration
	}{
		{"", 0, 0},
		{"0", 0, 0},
		{"1", time.Second, time.Second},
		{" 7 ", 7 * time.Second, 7 * time.Second},
		{"-5", 0, 0},
		{"soon", 0, 0},
		{"86400", 2 * time.Minute, 2 * time.Minute},
		{time.Now().Add(30 * time.Second).UTC().Format(http.TimeFormat), 28 * time.Second, 30 * time.Second},
		{time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat), 0, 0},
		{time.Now().Add(time.Hour).UTC().Format(http.TimeFormat), 2 * time.Minute, 2 * time.Minute},
	}
	for _, tt := range tests {
		if got := retryAfter(tt.v); got < tt.min || got > tt.max {
			t.Errorf("retryAfter(%q) = %v, want within [%v, %v]", tt.v, got, tt.min, tt.max)
		}
	}
}

func TestFetchContentType(t *testing.T) {
	tests := []struct {
		ct      string
		body    string
		wantErr string
	}{
		{"image/png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "content type image/png is not HTML"},
		{"application/pdf", "%PDF-1.7\n", "content type application/pdf is not HTML"},
		{"application/json", `{"a":1}`, "content type application/json is not HTML"},
		{"video/mp4; codecs=avc1", "xxxx", "content type video/mp4 is not HTML"},
		{"text/html", page, ""},
		{"text/html; charset=iso-8859-1", "<p>Caf\xe9 cr\xe8me deal.</p>", ""},
		{"application/xhtml+xml", page, ""},
		{"text/plain; charset=utf-8", "Sony signed a deal with Netflix.", ""},
		{"", page, ""},
		{"text/html", "\x00\x01\x02\x03binary\x00\x00", "not an HTML page"},
	}
	for _, tt := range tests {
		t.Run(tt.ct, func(t *testing.T) {
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.ct == "" {
					w.Header()["Content-Type"] = nil
				} else {
					w.Header().Set("Content-Type", tt.ct)
				}
				io.WriteString(w, tt.body)
			})
			f := New(testConfig())
			if tt.wantErr == "" {
				a := mustFetch(t, f, srv.URL+"/x")
				if a.ContentType != tt.ct {
					t.Errorf("ContentType = %q, want %q", a.ContentType, tt.ct)
				}
				return
			}
			fe := fetchErr(t, f, srv.URL+"/x")
			wantReason(t, fe, tt.wantErr)
			if fe.Temporary {
				t.Errorf("a non-HTML page is marked temporary")
			}
		})
	}
}

func TestFetchEmptyPage(t *testing.T) {
	for name, body := range map[string]string{"empty": "", "whitespace": " \n\t\r\n "} {
		t.Run(name, func(t *testing.T) {
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) { htmlPage(w, body) })
			fe := fetchErr(t, New(testConfig()), srv.URL+"/e")
			wantReason(t, fe, "empty page")
		})
	}
}

func TestFetchMaxBody(t *testing.T) {
	const limit = 1024
	tests := []struct {
		name    string
		size    int
		chunked bool
		wantErr []string
	}{
		{"at the limit", limit, false, nil},
		{"at the limit, chunked", limit, true, nil},
		{"over, with Content-Length", 4 * limit, false, []string{"1024-byte limit", "Content-Length 4096"}},
		{"one byte over, with Content-Length", limit + 1, false, []string{"1024-byte limit"}},
		{"over, chunked", 4 * limit, true, []string{"1024-byte limit"}},
		{"one byte over, chunked", limit + 1, true, []string{"1024-byte limit"}},
		{"far over, chunked", 4 << 20, true, []string{"1024-byte limit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := []byte("<html><body><p>" + strings.Repeat("x", tt.size) + "</p></body></html>")[:tt.size]
			var sawLength atomic.Bool
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				if !tt.chunked {
					w.Header().Set("Content-Length", strconv.Itoa(len(body)))
					w.Write(body)
					return
				}
				w.Write(body[:100])
				w.(http.Flusher).Flush()
				w.Write(body[100:])
			})
			// Check what the server really sends.
			resp, err := http.Get(srv.URL + "/big")
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			sawLength.Store(resp.ContentLength >= 0)
			if sawLength.Load() == tt.chunked {
				t.Fatalf("response Content-Length %d, chunked %v", resp.ContentLength, tt.chunked)
			}

			cfg := testConfig()
			cfg.MaxBody = limit
			f := New(cfg)
			if tt.wantErr == nil {
				a := mustFetch(t, f, srv.URL+"/big")
				if len(a.Body) != tt.size {
					t.Errorf("body %d bytes, want %d", len(a.Body), tt.size)
				}
				return
			}
			fe := fetchErr(t, f, srv.URL+"/big")
			wantReason(t, fe, tt.wantErr...)
			if fe.Temporary {
				t.Errorf("an oversized page is marked temporary")
			}
		})
	}
}

func TestFetchRedirects(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		switch {
		case p == "/self":
			http.Redirect(w, r, "/self", http.StatusFound)
		case p == "/a":
			http.Redirect(w, r, "/b", http.StatusFound)
		case p == "/b":
			http.Redirect(w, r, "/a", http.StatusMovedPermanently)
		case strings.HasPrefix(p, "/chain/"):
			// /chain/<n>/<i> redirects until i == n.
			var n, i int
			fmt.Sscanf(p, "/chain/%d/%d", &n, &i)
			if i < n {
				http.Redirect(w, r, fmt.Sprintf("/chain/%d/%d", n, i+1), http.StatusFound)
				return
			}
			htmlPage(w, page)
		default:
			http.NotFound(w, r)
		}
	})
	cfg := testConfig()
	cfg.MaxRedirects = 3
	tests := []struct {
		path    string
		wantErr []string
		final   string
	}{
		{"/self", []string{"redirect loop"}, ""},
		{"/a", []string{"redirect loop"}, ""},
		{"/chain/1/0", nil, "/chain/1/1"},
		{"/chain/2/0", nil, "/chain/2/2"},
		// MaxRedirects bounds the chain: exactly that many redirects are
		// followed, one more is refused.
		{"/chain/3/0", nil, "/chain/3/3"},
		{"/chain/4/0", []string{"too many redirects", "more than 3"}, ""},
		{"/chain/50/0", []string{"too many redirects", "more than 3"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			f := New(cfg)
			if tt.wantErr == nil {
				a := mustFetch(t, f, srv.URL+tt.path)
				if a.FinalURL != srv.URL+tt.final {
					t.Errorf("FinalURL = %q, want %q", a.FinalURL, srv.URL+tt.final)
				}
				if a.URL != srv.URL+tt.path {
					t.Errorf("URL = %q, want the requested %q", a.URL, srv.URL+tt.path)
				}
				return
			}
			fe := fetchErr(t, f, srv.URL+tt.path)
			wantReason(t, fe, tt.wantErr...)
			if fe.Temporary {
				t.Errorf("a redirect problem is marked temporary")
			}
		})
	}
	if n := srv.count("/chain/50/5"); n != 0 {
		t.Errorf("the redirect chain was followed past the limit")
	}
}

// robotsServer serves robots.txt (counting its requests) and pages.
func robotsServer(t *testing.T, status int, robots string) *server {
	return serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(status)
			io.WriteString(w, robots)
			return
		}
		htmlPage(w, page)
	})
}

func TestRobots(t *testing.T) {
	const ua = "dealwire/1 (+https://github.com/dealwire/dealwire)"
	tests := []struct {
		name      string
		status    int
		robots    string
		userAgent string
		allowed   map[string]bool // path -> fetched
		reason    string
		temporary bool
	}{
		{"disallowed path", 200, "User-agent: *\nDisallow: /private/\n", ua,
			map[string]bool{"/private/deal.html": false, "/public/deal.html": true, "/": true}, "robots.txt", false},
		{"group for our agent", 200, "User-agent: dealwire\nDisallow: /\n\nUser-agent: *\nAllow: /\n", ua,
			map[string]bool{"/a.html": false}, "robots.txt", false},
		{"other agent's group", 200, "User-agent: otherbot\nDisallow: /\n", ua,
			map[string]bool{"/a.html": true}, "", false},
		{"other agent disallowed", 200, "User-agent: dealwire\nDisallow: /\n", "newsbot/2.0",
			map[string]bool{"/a.html": true}, "", false},
		{"query string", 200, "User-agent: *\nDisallow: /search?\n", ua,
			map[string]bool{"/search?q=deals": false, "/search": true}, "robots.txt", false},
		{"404 allows everything", 404, "", ua, map[string]bool{"/a.html": true, "/private/b.html": true}, "", false},
		{"5xx refuses", 500, "", ua, map[string]bool{"/a.html": false}, "robots.txt", true},
		{"503 refuses", 503, "", ua, map[string]bool{"/a.html": false}, "robots.txt unavailable (HTTP 503)", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := robotsServer(t, tt.status, tt.robots)
			cfg := testConfig()
			cfg.IgnoreRobots = false
			cfg.UserAgent = tt.userAgent
			f := New(cfg)
			for path, ok := range tt.allowed {
				u := srv.URL + path
				if ok {
					mustFetch(t, f, u)
					continue
				}
				fe := fetchErr(t, f, u)
				wantReason(t, fe, tt.reason)
				if fe.Temporary != tt.temporary {
					t.Errorf("%s: Temporary = %v, want %v", path, fe.Temporary, tt.temporary)
				}
				p, _ := url.Parse(u)
				if srv.count(p.RequestURI()) != 0 {
					t.Errorf("%s was requested despite robots.txt", path)
				}
			}
			if n := srv.count("/robots.txt"); n != 1 {
				t.Errorf("robots.txt requested %d times, want once per host", n)
			}
		})
	}
}

func TestRobotsFetchedOncePerHostConcurrently(t *testing.T) {
	srv := robotsServer(t, 200, "User-agent: *\nDisallow: /no\n")
	cfg := testConfig()
	cfg.IgnoreRobots = false
	f := New(cfg)
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.Fetch(context.Background(), fmt.Sprintf("%s/p%d", srv.URL, i))
		}()
	}
	wg.Wait()
	if n := srv.count("/robots.txt"); n != 1 {
		t.Errorf("robots.txt requested %d times by 6 parallel fetches, want 1", n)
	}
	// Another host (the same server under another name) has its own.
	u, _ := url.Parse(srv.URL)
	other := "http://localhost:" + u.Port()
	if _, err := f.Fetch(context.Background(), other+"/p"); err != nil {
		t.Fatal(err)
	}
	if n := srv.count("/robots.txt"); n != 2 {
		t.Errorf("robots.txt requested %d times for two hosts, want 2", n)
	}
}

// TestCrawlDelay checks that a robots.txt Crawl-delay spaces the requests
// to a host, whether the fetches come one after the other or in parallel.
func TestCrawlDelay(t *testing.T) {
	for _, parallel := range []bool{false, true} {
		t.Run(fmt.Sprintf("parallel=%v", parallel), func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			var times []time.Time
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					io.WriteString(w, "User-agent: *\nCrawl-delay: 1\n")
					return
				}
				mu.Lock()
				times = append(times, time.Now())
				mu.Unlock()
				htmlPage(w, page)
			})
			cfg := testConfig()
			cfg.IgnoreRobots = false
			cfg.HostConcurrency = 2
			f := New(cfg)
			paths := []string{"/a", "/b"}
			if parallel {
				var wg sync.WaitGroup
				for _, p := range paths {
					wg.Add(1)
					go func() {
						defer wg.Done()
						if _, err := f.Fetch(context.Background(), srv.URL+p); err != nil {
							t.Error(err)
						}
					}()
				}
				wg.Wait()
			} else {
				for _, p := range paths {
					mustFetch(t, f, srv.URL+p)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			if len(times) != 2 {
				t.Fatalf("%d page requests, want 2", len(times))
			}
			gap := times[1].Sub(times[0])
			if gap < 0 {
				gap = -gap
			}
			if gap < 900*time.Millisecond {
				t.Errorf("requests %v apart, want at least the 1s Crawl-delay", gap)
			}
		})
	}
}

func TestHostInterval(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { htmlPage(w, page) })
	cfg := testConfig()
	cfg.HostInterval = 250 * time.Millisecond
	f := New(cfg)
	for i := 0; i < 3; i++ {
		mustFetch(t, f, fmt.Sprintf("%s/p%d", srv.URL, i))
	}
	var ts []time.Time
	for i := 0; i < 3; i++ {
		ts = append(ts, srv.at(fmt.Sprintf("/p%d", i))...)
	}
	for i := 1; i < len(ts); i++ {
		if gap := ts[i].Sub(ts[i-1]); gap < 230*time.Millisecond {
			t.Errorf("requests %d and %d are %v apart, want at least 250ms", i-1, i, gap)
		}
	}
}

func TestHostConcurrency(t *testing.T) {
	var cur, peak atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		n := cur.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(100 * time.Millisecond)
		cur.Add(-1)
		htmlPage(w, page)
	})
	cfg := testConfig()
	cfg.HostConcurrency = 2
	cfg.HostInterval = -1
	f := New(cfg)
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := f.Fetch(context.Background(), fmt.Sprintf("%s/p%d", srv.URL, i)); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if p := peak.Load(); p > 2 {
		t.Errorf("%d requests in flight to one host, want at most 2", p)
	} else if p < 2 {
		t.Logf("peak concurrency %d (the limit was not reached)", p)
	}
	if n := srv.total(); n != 6 {
		t.Errorf("%d requests, want 6", n)
	}
}

func TestFetchLocalFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	htmlPath := write("page.html", page)
	txtPath := write("notes.txt", "Sony signed a deal with Netflix.\n")
	spacePath := write("my page.html", page)
	write("empty.html", "")
	write("big.html", strings.Repeat("<p>x</p>", 1000))
	if err := os.Mkdir(filepath.Join(dir, "sub.html"), 0o755); err != nil {
		t.Fatal(err)
	}
	fileURL := func(p string) string { return (&url.URL{Scheme: "file", Path: p}).String() }

	cfg := testConfig()
	cfg.MaxBody = 4096
	f := New(cfg)
	tests := []struct {
		name      string
		src       string
		wantErr   []string
		wantFinal string
		wantCT    string
		wantBody  string
	}{
		{"path", htmlPath, nil, "file://" + htmlPath, "", page},
		{"file URL", "file://" + htmlPath, nil, "file://" + htmlPath, "", page},
		{"path with spaces around", "  " + htmlPath + "\n", nil, "file://" + htmlPath, "", page},
		{"text file", txtPath, nil, "file://" + txtPath, "text/plain", "Sony signed a deal with Netflix.\n"},
		{"name with a space", spacePath, nil, fileURL(spacePath), "", page},
		// The FinalURL of a fetched file is a valid file URL: fetching it
		// again must reach the same file.
		{"escaped file URL", fileURL(spacePath), nil, fileURL(spacePath), "", page},
		{"missing file", filepath.Join(dir, "missing.html"), []string{"cannot read", "missing.html"}, "", "", ""},
		{"missing file URL", "file://" + filepath.Join(dir, "missing.html"), []string{"cannot read", "missing.html"}, "", "", ""},
		{"directory", filepath.Join(dir, "sub.html"), []string{"is a directory"}, "", "", ""},
		{"empty file", filepath.Join(dir, "empty.html"), []string{"empty page"}, "", "", ""},
		{"file over MaxBody", filepath.Join(dir, "big.html"), []string{"4096-byte limit"}, "", "", ""},
		{"URL without scheme", "www.example.com/news/deal.html", []string{"invalid URL"}, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.wantErr != nil {
				fe := fetchErr(t, f, tt.src)
				wantReason(t, fe, tt.wantErr...)
				if fe.Temporary {
					t.Errorf("a local file error is marked temporary")
				}
				return
			}
			a := mustFetch(t, f, tt.src)
			if a.FinalURL != tt.wantFinal || a.URL != tt.wantFinal {
				t.Errorf("URL %q, FinalURL %q, want %q", a.URL, a.FinalURL, tt.wantFinal)
			}
			if a.Source != tt.src {
				t.Errorf("Source = %q, want the input %q", a.Source, tt.src)
			}
			if a.ContentType != tt.wantCT {
				t.Errorf("ContentType = %q, want %q", a.ContentType, tt.wantCT)
			}
			if string(a.Body) != tt.wantBody {
				t.Errorf("Body = %q", a.Body)
			}
			if a.Status != 0 {
				t.Errorf("Status = %d for a file", a.Status)
			}
			if a.ID == "" || a.ID != pipeline.ArticleID(a.CanonicalURL, a.Body) || a.FetchedAt.IsZero() {
				t.Errorf("ID %q, canonical %q, fetched %v", a.ID, a.CanonicalURL, a.FetchedAt)
			}
		})
	}
	// Path and file URL name the same page.
	a1, a2 := mustFetch(t, f, htmlPath), mustFetch(t, f, "file://"+htmlPath)
	if a1.ID != a2.ID {
		t.Errorf("path and file URL give ids %s and %s", a1.ID, a2.ID)
	}
}

// TestFetchLocalNonPages is issue item 6: local files that are not pages
// (golden .json files, a README) became articles with made-up deals.
// Known page extensions are taken as they are, others only when they sniff
// as HTML; the rest fail with their type.
func TestFetchLocalNonPages(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, content []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"deals": [{"type": "production"}]}`))
	zw.Close()
	f := New(testConfig())
	for _, tt := range []struct {
		name, file, content string
		want                string // the reason's type, or "" for a page
	}{
		{"json", "000.json", `{"article": {"title": "Sony and Netflix"}}`, "application/json"},
		{"markdown", "README.md", "# dealwire\n\nSony signed with Netflix.\n", "text/"},
		{"png", "logo.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"},
		{"html without extension", "article", page, ""},
		{"xhtml", "page.xhtml", page, ""},
		{"htm", "page.htm", page, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := write(tt.file, []byte(tt.content))
			if tt.want == "" {
				mustFetch(t, f, path)
				return
			}
			fe := fetchErr(t, f, path)
			wantReason(t, fe, "not a page: "+path+" ("+tt.want)
			if fe.Temporary {
				t.Errorf("not a page is marked temporary")
			}
		})
	}
	path := write("000.json.gz", gz.Bytes())
	wantReason(t, fetchErr(t, f, path), "not a page: "+path+" (application/json)")
}

func TestNewDefaults(t *testing.T) {
	f := New(Config{})
	d := DefaultConfig
	got := f.cfg
	got.Logger = nil
	if got != d {
		t.Errorf("New(Config{}) config = %+v, want DefaultConfig %+v (zero fields take the defaults)", got, d)
	}
	// Explicit values are kept; negative ones mean none.
	f = New(Config{HostInterval: -1, Retries: -1, MaxBody: 10, UserAgent: "x"})
	if f.cfg.HostInterval != -1 || f.cfg.Retries != 0 || f.cfg.MaxBody != 10 || f.cfg.UserAgent != "x" {
		t.Errorf("New kept %+v", f.cfg)
	}
}

func TestErrorUnwrap(t *testing.T) {
	inner := errors.New("inner")
	e := &Error{Reason: "reason", Err: inner}
	if !errors.Is(e, inner) || e.Error() != "reason" {
		t.Errorf("Error %v does not wrap its cause", e)
	}
}
