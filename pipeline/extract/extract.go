// Package extract is the second stage: workers that share the durable
// "extract" consumer on ARTICLES, run the extractor on each raw article
// within a time budget, publish the article result on articles.extracted
// and one deal event per deal on deals.<type>.<status>, and only then ack.
// Pages that cannot be extracted are retried with backoff, then
// dead-lettered on dealwire.dlq.extract.
package extract

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/pipeline"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Extractor is what the stage needs of the extractor.
type Extractor interface {
	Extract(ctx context.Context, p extractors.Page, o extractors.Options) (*extractors.Result, error)
}

// Workers run the extraction stage.
type Workers struct {
	JS        jetstream.JetStream
	Extractor Extractor
	// N is the number of workers (default: one per CPU); each handles one
	// article at a time.
	N int
	// Budget bounds the time one article may take.
	Budget time.Duration
	// MaxBody bounds a decompressed page (default pipeline.MaxPageSize).
	MaxBody int64
	Log     *slog.Logger
	// Processed, if set, is called after each message reaches an end state.
	Processed func(articleID string, err error)
	// Observe, if set, is called after each extraction attempt with its
	// result or error and how long it took.
	Observe func(res *extractors.Result, took time.Duration, err error)
}

// DefaultBudget is the time one article may take.
const DefaultBudget = 30 * time.Second

const publishTimeout = 30 * time.Second

func (w *Workers) budget() time.Duration {
	if w.Budget > 0 {
		return w.Budget
	}
	return DefaultBudget
}

// Run works on the durable "extract" consumer until ctx ends. A message in
// flight when ctx ends is finished (or, if its outputs cannot be stored,
// left for redelivery) before Run returns.
func (w *Workers) Run(ctx context.Context) error {
	cfg := pipeline.ConsumerConfig(pipeline.ExtractConsumer, pipeline.RawSubjectPrefix+">")
	w.consume(ctx, func() *pipeline.Source {
		return &pipeline.Source{JS: w.JS, Stream: pipeline.ArticlesStream, Config: cfg}
	})
	return nil
}

// Replay re-extracts every raw article kept in ARTICLES with an ephemeral
// consumer and returns once it has caught up.
func (w *Workers) Replay(ctx context.Context) (int, error) {
	cfg := pipeline.ConsumerConfig("", pipeline.RawSubjectPrefix+">")
	cfg.Name = fmt.Sprintf("replay-%d", time.Now().UnixNano())
	cfg.InactiveThreshold = 5 * time.Minute
	cons, err := w.JS.CreateConsumer(ctx, pipeline.ArticlesStream, cfg)
	if err != nil {
		return 0, fmt.Errorf("replay consumer: %w", err)
	}
	defer w.JS.DeleteConsumer(context.WithoutCancel(ctx), pipeline.ArticlesStream, cfg.Name)
	info, err := cons.Info(ctx)
	if err != nil {
		return 0, err
	}
	total := int(info.NumPending)
	if total == 0 {
		return 0, nil
	}
	var mu sync.Mutex
	left := total
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	inner := *w
	inner.Processed = func(id string, err error) {
		if w.Processed != nil {
			w.Processed(id, err)
		}
		mu.Lock()
		defer mu.Unlock()
		if left--; left <= 0 {
			cancel()
		}
	}
	inner.consume(rctx, func() *pipeline.Source {
		return &pipeline.Source{JS: w.JS, Stream: pipeline.ArticlesStream, Config: cfg}
	})
	mu.Lock()
	defer mu.Unlock()
	return total - left, ctx.Err()
}

// consume runs the workers, each on its own binding of the consumer, and
// returns when they have all stopped.
func (w *Workers) consume(ctx context.Context, source func() *pipeline.Source) {
	n := w.N
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.work(ctx, source())
		}()
	}
	wg.Wait()
}

// ackWindow bounds the articles a worker has published but not yet
// acked: it goes on to the next article while the stream stores the last
// one's outputs.
const ackWindow = 16

