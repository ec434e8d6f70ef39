// Package sink is the last stage: it consumes article results from
// articles.extracted and dead letters from dealwire.dlq.>, writes them to
// the deal store in batched transactions, acks only after the commit, and
// then announces each stored input on dealwire.stored.
package sink

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/store"
	"github.com/nats-io/nats.go/jetstream"
)

// Store is what the sink needs of the deal store.
type Store interface {
	Apply(ctx context.Context, b store.Batch) (store.Applied, error)
}

// Notifier sends the notices of stored inputs; a *nats.Conn is one.
type Notifier interface {
	Publish(subject string, data []byte) error
}

// DefaultBatch is how many messages one transaction takes by default.
const DefaultBatch = 256

// DefaultLinger is how long, by default, a transaction gathers messages
// while more keep coming. Each commit is synced to disk, so fewer, larger
// ones cost less per article; once the stream has nothing more, the
// messages gathered are committed at once.
const DefaultLinger = 200 * time.Millisecond

// writeTimeout bounds one store write.
const writeTimeout = time.Minute

// Sink writes results and failures to the store.
type Sink struct {
	JS     jetstream.JetStream
	Store  Store
	Notify Notifier
	// Batch is the most messages one transaction takes (default DefaultBatch).
	Batch int
	// Wait is how long a read waits for a message before the messages
	// gathered are committed (default 50 ms).
	Wait time.Duration
	// Linger is the longest a transaction gathers messages while more
	// keep coming (default DefaultLinger).
	Linger time.Duration
	// Committed, if set, is called after each commit with the article
	// results it stored, before their notices are sent: a process that
	// sinks and reports hands them over without reading them back.
	Committed func(results []*extractors.Result)
	Log       *slog.Logger
}

// Run consumes both streams until ctx ends, finishing the batch in hand.
func (s *Sink) Run(ctx context.Context) error {
	sources := []*pipeline.Source{
		{JS: s.JS, Stream: pipeline.ExtractedStream, Config: pipeline.ConsumerConfig(pipeline.SinkConsumer, pipeline.ExtractedSubject)},
		{JS: s.JS, Stream: pipeline.DLQStream, Config: pipeline.ConsumerConfig(pipeline.SinkDLQConsumer, pipeline.DLQSubjectPrefix+">")},
	}
	var wg sync.WaitGroup
	for _, src := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.loop(ctx, src)
		}()
	}
	wg.Wait()
	return nil
}

func (s *Sink) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// loop reads one stream and stores what it reads in batches: a batch is
// committed when it is full, when it has gathered for linger, or when
// nothing more came for wait.
func (s *Sink) loop(ctx context.Context, src *pipeline.Source) {
	batch := cmp.Or(max(s.Batch, 0), DefaultBatch)
	wait := cmp.Or(max(s.Wait, 0), 50*time.Millisecond)
	linger := cmp.Or(max(s.Linger, 0), DefaultLinger)
	src.Buffer = batch
	defer src.Stop()
	var held []jetstream.Msg
	var since time.Time // when the first held message came
	flush := func() {
		if len(held) > 0 {
			s.apply(context.WithoutCancel(ctx), held)
			held = nil
		}
	}
	defer func() {
		// Stopping: the messages in hand, and those delivered ahead, are
		// stored.
		held = append(held, src.Drain(time.Second)...)
		flush()
	}()
	failures := 0
	for ctx.Err() == nil {
		m, err := src.Next(ctx, wait)
		if err != nil && ctx.Err() != nil {
			return // stopping: not a failure
		}
		if err != nil {
			failures++
			s.log().Warn("sink: cannot read; retrying", "stream", src.Stream, "err", err)
			flush() // not held through the pause, past their ack wait
			pipeline.Pause(ctx, pipeline.Backoff(uint64(failures)))
			continue
		}
		failures = 0
		if m == nil { // drained: what is held is committed at once
			flush()
			continue
		}
		if len(held) == 0 {
			since = time.Now()
		}
		held = append(held, m)
		if len(held) >= batch || time.Since(since) >= linger {
			flush()
		}
	}
}

// item is one message and what it becomes in the store.
type item struct {
	msg    jetstream.Msg
	batch  store.Batch
	notice pipeline.Stored
	// quiet items are acked without a notice (the sink's own dead letters);
	// settled ones were already nak'd and get neither.
	quiet, settled bool
}

// apply stores a batch in one transaction, then acks it. When the
// transaction fails, each message is tried alone, so that one bad message
// does not hold back the others.
func (s *Sink) apply(ctx context.Context, msgs []jetstream.Msg) {
	defer pipeline.KeepAlive(msgs...)()
	items := make([]item, 0, len(msgs))
	for _, m := range msgs {
		items = append(items, s.decode(ctx, m))
	}
	if err := s.write(ctx, items); err == nil {
		return
	} else if len(items) > 1 {
		s.log().Warn("sink: batch write failed; writing one by one", "messages", len(items), "err", err)
	}
	wrote := false
	var failed []item
	for _, it := range items {
		if err := s.write(ctx, []item{it}); err != nil {
			failed = append(failed, it)
			s.log().Error("sink: store write failed; will retry", "key", it.notice.Key, "err", err)
			continue
		}
		wrote = true
	}
	for _, it := range failed {
		deliveries := deliveriesOf(it.msg)
		// The store works for others but not for this one: its own fault.
		if wrote && deliveries >= pipeline.MaxAttempts {
			s.reject(ctx, it.msg, fmt.Errorf("deal store refuses it after %d tries", deliveries))
			continue
		}
		_ = it.msg.NakWithDelay(pipeline.Backoff(uint64(deliveries)))
	}
}

