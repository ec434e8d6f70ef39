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

// StreamOptions sizes the streams.
type StreamOptions struct {
	// Replicas is the JetStream replication factor (1 for a single server).
	Replicas int
	// DuplicateWindow is how long message ids are remembered.
	DuplicateWindow time.Duration
	// MaxMsgSize bounds one message; it must not exceed the server's
	// max_payload.
	MaxMsgSize int32
	// MaxAge of raw articles; zero keeps them until MaxBytes is reached.
	RawMaxAge time.Duration
	// RawMaxBytes bounds the ARTICLES stream; zero is unbounded.
	RawMaxBytes int64
}

// DefaultStreamOptions are used for an embedded single server.
var DefaultStreamOptions = StreamOptions{
	Replicas:        1,
	DuplicateWindow: 2 * time.Minute,
}

// Streams returns the configuration of every stream dealwire uses.
func Streams(o StreamOptions) []jetstream.StreamConfig {
	if o.Replicas < 1 {
		o.Replicas = 1
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
	raw.MaxBytes = o.RawMaxBytes
	if raw.MaxBytes > 0 {
		// Refuse new pages rather than silently dropping unprocessed ones.
		raw.Discard = jetstream.DiscardNew
	}
	return []jetstream.StreamConfig{
		raw,
		base(ExtractedStream, "one article result per article", ExtractedSubject),
		base(DealsStream, "one deal event per deal found in an article", DealSubjectPrefix+">"),
		base(DLQStream, "messages a stage gave up on, reason in the Dealwire-Reason header", DLQSubjectPrefix+">"),
	}
}

// EnsureStreams creates or updates every stream. It is idempotent.
func EnsureStreams(ctx context.Context, js jetstream.JetStream, o StreamOptions) error {
	for _, cfg := range Streams(o) {
		if _, err := js.CreateOrUpdateStream(ctx, cfg); err != nil {
			return fmt.Errorf("stream %s: %w", cfg.Name, err)
		}
	}
	return nil
}

// Retry policy shared by the stages' consumers: redeliveries back off, and
// a message delivered MaxDeliver times goes to the DLQ.
var (
	MaxDeliver = 5
	BackOff    = []time.Duration{time.Second, 5 * time.Second, 15 * time.Second, 30 * time.Second}
)

// ConsumerConfig returns the durable pull consumer a stage binds to.
// ackWait is how long a worker may hold a message before redelivery.
func ConsumerConfig(name, filter string, ackWait time.Duration) jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:       name,
		Description:   "dealwire " + name + " workers",
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       ackWait,
		MaxDeliver:    MaxDeliver,
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
