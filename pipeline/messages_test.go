package pipeline

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/dealwire/dealwire/extractors"
	"github.com/nats-io/nats.go"
)

// validSubject reports whether s is a literal NATS subject: non-empty
// tokens separated by dots, no wildcards, no whitespace.
func validSubject(s string) bool {
	if s == "" {
		return false
	}
	for _, tok := range strings.Split(s, ".") {
		if tok == "" || tok == "*" || tok == ">" {
			return false
		}
		if strings.ContainsAny(tok, "*> \t\r\n") {
			return false
		}
	}
	return true
}

func TestRawSubject(t *testing.T) {
	tests := []struct {
		host, want string
	}{
		{"www.example.com", "articles.raw.www.example.com"},
		{"WWW.Example.COM", "articles.raw.www.example.com"},
		{"example.com.", "articles.raw.example.com"},
		{"example.com:8080", "articles.raw.example.com"},
		{"EXAMPLE.com:443", "articles.raw.example.com"},
		{"127.0.0.1", "articles.raw.127.0.0.1"},
		{"127.0.0.1:4222", "articles.raw.127.0.0.1"},
		{"[::1]:8080", "articles.raw.__1"},
		{"[::1]", "articles.raw.__1"},
		{"", "articles.raw.local"},
		{".", "articles.raw.local"},
		{":8080", "articles.raw.local"},
		{"a..b", "articles.raw.a.b"},
		{".example.com", "articles.raw.example.com"},
		{"news-site.example", "articles.raw.news-site.example"},
		{"under_score.example", "articles.raw.under_score.example"},
		{"a*b.example", "articles.raw.a_b.example"},
		{"a>b.example", "articles.raw.a_b.example"},
		{"a b.example", "articles.raw.a_b.example"},
		{"tab\there.example", "articles.raw.tab_here.example"},
		{"bücher.de", "articles.raw.b_cher.de"},
		{"xn--bcher-kva.de", "articles.raw.xn--bcher-kva.de"},
		{"例え.jp", "articles.raw.__.jp"},
		{"*", "articles.raw._"},
		{">", "articles.raw._"},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			got := RawSubject(tt.host)
			if got != tt.want {
				t.Errorf("RawSubject(%q) = %q, want %q", tt.host, got, tt.want)
			}
			if !validSubject(got) {
				t.Errorf("RawSubject(%q) = %q is not a literal NATS subject", tt.host, got)
			}
			if !strings.HasPrefix(got, RawSubjectPrefix) {
				t.Errorf("RawSubject(%q) = %q lacks the prefix %q", tt.host, got, RawSubjectPrefix)
			}
		})
	}
}

// TestRawSubjectBareIPv6 feeds the hosts url.URL.Hostname returns for IPv6
// addresses, without brackets, as fetch.Stage does. Distinct hosts must get
// distinct subjects, and the bracketed and bare forms of one address the
// same subject.
func TestRawSubjectBareIPv6(t *testing.T) {
	tests := []struct{ a, b string }{
		{"2001:db8::1", "2001:db8::2"},
		{"fe80::1", "fe80::2"},
	}
	for _, tt := range tests {
		if sa, sb := RawSubject(tt.a), RawSubject(tt.b); sa == sb {
			t.Errorf("RawSubject(%q) = RawSubject(%q) = %q: distinct IPv6 hosts share a subject (the last address group is taken for a port)", tt.a, tt.b, sa)
		}
	}
	if bare, bracketed := RawSubject("::1"), RawSubject("[::1]:8080"); bare != bracketed {
		t.Errorf("RawSubject(%q) = %q, RawSubject(%q) = %q: want the same subject for one address", "::1", bare, "[::1]:8080", bracketed)
	}
}

func TestDealAndDLQSubject(t *testing.T) {
	deals := []struct {
		typ, status, want string
	}{
		{extractors.Production, extractors.Agreed, "deals.production.agreed"},
		{extractors.Licensing, extractors.Talks, "deals.licensing.talks"},
		{extractors.Acquisition, extractors.Ended, "deals.acquisition.ended"},
		{"", "", "deals.unknown.unknown"},
		{"production", "", "deals.production.unknown"},
		{"a.b", "c*", "deals.a_b.c_"},
		{"x>y", "t s", "deals.x_y.t_s"},
		{"tab\t", "nl\n", "deals.tab_.nl_"},
		{"fusion-acquisition", "agreed", "deals.fusion-acquisition.agreed"},
	}
	for _, tt := range deals {
		got := DealSubject(tt.typ, tt.status)
		if got != tt.want {
			t.Errorf("DealSubject(%q, %q) = %q, want %q", tt.typ, tt.status, got, tt.want)
		}
		if !validSubject(got) {
			t.Errorf("DealSubject(%q, %q) = %q is not a literal subject", tt.typ, tt.status, got)
		}
		if n := strings.Count(got, "."); n != 2 {
			t.Errorf("DealSubject(%q, %q) = %q has %d dots, want exactly 2 (deals.<type>.<status>)", tt.typ, tt.status, got, n)
		}
	}
	dlq := []struct{ stage, want string }{
		{StageFetch, "dealwire.dlq.fetch"},
		{StageExtract, "dealwire.dlq.extract"},
		{StageSink, "dealwire.dlq.sink"},
		{"", "dealwire.dlq.unknown"},
		{"a.b", "dealwire.dlq.a_b"},
		{"*", "dealwire.dlq._"},
		{">", "dealwire.dlq._"},
	}
	for _, tt := range dlq {
		got := DLQSubject(tt.stage)
		if got != tt.want {
			t.Errorf("DLQSubject(%q) = %q, want %q", tt.stage, got, tt.want)
		}
		if !validSubject(got) || strings.Count(got, ".") != 2 {
			t.Errorf("DLQSubject(%q) = %q is not dealwire.dlq.<one token>", tt.stage, got)
		}
	}
}

