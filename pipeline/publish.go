package pipeline

import (
	"context"
	"fmt"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// PublishAll publishes msgs asynchronously and waits until the stream has
// stored every one, or ctx ends. Duplicates (same Nats-Msg-Id) count as
// stored.
func PublishAll(ctx context.Context, js jetstream.JetStream, msgs []*nats.Msg) error {
	futures := make([]jetstream.PubAckFuture, 0, len(msgs))
	for _, m := range msgs {
		f, err := js.PublishMsgAsync(m)
		if err != nil {
			return fmt.Errorf("publish %s: %w", m.Subject, err)
		}
		futures = append(futures, f)
	}
	for _, f := range futures {
		select {
		case <-f.Ok():
		case err := <-f.Err():
			return fmt.Errorf("publish %s: %w", f.Msg().Subject, err)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// DeadLetter publishes a failure on dealwire.dlq.<stage> and waits for the
// stream to store it.
func DeadLetter(ctx context.Context, js jetstream.JetStream, f Failure, body []byte, orig nats.Header) error {
	_, err := js.PublishMsg(ctx, f.Msg(body, orig))
	if err != nil {
		return fmt.Errorf("dead letter %s/%s: %w", f.Stage, f.Key, err)
	}
	return nil
}
