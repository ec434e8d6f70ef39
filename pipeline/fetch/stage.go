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
	// Final marks a failure that could not even be dead-lettered (NATS is
	// away): no stage will ever report on it.
	Final bool
	// At is when the outcome was decided.
	At time.Time
}

// PageFetcher is what the stage needs of a fetcher; *Fetcher is one.
type PageFetcher interface {
	Fetch(ctx context.Context, source string) (*pipeline.RawArticle, error)
}

// SeenSet remembers the articles already published, beyond the streams'
// duplicate window; *pipeline.Seen is one.
type SeenSet interface {
	Has(ctx context.Context, articleID string) (bool, error)
	Add(ctx context.Context, articleID string) error
}

// Stage fetches inputs and publishes them as raw articles.
type Stage struct {
	Fetcher PageFetcher
	JS      jetstream.JetStream
	// Seen, if set, turns pages published before (however long ago) into
	// duplicates without publishing them again.
	Seen SeenSet
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
	start := time.Now()
	a, err := s.Fetcher.Fetch(ctx, source)
	if err == nil {
		if s.seen(ctx, a.ID) {
			log.Debug("already published", "source", source, "id", a.ID)
			return Outcome{Source: source, ArticleID: a.ID, Duplicate: true, At: start}
		}
		var dup bool
		dup, err = s.publish(ctx, a)
		if err == nil {
			if s.Seen != nil {
				if err := s.Seen.Add(ctx, a.ID); err != nil {
					log.Warn("cannot record the article as published", "id", a.ID, "err", err)
				}
			}
			log.Debug("published", "source", source, "id", a.ID, "duplicate", dup)
			return Outcome{Source: source, ArticleID: a.ID, Duplicate: dup, At: start}
		}
	}
	reason := err.Error()
	if ctx.Err() != nil {
		return Outcome{Source: source, Reason: "cancelled", Final: true, At: start}
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
	log.Warn("fetch failed", "source", source, "reason", reason)
	if dlErr := pipeline.DeadLetter(ctx, s.JS, f, nil, nil); dlErr != nil {
		log.Error("cannot dead-letter a failed fetch", "source", source, "reason", reason, "err", dlErr)
		return Outcome{Source: source, FailureKey: f.Key, Reason: reason, Final: true, At: start}
	}
	return Outcome{Source: source, FailureKey: f.Key, Reason: reason, At: start}
}

// seen reports whether the article was published before. When the set
// cannot be read, the page is published: the message id still catches a
// recent repeat.
func (s *Stage) seen(ctx context.Context, id string) bool {
	if s.Seen == nil {
		return false
	}
	ok, err := s.Seen.Has(ctx, id)
	if err != nil {
		s.log().Warn("cannot check whether the article was published before", "id", id, "err", err)
	}
	return ok
}

// ErrTooLarge is a page that does not fit in one message even compressed.
var ErrTooLarge = errors.New("page too large for the NATS server's max_payload")

func (s *Stage) publish(ctx context.Context, a *pipeline.RawArticle) (bool, error) {
	host := "local"
	if u, err := url.Parse(a.FinalURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	m, err := a.Msg(pipeline.RawSubject(host), s.MaxPayload)
	if err != nil {
		return false, err
	}
	if size := pipeline.MsgSize(m); s.MaxPayload > 0 && size > s.MaxPayload {
		return false, fmt.Errorf("%w: %d bytes (compressed) over %d", ErrTooLarge, size, s.MaxPayload)
	}
	// A NATS server that restarts or a cluster electing a leader refuses
	// publishes for a while: a page fetched fine is not failed for that.
	var lastErr error
	for attempt := 0; attempt < publishAttempts; attempt++ {
		ack, err := s.JS.PublishMsg(ctx, m)
		if err == nil {
			return ack.Duplicate, nil
		}
		lastErr = err
		if ctx.Err() != nil {
			break
		}
		pipeline.Pause(ctx, pipeline.Backoff(uint64(attempt+1)))
	}
	return false, fmt.Errorf("publish raw article: %w", lastErr)
}

// publishAttempts bounds the retries of one publish (about 40 seconds).
const publishAttempts = 5

func (s *Stage) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}