func testArticle(body []byte) *RawArticle {
	return &RawArticle{
		ID:           ArticleID("https://example.com/a", body),
		Source:       "https://example.com/a?utm_source=x",
		URL:          "https://example.com/a?utm_source=x",
		FinalURL:     "https://www.example.com/a",
		CanonicalURL: "https://example.com/a",
		Status:       200,
		ContentType:  "text/html; charset=utf-8",
		FetchedAt:    time.Date(2024, 3, 5, 10, 11, 12, 123456789, time.UTC),
		ETag:         `"abc123"`,
		LastModified: "Tue, 05 Mar 2024 10:00:00 GMT",
		Body:         body,
	}
}

// compressible returns n bytes of HTML-ish text that gzip shrinks well.
func compressible(n int) []byte {
	var b bytes.Buffer
	b.WriteString("<html><body>")
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "<p>Paragraph %d of the article about a deal.</p>\n", i)
	}
	return b.Bytes()[:n]
}

func TestRawArticleRoundTrip(t *testing.T) {
	tests := []struct {
		name       string
		size       int
		maxPayload int64
		wantGzip   bool
	}{
		{"small", 200, 0, false},
		{"at threshold", CompressAbove, 0, false},
		{"just over threshold", CompressAbove + 1, 0, true},
		{"large", 512 << 10, 0, true},
		{"small, fits the server", 20 << 10, 64 << 10, false},
		{"small, too large for the server unless compressed", 20 << 10, 8 << 10, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := compressible(tt.size)
			a := testArticle(body)
			subj := RawSubject("www.example.com")
			m, err := a.Msg(subj, tt.maxPayload)
			if err != nil {
				t.Fatal(err)
			}
			if m.Subject != subj {
				t.Errorf("subject = %q, want %q", m.Subject, subj)
			}
			h := m.Header
			wantHdr := map[string]string{
				HdrMsgID:        a.ID,
				HdrSchema:       SchemaVersion,
				HdrArticleID:    a.ID,
				HdrSource:       a.Source,
				HdrURL:          a.URL,
				HdrFinalURL:     a.FinalURL,
				HdrCanonicalURL: a.CanonicalURL,
				HdrStatus:       "200",
				HdrContentType:  a.ContentType,
				HdrFetchedAt:    "2024-03-05T10:11:12.123456789Z",
				HdrETag:         a.ETag,
				HdrLastModified: a.LastModified,
			}
			for k, v := range wantHdr {
				if got := h.Get(k); got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
			gotEnc := h.Get(HdrContentEncoding)
			if tt.wantGzip {
				if gotEnc != "gzip" {
					t.Fatalf("Content-Encoding = %q, want gzip for a %d-byte body", gotEnc, tt.size)
				}
				if len(m.Data) >= len(body) {
					t.Errorf("compressed payload is %d bytes, not smaller than the %d-byte body", len(m.Data), len(body))
				}
				if !bytes.HasPrefix(m.Data, []byte{0x1f, 0x8b}) {
					t.Errorf("payload does not start with the gzip magic")
				}
			} else {
				if gotEnc != "" {
					t.Errorf("Content-Encoding = %q, want none for a %d-byte body", gotEnc, tt.size)
				}
				if !bytes.Equal(m.Data, body) {
					t.Errorf("uncompressed payload differs from the body")
				}
			}

			got, err := DecodeRaw(h, m.Data, 10<<20)
			if err != nil {
				t.Fatalf("DecodeRaw: %v", err)
			}
			if !got.FetchedAt.Equal(a.FetchedAt) {
				t.Errorf("FetchedAt = %v, want %v", got.FetchedAt, a.FetchedAt)
			}
			want := *a
			want.FetchedAt, got.FetchedAt = time.Time{}, time.Time{}
			if !reflect.DeepEqual(*got, want) {
				t.Errorf("decoded article differs:\n got %+v\nwant %+v", summary(got), summary(&want))
			}
		})
	}
}