// work reads and handles one message at a time until ctx ends. A message
// in hand when ctx ends is finished, its publications awaited and acked;
// one delivered ahead is redelivered after its AckWait.
func (w *Workers) work(ctx context.Context, src *pipeline.Source) {
	defer src.Stop()
	published := make(chan *publication, ackWindow)
	settled := make(chan struct{})
	go func() {
		defer close(settled)
		for p := range published {
			w.settle(context.WithoutCancel(ctx), p)
		}
	}()
	defer func() {
		close(published)
		<-settled
	}()
	failures := 0
	for ctx.Err() == nil {
		m, err := src.Next(ctx, 5*time.Second)
		if err != nil && ctx.Err() != nil {
			return // stopping: not a failure
		}
		if err != nil {
			failures++
			w.log().Warn("extract: cannot read raw articles; retrying", "err", err)
			pipeline.Pause(ctx, pipeline.Backoff(uint64(failures)))
			continue
		}
		failures = 0
		if m == nil {
			continue
		}
		// In-flight work is finished even when ctx ends.
		if p := w.handle(context.WithoutCancel(ctx), m); p != nil {
			published <- p
		}
	}
}

func (w *Workers) log() *slog.Logger {
	if w.Log != nil {
		return w.Log
	}
	return slog.Default()
}

// publication is an article whose outputs were published and are being
// stored: its message is acked once they are.
type publication struct {
	msg        jetstream.Msg
	id         string
	deliveries int
	futures    []jetstream.PubAckFuture
	stop       func() // ends the message's keep-alive
}

// handle processes one message: to an end state (nak'd for a retry, or
// dead-lettered and terminated), or to its outputs published, which it
// returns for settle to ack once they are stored.
func (w *Workers) handle(ctx context.Context, msg jetstream.Msg) *publication {
	stop := pipeline.KeepAlive(msg)
	p := &publication{msg: msg, deliveries: 1, stop: stop}
	if md, err := msg.Metadata(); err == nil {
		p.deliveries = int(md.NumDelivered)
	}
	maxBody := w.MaxBody
	if maxBody <= 0 {
		maxBody = pipeline.MaxPageSize
	}
	raw, err := pipeline.DecodeRaw(msg.Headers(), msg.Data(), maxBody)
	if err != nil {
		defer stop()
		w.giveUp(ctx, msg, p.deliveries, err)
		return nil
	}
	p.id = raw.ID
	start := time.Now()
	res, err := w.extract(ctx, raw)
	if w.Observe != nil {
		w.Observe(res, time.Since(start), err)
	}
	if err == nil {
		p.futures, err = w.publish(res)
		if err != nil {
			err = fmt.Errorf("%w: %w", errPublish, err)
		}
	}
	if err != nil {
		defer stop()
		w.failed(ctx, p, err)
		return nil
	}
	return p
}

// errPublish is a result that could not be published: not the page's fault.
var errPublish = errors.New("cannot publish the result")

// failed settles a message whose extraction or publication failed: the
// page's own fault is retried a bounded number of times (permanent errors
// not at all, a budget overrun once), anything else for as long as it takes.
func (w *Workers) failed(ctx context.Context, p *publication, err error) {
	overrun := errors.Is(err, errOverrun)
	if !errors.Is(err, errPublish) &&
		(errors.Is(err, pipeline.ErrPermanent) || overrun && p.deliveries >= 2 || p.deliveries >= pipeline.MaxAttempts) {
		w.giveUp(ctx, p.msg, p.deliveries, err)
		return
	}
	w.log().Warn("extract failed; will retry", "id", p.id, "deliveries", p.deliveries, "err", err)
	_ = p.msg.NakWithDelay(pipeline.Backoff(uint64(p.deliveries)))
}

// settle waits until the stream has stored an article's outputs, then
// acks its message.
func (w *Workers) settle(ctx context.Context, p *publication) {
	defer p.stop()
	pctx, cancel := context.WithTimeout(ctx, publishTimeout)
	err := pipeline.Await(pctx, p.futures)
	cancel()
	if err != nil {
		w.failed(ctx, p, fmt.Errorf("%w: %w", errPublish, err))
		return
	}
	if err := p.msg.Ack(); err != nil {
		w.log().Warn("extract: ack failed; the result will be deduplicated on redelivery", "id", p.id, "err", err)
	}
	w.done(p.id, nil)
}

