package pipeline_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/pipelinetest"
	"github.com/nats-io/nats.go/jetstream"
)

// TestSourceDeliversAhead: while the reader works on the message it
// took, the next one is already delivered to it (and only that one), so
// that its next read does not wait for a round trip to the server.
func TestSourceDeliversAhead(t *testing.T) {
	srv := pipelinetest.RunBasicJetStreamServer(t)
	_, js := pipelinetest.Connect(t, srv)
	ctx := context.Background()
	if err := pipeline.EnsureStreams(ctx, js, pipeline.StreamOptions{}); err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		if _, err := js.Publish(ctx, pipeline.ExtractedSubject, fmt.Appendf(nil, "%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	cfg := pipeline.ConsumerConfig("ahead", pipeline.ExtractedSubject)
	src := &pipeline.Source{JS: js, Stream: pipeline.ExtractedStream, Config: cfg, Buffer: 1}
	defer src.Stop()
	delivered := func() int {
		c, err := js.Consumer(ctx, pipeline.ExtractedStream, cfg.Durable)
		if err != nil {
			t.Fatal(err)
		}
		info, err := c.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return info.NumAckPending
	}
	var held jetstream.Msg
	for i := range 3 {
		m, err := src.Next(ctx, time.Second)
		if err != nil || m == nil {
			t.Fatalf("read %d: %v, %v", i, m, err)
		}
		if string(m.Data()) != fmt.Sprint(i) {
			t.Errorf("read %d: %q", i, m.Data())
		}
		if held != nil {
			_ = held.Ack()
		}
		held = m
		// The one in hand and one ahead: unacked, delivered.
		pipelinetest.WaitFor(t, "one message delivered ahead", func() bool { return delivered() == 2 })
		time.Sleep(50 * time.Millisecond)
		if n := delivered(); n != 2 {
			t.Fatalf("after read %d, %d messages delivered and not acked, want 2 (one in hand, one ahead)", i, n)
		}
	}
}
