package fetch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/source"
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
	// Via is the listing that named the page, if any.
	Via string
	// Listed is set when the input was a feed or a sitemap.
	Listed *Listed
	// At is when the outcome was decided.
	At time.Time
}

// SeenSet remembers the articles already published, beyond the streams'
// duplicate window; *pipeline.Seen is one.
type SeenSet interface {
	Has(ctx context.Context, articleID string) (bool, error)
	Add(ctx context.Context, articleID string) error
}

// Stage fetches inputs and publishes them as raw articles. An input that
// is a feed or a sitemap is read as a listing: its entries are fetched in
// turn, with what the listing said about them.
type Stage struct {
	Fetcher *Fetcher
	JS      jetstream.JetStream
	// Seen, if set, turns pages published before (however long ago) into
	// duplicates without publishing them again, and leaves out the
	// entries of a listing that were fetched before.
	Seen SeenSet
	// MaxPayload is the server's max_payload; larger messages fail with a
	// reason instead of being dropped.
	MaxPayload int64
	// Workers fetch in parallel; each host is still limited by the
	// fetcher's per-host settings.
	Workers int
	Log     *slog.Logger

	mu    sync.Mutex
	taken map[string]bool // listed links on their way
}

// Input is one thing to fetch: a page, a feed or a sitemap.
type Input struct {
	Source string
	// Origin is what a listing said of the page; Via are the listings
	// that led to it, the nearest last.
	Origin pipeline.Origin
	Via    []string
	// Reject, when set, fails the input with this reason unfetched: an
	// entry whose link cannot be fetched.
	Reject string
}

// Run fetches every input, and the entries of every listing among them,
// until inputs is closed and all are done, or ctx ends. It calls done once
// per input and once per entry. It returns when all started fetches have
// finished.
func (s *Stage) Run(ctx context.Context, inputs <-chan Input, done func(Outcome)) {
	n := max(s.Workers, 1)
	work := make(chan Input)
	results := make(chan []Input)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for in := range work {
				var o Outcome
				var more []Input
				if in.Reject != "" {
					o = s.failed(ctx, in, nil, errors.New(in.Reject), time.Now())
					s.markEntry(ctx, in)
				} else {
					o, more = s.one(ctx, in)
				}
				done(o)
				if in.Origin.Feed != "" {
					s.release(in.Source)
				}
				results <- more
			}
		}()
	}
	var queue []Input
	busy := 0
	for inputs != nil || len(queue) > 0 || busy > 0 {
		if ctx.Err() != nil {
			for ; busy > 0; busy-- {
				<-results
			}
			break
		}
		var out chan Input
		var next Input
		if len(queue) > 0 {
			out, next = work, queue[0]
		}
		in := inputs
		if len(queue) >= n {
			in = nil // enough queued: read more inputs later
		}
		select {
		case <-ctx.Done():
		case i, ok := <-in:
			if !ok {
				inputs = nil
				continue
			}
			queue = append(queue, i)
		case out <- next:
			queue = queue[1:]
			busy++
		case more := <-results:
			busy--
			queue = append(queue, more...)
		}
	}
	close(work)
	wg.Wait()
}

// One fetches and publishes a single page.
func (s *Stage) One(ctx context.Context, source string) Outcome {
	o, _ := s.one(ctx, Input{Source: source})
	return o
}

// one fetches an input: a page is published, a listing returns its new
// entries (and the sitemaps of an index) as more inputs.
func (s *Stage) one(ctx context.Context, in Input) (Outcome, []Input) {
	start := time.Now()
	if !isLocal(strings.TrimSpace(in.Source)) {
		res, err := s.Fetcher.Get(ctx, strings.TrimSpace(in.Source), Validators{})
		if err != nil {
			return s.failed(ctx, in, nil, err, start), nil
		}
		if kind := source.Detect(res.Body); kind != "" || in.listingOnly() {
			return s.listing(ctx, in, res, start)
		}
		if isListingType(res.ContentType) && !source.IsHTML(res.Body) {
			err := fmt.Errorf("%w: %s", source.ErrNotListing, source.Describe(res.Body))
			return s.failed(ctx, in, nil, err, start), nil
		}
		a, err := res.Page(in.Source)
		return s.page(ctx, in, a, err, start), nil
	}
	a, err := s.Fetcher.Fetch(ctx, in.Source)
	return s.page(ctx, in, a, err, start), nil
}

// listingOnly reports whether the input must be a listing: a sitemap a
// sitemap index points to.
func (in Input) listingOnly() bool { return len(in.Via) > 0 && in.Origin == (pipeline.Origin{}) }

// page publishes a fetched page.
func (s *Stage) page(ctx context.Context, in Input, a *pipeline.RawArticle, err error, start time.Time) Outcome {
	log := s.log()
	source := in.Source
	via := last(in.Via)
	if err == nil {
		a.Origin = in.Origin
		if s.seen(ctx, a.ID) {
			log.Debug("already published", "source", source, "id", a.ID)
			s.markEntry(ctx, in)
			return Outcome{Source: source, Via: via, ArticleID: a.ID, Duplicate: true, At: start}
		}
		var dup bool
		dup, err = s.publish(ctx, a)
		if err == nil {
			if s.Seen != nil {
				if err := s.Seen.Add(ctx, a.ID); err != nil {
					log.Warn("cannot record the article as published", "id", a.ID, "err", err)
				}
			}
			s.markEntry(ctx, in)
			log.Debug("published", "source", source, "id", a.ID, "duplicate", dup)
			return Outcome{Source: source, Via: via, ArticleID: a.ID, Duplicate: dup, At: start}
		}
	}
	return s.failed(ctx, in, a, err, start)
}

// failed dead-letters an input that failed.
func (s *Stage) failed(ctx context.Context, in Input, a *pipeline.RawArticle, err error, start time.Time) Outcome {
	log := s.log()
	source, via := in.Source, last(in.Via)
	reason := err.Error()
	if ctx.Err() != nil {
		return Outcome{Source: source, Via: via, Reason: "cancelled", Final: true, At: start}
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
		return Outcome{Source: source, Via: via, FailureKey: f.Key, Reason: reason, Final: true, At: start}
	}
	return Outcome{Source: source, Via: via, FailureKey: f.Key, Reason: reason, At: start}
}

func last(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[len(s)-1]
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