func deliveriesOf(m jetstream.Msg) int {
	if md, err := m.Metadata(); err == nil {
		return int(md.NumDelivered)
	}
	return 1
}

// write commits items in one transaction, then acks them and sends their
// notices.
func (s *Sink) write(ctx context.Context, items []item) error {
	var b store.Batch
	for _, it := range items {
		b.Results = append(b.Results, it.batch.Results...)
		b.Failures = append(b.Failures, it.batch.Failures...)
	}
	if len(b.Results)+len(b.Failures) > 0 {
		wctx, cancel := context.WithTimeout(ctx, writeTimeout)
		_, err := s.Store.Apply(wctx, b)
		cancel()
		if err != nil {
			return err
		}
	}
	if s.Committed != nil && len(b.Results) > 0 {
		s.Committed(b.Results)
	}
	for _, it := range items {
		if it.settled {
			continue
		}
		if err := it.msg.Ack(); err != nil {
			s.log().Warn("sink: ack failed; the write is idempotent", "err", err)
		}
		if it.quiet {
			continue
		}
		if data, err := json.Marshal(it.notice); err == nil && s.Notify != nil {
			_ = s.Notify.Publish(pipeline.StoredSubject, data)
		}
	}
	return nil
}

// decode turns a message into what it writes. A message the sink cannot
// read is dead-lettered and stored as a failure of the sink stage, so that
// its input still reaches an end state.
func (s *Sink) decode(ctx context.Context, m jetstream.Msg) item {
	if m.Subject() == pipeline.ExtractedSubject {
		r, err := pipeline.DecodeResult(m.Headers(), m.Data())
		if err != nil {
			return s.unreadable(ctx, m, err)
		}
		return item{msg: m, batch: store.Batch{Results: []*extractors.Result{r}},
			notice: pipeline.Stored{Key: r.Article.ID, Source: r.Article.Source, URL: r.Article.URL, Status: pipeline.StatusExtracted, Deals: len(r.Deals)}}
	}
	f, err := pipeline.DecodeFailure(m.Headers())
	if err != nil {
		return s.unreadable(ctx, m, err)
	}
	if f.Stage == pipeline.StageSink {
		// Recorded when it was rejected: the stream copy is for replays.
		return item{msg: m, quiet: true}
	}
	return item{msg: m, batch: store.Batch{Failures: []store.Failure{storeFailure(f)}},
		notice: pipeline.Stored{Key: f.Key, Source: f.Source, URL: f.URL, Status: pipeline.StatusFailed, Stage: f.Stage, Reason: f.Reason}}
}

func storeFailure(f pipeline.Failure) store.Failure {
	return store.Failure{Stage: f.Stage, Key: f.Key, Source: f.Source, URL: f.URL,
		ArticleID: f.ArticleID, Reason: f.Reason, Deliveries: f.Deliveries, At: f.At}
}

// unreadable dead-letters m and returns the failure to store for it.
func (s *Sink) unreadable(ctx context.Context, m jetstream.Msg, cause error) item {
	f := s.deadLetter(ctx, m, cause)
	if f == nil {
		return item{msg: m, settled: true} // not even dead-lettered: nak'd for a retry
	}
	return item{msg: m, batch: store.Batch{Failures: []store.Failure{storeFailure(*f)}},
		notice: pipeline.Stored{Key: f.Key, Source: f.Source, URL: f.URL, Status: pipeline.StatusFailed, Stage: f.Stage, Reason: f.Reason}}
}

// reject dead-letters m after it was stored as nothing, and terminates it.
func (s *Sink) reject(ctx context.Context, m jetstream.Msg, cause error) {
	if f := s.deadLetter(ctx, m, cause); f != nil {
		_ = m.TermWithReason(cause.Error())
	}
}

// deadLetter publishes m on dealwire.dlq.sink with its reason. On failure
// it naks m for a retry and returns nil.
func (s *Sink) deadLetter(ctx context.Context, m jetstream.Msg, cause error) *pipeline.Failure {
	h := m.Headers()
	key := h.Get(pipeline.HdrArticleID)
	if md, err := m.Metadata(); err == nil && key == "" {
		key = fmt.Sprintf("%s-%d", md.Stream, md.Sequence.Stream)
	}
	f := pipeline.Failure{Key: key, Stage: pipeline.StageSink, Reason: cause.Error(), Source: h.Get(pipeline.HdrSource),
		URL: h.Get(pipeline.HdrURL), ArticleID: h.Get(pipeline.HdrArticleID), OrigSubject: m.Subject(),
		Deliveries: deliveriesOf(m), At: time.Now()}
	dctx, cancel := context.WithTimeout(ctx, writeTimeout)
	defer cancel()
	if err := pipeline.DeadLetter(dctx, s.JS, f, m.Data(), h); err != nil {
		s.log().Error("sink: cannot dead-letter; will retry", "key", key, "err", err)
		_ = m.NakWithDelay(pipeline.Backoff(uint64(f.Deliveries)))
		return nil
	}
	s.log().Warn("sink: unreadable message", "subject", m.Subject(), "key", key, "reason", cause)
	return &f
}
