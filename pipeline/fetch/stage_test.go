package fetch_test

import (
	"context"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/fetch"
	"github.com/dealwire/dealwire/pipeline/pipelinetest"
	"github.com/nats-io/nats.go/jetstream"
)

const stagePage = `<!doctype html><html><head><title>%s</title></head>
<body><article><p>%s: Sony Pictures Television signed a production deal with Netflix.</p></article></body></html>`

// site serves fixed pages on loopback; the handler is complete before the
// server starts.
func site(t *testing.T, pages map[string]string, types map[string]string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		ct := types[r.URL.Path]
		if ct == "" {
			ct = "text/html; charset=utf-8"
		}
		w.Header().Set("Content-Type", ct)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func newStage(t *testing.T, js jetstream.JetStream, maxPayload int64) *fetch.Stage {
	cfg := fetch.Config{HostInterval: time.Millisecond, HostConcurrency: 4, Timeout: 5 * time.Second, IgnoreRobots: true, AllowPrivate: true, Retries: -1, Logger: pipelinetest.Logger(t)}
	return &fetch.Stage{Fetcher: fetch.New(cfg), JS: js, MaxPayload: maxPayload, Workers: 3, Log: pipelinetest.Logger(t)}
}

// streamMsgs returns every message of a stream, in order.
func streamMsgs(t *testing.T, js jetstream.JetStream, name string) []*jetstream.RawStreamMsg {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := js.Stream(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []*jetstream.RawStreamMsg
	if info.State.Msgs == 0 {
		return out
	}
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if err != nil {
			t.Fatalf("%s #%d: %v", name, seq, err)
		}
		out = append(out, m)
	}
	return out
}

func jetStream(t *testing.T) (int64, jetstream.JetStream) {
	srv := pipelinetest.RunBasicJetStreamServer(t)
	nc, js := pipelinetest.Connect(t, srv)
	return nc.MaxPayload(), js
}

func TestStageRun(t *testing.T) {
	maxPayload, js := jetStream(t)
	pages := map[string]string{
		"/a.html":   fmt.Sprintf(stagePage, "A", "A"),
		"/b.html":   fmt.Sprintf(stagePage, "B", "B"),
		"/logo.png": "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
	}
	web := site(t, pages, map[string]string{"/logo.png": "image/png"})
	good := map[string]string{web.URL + "/a.html": "/a.html", web.URL + "/b.html": "/b.html"}
	bad := map[string]string{
		web.URL + "/missing.html":                     "HTTP 404 Not Found",
		web.URL + "/logo.png":                         "content type image/png is not HTML",
		"ftp://example.com/file":                      "invalid URL",
		"http://" + pipelinetest.ClosedPort(t) + "/x": "unreachable host",
	}
	inputs := make(chan fetch.Input, len(good)+len(bad))
	for in := range good {
		inputs <- fetch.Input{Source: in}
	}
	for in := range bad {
		inputs <- fetch.Input{Source: in}
	}
	close(inputs)

	st := newStage(t, js, maxPayload)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var mu sync.Mutex
	outcomes := map[string]fetch.Outcome{}
	calls := 0
	st.Run(ctx, inputs, func(o fetch.Outcome) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		outcomes[o.Source] = o
	})
	if calls != len(good)+len(bad) {
		t.Errorf("done called %d times for %d inputs", calls, len(good)+len(bad))
	}

	for in := range good {
		o, ok := outcomes[in]
		if !ok {
			t.Errorf("%s: no outcome", in)
			continue
		}
		if o.ArticleID == "" || o.FailureKey != "" || o.Reason != "" || o.Duplicate {
			t.Errorf("%s: outcome %+v, want a published article", in, o)
		}
	}
	for in, reason := range bad {
		o := outcomes[in]
		if o.ArticleID != "" || o.FailureKey != pipeline.FetchFailureKey(in) || !strings.Contains(o.Reason, reason) {
			t.Errorf("%s: outcome %+v, want failure key %s and a reason mentioning %q", in, o, pipeline.FetchFailureKey(in), reason)
		}
	}

	// The raw articles.
	raws := streamMsgs(t, js, pipeline.ArticlesStream)
	if len(raws) != len(good) {
		t.Fatalf("%d raw articles on %s, want %d", len(raws), pipeline.ArticlesStream, len(good))
	}
	seen := map[string]bool{}
	for _, m := range raws {
		if m.Subject != "articles.raw.127.0.0.1" {
			t.Errorf("raw article on %q, want articles.raw.127.0.0.1", m.Subject)
		}
		if m.Subject != pipeline.RawSubject("127.0.0.1") {
			t.Errorf("subject %q differs from RawSubject(127.0.0.1)", m.Subject)
		}
		h := m.Header
		src := h.Get(pipeline.HdrSource)
		path, ok := good[src]
		if !ok {
			t.Errorf("raw article from unexpected source %q", src)
			continue
		}
		seen[src] = true
		want := map[string]string{
			pipeline.HdrMsgID:        outcomes[src].ArticleID,
			pipeline.HdrArticleID:    outcomes[src].ArticleID,
			pipeline.HdrSchema:       pipeline.SchemaVersion,
			pipeline.HdrURL:          src,
			pipeline.HdrFinalURL:     src,
			pipeline.HdrCanonicalURL: src,
			pipeline.HdrStatus:       "200",
			pipeline.HdrContentType:  "text/html; charset=utf-8",
		}
		for k, v := range want {
			if got := h.Get(k); got != v {
				t.Errorf("%s: header %s = %q, want %q", src, k, got, v)
			}
		}
		if enc := h.Get(pipeline.HdrContentEncoding); enc != "" {
			t.Errorf("%s: small page sent with Content-Encoding %q", src, enc)
		}
		at, err := time.Parse(time.RFC3339Nano, h.Get(pipeline.HdrFetchedAt))
		if err != nil || time.Since(at) > time.Minute || time.Since(at) < 0 {
			t.Errorf("%s: Dealwire-Fetched-At %q", src, h.Get(pipeline.HdrFetchedAt))
		}
		a, err := pipeline.DecodeRaw(h, m.Data, 1<<20)
		if err != nil {
			t.Errorf("%s: DecodeRaw: %v", src, err)
			continue
		}
		if string(a.Body) != pages[path] {
			t.Errorf("%s: stored body differs from the served page", src)
		}
		if a.ID != pipeline.ArticleID(src, a.Body) {
			t.Errorf("%s: id %s is not derived from the canonical URL and body", src, a.ID)
		}
	}
	if len(seen) != len(good) {
		t.Errorf("raw articles for %v, want every good input", seen)
	}

	// The dead letters.
	dlq := streamMsgs(t, js, pipeline.DLQStream)
	if len(dlq) != len(bad) {
		t.Fatalf("%d dead letters, want %d", len(dlq), len(bad))
	}
	for _, m := range dlq {
		if m.Subject != "dealwire.dlq.fetch" {
			t.Errorf("dead letter on %q, want dealwire.dlq.fetch", m.Subject)
		}
		src := m.Header.Get(pipeline.HdrSource)
		reason, ok := bad[src]
		if !ok {
			t.Errorf("dead letter for unexpected source %q", src)
			continue
		}
		if got := m.Header.Get(pipeline.HdrReason); got == "" || got != outcomes[src].Reason || !strings.Contains(got, reason) {
			t.Errorf("%s: Dealwire-Reason %q, want the outcome's reason %q (mentioning %q)", src, got, outcomes[src].Reason, reason)
		}
		f, err := pipeline.DecodeFailure(m.Header)
		if err != nil {
			t.Errorf("%s: DecodeFailure: %v", src, err)
			continue
		}
		if f.Stage != pipeline.StageFetch || f.Key != pipeline.FetchFailureKey(src) || f.URL != src || f.At.IsZero() {
			t.Errorf("%s: failure %+v", src, f)
		}
		if len(m.Data) != 0 {
			t.Errorf("%s: dead letter of a page never fetched has a %d-byte body", src, len(m.Data))
		}
	}
}

