// Package pipeline owns dealwire's messaging contract: the subjects and
// streams that carry raw articles, article results, deal events and dead
// letters, the durable consumers the stages share, and the encoding of every
// message. The stages live in the sub-packages fetch, extract and sink; job
// wires them into one process.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Subjects. They are the public contract documented in the README.
const (
	// RawSubjectPrefix is followed by the page's host: articles.raw.<host>.
	RawSubjectPrefix = "articles.raw."
	// ExtractedSubject carries one article result per article.
	ExtractedSubject = "articles.extracted"
	// DealSubjectPrefix is followed by <type>.<status>.
	DealSubjectPrefix = "deals."
	// DLQSubjectPrefix is followed by the stage that gave up.
	DLQSubjectPrefix = "dealwire.dlq."
	// StoredSubject is a core-NATS notice the sink sends after each commit,
	// so a job can tell when its inputs reached the store.
	StoredSubject = "dealwire.stored"
)

// Streams.
const (
	ArticlesStream  = "ARTICLES"
	ExtractedStream = "EXTRACTED"
	DealsStream     = "DEALS"
	DLQStream       = "DLQ"
)

// Durable consumers. Every worker of a stage binds to the same one, so the
// work is split between them.
const (
	ExtractConsumer = "extract"
	SinkConsumer    = "sink"
	SinkDLQConsumer = "sink-dlq"
)

// Stage names, as used in dealwire.dlq.<stage>.
const (
	StageFetch   = "fetch"
	StageExtract = "extract"
	StageSink    = "sink"
)

// RawSubject returns the subject a page from host is published on.
// Hosts become dot-separated tokens; characters NATS subjects cannot carry
// are replaced, and pages without a host go to articles.raw.local.
func RawSubject(host string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	switch {
	case strings.HasPrefix(host, "["):
		// [::1] or [::1]:8080: the address inside the brackets.
		if i := strings.IndexByte(host, ']'); i > 0 {
			host = host[1:i]
		}
	case strings.Count(host, ":") == 1:
		// host:port. More colons make a bare IPv6 address: keep them all.
		host = host[:strings.IndexByte(host, ':')]
	}
	var b strings.Builder
	b.WriteString(RawSubjectPrefix)
	empty := true
	for _, label := range strings.Split(host, ".") {
		if label == "" {
			continue
		}
		if !empty {
			b.WriteByte('.')
		}
		empty = false
		for _, r := range label {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
				b.WriteRune(r)
			} else {
				b.WriteByte('_')
			}
		}
	}
	if empty {
		b.WriteString("local")
	}
	return b.String()
}

// DealSubject returns deals.<type>.<status>.
func DealSubject(typ, status string) string {
	return DealSubjectPrefix + token(typ) + "." + token(status)
}

// DLQSubject returns dealwire.dlq.<stage>.
func DLQSubject(stage string) string { return DLQSubjectPrefix + token(stage) }

func token(s string) string {
	if s == "" {
		return "unknown"
	}
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '*' || r == '>' || r <= ' ' {
			return '_'
		}
		return r
	}, s)
}

// MaxPageSize is the largest page dealwire handles, uncompressed.
const MaxPageSize = 10 << 20

// StreamOptions sizes the streams. Zero fields leave an existing stream as
// it is and give a new one the defaults, so that starting a stage never
// undoes what another chose.
type StreamOptions struct {
	// Replicas is the JetStream replication factor (1 for a single server).
	Replicas int
	// DuplicateWindow is how long message ids are remembered.
	DuplicateWindow time.Duration
	// MaxMsgSize bounds one message; by default the server's max_payload.
	MaxMsgSize int32
	// RawMaxAge bounds how long raw articles are kept (zero: no limit).
	RawMaxAge time.Duration
	// RawMaxBytes bounds the ARTICLES stream (zero: no limit); when full,
	// new pages are refused rather than old ones dropped.
	RawMaxBytes int64
	// SeenMaxAge is how long the SeenBucket remembers an article
	// (DefaultSeenMaxAge for a new bucket).
	SeenMaxAge time.Duration
}

// DefaultStreamOptions are what a new stream gets for a zero field.
var DefaultStreamOptions = StreamOptions{
	Replicas:        1,
	DuplicateWindow: 2 * time.Minute,
}

// Streams returns the configuration of every stream dealwire uses, with
// the defaults filled in.
func Streams(o StreamOptions) []jetstream.StreamConfig {
	if o.Replicas < 1 {
		o.Replicas = DefaultStreamOptions.Replicas
	}
	if o.DuplicateWindow <= 0 {
		o.DuplicateWindow = DefaultStreamOptions.DuplicateWindow
	}
	base := func(name, desc string, subjects ...string) jetstream.StreamConfig {
		return jetstream.StreamConfig{
			Name:        name,
			Description: desc,
			Subjects:    subjects,
			Retention:   jetstream.LimitsPolicy,
			Storage:     jetstream.FileStorage,
			Replicas:    o.Replicas,
			Duplicates:  o.DuplicateWindow,
			MaxMsgSize:  o.MaxMsgSize,
			Discard:     jetstream.DiscardOld,
		}
	}
	raw := base(ArticlesStream, "fetched pages, raw HTML with fetch metadata", RawSubjectPrefix+">")
	raw.MaxAge = o.RawMaxAge
	raw.Duplicates = dupWithin(raw.Duplicates, raw.MaxAge)
	raw.MaxBytes = o.RawMaxBytes
	if raw.MaxBytes > 0 {
		raw.Discard = jetstream.DiscardNew
	}
	return []jetstream.StreamConfig{
		raw,
		base(ExtractedStream, "one article result per article", ExtractedSubject),
		base(DealsStream, "one deal event per deal found in an article", DealSubjectPrefix+">"),
		base(DLQStream, "messages a stage gave up on, reason in the Dealwire-Reason header", DLQSubjectPrefix+">"),
	}
}

