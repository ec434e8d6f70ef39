package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dealwire/dealwire/extractors"
	"github.com/klauspost/compress/gzip"
	"github.com/nats-io/nats.go"
)

// SchemaVersion is the version of every message dealwire publishes. A
// consumer refuses (and dead-letters) a message with any other version.
const SchemaVersion = "1"

// Headers.
const (
	HdrMsgID           = nats.MsgIdHdr
	HdrSchema          = "Dealwire-Schema"
	HdrSource          = "Dealwire-Source"
	HdrURL             = "Dealwire-Url"
	HdrFinalURL        = "Dealwire-Final-Url"
	HdrCanonicalURL    = "Dealwire-Canonical-Url"
	HdrStatus          = "Dealwire-Status"
	HdrFetchedAt       = "Dealwire-Fetched-At"
	HdrArticleID       = "Dealwire-Article-Id"
	HdrReason          = "Dealwire-Reason"
	HdrStage           = "Dealwire-Stage"
	HdrDeliveries      = "Dealwire-Deliveries"
	HdrOrigSubject     = "Dealwire-Original-Subject"
	HdrFailureKey      = "Dealwire-Failure-Key"
	HdrFailedAt        = "Dealwire-Failed-At"
	HdrContentType     = "Content-Type"
	HdrContentEncoding = "Content-Encoding"
	HdrETag            = "ETag"
	HdrLastModified    = "Last-Modified"
	HdrFeedURL         = "Dealwire-Feed-Url"
	HdrEntryTitle      = "Dealwire-Entry-Title"
	HdrEntryPublished  = "Dealwire-Entry-Published"
)

// CompressAbove is the body size from which raw pages are gzipped: large
// pages fit the payload limit and take less room in the stream, while
// common pages skip the cost of compressing and decompressing.
const CompressAbove = 256 << 10

// RawArticle is a fetched page with its fetch metadata: the payload of
// articles.raw.<host>. Body is always the uncompressed page.
type RawArticle struct {
	ID           string
	Source       string
	URL          string
	FinalURL     string
	CanonicalURL string
	Status       int
	ContentType  string
	FetchedAt    time.Time
	ETag         string
	LastModified string
	// Origin is set for a page listed by a feed or a sitemap.
	Origin Origin
	Body   []byte
}

// Origin is what a feed or a sitemap said about a page it listed.
type Origin struct {
	// Feed is the URL of the feed or sitemap that listed the page.
	Feed  string
	Title string
	// Published is the entry's date, YYYY-MM-DD (UTC), or empty.
	Published string
}

// ArticleID derives an article's id from its canonical URL and its body, so
// that the same page fetched twice gets the same id.
func ArticleID(canonicalURL string, body []byte) string {
	bh := sha256.Sum256(body)
	h := sha256.New()
	h.Write([]byte(canonicalURL))
	h.Write([]byte{0})
	h.Write(bh[:])
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Msg encodes the article for subject. It gzips bodies over
// CompressAbove, and smaller ones that would not fit maxPayload (the
// server's max_payload; 0 for no limit) uncompressed.
func (a *RawArticle) Msg(subject string, maxPayload int64) (*nats.Msg, error) {
	m := nats.NewMsg(subject)
	h := m.Header
	h.Set(HdrMsgID, a.ID)
	h.Set(HdrSchema, SchemaVersion)
	h.Set(HdrArticleID, a.ID)
	setIf(h, HdrSource, a.Source)
	setIf(h, HdrURL, a.URL)
	setIf(h, HdrFinalURL, a.FinalURL)
	setIf(h, HdrCanonicalURL, a.CanonicalURL)
	if a.Status != 0 {
		h.Set(HdrStatus, strconv.Itoa(a.Status))
	}
	setIf(h, HdrContentType, a.ContentType)
	if !a.FetchedAt.IsZero() {
		h.Set(HdrFetchedAt, a.FetchedAt.UTC().Format(time.RFC3339Nano))
	}
	setIf(h, HdrETag, a.ETag)
	setIf(h, HdrLastModified, a.LastModified)
	setIf(h, HdrFeedURL, oneLine(a.Origin.Feed))
	setIf(h, HdrEntryTitle, oneLine(a.Origin.Title))
	setIf(h, HdrEntryPublished, oneLine(a.Origin.Published))
	m.Data = a.Body
	if len(a.Body) > CompressAbove || maxPayload > 0 && MsgSize(m) > maxPayload {
		data, err := gzipPage(a.Body)
		if err != nil {
			return nil, fmt.Errorf("compress page: %w", err)
		}
		h.Set(HdrContentEncoding, "gzip")
		m.Data = data
	}
	return m, nil
}

// MsgSize is a message's size as the server counts it against
// max_payload: its data and headers.
func MsgSize(m *nats.Msg) int64 {
	size := int64(len(m.Data))
	for k, vs := range m.Header {
		for _, v := range vs {
			size += int64(len(k) + len(v) + 4)
		}
	}
	return size
}

// gzipWriters are reused: a compressor is large to allocate.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return zw
}}