func TestStageDuplicate(t *testing.T) {
	maxPayload, js := jetStream(t)
	var mu sync.Mutex
	version := "first"
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		v := version
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, stagePage, v, v)
	}))
	t.Cleanup(web.Close)
	st := newStage(t, js, maxPayload)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	src := web.URL + "/page.html"

	o1 := st.One(ctx, src)
	o2 := st.One(ctx, src)
	if o1.ArticleID == "" || o1.Duplicate || o1.Reason != "" {
		t.Fatalf("first publish: %+v", o1)
	}
	if o2.ArticleID != o1.ArticleID || !o2.Duplicate {
		t.Errorf("second publish of the same page: %+v, want Duplicate with id %s", o2, o1.ArticleID)
	}
	if n := len(streamMsgs(t, js, pipeline.ArticlesStream)); n != 1 {
		t.Errorf("%d raw articles after publishing one page twice, want 1", n)
	}

	// The page changes: a new article.
	mu.Lock()
	version = "second"
	mu.Unlock()
	o3 := st.One(ctx, src)
	if o3.ArticleID == "" || o3.ArticleID == o1.ArticleID || o3.Duplicate {
		t.Errorf("changed page: %+v, want a new article", o3)
	}
	if n := len(streamMsgs(t, js, pipeline.ArticlesStream)); n != 2 {
		t.Errorf("%d raw articles, want 2", n)
	}
}

