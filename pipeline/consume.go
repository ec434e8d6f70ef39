package pipeline

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Source is a stage's durable consumer. It binds on first use and binds
// again when the consumer has disappeared (deleted by an operator, or a
// store that was wiped), so a stage keeps working until its context ends.
type Source struct {
	JS     jetstream.JetStream
	Stream string
	Config jetstream.ConsumerConfig
	cons   jetstream.Consumer
}

// Fetch returns up to max messages, waiting at most wait for the first. It
// returns no messages and no error when none came. Errors are those of
// binding; the caller backs off and tries again.
func (s *Source) Fetch(ctx context.Context, max int, wait time.Duration) ([]jetstream.Msg, error) {
	if s.cons == nil {
		c, err := s.JS.CreateOrUpdateConsumer(ctx, s.Stream, s.Config)
		if err != nil {
			return nil, fmt.Errorf("bind consumer %s on %s: %w", s.Config.Durable, s.Stream, err)
		}
		s.cons = c
	}
	// The server ends the request when wait is over; the batch ends with
	// that notice, so a message sent just before it is not dropped. (A
	// client-side deadline could end the batch while such a message is
	// on its way, and the server would hold it for a whole AckWait.)
	batch, err := s.cons.Fetch(max, jetstream.FetchMaxWait(wait))
	if err != nil {
		if gone(err) {
			s.cons = nil
		}
		return nil, err
	}
	var msgs []jetstream.Msg
	for {
		select {
		case m, ok := <-batch.Messages():
			if !ok {
				if err := batch.Error(); err != nil && gone(err) {
					s.cons = nil
				}
				return msgs, nil
			}
			msgs = append(msgs, m)
		case <-ctx.Done():
			// Stopping: what is in hand is handled; what is on its way
			// is redelivered after AckWait.
			return msgs, nil
		}
	}
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