func summary(a *RawArticle) string {
	b := *a
	b.Body = nil
	return fmt.Sprintf("%+v body=%d bytes", b, len(a.Body))
}

func TestRawArticleMinimal(t *testing.T) {
	a := &RawArticle{ID: "abc", Body: []byte("<p>x</p>")}
	m, err := a.Msg("articles.raw.local", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{HdrSource, HdrURL, HdrFinalURL, HdrCanonicalURL, HdrStatus, HdrContentType, HdrFetchedAt, HdrETag, HdrLastModified, HdrContentEncoding} {
		if _, ok := m.Header[k]; ok {
			t.Errorf("header %s set for an empty field: %q", k, m.Header.Get(k))
		}
	}
	got, err := DecodeRaw(m.Header, m.Data, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "abc" || got.Status != 0 || !got.FetchedAt.IsZero() || string(got.Body) != "<p>x</p>" {
		t.Errorf("decoded %+v", summary(got))
	}
}

func mustGzip(t testing.TB, p []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(p); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDecodeRawErrors(t *testing.T) {
	body := []byte("<html><body><p>Hello</p></body></html>")
	base := func() nats.Header {
		m, err := testArticle(body).Msg("articles.raw.example.com", 0)
		if err != nil {
			t.Fatal(err)
		}
		return m.Header
	}
	gz := mustGzip(t, compressible(4096))
	tests := []struct {
		name    string
		edit    func(h nats.Header)
		data    []byte
		maxBody int64
		schema  bool   // want errors.Is(err, ErrSchema)
		want    string // substring of the message
	}{
		{"missing schema", func(h nats.Header) { h.Del(HdrSchema) }, body, 1 << 20, true, `Dealwire-Schema=""`},
		{"wrong schema", func(h nats.Header) { h.Set(HdrSchema, "2") }, body, 1 << 20, true, `Dealwire-Schema="2"`},
		{"schema with spaces", func(h nats.Header) { h.Set(HdrSchema, " 1") }, body, 1 << 20, true, "want \"1\""},
		{"missing article id", func(h nats.Header) { h.Del(HdrArticleID) }, body, 1 << 20, false, "without Dealwire-Article-Id"},
		{"empty article id", func(h nats.Header) { h.Set(HdrArticleID, "") }, body, 1 << 20, false, "without Dealwire-Article-Id"},
		{"status not a number", func(h nats.Header) { h.Set(HdrStatus, "OK") }, body, 1 << 20, false, `bad Dealwire-Status header "OK"`},
		{"status with text", func(h nats.Header) { h.Set(HdrStatus, "200 OK") }, body, 1 << 20, false, "bad Dealwire-Status"},
		{"fetched-at not a time", func(h nats.Header) { h.Set(HdrFetchedAt, "yesterday") }, body, 1 << 20, false, `bad Dealwire-Fetched-At header "yesterday"`},
		{"fetched-at as HTTP date", func(h nats.Header) { h.Set(HdrFetchedAt, "Tue, 05 Mar 2024 10:00:00 GMT") }, body, 1 << 20, false, "bad Dealwire-Fetched-At"},
		{"unknown encoding", func(h nats.Header) { h.Set(HdrContentEncoding, "br") }, body, 1 << 20, false, `unsupported Content-Encoding "br"`},
		{"deflate encoding", func(h nats.Header) { h.Set(HdrContentEncoding, "deflate") }, body, 1 << 20, false, "unsupported Content-Encoding"},
		{"corrupt gzip", func(h nats.Header) { h.Set(HdrContentEncoding, "gzip") }, []byte("this is not gzip at all"), 1 << 20, false, "decompress page"},
		{"empty gzip payload", func(h nats.Header) { h.Set(HdrContentEncoding, "gzip") }, nil, 1 << 20, false, "decompress page"},
		{"truncated gzip", func(h nats.Header) { h.Set(HdrContentEncoding, "gzip") }, gz[:len(gz)/2], 1 << 20, false, "decompress page"},
		{"gzip with bad checksum", func(h nats.Header) { h.Set(HdrContentEncoding, "gzip") }, corruptTrailer(gz), 1 << 20, false, "decompress page"},
		{"plain body over limit", nil, body, int64(len(body)) - 1, false, fmt.Sprintf("page of %d bytes exceeds the %d-byte limit", len(body), len(body)-1)},
		{"gzip body over limit", func(h nats.Header) { h.Set(HdrContentEncoding, "gzip") }, gz, 4095, false, "decompresses to more than the 4095-byte limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := base()
			if tt.edit != nil {
				tt.edit(h)
			}
			a, err := DecodeRaw(h, tt.data, tt.maxBody)
			if err == nil {
				t.Fatalf("DecodeRaw succeeded (%s), want an error", summary(a))
			}
			if a != nil {
				t.Errorf("DecodeRaw returned an article with its error")
			}
			if !errors.Is(err, ErrPermanent) {
				t.Errorf("error %q is not permanent", err)
			}
			if got := errors.Is(err, ErrSchema); got != tt.schema {
				t.Errorf("errors.Is(%q, ErrSchema) = %v, want %v", err, got, tt.schema)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}

func corruptTrailer(gz []byte) []byte {
	out := append([]byte(nil), gz...)
	out[len(out)-8] ^= 0xff // CRC-32 of the trailer
	return out
}

func TestDecodeRawAtLimit(t *testing.T) {
	body := compressible(4096)
	h := nats.Header{}
	h.Set(HdrSchema, SchemaVersion)
	h.Set(HdrArticleID, "id")
	if a, err := DecodeRaw(h, body, 4096); err != nil || len(a.Body) != 4096 {
		t.Errorf("plain body of exactly maxBody: err %v", err)
	}
	for _, enc := range []string{"gzip", "identity"} {
		h.Set(HdrContentEncoding, enc)
		data := body
		if enc == "gzip" {
			data = mustGzip(t, body)
		}
		a, err := DecodeRaw(h, data, 4096)
		if err != nil {
			t.Errorf("%s body of exactly maxBody: %v", enc, err)
			continue
		}
		if !bytes.Equal(a.Body, body) {
			t.Errorf("%s body decoded wrong", enc)
		}
	}
}

// bomb returns a gzip stream of n zero bytes (rounded up to MiB) without
// holding them in memory: one compressed member of 1 MiB of zeros, repeated
// (gzip readers read concatenated members as one stream).
func bomb(t testing.TB, n int) []byte {
	t.Helper()
	var member bytes.Buffer
	zw, err := gzip.NewWriterLevel(&member, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(make([]byte, 1<<20)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return bytes.Repeat(member.Bytes(), (n+1<<20-1)>>20)
}

func TestDecodeRawDecompressionBomb(t *testing.T) {
	const inflated = 64 << 20
	const maxBody = 1 << 20
	data := bomb(t, inflated)
	if len(data) > 128<<10 {
		t.Fatalf("bomb is %d bytes compressed; want a small payload", len(data))
	}
	h := nats.Header{}
	h.Set(HdrSchema, SchemaVersion)
	h.Set(HdrArticleID, "bomb")
	h.Set(HdrContentEncoding, "gzip")

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	a, err := DecodeRaw(h, data, maxBody)
	runtime.ReadMemStats(&after)

	if err == nil {
		t.Fatalf("a %d-byte gzip of %d MiB decoded to %d bytes, want an error", len(data), inflated>>20, len(a.Body))
	}
	if !errors.Is(err, ErrPermanent) {
		t.Errorf("error %q is not permanent", err)
	}
	if want := fmt.Sprintf("more than the %d-byte limit", maxBody); !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not mention %q", err, want)
	}
	// Reading stops just past maxBody: the allocations stay a small
	// multiple of it, far from the inflated size.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16*maxBody {
		t.Errorf("decoding allocated %d MiB for a %d MiB limit", alloc>>20, maxBody>>20)
	}
}

func TestArticleID(t *testing.T) {
	body := []byte("<p>Sony and Netflix sign a deal.</p>")
	id := ArticleID("https://example.com/a", body)
	if len(id) != 32 || strings.Trim(id, "0123456789abcdef") != "" {
		t.Fatalf("ArticleID = %q, want 32 lower-case hex digits", id)
	}
	if again := ArticleID("https://example.com/a", append([]byte(nil), body...)); again != id {
		t.Errorf("ArticleID not stable: %q then %q", id, again)
	}
	tests := []struct {
		name string
		url  string
		body []byte
	}{
		{"other canonical URL", "https://example.com/b", body},
		{"trailing slash", "https://example.com/a/", body},
		{"empty canonical URL", "", body},
		{"other body", "https://example.com/a", []byte("<p>Sony and Netflix sign a deal!</p>")},
		{"empty body", "https://example.com/a", nil},
		{"body with one more byte", "https://example.com/a", append(append([]byte(nil), body...), '\n')},
	}
	seen := map[string]string{id: "base"}
	for _, tt := range tests {
		got := ArticleID(tt.url, tt.body)
		if prev, ok := seen[got]; ok {
			t.Errorf("%s: ArticleID %q collides with %s", tt.name, got, prev)
		}
		seen[got] = tt.name
	}
	// The separator keeps URL and body apart.
	if ArticleID("https://example.com/ab", []byte("c")) == ArticleID("https://example.com/a", []byte("bc")) {
		t.Errorf("URL/body boundary is ambiguous")
	}
}

func TestFailureRoundTrip(t *testing.T) {
	body := compressible(CompressAbove + 100)
	raw, err := testArticle(body).Msg("articles.raw.www.example.com", 0)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 3, 6, 8, 0, 0, 42, time.UTC)
	tests := []struct {
		name string
		f    Failure
		body []byte
		orig nats.Header
	}{
		{"extract failure with original message", Failure{
			Key: "art1", Stage: StageExtract, Reason: "extractor panicked: boom", Source: "https://example.com/a?utm_source=x",
			URL: "https://example.com/a?utm_source=x", ArticleID: raw.Header.Get(HdrArticleID), Deliveries: 5, OrigSubject: raw.Subject, At: at,
		}, raw.Data, raw.Header},
		{"fetch failure without body", Failure{
			Key: FetchFailureKey("http://x/y"), Stage: StageFetch, Reason: "HTTP 404 Not Found", Source: "http://x/y", URL: "http://x/y", At: at,
		}, nil, nil},
		{"reason with unicode", Failure{Key: "k", Stage: StageSink, Reason: "page « cassée » — non lisible", At: at}, []byte("x"), nats.Header{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var origCopy nats.Header
			if tt.orig != nil {
				origCopy = nats.Header{}
				for k, vs := range tt.orig {
					origCopy[k] = append([]string(nil), vs...)
				}
			}
			m := tt.f.Msg(tt.body, tt.orig)
			if want := DLQSubject(tt.f.Stage); m.Subject != want {
				t.Errorf("subject = %q, want %q", m.Subject, want)
			}
			if !bytes.Equal(m.Data, tt.body) {
				t.Errorf("body not carried over")
			}
			id := m.Header.Get(HdrMsgID)
			if !strings.HasPrefix(id, "dlq."+tt.f.Stage+"."+tt.f.Key+".") {
				t.Errorf("Nats-Msg-Id = %q, want dlq.<stage>.<key>.<time>", id)
			}
			if vs := m.Header[HdrMsgID]; len(vs) != 1 {
				t.Errorf("Nats-Msg-Id has %d values %q, want 1", len(vs), vs)
			}
			if tt.orig != nil && id == tt.orig.Get(HdrMsgID) {
				t.Errorf("the original Nats-Msg-Id was carried over")
			}
			if m.Header.Get(HdrSchema) != SchemaVersion || m.Header.Get(HdrReason) != tt.f.Reason || m.Header.Get(HdrStage) != tt.f.Stage {
				t.Errorf("failure headers wrong: %v", m.Header)
			}
			// The original headers that let a replay decode the body.
			for _, k := range []string{HdrContentEncoding, HdrContentType, HdrFinalURL, HdrCanonicalURL, HdrStatus, HdrETag, HdrLastModified} {
				if tt.orig == nil {
					break
				}
				if got, want := m.Header.Values(k), tt.orig.Values(k); !reflect.DeepEqual(got, want) {
					t.Errorf("original header %s = %q, want %q", k, got, want)
				}
			}
			if !reflect.DeepEqual(tt.orig, origCopy) {
				t.Errorf("Msg modified the original headers")
			}
			if vs := m.Header[HdrContentType]; tt.orig != nil && len(vs) > 0 {
				saved := vs[0]
				vs[0] = "mutated"
				if tt.orig.Get(HdrContentType) == "mutated" {
					t.Errorf("the failure message shares header slices with the original")
				}
				vs[0] = saved
			}

			got, err := DecodeFailure(m.Header)
			if err != nil {
				t.Fatal(err)
			}
			if !got.At.Equal(tt.f.At) {
				t.Errorf("At = %v, want %v", got.At, tt.f.At)
			}
			want := tt.f
			want.At, got.At = time.Time{}, time.Time{}
			if got != want {
				t.Errorf("DecodeFailure:\n got %+v\nwant %+v", got, want)
			}
		})
	}

	t.Run("replayable", func(t *testing.T) {
		f := tests[0].f
		m := f.Msg(raw.Data, raw.Header)
		a, err := DecodeRaw(m.Header, m.Data, 10<<20)
		if err != nil {
			t.Fatalf("the dead letter of a raw article does not decode as one: %v", err)
		}
		if !bytes.Equal(a.Body, body) {
			t.Errorf("replayed body differs")
		}
	})

	t.Run("At defaults to now", func(t *testing.T) {
		before := time.Now()
		m := Failure{Key: "k", Stage: StageFetch, Reason: "r"}.Msg(nil, nil)
		after := time.Now()
		f, err := DecodeFailure(m.Header)
		if err != nil {
			t.Fatal(err)
		}
		if f.At.Before(before.Add(-time.Microsecond)) || f.At.After(after.Add(time.Microsecond)) {
			t.Errorf("At = %v, want between %v and %v", f.At, before, after)
		}
	})

	t.Run("message id per occurrence", func(t *testing.T) {
		f := Failure{Key: "k", Stage: StageFetch, Reason: "r", At: at}
		id1 := f.Msg(nil, nil).Header.Get(HdrMsgID)
		if again := f.Msg(nil, nil).Header.Get(HdrMsgID); again != id1 {
			t.Errorf("the same failure got ids %q and %q", id1, again)
		}
		f.At = at.Add(time.Nanosecond)
		if later := f.Msg(nil, nil).Header.Get(HdrMsgID); later == id1 {
			t.Errorf("two occurrences share the id %q", later)
		}
	})
}

// TestFailureKeepsOriginalHeaders checks that every header of the failed
// message except Nats-Msg-Id reaches the dead letter unchanged, so that a
// replay resubmits the message as it was. The failure's own fields here
// match the original (as extract's giveUp sets them).
func TestFailureKeepsOriginalHeaders(t *testing.T) {
	raw, err := testArticle(compressible(1000)).Msg("articles.raw.www.example.com", 0)
	if err != nil {
		t.Fatal(err)
	}
	f := Failure{
		Key: raw.Header.Get(HdrArticleID), Stage: StageExtract, Reason: "boom",
		Source: raw.Header.Get(HdrSource), URL: raw.Header.Get(HdrURL), ArticleID: raw.Header.Get(HdrArticleID),
		OrigSubject: raw.Subject, At: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC),
	}
	m := f.Msg(raw.Data, raw.Header)
	for k, want := range raw.Header {
		if k == HdrMsgID {
			continue
		}
		if got := m.Header.Values(k); !reflect.DeepEqual(got, want) {
			t.Errorf("original header %s = %q in the dead letter, want %q kept for replay", k, got, want)
		}
	}
	a, err := DecodeRaw(m.Header, m.Data, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if want := testArticle(nil).FetchedAt; !a.FetchedAt.Equal(want) {
		t.Errorf("replayed article FetchedAt = %v, want the original fetch time %v", a.FetchedAt, want)
	}
}

func TestDecodeFailureErrors(t *testing.T) {
	full := Failure{Key: "k", Stage: StageExtract, Reason: "r", At: time.Now()}.Msg(nil, nil).Header
	tests := []struct {
		name string
		edit func(h nats.Header)
		ok   bool
	}{
		{"complete", func(nats.Header) {}, true},
		{"no key", func(h nats.Header) { h.Del(HdrFailureKey) }, false},
		{"no stage", func(h nats.Header) { h.Del(HdrStage) }, false},
		{"empty header", func(h nats.Header) {
			for k := range h {
				delete(h, k)
			}
		}, false},
		{"bad deliveries ignored", func(h nats.Header) { h.Set(HdrDeliveries, "many") }, true},
		{"bad time ignored", func(h nats.Header) { h.Set(HdrFetchedAt, "soon") }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := nats.Header{}
			for k, vs := range full {
				h[k] = append([]string(nil), vs...)
			}
			tt.edit(h)
			f, err := DecodeFailure(h)
			if tt.ok {
				if err != nil {
					t.Fatalf("DecodeFailure: %v", err)
				}
				if f.Key != "k" || f.Stage != StageExtract {
					t.Errorf("decoded %+v", f)
				}
				return
			}
			if err == nil {
				t.Fatalf("DecodeFailure accepted %v", h)
			}
			if !errors.Is(err, ErrPermanent) {
				t.Errorf("error %q is not permanent", err)
			}
		})
	}
}

func TestFetchFailureKey(t *testing.T) {
	k := FetchFailureKey("http://example.com/a")
	if !strings.HasPrefix(k, "src-") || len(k) != 4+24 {
		t.Errorf("FetchFailureKey = %q, want src- and 24 hex digits", k)
	}
	if FetchFailureKey("http://example.com/a") != k {
		t.Errorf("FetchFailureKey not stable")
	}
	if FetchFailureKey("http://example.com/b") == k {
		t.Errorf("FetchFailureKey ignores the source")
	}
}

func testResult() *extractors.Result {
	d := extractors.Deal{
		Type: extractors.Licensing, Status: extractors.Talks,
		Parties:  []extractors.Party{{Name: "Netflix", Role: "licensee"}, {Name: "Canal+", Role: "licensor"}},
		Titles:   []string{"Le Bureau"},
		Terms:    extractors.Terms{Territories: []string{"France"}, Exclusive: true},
		Evidence: []string{"Netflix is in talks to license Le Bureau from Canal+."},
	}
	d.ID = extractors.DealID(d.Type, []string{"Netflix", "Canal+"}, d.Titles)
	return &extractors.Result{
		Article: extractors.Article{
			ID: "art-1", URL: "https://example.com/a", Source: "https://example.com/a", Title: "Netflix in talks",
			Published: "2024-03-05", Lang: "en", Extractor: "v3", Text: "Netflix is in talks to license Le Bureau from Canal+.",
		},
		Companies: []extractors.Company{{Name: "Netflix", Mentions: []string{"Netflix"}}, {Name: "Canal+", Mentions: []string{"Canal+"}}},
		Titles:    []extractors.Title{{Name: "Le Bureau", Kind: "series"}},
		Deals:     []extractors.Deal{d},
	}
}

func TestDealEventMsg(t *testing.T) {
	r := testResult()
	evs := DealEvents(r)
	if len(evs) != 1 {
		t.Fatalf("DealEvents = %d events, want 1", len(evs))
	}
	ev := evs[0]
	if ev.Article.Text != "" {
		t.Errorf("the event carries the article text")
	}
	if r.Article.Text == "" {
		t.Errorf("DealEvents cleared the result's own article text")
	}
	if ev.Schema != SchemaVersion || ev.Deal.ID != r.Deals[0].ID || ev.Article.ID != "art-1" {
		t.Errorf("event = %+v", ev)
	}
	m, err := ev.Msg()
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "deals.licensing.talks" {
		t.Errorf("subject = %q, want deals.licensing.talks", m.Subject)
	}
	if want := "art-1." + ev.Deal.ID + ".v3"; m.Header.Get(HdrMsgID) != want {
		t.Errorf("Nats-Msg-Id = %q, want %q", m.Header.Get(HdrMsgID), want)
	}
	if m.Header.Get(HdrSchema) != SchemaVersion || m.Header.Get(HdrArticleID) != "art-1" || m.Header.Get(HdrContentType) != "application/json" {
		t.Errorf("headers = %v", m.Header)
	}
	got, err := DecodeDealEvent(m.Data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, ev) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, ev)
	}

	// A newer extractor makes a new message; the same one a duplicate.
	ev2 := ev
	ev2.Article.Extractor = "v4"
	m2, _ := ev2.Msg()
	if m2.Header.Get(HdrMsgID) == m.Header.Get(HdrMsgID) {
		t.Errorf("a newer extractor's event shares the message id")
	}

	for name, data := range map[string]string{
		"garbage":      "not json",
		"wrong schema": `{"schema":"2","deal":{},"article":{}}`,
		"no schema":    `{"deal":{},"article":{}}`,
	} {
		if _, err := DecodeDealEvent([]byte(data)); err == nil || !errors.Is(err, ErrPermanent) {
			t.Errorf("%s: DecodeDealEvent error = %v, want a permanent error", name, err)
		}
	}
	if _, err := DecodeDealEvent([]byte(`{"schema":"2"}`)); !errors.Is(err, ErrSchema) {
		t.Errorf("wrong schema: error %v is not ErrSchema", err)
	}
}

func TestResultRoundTrip(t *testing.T) {
	r := testResult()
	m, err := ResultMsg(r)
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != ExtractedSubject {
		t.Errorf("subject = %q, want %q", m.Subject, ExtractedSubject)
	}
	if got := m.Header.Get(HdrMsgID); got != "art-1.v3" {
		t.Errorf("Nats-Msg-Id = %q, want art-1.v3", got)
	}
	got, err := DecodeResult(m.Header, m.Data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, r) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, r)
	}

	hdr := func(schema string) nats.Header {
		h := nats.Header{}
		if schema != "" {
			h.Set(HdrSchema, schema)
		}
		return h
	}
	noID := *r
	noID.Article.ID = ""
	noIDData, _ := json.Marshal(&noID)
	tests := []struct {
		name   string
		h      nats.Header
		data   []byte
		schema bool
		want   string
	}{
		{"no article id", hdr(SchemaVersion), noIDData, false, "without article.id"},
		{"empty object", hdr(SchemaVersion), []byte(`{}`), false, "without article.id"},
		{"garbage", hdr(SchemaVersion), []byte(`{"article":`), false, "article result"},
		{"wrong schema", hdr("0"), m.Data, true, "Dealwire-Schema"},
		{"missing schema", hdr(""), m.Data, true, "Dealwire-Schema"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeResult(tt.h, tt.data)
			if err == nil {
				t.Fatal("DecodeResult succeeded")
			}
			if !errors.Is(err, ErrPermanent) || errors.Is(err, ErrSchema) != tt.schema {
				t.Errorf("error %q: permanent %v, schema %v (want schema %v)", err, errors.Is(err, ErrPermanent), errors.Is(err, ErrSchema), tt.schema)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}

type codeError struct{ code int }

func (e *codeError) Error() string { return fmt.Sprintf("code %d", e.code) }

func TestPermanent(t *testing.T) {
	if Permanent(nil) != nil {
		t.Fatal("Permanent(nil) != nil")
	}
	inner := &codeError{42}
	tests := []struct {
		name string
		err  error
		perm bool
	}{
		{"plain error", errors.New("x"), false},
		{"wrapped", Permanent(inner), true},
		{"wrapped twice", Permanent(Permanent(inner)), true},
		{"wrapped by fmt", fmt.Errorf("stage: %w", Permanent(inner)), true},
		{"joined", errors.Join(errors.New("a"), Permanent(inner)), true},
		{"sentinel itself", ErrPermanent, true},
	}
	for _, tt := range tests {
		if got := errors.Is(tt.err, ErrPermanent); got != tt.perm {
			t.Errorf("%s: errors.Is(ErrPermanent) = %v, want %v", tt.name, got, tt.perm)
		}
	}
	p := Permanent(inner)
	if p.Error() != "code 42" {
		t.Errorf("Error() = %q, want the wrapped message", p.Error())
	}
	if !errors.Is(p, inner) {
		t.Errorf("the wrapped error is lost")
	}
	var ce *codeError
	if !errors.As(fmt.Errorf("ctx: %w", p), &ce) || ce.code != 42 {
		t.Errorf("errors.As does not reach the wrapped error")
	}
	sentinel := errors.New("sentinel")
	if !errors.Is(Permanent(fmt.Errorf("%w: detail", sentinel)), sentinel) {
		t.Errorf("a wrapped sentinel is lost")
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		n    uint64
		want time.Duration
	}{
		{0, time.Second},
		{1, time.Second},
		{2, 5 * time.Second},
		{3, 15 * time.Second},
		{4, 30 * time.Second},
		{5, time.Minute},
		{6, time.Minute},
		{100, time.Minute},
		{math.MaxInt32 + 1, time.Minute},
		{math.MaxUint64, time.Minute},
		{1 << 63, time.Minute},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("Backoff(%d) panicked: %v", tt.n, r)
				}
			}()
			if got := Backoff(tt.n); got != tt.want {
				t.Errorf("Backoff(%d) = %v, want %v", tt.n, got, tt.want)
			}
		})
	}
	// Never shorter than the previous delivery's.
	for n := uint64(1); n < 10; n++ {
		if Backoff(n+1) < Backoff(n) {
			t.Errorf("Backoff(%d) = %v < Backoff(%d) = %v", n+1, Backoff(n+1), n, Backoff(n))
		}
	}
}