// randomText is text gzip cannot shrink much.
func randomText(n int) string {
	r := rand.New(rand.NewSource(1))
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 "
	b := make([]byte, n)
	for i := range b {
		b[i] = letters[r.Intn(len(letters))]
	}
	return string(b)
}

func TestStageMaxPayload(t *testing.T) {
	_, js := jetStream(t)
	const maxPayload = 8 << 10
	big := "<html><body><p>" + randomText(64<<10) + "</p></body></html>"
	compressible := "<html><body>" + strings.Repeat("<p>Sony and Netflix agreed a production deal.</p>\n", 2000) + "</body></html>"
	web := site(t, map[string]string{"/big.html": big, "/long.html": compressible}, nil)
	st := newStage(t, js, maxPayload)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	// Over max_payload even compressed: a failure with its reason, dead-lettered.
	src := web.URL + "/big.html"
	o := st.One(ctx, src)
	if o.ArticleID != "" || o.FailureKey != pipeline.FetchFailureKey(src) {
		t.Errorf("oversized page: %+v, want a failure", o)
	}
	if !strings.Contains(o.Reason, "max_payload") || !strings.Contains(o.Reason, fmt.Sprint(maxPayload)) {
		t.Errorf("reason %q does not mention max_payload and the %d-byte limit", o.Reason, maxPayload)
	}
	dlq := streamMsgs(t, js, pipeline.DLQStream)
	if len(dlq) != 1 || dlq[0].Header.Get(pipeline.HdrReason) != o.Reason || dlq[0].Header.Get(pipeline.HdrSource) != src {
		t.Errorf("dead letters %d, want the oversized page's with its reason", len(dlq))
	}
	if n := len(streamMsgs(t, js, pipeline.ArticlesStream)); n != 0 {
		t.Errorf("%d raw articles published for an oversized page", n)
	}

	// Over max_payload uncompressed but not compressed: published gzipped.
	if len(compressible) <= maxPayload {
		t.Fatalf("test page too small")
	}
	src = web.URL + "/long.html"
	o = st.One(ctx, src)
	if o.ArticleID == "" || o.Reason != "" {
		t.Fatalf("compressible page: %+v, want it published", o)
	}
	raws := streamMsgs(t, js, pipeline.ArticlesStream)
	if len(raws) != 1 {
		t.Fatalf("%d raw articles, want 1", len(raws))
	}
	m := raws[0]
	if m.Header.Get(pipeline.HdrContentEncoding) != "gzip" || len(m.Data) > maxPayload {
		t.Errorf("published with Content-Encoding %q, %d bytes", m.Header.Get(pipeline.HdrContentEncoding), len(m.Data))
	}
	a, err := pipeline.DecodeRaw(m.Header, m.Data, 1<<20)
	if err != nil || string(a.Body) != compressible {
		t.Errorf("compressed page does not decode to the served page: %v", err)
	}
}

func TestStageLocalFile(t *testing.T) {
	maxPayload, js := jetStream(t)
	p := filepath.Join(t.TempDir(), "page.html")
	if err := os.WriteFile(p, []byte(fmt.Sprintf(stagePage, "L", "L")), 0o644); err != nil {
		t.Fatal(err)
	}
	st := newStage(t, js, maxPayload)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if o := st.One(ctx, p); o.ArticleID == "" {
		t.Fatalf("local file: %+v", o)
	}
	raws := streamMsgs(t, js, pipeline.ArticlesStream)
	if len(raws) != 1 || raws[0].Subject != "articles.raw.local" {
		t.Fatalf("raw articles %d, want one on articles.raw.local", len(raws))
	}
	if got := raws[0].Header.Get(pipeline.HdrFinalURL); got != "file://"+p {
		t.Errorf("Final URL %q, want file://%s", got, p)
	}
}

func TestStageCancelled(t *testing.T) {
	maxPayload, js := jetStream(t)
	web := site(t, map[string]string{"/a.html": fmt.Sprintf(stagePage, "A", "A")}, nil)
	st := newStage(t, js, maxPayload)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	o := st.One(ctx, web.URL+"/a.html")
	if o.ArticleID != "" || o.Reason != "cancelled" || o.FailureKey != "" {
		t.Errorf("cancelled fetch: %+v, want reason cancelled and no failure key", o)
	}
	if n := len(streamMsgs(t, js, pipeline.DLQStream)); n != 0 {
		t.Errorf("a cancelled fetch was dead-lettered (%d)", n)
	}

	// Run returns at once with a cancelled context, and with no inputs.
	done := make(chan struct{})
	go func() {
		defer close(done)
		st.Run(ctx, make(chan fetch.Input), func(fetch.Outcome) {})
		empty := make(chan fetch.Input)
		close(empty)
		st.Run(context.Background(), empty, func(fetch.Outcome) { t.Error("done called without an input") })
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return")
	}
}
