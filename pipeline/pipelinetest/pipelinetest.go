// Package pipelinetest provides helpers for tests of the pipeline: an
// embedded JetStream server on a temporary directory, an HTTP server on
// loopback that serves fixture pages, after the helpers of nats-server's
// own tests, and deal stores holding made-up fixture deals.
package pipelinetest

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/broker"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// RunBasicJetStreamServer starts an embedded JetStream server with its
// file store in t.TempDir(), listening on a free loopback port. It is shut
// down when the test ends.
func RunBasicJetStreamServer(t testing.TB) *broker.Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := broker.Start(ctx, broker.Embedded{StoreDir: filepath.Join(t.TempDir(), "jetstream"), Listen: "127.0.0.1:0", Logger: Logger(t)})
	if err != nil {
		t.Fatalf("start JetStream server: %v", err)
	}
	t.Cleanup(s.Shutdown)
	return s
}

// Logger returns a logger that writes warnings and errors to the test log
// while the test runs, and nowhere after it ends.
func Logger(t testing.TB) *slog.Logger {
	w := &testWriter{t: t}
	t.Cleanup(func() { w.done.Store(true) })
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type testWriter struct {
	t    testing.TB
	done atomic.Bool
}

func (w *testWriter) Write(p []byte) (int, error) {
	if !w.done.Load() {
		w.t.Log(strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}

// Connect connects to s and makes sure dealwire's streams exist.
func Connect(t testing.TB, s *broker.Server) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	nc, js := Dial(t, s.ClientURL())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := pipeline.EnsureStreams(ctx, js, pipeline.DefaultStreamOptions); err != nil {
		t.Fatalf("streams: %v", err)
	}
	return nc, js
}

// Dial connects to the NATS server at url until the test ends.
func Dial(t testing.TB, url string) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatalf("jetstream: %v", err)
	}
	return nc, js
}

// Page is a page a FixtureServer serves.
type Page struct {
	Body        []byte
	ContentType string // sent as is; empty sends no Content-Type header
	Status      int    // 200 when zero
}

// FixtureServer serves fixture pages on loopback.
type FixtureServer struct {
	*httptest.Server
	mu    sync.RWMutex
	pages map[string]Page
}

// ServeFixtures serves every file of dir at /<name>: .html files as
// text/html without a charset (pages declare theirs in <meta>), .txt as
// text/plain. robots.txt answers 404. More pages can be added with Handle.
func ServeFixtures(t testing.TB, dir string) *FixtureServer {
	t.Helper()
	fs := &FixtureServer{pages: map[string]Page{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("fixtures: %v", err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		body, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatalf("fixtures: %v", err)
		}
		ct := "application/octet-stream"
		switch filepath.Ext(e.Name()) {
		case ".html":
			ct = "text/html"
		case ".txt":
			ct = "text/plain"
		case ".json":
			ct = "application/json"
		}
		fs.pages["/"+e.Name()] = Page{Body: body, ContentType: ct}
	}
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fs.mu.RLock()
		p, ok := fs.pages[r.URL.Path]
		fs.mu.RUnlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		if p.ContentType != "" {
			w.Header().Set("Content-Type", p.ContentType)
		} else {
			w.Header()["Content-Type"] = nil
		}
		status := p.Status
		if status == 0 {
			status = http.StatusOK
		}
		w.WriteHeader(status)
		w.Write(p.Body)
	}))
	t.Cleanup(fs.Close)
	return fs
}

// ReadPages returns the .html files of dirs, in name order; it fails the
// test when there are none.
func ReadPages(t testing.TB, dirs ...string) [][]byte {
	t.Helper()
	var bodies [][]byte
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.html"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files { // Glob sorts
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			bodies = append(bodies, b)
		}
	}
	if len(bodies) == 0 {
		t.Fatalf("no pages in %v", dirs)
	}
	return bodies
}

// Handle serves p at path, replacing what was served there.
func (fs *FixtureServer) Handle(path string, p Page) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.pages[path] = p
}

// URL returns the address of a served path.
func (fs *FixtureServer) URL(path string) string {
	return fs.Server.URL + "/" + strings.TrimPrefix(path, "/")
}

// ClosedPort returns a loopback address where nothing listens.
func ClosedPort(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// WaitFor polls cond until it holds, failing the test after a minute: a
// bound for a loaded machine under the race detector, not a speed target.
func WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// StreamInfo reads a stream's configuration and state, from its leader;
// opts are those of the info request.
func StreamInfo(t testing.TB, js jetstream.JetStream, stream string, opts ...jetstream.StreamInfoOpt) *jetstream.StreamInfo {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := js.Stream(ctx, stream)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(ctx, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// StreamCount returns how many messages a stream holds on subjects that
// match filter.
func StreamCount(t testing.TB, js jetstream.JetStream, stream, filter string) int {
	t.Helper()
	n := 0
	for _, c := range StreamInfo(t, js, stream, jetstream.WithSubjectFilter(filter)).State.Subjects {
		n += int(c)
	}
	return n
}

// Get fetches url and returns the status code and the body.
func Get(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return resp.StatusCode, string(body)
}