const fuzzMaxBody = 64 << 10

func FuzzDecodeRaw(f *testing.F) {
	plain := compressible(1000)
	big := compressible(fuzzMaxBody + 10)
	f.Add(SchemaVersion, "id1", "200", "2024-03-05T10:11:12Z", "", plain)
	f.Add(SchemaVersion, "id2", "", "", "identity", []byte("<p>x</p>"))
	f.Add(SchemaVersion, "id3", "404", "2024-03-05T10:11:12.123456789+01:00", "gzip", mustGzip(f, plain))
	f.Add(SchemaVersion, "id4", "200", "", "gzip", mustGzip(f, big))
	f.Add(SchemaVersion, "id5", "200", "", "", big)
	f.Add(SchemaVersion, "id6", "200", "", "gzip", bomb(f, 1<<20))
	f.Add(SchemaVersion, "id7", "-1", "", "gzip", []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff})
	f.Add("2", "id", "x", "y", "br", []byte("\x00\x01\x02garbage"))
	f.Add("", "", "", "", "", []byte{})
	f.Fuzz(func(t *testing.T, schema, id, status, fetchedAt, enc string, data []byte) {
		h := nats.Header{}
		for k, v := range map[string]string{HdrSchema: schema, HdrArticleID: id, HdrStatus: status, HdrFetchedAt: fetchedAt, HdrContentEncoding: enc} {
			if v != "" {
				h.Set(k, v)
			}
		}
		a, err := DecodeRaw(h, data, fuzzMaxBody)
		if err != nil {
			if a != nil {
				t.Errorf("article returned with error %v", err)
			}
			if !errors.Is(err, ErrPermanent) {
				t.Errorf("decode error %q is not permanent", err)
			}
			return
		}
		if a == nil {
			t.Fatal("nil article without an error")
		}
		if int64(len(a.Body)) > fuzzMaxBody {
			t.Errorf("body of %d bytes over maxBody %d", len(a.Body), fuzzMaxBody)
		}
		if a.ID == "" || a.ID != id {
			t.Errorf("ID = %q, want %q", a.ID, id)
		}
		if schema != SchemaVersion {
			t.Errorf("schema %q accepted", schema)
		}
		if enc == "gzip" {
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("accepted gzip that does not open: %v", err)
			}
			want, _ := io.ReadAll(io.LimitReader(zr, fuzzMaxBody+1))
			if !bytes.Equal(want, a.Body) {
				t.Errorf("gzip body decoded differently")
			}
		} else if !bytes.Equal(a.Body, data) {
			t.Errorf("plain body changed")
		}
		// Published again, the article reads back the same.
		m, err := a.Msg(RawSubject("fuzz.example"), 0)
		if err != nil {
			t.Fatalf("a decoded article does not encode: %v", err)
		}
		b, err := DecodeRaw(m.Header, m.Data, fuzzMaxBody)
		if err != nil {
			t.Fatalf("a re-encoded article does not decode: %v", err)
		}
		if !b.FetchedAt.Equal(a.FetchedAt) {
			t.Errorf("fetched at %v, then %v", a.FetchedAt, b.FetchedAt)
		}
		a.FetchedAt, b.FetchedAt = time.Time{}, time.Time{}
		if !bytes.Equal(a.Body, b.Body) {
			t.Errorf("body changed on the round trip")
		}
		a.Body, b.Body = nil, nil
		if !reflect.DeepEqual(a, b) {
			t.Errorf("round trip changed the article:\n%+v\n%+v", a, b)
		}
	})
}
