// Package sink is the last stage: it consumes article results from
// articles.extracted and dead letters from dealwire.dlq.>, writes them to
// the deal store in batched transactions, acks only after the commit, and
// then announces each stored input on dealwire.stored.
package sink

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/store"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Sink writes results and failures to the store.
type Sink struct {
	NC    *nats.Conn
	JS    jetstream.JetStream
	Store *store.Store
	// Batch is the most messages one transaction takes.
	Batch int
	// Wait is the longest a batch waits to fill.
	Wait time.Duration
	Log  *slog.Logger
}

// Run consumes both streams until ctx ends.
func (s *Sink) Run(ctx context.Context) error {
	results, err := s.JS.CreateOrUpdateConsumer(ctx, pipeline.ExtractedStream,
		pipeline.ConsumerConfig(pipeline.SinkConsumer, pipeline.ExtractedSubject, time.Minute))
	if err != nil {
		return fmt.Errorf("sink consumer: %w", err)
	}
	dlq, err := s.JS.CreateOrUpdateConsumer(ctx, pipeline.DLQStream,
		pipeline.ConsumerConfig(pipeline.SinkDLQConsumer, pipeline.DLQSubjectPrefix+">", time.Minute))
	if err != nil {
		return fmt.Errorf("sink dlq consumer: %w", err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for _, c := range []jetstream.Consumer{results, dlq} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- s.loop(ctx, c)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *Sink) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

func (s *Sink) loop(ctx context.Context, cons jetstream.Consumer) error {
	batch := max(s.Batch, 1)
	wait := s.Wait
	if wait <= 0 {
		wait = 100 * time.Millisecond
	}
	for ctx.Err() == nil {
		msgs, err := cons.Fetch(batch, jetstream.FetchMaxWait(wait))
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			s.log().Warn("sink: fetch", "err", err)
			sleep(ctx, time.Second)
			continue
		}
		var got []jetstream.Msg
		for m := range msgs.Messages() {
			got = append(got, m)
		}
		if err := msgs.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) && ctx.Err() == nil {
			s.log().Debug("sink: fetch ended", "err", err)
		}
		if len(got) > 0 {
			s.apply(ctx, got)
		}
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// apply stores a batch in one transaction, then acks it. Messages that
// cannot be decoded are dead-lettered on their own.
func (s *Sink) apply(ctx context.Context, msgs []jetstream.Msg) {
	var b store.Batch
	var ok []jetstream.Msg
	var notices []pipeline.Stored
	for _, m := range msgs {
		switch {
		case m.Subject() == pipeline.ExtractedSubject:
			r, err := pipeline.DecodeResult(m.Headers(), m.Data())
			if err != nil {
				s.reject(ctx, m, err)
				continue
			}
			b.Results = append(b.Results, r)
			notices = append(notices, pipeline.Stored{Key: r.Article.ID, Source: r.Article.Source, URL: r.Article.URL, Status: pipeline.StatusExtracted, Deals: len(r.Deals)})
		default:
			f, err := pipeline.DecodeFailure(m.Headers())
			if err != nil {
				s.reject(ctx, m, err)
				continue
			}
			if f.Stage == pipeline.StageSink {
				// The sink's own rejects are kept in the DLQ stream only.
				ok = append(ok, m)
				continue
			}
			b.Failures = append(b.Failures, store.Failure{Stage: f.Stage, Key: f.Key, Source: f.Source, URL: f.URL,
				ArticleID: f.ArticleID, Reason: f.Reason, Deliveries: f.Deliveries, At: f.At})
			notices = append(notices, pipeline.Stored{Key: f.Key, Source: f.Source, URL: f.URL, Status: pipeline.StatusFailed, Stage: f.Stage, Reason: f.Reason})
		}
		ok = append(ok, m)
	}
	if len(b.Results)+len(b.Failures) > 0 {
		if _, err := s.Store.Apply(ctx, b); err != nil {
			s.log().Error("sink: store write failed; will retry", "messages", len(ok), "err", err)
			for _, m := range ok {
				_ = m.NakWithDelay(2 * time.Second)
			}
			return
		}
	}
	for _, m := range ok {
		if err := m.Ack(); err != nil {
			s.log().Warn("sink: ack failed; the write is idempotent", "err", err)
		}
	}
	for _, n := range notices {
		if data, err := json.Marshal(n); err == nil {
			_ = s.NC.Publish(pipeline.StoredSubject, data)
		}
	}
}

// reject dead-letters a message the sink cannot read and terminates it.
func (s *Sink) reject(ctx context.Context, m jetstream.Msg, cause error) {
	key := m.Headers().Get(pipeline.HdrArticleID)
	if md, err := m.Metadata(); err == nil && key == "" {
		key = fmt.Sprintf("%s-%d", md.Stream, md.Sequence.Stream)
	}
	f := pipeline.Failure{Key: key, Stage: pipeline.StageSink, Reason: cause.Error(), OrigSubject: m.Subject(), At: time.Now()}
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := pipeline.DeadLetter(dctx, s.JS, f, m.Data(), m.Headers()); err != nil {
		s.log().Error("sink: cannot dead-letter; will retry", "key", key, "err", err)
		_ = m.NakWithDelay(5 * time.Second)
		return
	}
	_ = m.TermWithReason(cause.Error())
	s.log().Warn("sink: rejected message", "subject", m.Subject(), "key", key, "reason", cause)
}