// EnsureStreams creates the streams (and the SeenBucket) that are missing and applies to the
// existing ones only the options o sets. It is idempotent. While a cluster
// is still forming it refuses streams for a while, so failures are retried
// until ctx ends or a minute has passed.
func EnsureStreams(ctx context.Context, js jetstream.JetStream, o StreamOptions) error {
	if o.MaxMsgSize == 0 {
		o.MaxMsgSize = int32(min(js.Conn().MaxPayload(), 1<<31-1))
	}
	deadline := time.Now().Add(time.Minute)
	for attempt := 0; ; attempt++ {
		err := ensureStreams(ctx, js, o)
		if err == nil || ctx.Err() != nil || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(min(time.Duration(attempt+1)*500*time.Millisecond, 5*time.Second)):
		}
	}
}

// Ready reports why js cannot serve the pipeline, or nil: the connection
// is up and every stream is present.
func Ready(ctx context.Context, js jetstream.JetStream) error {
	if nc := js.Conn(); !nc.IsConnected() {
		return fmt.Errorf("not connected to NATS (%s)", strings.ToLower(nc.Status().String()))
	}
	for _, want := range Streams(StreamOptions{}) {
		if _, err := js.Stream(ctx, want.Name); err != nil {
			return fmt.Errorf("stream %s: %w", want.Name, err)
		}
	}
	return nil
}

func ensureStreams(ctx context.Context, js jetstream.JetStream, o StreamOptions) error {
	if err := ensureSeen(ctx, js, o); err != nil {
		return err
	}
	for _, want := range Streams(o) {
		s, err := js.Stream(ctx, want.Name)
		if errors.Is(err, jetstream.ErrStreamNotFound) {
			if _, err := js.CreateStream(ctx, want); err != nil && !errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
				return fmt.Errorf("create stream %s: %w", want.Name, err)
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("stream %s: %w", want.Name, err)
		}
		have := s.CachedInfo().Config
		cfg := have
		if o.Replicas > 0 {
			cfg.Replicas = o.Replicas
		}
		if o.DuplicateWindow > 0 {
			cfg.Duplicates = o.DuplicateWindow
		}
		if want.Name == ArticlesStream {
			if o.RawMaxAge > 0 {
				cfg.MaxAge = o.RawMaxAge
				cfg.Duplicates = dupWithin(cfg.Duplicates, cfg.MaxAge)
			}
			if o.RawMaxBytes > 0 {
				cfg.MaxBytes, cfg.Discard = o.RawMaxBytes, jetstream.DiscardNew
			}
		}
		if cfg.Replicas == have.Replicas && cfg.Duplicates == have.Duplicates && cfg.MaxAge == have.MaxAge && cfg.MaxBytes == have.MaxBytes {
			continue
		}
		if _, err := js.UpdateStream(ctx, cfg); err != nil {
			return fmt.Errorf("update stream %s: %w", want.Name, err)
		}
	}
	return nil
}

// dupWithin is a duplicate window that fits a stream's max age: the
// server refuses a longer one.
func dupWithin(dup, maxAge time.Duration) time.Duration {
	if maxAge > 0 && dup > maxAge {
		return maxAge
	}
	return dup
}

// Retries. The server redelivers a message until it is acked or
// terminated (MaxDeliver is unlimited), so that nothing is dropped while a
// store or a server is away. A stage gives up on a message, and
// dead-letters it, only when the fault is the message's own: at once for a
// permanent error, after MaxAttempts deliveries for another.
var (
	MaxAttempts = 5
	BackOff     = []time.Duration{time.Second, 5 * time.Second, 15 * time.Second, 30 * time.Second, time.Minute}
)

// AckWait is how long the server waits for a worker's ack before it
// redelivers the message to another. A worker that holds a message longer
// keeps it with KeepAlive, so a crashed worker's messages come back soon.
const AckWait = 10 * time.Second

// ConsumerConfig returns the durable pull consumer a stage binds to.
func ConsumerConfig(name, filter string) jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:       name,
		Description:   "dealwire " + name + " workers",
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       AckWait,
		MaxDeliver:    -1,
		FilterSubject: filter,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		MaxAckPending: 1024,
	}
}

// Backoff returns how long to wait before redelivering a message that has
// been delivered n times.
func Backoff(n uint64) time.Duration {
	if n == 0 {
		n = 1
	}
	if n > uint64(len(BackOff)) {
		return BackOff[len(BackOff)-1]
	}
	return BackOff[n-1]
}

// ErrPermanent marks an error that retrying cannot fix: the message goes to
// the DLQ at once.
var ErrPermanent = errors.New("permanent failure")

// Permanent wraps err so that errors.Is(err, ErrPermanent) holds.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}

type permanentError struct{ err error }

func (e permanentError) Error() string   { return e.err.Error() }
func (e permanentError) Unwrap() []error { return []error{e.err, ErrPermanent} }
