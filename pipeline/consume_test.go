package pipeline_test

import (
	"context"
	"testing"
	"time"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/pipelinetest"
	"github.com/nats-io/nats.go/jetstream"
)

// TestSourceRenewsDroppedPull: a pull request that the server drops is
// never answered nor expired, so a client left to itself waits on it for
// ever with messages pending. A leader lost at the wrong moment drops
// one; here the consumer's only waiting slot is taken, so the server
// turns the reader's request away. The reader must still get the
// message published once the slot is free.
func TestSourceRenewsDroppedPull(t *testing.T) {
	pipeline.SetRefreshAfter(t, time.Second)
	srv := pipelinetest.RunBasicJetStreamServer(t)
	_, js := pipelinetest.Dial(t, srv.ClientURL())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "DROP", Subjects: []string{"drop.>"}}); err != nil {
		t.Fatal(err)
	}
	cfg := pipeline.ConsumerConfig("reader", "drop.>")
	cfg.MaxWaiting = 1
	cons, err := js.CreateOrUpdateConsumer(ctx, "DROP", cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Another client holds the only slot for two seconds.
	held := make(chan error, 1)
	go func() {
		b, err := cons.Fetch(1, jetstream.FetchMaxWait(2*time.Second))
		if err == nil {
			for m := range b.Messages() {
				t.Errorf("the slot's holder got %q", m.Data())
			}
			err = b.Error()
		}
		held <- err
	}()
	pipelinetest.WaitFor(t, "the slot taken", func() bool {
		info, err := cons.Info(ctx)
		return err == nil && info.NumWaiting == 1
	})
	src := &pipeline.Source{JS: js, Stream: "DROP", Config: cfg}
	defer src.Stop()
	if m, err := src.Next(ctx, 300*time.Millisecond); m != nil || err != nil {
		t.Fatalf("an empty stream gave %v, %v", m, err)
	}
	if err := <-held; err != nil {
		t.Fatalf("the slot's holder: %v", err)
	}
	if _, err := js.Publish(ctx, "drop.one", []byte("after")); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		m, err := src.Next(ctx, 200*time.Millisecond)
		if err != nil {
			t.Logf("read: %v", err)
			continue
		}
		if m != nil {
			if string(m.Data()) != "after" {
				t.Fatalf("got %q", m.Data())
			}
			return
		}
	}
	t.Fatal("the reader got nothing in 20s: its pull request was dropped and never renewed")
}
