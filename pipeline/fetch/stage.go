package fetch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"time"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/nats-io/nats.go/jetstream"
)

// Outcome is what became of one input.
type Outcome struct {
	Source string
	// ArticleID is set when the page was published (or already had been:
	// Duplicate).
	ArticleID string
	Duplicate bool
	// FailureKey and Reason are set when the page could not be fetched or
	// published; it was dead-lettered on dealwire.dlq.fetch.
	FailureKey string
	Reason     string
}

// Stage fetches inputs and publishes them as raw articles.
type Stage struct {
	Fetcher *Fetcher
	JS      jetstream.JetStream
	// MaxPayload is the server's max_payload; larger messages fail with a
	// reason instead of being dropped.
	MaxPayload int64
	// Workers fetch in parallel; each host is still limited by the
	// fetcher's per-host settings.
	Workers int
	Log     *slog.Logger
}

// Run fetches every input until inputs is closed or ctx ends, calling done
// once per input. It returns when all started fetches have finished.
func (s *Stage) Run(ctx context.Context, inputs <-chan string, done func(Outcome)) {
	n := max(s.Workers, 1)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case src, ok := <-inputs:
					if !ok {
						return
					}
					done(s.One(ctx, src))
				}
			}
		}()
	}
	wg.Wait()
}

// One fetches and publishes a single input.
func (s *Stage) One(ctx context.Context, source string) Outcome {
	log := s.log()
	a, err := s.Fetcher.Fetch(ctx, source)
	if err == nil {
		var dup bool
		dup, err = s.publish(ctx, a)
		if err == nil {
			log.Debug("published", "source", source, "id", a.ID, "duplicate", dup)
			return Outcome{Source: source, ArticleID: a.ID, Duplicate: dup}
		}
	}
	reason := err.Error()
	if ctx.Err() != nil {
		return Outcome{Source: source, Reason: "cancelled"}
	}
	f := pipeline.Failure{
		Key:    pipeline.FetchFailureKey(source),
		Stage:  pipeline.StageFetch,
		Reason: reason,
		Source: source,
		URL:    source,
		At:     time.Now(),
	}
	if a != nil {
		f.URL = a.URL
	}
	if dlErr := pipeline.DeadLetter(ctx, s.JS, f, nil, nil); dlErr != nil {
		log.Error("cannot dead-letter a failed fetch", "source", source, "reason", reason, "err", dlErr)
	}
	log.Warn("fetch failed", "source", source, "reason", reason)
	return Outcome{Source: source, FailureKey: f.Key, Reason: reason}
}

// ErrTooLarge is a page that does not fit in one message even compressed.
var ErrTooLarge = errors.New("page too large for the NATS server's max_payload")

func (s *Stage) publish(ctx context.Context, a *pipeline.RawArticle) (bool, error) {
	host := "local"
	if u, err := url.Parse(a.FinalURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	m, err := a.Msg(pipeline.RawSubject(host))
	if err != nil {
		return false, err
	}
	size := int64(len(m.Data))
	for k, vs := range m.Header {
		for _, v := range vs {
			size += int64(len(k) + len(v) + 4)
		}
	}
	if s.MaxPayload > 0 && size > s.MaxPayload {
		return false, fmt.Errorf("%w: %d bytes (compressed) over %d", ErrTooLarge, size, s.MaxPayload)
	}
	ack, err := s.JS.PublishMsg(ctx, m)
	if err != nil {
		return false, fmt.Errorf("publish raw article: %w", err)
	}
	return ack.Duplicate, nil
}

func (s *Stage) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}
