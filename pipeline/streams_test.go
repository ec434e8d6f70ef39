package pipeline_test

import (
	"context"
	"testing"
	"time"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/pipelinetest"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// TestEnsureStreamsKeepsSettings: a stage that starts later, without
// options, must not undo what the first chose.
func TestEnsureStreamsKeepsSettings(t *testing.T) {
	srv := pipelinetest.RunBasicJetStreamServer(t)
	nc, err := nats.Connect(srv.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := pipeline.EnsureStreams(ctx, js, pipeline.StreamOptions{DuplicateWindow: 10 * time.Minute}); err != nil {
		t.Fatal(err)
	}
	if err := pipeline.EnsureStreams(ctx, js, pipeline.StreamOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{pipeline.ArticlesStream, pipeline.ExtractedStream, pipeline.DealsStream, pipeline.DLQStream} {
		s, err := js.Stream(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.CachedInfo().Config.Duplicates; got != 10*time.Minute {
			t.Errorf("%s duplicate window = %s after a stage without options, want 10m", name, got)
		}
	}
	// An explicit option still applies.
	if err := pipeline.EnsureStreams(ctx, js, pipeline.StreamOptions{DuplicateWindow: 5 * time.Minute}); err != nil {
		t.Fatal(err)
	}
	s, _ := js.Stream(ctx, pipeline.DealsStream)
	if got := s.CachedInfo().Config.Duplicates; got != 5*time.Minute {
		t.Errorf("explicit window not applied: %s", got)
	}
}