func gzipPage(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(b) / 3)
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(&buf)
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func setIf(h nats.Header, k, v string) {
	if v != "" {
		h.Set(k, v)
	}
}

// oneLine makes untrusted text a safe header value: one line, at most
// 1,000 bytes.
func oneLine(s string) string {
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }), " ")
	if len(s) > 1000 {
		s = strings.ToValidUTF8(s[:1000], "")
	}
	return s
}

func setIfMissing(h nats.Header, k, v string) {
	if h.Get(k) == "" {
		setIf(h, k, v)
	}
}

// ErrSchema reports a message this version of dealwire cannot read.
var ErrSchema = errors.New("unsupported message schema")

// DecodeRaw decodes a raw-article message. maxBody bounds the uncompressed
// body, which guards against decompression bombs.
func DecodeRaw(h nats.Header, data []byte, maxBody int64) (*RawArticle, error) {
	if v := h.Get(HdrSchema); v != SchemaVersion {
		return nil, Permanent(fmt.Errorf("%w: %s=%q, want %q", ErrSchema, HdrSchema, v, SchemaVersion))
	}
	a := &RawArticle{
		ID:           h.Get(HdrArticleID),
		Source:       h.Get(HdrSource),
		URL:          h.Get(HdrURL),
		FinalURL:     h.Get(HdrFinalURL),
		CanonicalURL: h.Get(HdrCanonicalURL),
		ContentType:  h.Get(HdrContentType),
		ETag:         h.Get(HdrETag),
		LastModified: h.Get(HdrLastModified),
		Origin:       Origin{Feed: h.Get(HdrFeedURL), Title: h.Get(HdrEntryTitle), Published: h.Get(HdrEntryPublished)},
	}
	if a.ID == "" {
		return nil, Permanent(fmt.Errorf("raw article without %s header", HdrArticleID))
	}
	if s := h.Get(HdrStatus); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, Permanent(fmt.Errorf("bad %s header %q", HdrStatus, s))
		}
		a.Status = n
	}
	if s := h.Get(HdrFetchedAt); s != "" {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil, Permanent(fmt.Errorf("bad %s header %q", HdrFetchedAt, s))
		}
		a.FetchedAt = t
	}
	switch enc := h.Get(HdrContentEncoding); enc {
	case "", "identity":
		if int64(len(data)) > maxBody {
			return nil, Permanent(fmt.Errorf("page of %d bytes exceeds the %d-byte limit", len(data), maxBody))
		}
		a.Body = data
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, Permanent(fmt.Errorf("decompress page: %w", err))
		}
		body, err := io.ReadAll(io.LimitReader(zr, maxBody+1))
		if err != nil {
			return nil, Permanent(fmt.Errorf("decompress page: %w", err))
		}
		if int64(len(body)) > maxBody {
			return nil, Permanent(fmt.Errorf("page decompresses to more than the %d-byte limit", maxBody))
		}
		a.Body = body
	default:
		return nil, Permanent(fmt.Errorf("unsupported %s %q", HdrContentEncoding, enc))
	}
	return a, nil
}

// Page converts the raw article into the extractor's input.
func (a *RawArticle) Page() extractors.Page {
	return extractors.Page{
		ID:           a.ID,
		Source:       a.Source,
		URL:          a.URL,
		FinalURL:     a.FinalURL,
		CanonicalURL: a.CanonicalURL,
		ContentType:  a.ContentType,
		FetchedAt:    a.FetchedAt,
		Body:         a.Body,
	}
}

// DealEvent is the payload of deals.<type>.<status>: one deal as one article
// reported it.
type DealEvent struct {
	Schema  string             `json:"schema"`
	Deal    extractors.Deal    `json:"deal"`
	Article extractors.Article `json:"article"`
}

// DealEvents returns the deal events of an article result.
func DealEvents(r *extractors.Result) []DealEvent {
	art := r.Article
	art.Text = ""
	evs := make([]DealEvent, 0, len(r.Deals))
	for _, d := range r.Deals {
		evs = append(evs, DealEvent{Schema: SchemaVersion, Deal: d, Article: art})
	}
	return evs
}

// Msg encodes the event on deals.<type>.<status>.
func (e DealEvent) Msg() (*nats.Msg, error) {
	data, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	m := nats.NewMsg(DealSubject(e.Deal.Type, e.Deal.Status))
	m.Header.Set(HdrMsgID, e.Article.ID+"."+e.Deal.ID+"."+e.Article.Extractor)
	m.Header.Set(HdrSchema, SchemaVersion)
	m.Header.Set(HdrArticleID, e.Article.ID)
	m.Header.Set(HdrContentType, "application/json")
	m.Data = data
	return m, nil
}

// DecodeDealEvent decodes a deal event.
func DecodeDealEvent(data []byte) (DealEvent, error) {
	var e DealEvent
	if err := json.Unmarshal(data, &e); err != nil {
		return e, Permanent(fmt.Errorf("deal event: %w", err))
	}
	if e.Schema != SchemaVersion {
		return e, Permanent(fmt.Errorf("%w: deal event schema %q", ErrSchema, e.Schema))
	}
	return e, nil
}