// errOverrun is an extraction that exceeded its budget.
var errOverrun = errors.New("extraction exceeded its budget")

// extract runs the extractor within the budget. A page that panics the
// extractor or overruns the budget is an error, not a crash; an overrun
// leaves its goroutine to finish in the background.
func (w *Workers) extract(ctx context.Context, raw *pipeline.RawArticle) (*extractors.Result, error) {
	ctx, cancel := context.WithTimeout(ctx, w.budget())
	defer cancel()
	type out struct {
		r   *extractors.Result
		err error
	}
	ch := make(chan out, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				w.log().Error("extractor panic", "id", raw.ID, "panic", p, "stack", string(debug.Stack()))
				ch <- out{err: fmt.Errorf("extractor panic: %v", p)}
			}
		}()
		r, err := w.Extractor.Extract(ctx, raw.Page(), extractors.Options{})
		if err == nil && r.Article.Published == "" && isDate(raw.Origin.Published) {
			// Undated page, dated entry: its dates are read again
			// against the feed's date.
			r, err = w.Extractor.Extract(ctx, raw.Page(), extractors.Options{Published: raw.Origin.Published})
		}
		ch <- out{r, err}
	}()
	select {
	case o := <-ch:
		switch {
		case o.err == nil:
			return o.r, nil
		case errors.Is(o.err, extractors.ErrEmpty), errors.Is(o.err, extractors.ErrNotHTML), errors.Is(o.err, extractors.ErrNoText):
			return nil, pipeline.Permanent(o.err)
		case errors.Is(o.err, context.DeadlineExceeded):
			return nil, fmt.Errorf("%w (%s)", errOverrun, w.budget())
		}
		return nil, o.err
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("%w (%s)", errOverrun, w.budget())
		}
		return nil, ctx.Err()
	}
}

// publish sends the article result and its deal events, without waiting
// for the stream to store them.
func (w *Workers) publish(res *extractors.Result) ([]jetstream.PubAckFuture, error) {
	rm, err := pipeline.ResultMsg(res)
	if err != nil {
		return nil, err
	}
	msgs := []*nats.Msg{rm}
	for _, ev := range pipeline.DealEvents(res) {
		m, err := ev.Msg()
		if err != nil {
			return nil, err
		}
		msgs = append(msgs, m)
	}
	return pipeline.PublishAsync(w.JS, msgs)
}

// giveUp dead-letters the message with its reason and terminates it.
func (w *Workers) giveUp(ctx context.Context, msg jetstream.Msg, deliveries int, cause error) {
	id := msg.Headers().Get(pipeline.HdrArticleID)
	f := pipeline.Failure{
		Key:         id,
		Stage:       pipeline.StageExtract,
		Reason:      cause.Error(),
		Source:      msg.Headers().Get(pipeline.HdrSource),
		URL:         msg.Headers().Get(pipeline.HdrURL),
		ArticleID:   id,
		Deliveries:  deliveries,
		OrigSubject: msg.Subject(),
		At:          time.Now(),
	}
	if f.Key == "" {
		if md, err := msg.Metadata(); err == nil {
			f.Key = fmt.Sprintf("seq-%d", md.Sequence.Stream)
		} else {
			f.Key = "unknown"
		}
	}
	dctx, cancel := context.WithTimeout(ctx, publishTimeout)
	defer cancel()
	if err := pipeline.DeadLetter(dctx, w.JS, f, msg.Data(), msg.Headers()); err != nil {
		w.log().Error("extract: cannot dead-letter; will retry", "key", f.Key, "err", err)
		_ = msg.NakWithDelay(pipeline.Backoff(uint64(deliveries)))
		return
	}
	if err := msg.TermWithReason(truncate(cause.Error(), 200)); err != nil {
		w.log().Warn("extract: term failed", "key", f.Key, "err", err)
	}
	w.log().Warn("extract: gave up", "key", f.Key, "source", f.Source, "reason", f.Reason, "deliveries", deliveries)
	w.done(f.Key, cause)
}

func (w *Workers) done(id string, err error) {
	if w.Processed != nil {
		w.Processed(id, err)
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// isDate reports whether s is a YYYY-MM-DD date.
func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}
