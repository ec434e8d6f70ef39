// Package fetch is the first stage: it fetches pages politely (robots.txt,
// a per-host rate and concurrency limit, retries that honour Retry-After,
// size and time limits) and safely (public addresses only, bounded
// decompression), and publishes each one as a raw article on
// articles.raw.<host>. A page that cannot be fetched becomes a dead letter
// on dealwire.dlq.fetch with the reason.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dealwire/dealwire/extractors/content"
	"github.com/dealwire/dealwire/pipeline"
	"github.com/temoto/robotstxt"
)

// Config sets the fetcher's limits and manners.
type Config struct {
	UserAgent string
	// Timeout bounds one page from its first request, redirects, body and
	// retries included.
	Timeout time.Duration
	// ConnectTimeout bounds the TCP and TLS handshake; HeaderTimeout the
	// wait for response headers.
	ConnectTimeout time.Duration
	HeaderTimeout  time.Duration
	// MaxBody is the largest page accepted, enforced while reading, on
	// the bytes received and on what they decompress to.
	MaxBody int64
	// MaxRedirects bounds redirect chains (loops included).
	MaxRedirects int
	// HostInterval is the least time between two requests to one host;
	// a robots.txt Crawl-delay can raise it. Negative means none.
	HostInterval time.Duration
	// HostConcurrency bounds requests in flight to one host.
	HostConcurrency int
	// Retries is how many times a 429, a 5xx or a network error is
	// retried. Negative means none.
	Retries int
	// IgnoreRobots skips robots.txt (for tests against local servers).
	IgnoreRobots bool
	// AllowPrivate lets the fetcher connect to loopback, private,
	// link-local and other non-public addresses, refused by default
	// (see guard.go).
	AllowPrivate bool
	Logger       *slog.Logger
}

// DefaultConfig is polite enough for news sites.
var DefaultConfig = Config{
	UserAgent:       "dealwire/" + pipeline.SchemaVersion + " (+https://github.com/dealwire/dealwire)",
	Timeout:         30 * time.Second,
	ConnectTimeout:  10 * time.Second,
	HeaderTimeout:   15 * time.Second,
	MaxBody:         pipeline.MaxPageSize,
	MaxRedirects:    10,
	HostInterval:    time.Second,
	HostConcurrency: 2,
	Retries:         2,
}

// Error is a fetch that failed, with a reason a person can act on.
type Error struct {
	Reason string
	// Temporary errors may succeed if tried again later.
	Temporary bool
	Err       error
}

func (e *Error) Error() string { return e.Reason }
func (e *Error) Unwrap() error { return e.Err }

func fail(temp bool, err error, format string, args ...any) *Error {
	return &Error{Reason: fmt.Sprintf(format, args...), Temporary: temp, Err: err}
}

// Fetcher fetches pages. It is safe for concurrent use.
type Fetcher struct {
	cfg    Config
	client *http.Client
	log    *slog.Logger

	mu     sync.Mutex
	hosts  map[string]*host
	robots map[string]*robotsEntry

	// exempt, when set, lets a test treat some addresses as public.
	exempt func(netip.AddrPort) bool
}

type host struct {
	sem      chan struct{}
	mu       sync.Mutex
	next     time.Time     // earliest start of the next request
	interval time.Duration // between two requests: HostInterval or Crawl-delay
}

type robotsEntry struct {
	once    sync.Once
	data    *robotstxt.RobotsData
	status  int
	fetched time.Time
}

