package pipeline

import (
	"context"
	"fmt"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// PublishAsync publishes msgs without waiting for the stream to store
// them; Await waits for that. The JetStream context bounds how many
// publications may be pending at once.
func PublishAsync(js jetstream.JetStream, msgs []*nats.Msg) ([]jetstream.PubAckFuture, error) {
	futures := make([]jetstream.PubAckFuture, 0, len(msgs))
	for _, m := range msgs {
		f, err := js.PublishMsgAsync(m)
		if err != nil {
			return nil, fmt.Errorf("publish %s: %w", m.Subject, err)
		}
		futures = append(futures, f)
	}
	return futures, nil
}

// Await waits until the stream has stored every publication, or ctx
// ends. Duplicates (same Nats-Msg-Id) count as stored.
func Await(ctx context.Context, futures []jetstream.PubAckFuture) error {
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
