package fetch

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// flushWriter is a compressing writer.
type flushWriter interface {
	io.WriteCloser
	Flush() error
}

// encoders make each Content-Encoding the fetcher accepts; "deflate-raw"
// is deflate without the zlib wrapper, which some servers send.
var encoders = map[string]func(io.Writer) flushWriter{
	"gzip": func(w io.Writer) flushWriter { return gzip.NewWriter(w) },
	"deflate": func(w io.Writer) flushWriter {
		z, _ := zlib.NewWriterLevel(w, zlib.BestCompression)
		return z
	},
	"deflate-raw": func(w io.Writer) flushWriter {
		z, _ := flate.NewWriter(w, flate.BestCompression)
		return z
	},
	"br": func(w io.Writer) flushWriter { return brotli.NewWriter(w) },
}

// header is the Content-Encoding an encoder's output is sent with.
func header(enc string) string {
	if enc == "deflate-raw" {
		return "deflate"
	}
	return enc
}

func compress(t *testing.T, enc string, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := encoders[enc](&buf)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// encodedServer serves body with a Content-Encoding, recording the
// Accept-Encoding of each request.
func encodedServer(t *testing.T, enc string, body []byte, withLength bool) (*server, func() []string) {
	var mu sync.Mutex
	var accepts []string
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		accepts = append(accepts, r.Header.Get("Accept-Encoding"))
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if enc != "" {
			w.Header().Set("Content-Encoding", enc)
		}
		if withLength {
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		}
		w.Write(body)
	})
	return srv, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), accepts...)
	}
}

func TestFetchContentEncoding(t *testing.T) {
	for _, enc := range []string{"gzip", "deflate", "deflate-raw", "br"} {
		t.Run(enc, func(t *testing.T) {
			srv, accepts := encodedServer(t, header(enc), compress(t, enc, []byte(page)), false)
			a := mustFetch(t, New(testConfig()), srv.URL+"/p")
			if string(a.Body) != page {
				t.Errorf("body %q, want the decoded page", a.Body)
			}
			if a.ContentType != "text/html; charset=utf-8" {
				t.Errorf("ContentType = %q", a.ContentType)
			}
			if got := accepts(); len(got) != 1 || got[0] != "gzip, deflate, br" {
				t.Errorf("Accept-Encoding %q, want [\"gzip, deflate, br\"]", got)
			}
		})
	}
	gz := compress(t, "gzip", []byte(page))
	tests := []struct {
		name string
		enc  string
		body []byte
		want string // empty: the page, decoded
	}{
		{"x-gzip", "x-gzip", gz, ""},
		{"upper case", "GZIP", gz, ""},
		{"identity", "identity", []byte(page), ""},
		{"unknown", "zstd", gz, `unsupported Content-Encoding "zstd"`},
		{"two encodings", "gzip, br", gz, `unsupported Content-Encoding "gzip, br"`},
		{"not gzip", "gzip", []byte(page), "corrupt gzip body: gzip: invalid header"},
		{"truncated gzip", "gzip", gz[:len(gz)-4], "corrupt gzip body: unexpected EOF"},
		{"not brotli", "br", []byte(page), "corrupt br body: brotli: RESERVED"},
		{"empty gzip body", "gzip", nil, "empty page"},
		{"empty deflate body", "deflate", nil, "empty page"},
		{"empty br body", "br", nil, "empty page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := encodedServer(t, tt.enc, tt.body, true)
			f := New(testConfig())
			if tt.want == "" {
				if a := mustFetch(t, f, srv.URL+"/p"); string(a.Body) != page {
					t.Errorf("body %q, want the decoded page", a.Body)
				}
				return
			}
			fe := fetchErr(t, f, srv.URL+"/p")
			if fe.Reason != tt.want {
				t.Errorf("reason %q, want %q", fe.Reason, tt.want)
			}
			if fe.Temporary {
				t.Errorf("a bad encoding is marked temporary")
			}
		})
	}
}