// New returns a Fetcher; zero fields of cfg take DefaultConfig's values.
func New(cfg Config) *Fetcher {
	d := DefaultConfig
	if cfg.UserAgent == "" {
		cfg.UserAgent = d.UserAgent
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = d.Timeout
	}
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = d.ConnectTimeout
	}
	if cfg.HeaderTimeout <= 0 {
		cfg.HeaderTimeout = d.HeaderTimeout
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = d.MaxBody
	}
	if cfg.MaxRedirects <= 0 {
		cfg.MaxRedirects = d.MaxRedirects
	}
	if cfg.HostInterval == 0 {
		cfg.HostInterval = d.HostInterval
	}
	if cfg.HostConcurrency <= 0 {
		cfg.HostConcurrency = d.HostConcurrency
	}
	switch {
	case cfg.Retries == 0:
		cfg.Retries = d.Retries
	case cfg.Retries < 0:
		cfg.Retries = 0
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	f := &Fetcher{cfg: cfg, log: log, hosts: map[string]*host{}, robots: map[string]*robotsEntry{}}
	// Control checks every address dialled (the SSRF guard).
	dialer := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second, Control: f.checkDial}
	tr := &http.Transport{
		// Through a proxy from the environment, the guard sees the proxy's
		// address, not the page's: a proxy on a private address needs
		// AllowPrivate, and what lies behind a proxy is its own business.
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   cfg.ConnectTimeout,
		ResponseHeaderTimeout: cfg.HeaderTimeout,
		MaxIdleConnsPerHost:   cfg.HostConcurrency,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
		DisableCompression:    true, // bodies are decoded by readBody
	}
	f.client = &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > cfg.MaxRedirects {
				return fail(false, nil, "too many redirects (more than %d)", cfg.MaxRedirects)
			}
			for _, v := range via {
				if v.URL.String() == req.URL.String() {
					return fail(false, nil, "redirect loop at %s", req.URL)
				}
			}
			return nil
		},
	}
	return f
}

// Fetch fetches one input: an http(s) URL, a file:// URL or a local file
// path. The returned article has its id, canonical URL and fetch metadata
// set.
func (f *Fetcher) Fetch(ctx context.Context, source string) (*pipeline.RawArticle, error) {
	src := strings.TrimSpace(source)
	if src == "" {
		return nil, fail(false, nil, "invalid URL: empty input")
	}
	if isLocal(src) {
		return f.fetchFile(source, src)
	}
	res, err := f.Get(ctx, src, Validators{})
	if err != nil {
		return nil, err
	}
	return res.Page(source)
}

// Validators make a GET conditional: a resource that has not changed since
// comes back NotModified, without a body.
type Validators struct {
	ETag, LastModified string
}

// Resource is what a GET returned: a page, or a feed or sitemap.
type Resource struct {
	URL, FinalURL string
	Status        int
	ContentType   string
	ETag          string
	LastModified  string
	NotModified   bool
	Body          []byte
}

// Page judges the resource as a page and returns it as a raw article.
func (r *Resource) Page(source string) (*pipeline.RawArticle, error) {
	if err := content.CheckContentType(r.ContentType); err != nil {
		mt, _, _ := mime.ParseMediaType(r.ContentType)
		return nil, fail(false, err, "content type %s is not HTML", mt)
	}
	if err := checkPage(r.ContentType, r.Body); err != nil {
		return nil, err
	}
	return newArticle(source, r.URL, r.FinalURL, r.Status, r.ContentType, r.ETag, r.LastModified, r.Body), nil
}

