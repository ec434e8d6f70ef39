package pipeline

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Source is a stage's durable consumer, read as one continuous pull: the
// server delivers up to Buffer messages ahead of the reader, so a read
// costs no request, subscription or expiry notice of its own. It binds on
// first use and binds again when the consumer has disappeared (deleted by
// an operator, or a store that was wiped), so a stage keeps working until
// its context ends. A Source is read by one goroutine.
type Source struct {
	JS     jetstream.JetStream
	Stream string
	Config jetstream.ConsumerConfig
	// Buffer is the most messages delivered ahead of the reader (default
	// 1). They wait there, within their AckWait, while the reader works.
	Buffer int
	cons   jetstream.Consumer
	iter   jetstream.MessagesContext
	// idle is the time waited in Next since the pull last brought a
	// message; ahead holds the messages a refresh drained, read first.
	idle  time.Duration
	ahead []jetstream.Msg
}

// refreshAfter is how long a pull may bring nothing before it is started
// again. A pull request lost with its consumer's leader (a node lost, or
// a leader moved under load) is never answered nor expired, and the
// client would wait on it forever with messages pending (nats.go issue
// 2063). The heartbeats that would show it are checked only within one
// read, and the stages read in short waits, so the pull is refreshed on
// idleness instead: one new pull request per idle reader every
// refreshAfter, and nothing delivered ahead is lost.
var refreshAfter = 15 * time.Second

// Next returns the next message, waiting at most wait for it. It returns
// no message and no error when none came or ctx ended. Errors are those of
// binding and reading; the caller backs off and tries again.
func (s *Source) Next(ctx context.Context, wait time.Duration) (jetstream.Msg, error) {
	if len(s.ahead) > 0 {
		m := s.ahead[0]
		s.ahead = s.ahead[1:]
		return m, nil
	}
	if err := s.bind(ctx); err != nil {
		return nil, err
	}
	wctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	began := time.Now()
	m, err := s.iter.Next(jetstream.NextContext(wctx))
	switch {
	case err == nil:
		s.idle = 0
		return m, nil
	case wctx.Err() != nil && errors.Is(err, wctx.Err()):
		if s.idle += time.Since(began); s.idle >= refreshAfter && ctx.Err() == nil {
			s.ahead = s.Drain(time.Second)
		}
		return nil, nil
	}
	// A closed connection or a deleted consumer: the
	// next read starts a new pull.
	s.Stop()
	if gone(err) {
		s.cons = nil
	}
	return nil, fmt.Errorf("read consumer %s on %s: %w", s.Config.Durable, s.Stream, err)
}

// Stop ends the pull. Messages delivered ahead and not yet read are
// redelivered after their AckWait.
func (s *Source) Stop() {
	s.idle = 0
	if s.iter != nil {
		s.iter.Stop()
		s.iter = nil
	}
}

// Drain ends the pull and returns the messages delivered ahead and not
// yet read, waiting at most wait for the server to confirm the end. Those
// it could not return are redelivered after their AckWait.
func (s *Source) Drain(wait time.Duration) []jetstream.Msg {
	msgs := s.ahead
	s.ahead, s.idle = nil, 0
	it := s.iter
	if it == nil {
		return msgs
	}
	s.iter = nil
	it.Drain()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	for {
		m, err := it.Next(jetstream.NextContext(ctx))
		if err != nil {
			it.Stop()
			return msgs
		}
		msgs = append(msgs, m)
	}
}

// bind creates the consumer and starts the pull when they are missing.
func (s *Source) bind(ctx context.Context) error {
	if s.iter != nil {
		return nil
	}
	if s.cons == nil {
		c, err := s.JS.CreateOrUpdateConsumer(ctx, s.Stream, s.Config)
		if err != nil {
			return fmt.Errorf("bind consumer %s on %s: %w", s.Config.Durable, s.Stream, err)
		}
		s.cons = c
	}
	it, err := s.cons.Messages(jetstream.PullMaxMessages(max(s.Buffer, 1)))
	if err != nil {
		if gone(err) {
			s.cons = nil
		}
		return fmt.Errorf("read consumer %s on %s: %w", s.Config.Durable, s.Stream, err)
	}
	s.iter = it
	return nil
}

// gone reports errors after which the consumer must be bound again.
func gone(err error) bool {
	return errors.Is(err, jetstream.ErrConsumerDeleted) || errors.Is(err, jetstream.ErrConsumerNotFound) ||
		errors.Is(err, jetstream.ErrStreamNotFound) || errors.Is(err, nats.ErrConnectionClosed)
}

// Pause waits d or until ctx ends.
func Pause(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// KeepAlive tells the server, every third of AckWait, that msgs are still
// being worked on, until the returned function is called.
func KeepAlive(msgs ...jetstream.Msg) (stop func()) {
	done := make(chan struct{})
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		t := time.NewTicker(AckWait / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				for _, m := range msgs {
					_ = m.InProgress()
				}
			}
		}
	}()
	return func() {
		close(done)
		<-exited
	}
}