// ResultMsg encodes an article result on articles.extracted. The message id
// includes the extractor version, so a replay with a newer extractor is
// stored while a redelivery is dropped as a duplicate.
func ResultMsg(r *extractors.Result) (*nats.Msg, error) {
	data, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	m := nats.NewMsg(ExtractedSubject)
	m.Header.Set(HdrMsgID, r.Article.ID+"."+r.Article.Extractor)
	m.Header.Set(HdrSchema, SchemaVersion)
	m.Header.Set(HdrArticleID, r.Article.ID)
	m.Header.Set(HdrContentType, "application/json")
	m.Data = data
	return m, nil
}

// DecodeResult decodes an article result.
func DecodeResult(h nats.Header, data []byte) (*extractors.Result, error) {
	if v := h.Get(HdrSchema); v != SchemaVersion {
		return nil, Permanent(fmt.Errorf("%w: %s=%q, want %q", ErrSchema, HdrSchema, v, SchemaVersion))
	}
	var r extractors.Result
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, Permanent(fmt.Errorf("article result: %w", err))
	}
	if r.Article.ID == "" {
		return nil, Permanent(errors.New("article result without article.id"))
	}
	return &r, nil
}

// Failure is an input a stage gave up on: the payload of dealwire.dlq.<stage>.
// The message body is the original message's body (or empty for a page that
// was never fetched); the failure itself travels in headers.
type Failure struct {
	// Key identifies what failed: the article id, or for a page that could
	// not be fetched, a hash of its source.
	Key        string
	Stage      string
	Reason     string
	Source     string
	URL        string
	ArticleID  string
	Deliveries int
	// OrigSubject, with the original headers the message carries, lets the
	// message be resubmitted.
	OrigSubject string
	At          time.Time
}

// FetchFailureKey is the failure key of a page that could not be fetched.
func FetchFailureKey(source string) string {
	h := sha256.Sum256([]byte(source))
	return "src-" + hex.EncodeToString(h[:12])
}

// Msg encodes the failure; body and orig are the failed message's body and
// headers, carried over untouched so the message can be replayed. The
// failure itself adds the Dealwire-Stage, -Reason, -Failure-Key,
// -Failed-At and -Deliveries headers.
func (f Failure) Msg(body []byte, orig nats.Header) *nats.Msg {
	m := nats.NewMsg(DLQSubject(f.Stage))
	for k, vs := range orig {
		if k == HdrMsgID {
			continue
		}
		m.Header[k] = append([]string(nil), vs...)
	}
	at := f.At
	if at.IsZero() {
		at = time.Now()
	}
	// One DLQ entry per failure occurrence; the store keeps the latest per key.
	m.Header.Set(HdrMsgID, "dlq."+f.Stage+"."+f.Key+"."+strconv.FormatInt(at.UnixNano(), 36))
	if m.Header.Get(HdrSchema) == "" {
		m.Header.Set(HdrSchema, SchemaVersion)
	}
	m.Header.Set(HdrStage, f.Stage)
	m.Header.Set(HdrReason, f.Reason)
	m.Header.Set(HdrFailedAt, at.UTC().Format(time.RFC3339Nano))
	setIfMissing(m.Header, HdrSource, f.Source)
	setIfMissing(m.Header, HdrURL, f.URL)
	setIfMissing(m.Header, HdrArticleID, f.ArticleID)
	setIf(m.Header, HdrOrigSubject, f.OrigSubject)
	m.Header.Set(HdrFailureKey, f.Key)
	if f.Deliveries > 0 {
		m.Header.Set(HdrDeliveries, strconv.Itoa(f.Deliveries))
	}
	m.Data = body
	return m
}

// DecodeFailure reads a DLQ message's headers.
func DecodeFailure(h nats.Header) (Failure, error) {
	f := Failure{
		Key:         h.Get(HdrFailureKey),
		Stage:       h.Get(HdrStage),
		Reason:      h.Get(HdrReason),
		Source:      h.Get(HdrSource),
		URL:         h.Get(HdrURL),
		ArticleID:   h.Get(HdrArticleID),
		OrigSubject: h.Get(HdrOrigSubject),
	}
	if f.Key == "" || f.Stage == "" {
		return f, Permanent(errors.New("dead letter without failure key or stage"))
	}
	if s := h.Get(HdrDeliveries); s != "" {
		f.Deliveries, _ = strconv.Atoi(s)
	}
	if s := h.Get(HdrFailedAt); s != "" {
		f.At, _ = time.Parse(time.RFC3339Nano, s)
	}
	return f, nil
}

// Stored is the notice the sink sends on StoredSubject after a commit.
type Stored struct {
	// Key is the article id, or the failure key of a failed input.
	Key    string `json:"key"`
	Source string `json:"source,omitempty"`
	URL    string `json:"url,omitempty"`
	// Status is "extracted" or "failed".
	Status string `json:"status"`
	Stage  string `json:"stage,omitempty"`
	Reason string `json:"reason,omitempty"`
	Deals  int    `json:"deals"`
}

// Outcome statuses.
const (
	StatusExtracted = "extracted"
	StatusFailed    = "failed"
)