// Get fetches an http or https URL politely: robots.txt, the host's
// limits, retries, and the size and time limits. It accepts pages, XML and
// JSON; what else is fetched fails.
func (f *Fetcher) Get(ctx context.Context, src string, v Validators) (*Resource, error) {
	u, err := url.Parse(src)
	if err != nil {
		return nil, fail(false, err, "invalid URL %q: %v", src, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fail(false, nil, "invalid URL %q: scheme %q is not http or https", src, u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, fail(false, nil, "invalid URL %q: no host", src)
	}
	if !f.cfg.IgnoreRobots {
		if ok, delay, status := f.allowed(ctx, u); !ok {
			if status >= 500 {
				return nil, fail(true, nil, "robots.txt unavailable (HTTP %d): not fetching %s", status, u)
			}
			return nil, fail(false, nil, "disallowed by %s://%s/robots.txt for %s", u.Scheme, u.Host, f.cfg.UserAgent)
		} else if delay > 0 {
			f.raiseInterval(u.Host, delay)
		}
	}
	// One budget for the page, retries included, from its first request
	// (time queued behind other pages of its host is not the page's).
	var deadline time.Time
	var lastErr *Error
	timeouts := 0
	for attempt := 0; attempt <= f.cfg.Retries; attempt++ {
		res, wait, ferr := f.get(ctx, u, v, &deadline)
		if ferr == nil {
			return res, nil
		}
		lastErr = ferr
		if isTimeout(ferr) || errors.Is(ferr, context.DeadlineExceeded) {
			timeouts++
		}
		if !ferr.Temporary || attempt == f.cfg.Retries || timeouts > 1 {
			break
		}
		if wait <= 0 {
			wait = time.Duration(1<<attempt) * time.Second
		}
		if time.Until(deadline) <= wait {
			break // no time left for another try
		}
		f.log.Debug("retrying fetch", "url", u.String(), "reason", ferr.Reason, "wait", wait)
		select {
		case <-ctx.Done():
			return nil, fail(true, ctx.Err(), "fetch of %s cancelled", u)
		case <-time.After(wait):
		}
	}
	return nil, lastErr
}

func isLocal(src string) bool {
	if strings.HasPrefix(src, "file:") {
		return true
	}
	return !strings.Contains(src, "://")
}

func (f *Fetcher) fetchFile(source, src string) (*pipeline.RawArticle, error) {
	path := src
	isURL := strings.HasPrefix(src, "file:")
	if isURL {
		u, err := url.Parse(src)
		if err != nil {
			return nil, fail(false, err, "invalid URL %q: %v", src, err)
		}
		if u.Host != "" && u.Host != "localhost" {
			return nil, fail(false, nil, "invalid URL %q: file URLs on another host are not supported", src)
		}
		path = u.Path
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fail(false, err, "invalid path %q: %v", path, err)
	}
	fh, err := os.Open(abs)
	if err != nil {
		if !isURL && looksLikeURL(src) {
			return nil, fail(false, err, "invalid URL %q: no such file, and not an http or https address", src)
		}
		return nil, fail(false, err, "cannot read %s: %v", path, errors.Unwrap(err))
	}
	defer fh.Close()
	if st, err := fh.Stat(); err == nil && st.IsDir() {
		return nil, fail(false, nil, "%s is a directory", path)
	}
	name, enc := abs, ""
	if strings.EqualFold(filepath.Ext(abs), ".gz") {
		// page.html.gz: read through gzip, the limit applying to what it
		// decompresses to.
		name, enc = strings.TrimSuffix(abs, filepath.Ext(abs)), "gzip"
	}
	r, _, _ := decoder(fh, enc)
	body, err := io.ReadAll(io.LimitReader(r, f.cfg.MaxBody+1))
	if err != nil {
		return nil, fail(false, err, "cannot read %s: %v", path, err)
	}
	if int64(len(body)) > f.cfg.MaxBody {
		return nil, fail(false, nil, "page larger than the %d-byte limit", f.cfg.MaxBody)
	}
	ct, ferr := localType(path, name, body)
	if ferr != nil {
		return nil, ferr
	}
	if err := checkPage(ct, body); err != nil {
		return nil, err
	}
	fileURL := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	return newArticle(source, fileURL, fileURL, 0, ct, "", "", body), nil
}

// localType is the content type of a local page named name: HTML for
// .html, .htm and .xhtml, plain text for .txt, and otherwise HTML only when
// the content sniffs as HTML. Anything else is not a page.
func localType(path, name string, body []byte) (string, *Error) {
	ext := strings.ToLower(filepath.Ext(name))
	switch ext {
	case ".html", ".htm", ".xhtml":
		return "", nil
	case ".txt":
		return "text/plain", nil
	}
	sniffed, _, _ := mime.ParseMediaType(http.DetectContentType(body))
	if sniffed == "text/html" {
		return "", nil
	}
	mt, _, _ := mime.ParseMediaType(mime.TypeByExtension(ext))
	if mt == "" {
		mt = sniffed
	}
	return "", fail(false, content.ErrNotHTML, "not a page: %s (%s)", path, mt)
}

// looksLikeURL reports an input meant as a web address rather than a file:
// a colon before any slash ("htp:/x", "::bad", "mailto:x") that is not a
// Windows drive letter, or a leading "www.".
func looksLikeURL(s string) bool {
	if strings.HasPrefix(s, "www.") {
		return true
	}
	colon, slash := strings.IndexByte(s, ':'), strings.IndexAny(s, `/\`)
	if colon < 0 || slash >= 0 && slash < colon {
		return false
	}
	return !(colon == 1 && len(s) > 2 && (s[2] == '\\' || s[2] == '/'))
}

// get makes one attempt. It returns how long to wait before retrying when
// the server said so.
// The first attempt sets the page's deadline; later ones share it.
func (f *Fetcher) get(ctx context.Context, u *url.URL, v Validators, deadline *time.Time) (*Resource, time.Duration, *Error) {
	release, err := f.acquire(ctx, u.Host)
	if err != nil {
		return nil, 0, fail(true, err, "fetch of %s cancelled", u)
	}
	defer release()
	if deadline.IsZero() {
		*deadline = time.Now().Add(f.cfg.Timeout)
	}
	ctx, cancel := context.WithDeadline(ctx, *deadline)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, 0, fail(false, err, "invalid URL %q: %v", u, err)
	}
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5,*/*;q=0.1")
	req.Header.Set("Accept-Language", "en,fr;q=0.9,*;q=0.5")
	req.Header.Set("Accept-Encoding", acceptEncoding)
	setIfAny(req.Header, "If-None-Match", v.ETag)
	setIfAny(req.Header, "If-Modified-Since", v.LastModified)
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, 0, f.classify(ctx, u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, retryAfter(resp.Header.Get("Retry-After")), fail(true, nil, "HTTP %s", resp.Status)
	}
	res := &Resource{URL: u.String(), FinalURL: resp.Request.URL.String(), Status: resp.StatusCode,
		ContentType: resp.Header.Get("Content-Type"), ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	if resp.StatusCode == http.StatusNotModified && (v.ETag != "" || v.LastModified != "") {
		res.NotModified = true
		return res, 0, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, 0, fail(resp.StatusCode >= 500, nil, "HTTP %s", resp.Status)
	}
	ct := res.ContentType
	if err := content.CheckContentType(ct); err != nil && !isListingType(ct) {
		mt, _, _ := mime.ParseMediaType(ct)
		return nil, 0, fail(false, err, "content type %s is not HTML", mt)
	}
	if resp.ContentLength > f.cfg.MaxBody {
		return nil, 0, fail(false, nil, "page larger than the %d-byte limit (Content-Length %d)", f.cfg.MaxBody, resp.ContentLength)
	}
	body, ferr := f.readBody(ctx, u, resp)
	if ferr != nil {
		return nil, 0, ferr
	}
	res.Body = body
	return res, 0, nil
}

// isListingType reports whether a content type may hold a feed or a
// sitemap.
func isListingType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return strings.HasSuffix(mt, "+xml") || strings.HasSuffix(mt, "/xml") || strings.HasSuffix(mt, "/json") || strings.HasSuffix(mt, "+json")
}

func setIfAny(h http.Header, k, v string) {
	if v != "" {
		h.Set(k, v)
	}
}

// checkPage rejects bodies that cannot hold an article.
func checkPage(ct string, body []byte) *Error {
	if _, _, err := content.Decode(body, ct); err != nil {
		switch {
		case errors.Is(err, content.ErrEmpty):
			return fail(false, err, "empty page")
		case errors.Is(err, content.ErrNotHTML):
			return fail(false, err, "%v", err)
		}
		return fail(false, err, "unreadable page: %v", err)
	}
	return nil
}

func newArticle(source, reqURL, finalURL string, status int, ct, etag, lastMod string, body []byte) *pipeline.RawArticle {
	canon := content.CanonicalURL(body, finalURL)
	return &pipeline.RawArticle{
		ID:           pipeline.ArticleID(canon, body),
		Source:       source,
		URL:          reqURL,
		FinalURL:     finalURL,
		CanonicalURL: canon,
		Status:       status,
		ContentType:  ct,
		FetchedAt:    time.Now().UTC(),
		ETag:         etag,
		LastModified: lastMod,
		Body:         body,
	}
}

// classify turns a transport error into a reason. ctx is the page's: its
// end tells the page timeout from the connect and header timeouts.
func (f *Fetcher) classify(ctx context.Context, u *url.URL, err error) *Error {
	var fe *Error
	if errors.As(err, &fe) {
		return fe
	}
	var dnsErr *net.DNSError
	var opErr *net.OpError
	dial := errors.As(err, &opErr) && opErr.Op == "dial"
	switch {
	case errors.As(err, &dnsErr):
		return fail(dnsErr.IsTemporary, err, "unreachable host %s: %v", u.Hostname(), dnsErr.Err)
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fail(true, err, "timeout fetching %s", u)
	case dial && isTimeout(err):
		return fail(true, err, "timeout connecting to %s (after %v)", u.Host, f.cfg.ConnectTimeout)
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return fail(true, err, "timeout fetching %s: %v", u, cause(err))
	case dial:
		return fail(true, err, "unreachable host %s: %v", u.Host, opErr.Err)
	}
	return fail(true, err, "fetching %s: %v", u, err)
}

// cause strips the *url.Error that repeats the method and URL.
func cause(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// retryAfter reads a Retry-After header (seconds or an HTTP date), capped.
func retryAfter(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.Atoi(v); err == nil {
		d = time.Duration(n) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = time.Until(t)
	}
	return max(0, min(d, 2*time.Minute))
}

// acquire waits for the host's turn: a free slot and the interval since
// the last request.
func (f *Fetcher) acquire(ctx context.Context, hostname string) (func(), error) {
	h := f.host(hostname)
	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	h.mu.Lock()
	wait := time.Until(h.next)
	h.next = time.Now().Add(max(wait, 0) + h.interval)
	h.mu.Unlock()
	if wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			<-h.sem
			return nil, ctx.Err()
		}
	}
	return func() { <-h.sem }, nil
}

func (f *Fetcher) host(name string) *host {
	f.mu.Lock()
	defer f.mu.Unlock()
	h := f.hosts[name]
	if h == nil {
		h = &host{sem: make(chan struct{}, f.cfg.HostConcurrency), interval: max(f.cfg.HostInterval, 0)}
		f.hosts[name] = h
	}
	return h
}

// maxCrawlDelay caps what a robots.txt can ask for.
const maxCrawlDelay = 30 * time.Second

// raiseInterval applies a robots.txt Crawl-delay to every later request to
// the host.
func (f *Fetcher) raiseInterval(hostname string, d time.Duration) {
	d = min(d, maxCrawlDelay)
	h := f.host(hostname)
	h.mu.Lock()
	h.interval = max(h.interval, d)
	h.mu.Unlock()
}

// robotsTTL is how long a host's robots.txt is trusted; a server error is
// retried sooner.
const robotsTTL = time.Hour

func (e *robotsEntry) ttl() time.Duration {
	if e.status >= 500 {
		return time.Minute
	}
	return robotsTTL
}

// allowed checks robots.txt, fetched once per host and cached. An
// unreachable robots.txt allows everything.
func (f *Fetcher) allowed(ctx context.Context, u *url.URL) (bool, time.Duration, int) {
	key := u.Scheme + "://" + u.Host
	f.mu.Lock()
	e := f.robots[key]
	if e == nil || !e.fetched.IsZero() && time.Since(e.fetched) > e.ttl() {
		e = &robotsEntry{}
		f.robots[key] = e
	}
	f.mu.Unlock()
	e.once.Do(func() {
		data, status := f.fetchRobots(ctx, key)
		f.mu.Lock()
		e.data, e.status, e.fetched = data, status, time.Now()
		if ctx.Err() != nil && f.robots[key] == e {
			delete(f.robots, key) // cut short: ask again next time
		}
		f.mu.Unlock()
	})
	f.mu.Lock()
	data, status := e.data, e.status
	f.mu.Unlock()
	if data == nil {
		return true, 0, status
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	// TestAgent also honours "disallow all" (a 5xx robots.txt), which a
	// group's Test does not see.
	return data.TestAgent(path, f.cfg.UserAgent), data.FindGroup(f.cfg.UserAgent).CrawlDelay, status
}

// fetchRobots fetches a site's robots.txt. A 4xx allows everything and a
// 5xx disallows everything for now, as search engines do; when the file
// cannot be fetched at all, everything is allowed.
func (f *Fetcher) fetchRobots(ctx context.Context, base string) (*robotstxt.RobotsData, int) {
	ctx, cancel := context.WithTimeout(ctx, min(f.cfg.Timeout, 10*time.Second))
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/robots.txt", nil)
	if err != nil {
		return nil, 0
	}
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	req.Header.Set("Accept-Encoding", acceptEncoding)
	resp, err := f.client.Do(req)
	if err != nil {
		f.log.Debug("robots.txt unreachable; allowing", "site", base, "err", err)
		return nil, 0
	}
	defer resp.Body.Close()
	dec, _, ferr := decoder(resp.Body, resp.Header.Get("Content-Encoding"))
	if ferr != nil {
		return nil, resp.StatusCode
	}
	body, err := io.ReadAll(io.LimitReader(dec, 512<<10))
	if err != nil {
		return nil, resp.StatusCode
	}
	data, err := robotstxt.FromStatusAndBytes(resp.StatusCode, body)
	if err != nil {
		return nil, resp.StatusCode
	}
	return data, resp.StatusCode
}
