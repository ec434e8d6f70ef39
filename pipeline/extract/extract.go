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
	"runtime/debug"
	"sync"
	"time"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/pipeline"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Workers run the extraction stage.
type Workers struct {
	JS        jetstream.JetStream
	Extractor *extractors.Extractor
	// N is the number of workers; each handles one article at a time.
	N int
	// Budget bounds the time one article may take.
	Budget time.Duration
	// MaxBody bounds a decompressed page.
	MaxBody int64
	Log     *slog.Logger
	// Processed, if set, is called after each message reaches an end state.
	Processed func(articleID string, err error)
}

// DefaultBudget is the time one article may take.
const DefaultBudget = 30 * time.Second

// ackWait is how long the server waits for an ack before redelivering: a
// little more than the budget.
func (w *Workers) ackWait() time.Duration { return w.budget() + 30*time.Second }

func (w *Workers) budget() time.Duration {
	if w.Budget > 0 {
		return w.Budget
	}
	return DefaultBudget
}

// Run binds to the durable consumer and works until ctx ends. Messages in
// flight when ctx ends are finished or left unacked for redelivery.
func (w *Workers) Run(ctx context.Context) error {
	cons, err := w.JS.CreateOrUpdateConsumer(ctx, pipeline.ArticlesStream,
		pipeline.ConsumerConfig(pipeline.ExtractConsumer, pipeline.RawSubjectPrefix+">", w.ackWait()))
	if err != nil {
		return fmt.Errorf("extract consumer: %w", err)
	}
	return w.consume(ctx, cons)
}

// Replay re-extracts every raw article kept in ARTICLES with an ephemeral
// consumer and returns once it has caught up.
func (w *Workers) Replay(ctx context.Context) (int, error) {
	cfg := pipeline.ConsumerConfig("", pipeline.RawSubjectPrefix+">", w.ackWait())
	cfg.Durable = ""
	cfg.Name = fmt.Sprintf("replay-%d", time.Now().UnixNano())
	cfg.InactiveThreshold = 5 * time.Minute
	cons, err := w.JS.CreateConsumer(ctx, pipeline.ArticlesStream, cfg)
	if err != nil {
		return 0, fmt.Errorf("replay consumer: %w", err)
	}
	defer w.JS.DeleteConsumer(context.Background(), pipeline.ArticlesStream, cfg.Name)
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
		left--
		if left <= 0 {
			cancel()
		}
		mu.Unlock()
	}
	if err := inner.consume(rctx, cons); err != nil && ctx.Err() == nil {
		return total - left, err
	}
	return total - left, ctx.Err()
}

func (w *Workers) consume(ctx context.Context, cons jetstream.Consumer) error {
	n := max(w.N, 1)
	var wg sync.WaitGroup
	for range n {
		it, err := cons.Messages(jetstream.PullMaxMessages(2))
		if err != nil {
			return fmt.Errorf("extract: %w", err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer it.Stop()
			go func() {
				<-ctx.Done()
				it.Stop()
			}()
			for {
				msg, err := it.Next()
				if err != nil {
					if errors.Is(err, jetstream.ErrMsgIteratorClosed) || ctx.Err() != nil {
						return
					}
					w.log().Warn("extract: next message", "err", err)
					continue
				}
				w.handle(ctx, msg)
			}
		}()
	}
	wg.Wait()
	return nil
}

func (w *Workers) log() *slog.Logger {
	if w.Log != nil {
		return w.Log
	}
	return slog.Default()
}

// handle processes one message to an end state: acked after its outputs
// are stored, nak'd for a retry, or dead-lettered and terminated.
func (w *Workers) handle(ctx context.Context, msg jetstream.Msg) {
	deliveries := 1
	if md, err := msg.Metadata(); err == nil {
		deliveries = int(md.NumDelivered)
	}
	maxBody := w.MaxBody
	if maxBody <= 0 {
		maxBody = 10 << 20
	}
	raw, err := pipeline.DecodeRaw(msg.Headers(), msg.Data(), maxBody)
	if err != nil {
		w.giveUp(ctx, msg, deliveries, err)
		return
	}
	res, err := w.extract(ctx, raw)
	if err == nil {
		err = w.publish(ctx, res)
		if err != nil {
			// The outputs could not be stored: retry later.
			w.log().Warn("extract: publish failed; will retry", "id", raw.ID, "err", err)
			_ = msg.NakWithDelay(pipeline.Backoff(uint64(deliveries)))
			return
		}
		if err := msg.Ack(); err != nil {
			w.log().Warn("extract: ack failed; the result will be deduplicated on redelivery", "id", raw.ID, "err", err)
		}
		w.done(raw.ID, nil)
		return
	}
	if ctx.Err() != nil {
		_ = msg.Nak() // shutting down: let another worker take it
		return
	}
	if errors.Is(err, pipeline.ErrPermanent) || deliveries >= pipeline.MaxDeliver {
		w.giveUp(ctx, msg, deliveries, err)
		return
	}
	w.log().Warn("extract failed; will retry", "id", raw.ID, "deliveries", deliveries, "err", err)
	_ = msg.NakWithDelay(pipeline.Backoff(uint64(deliveries)))
}

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
			return nil, fmt.Errorf("extraction exceeded its %s budget", w.budget())
		}
		return nil, o.err
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("extraction exceeded its %s budget", w.budget())
		}
		return nil, ctx.Err()
	}
}

// publish stores the article result and its deal events.
func (w *Workers) publish(ctx context.Context, res *extractors.Result) error {
	rm, err := pipeline.ResultMsg(res)
	if err != nil {
		return err
	}
	msgs := []*nats.Msg{rm}
	for _, ev := range pipeline.DealEvents(res) {
		m, err := ev.Msg()
		if err != nil {
			return err
		}
		msgs = append(msgs, m)
	}
	pctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	return pipeline.PublishAll(pctx, w.JS, msgs)
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
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
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