// TestFetchCompressedLimit: MaxBody also bounds the compressed bytes, here
// a small page padded with empty deflate blocks.
func TestFetchCompressedLimit(t *testing.T) {
	const limit = 1024
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	io.WriteString(zw, page)
	for buf.Len() < 2*limit {
		zw.Flush() // an empty stored block each time
	}
	zw.Close()
	for _, withLength := range []bool{true, false} {
		t.Run(fmt.Sprintf("Content-Length=%v", withLength), func(t *testing.T) {
			srv, _ := encodedServer(t, "gzip", buf.Bytes(), withLength)
			cfg := testConfig()
			cfg.MaxBody = limit
			fe := fetchErr(t, New(cfg), srv.URL+"/p")
			want := "compressed page larger than the 1024-byte limit"
			if withLength {
				want = fmt.Sprintf("page larger than the 1024-byte limit (Content-Length %d)", buf.Len())
			}
			if fe.Reason != want || fe.Temporary {
				t.Errorf("reason %q (temporary %v), want %q", fe.Reason, fe.Temporary, want)
			}
		})
	}
}

// bomb returns the compressed form of 1 MiB of "a" (about 1 KB for
// gzip and deflate, 100 bytes for br) and a chunk that, appended any
// number of times, adds 1 MiB more each.
func bomb(t *testing.T, enc string) (head, chunk []byte) {
	t.Helper()
	mib := bytes.Repeat([]byte("a"), 1<<20)
	var buf bytes.Buffer
	w := encoders[enc](&buf)
	var parts [][]byte
	for range 3 {
		w.Write(mib)
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, bytes.Clone(buf.Bytes()))
		buf.Reset()
	}
	// A flushed chunk of "a" that follows "a" encodes the same each
	// time, so it can be repeated.
	if !bytes.Equal(parts[1], parts[2]) {
		t.Fatalf("%s: flushed chunks differ; cannot build the bomb", enc)
	}
	return parts[0], parts[1]
}

func TestFetchDecompressionBomb(t *testing.T) {
	const limit = 64 << 10
	for _, enc := range []string{"gzip", "deflate", "deflate-raw", "br"} {
		head, chunk := bomb(t, enc)
		if len(head) > 1100 {
			t.Fatalf("%s: the 1 MiB bomb is %d bytes", enc, len(head))
		}
		for _, mib := range []int{1, 1024} {
			t.Run(fmt.Sprintf("%s/%dMiB", enc, mib), func(t *testing.T) {
				srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/html")
					w.Header().Set("Content-Encoding", header(enc))
					if _, err := w.Write(head); err != nil {
						return
					}
					for range mib - 1 {
						if _, err := w.Write(chunk); err != nil {
							return // the fetcher hung up
						}
					}
				})
				cfg := testConfig()
				cfg.MaxBody = limit
				f := New(cfg)
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				start := time.Now()
				fe := fetchErr(t, f, srv.URL+"/bomb")
				elapsed := time.Since(start)
				runtime.ReadMemStats(&after)
				want := fmt.Sprintf("page larger than the %d-byte limit after %s decompression", limit, header(enc))
				if fe.Reason != want || fe.Temporary {
					t.Errorf("reason %q (temporary %v), want %q", fe.Reason, fe.Temporary, want)
				}
				// Reading stops at the limit: the test process allocates
				// far less than the bomb's size, and soon.
				alloc := after.TotalAlloc - before.TotalAlloc
				t.Logf("%d KiB allocated in %v", alloc>>10, elapsed)
				if alloc > 32<<20 {
					t.Errorf("fetching a %d MiB bomb allocated %d MiB", mib, alloc>>20)
				}
				if elapsed > 5*time.Second {
					t.Errorf("fetching a %d MiB bomb took %v", mib, elapsed)
				}
			})
		}
	}
}

// TestRobotsCompressed: a gzip robots.txt is read like a plain one.
func TestRobotsCompressed(t *testing.T) {
	robots := compress(t, "gzip", []byte("User-agent: *\nDisallow: /private/\n"))
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			w.Header().Set("Content-Type", "text/plain")
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(robots)
			return
		}
		htmlPage(w, page)
	})
	cfg := testConfig()
	cfg.IgnoreRobots = false
	f := New(cfg)
	mustFetch(t, f, srv.URL+"/public/a")
	fe := fetchErr(t, f, srv.URL+"/private/a")
	wantReason(t, fe, "disallowed by "+srv.URL+"/robots.txt")
	if n := srv.count("/private/a"); n != 0 {
		t.Errorf("/private/a was requested despite robots.txt")
	}
}
