package sink_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/pipelinetest"
	"github.com/dealwire/dealwire/pipeline/sink"
	"github.com/dealwire/dealwire/pipeline/store"
	"github.com/nats-io/nats.go"
)

func result(t *testing.T, name string) *extractors.Result {
	t.Helper()
	body, err := os.ReadFile("../../fixtures/" + name)
	if err != nil {
		t.Fatal(err)
	}
	r, err := extractors.New().Extract(context.Background(), extractors.Page{ID: "id-" + name, Source: name, Body: body}, extractors.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSinkStoresResultsAndFailures(t *testing.T) {
	srv := pipelinetest.RunBasicJetStreamServer(t)
	nc, js := pipelinetest.Connect(t, srv)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	var mu sync.Mutex
	var notices []pipeline.Stored
	sub, err := nc.Subscribe(pipeline.StoredSubject, func(m *nats.Msg) {
		var n pipeline.Stored
		if json.Unmarshal(m.Data, &n) == nil {
			mu.Lock()
			notices = append(notices, n)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()

	var msgs []*nats.Msg
	for _, name := range []string{"000.html", "001.html"} {
		m, err := pipeline.ResultMsg(result(t, name))
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, m, m) // a redelivered duplicate changes nothing
	}
	garbage := nats.NewMsg(pipeline.ExtractedSubject)
	garbage.Header.Set(pipeline.HdrSchema, pipeline.SchemaVersion)
	garbage.Data = []byte("{not json")
	future := nats.NewMsg(pipeline.ExtractedSubject)
	future.Header.Set(pipeline.HdrSchema, "2")
	future.Data = []byte(`{"article":{"id":"x"}}`)
	failure := pipeline.Failure{Key: pipeline.FetchFailureKey("http://x.example/404"), Stage: pipeline.StageFetch,
		Reason: "HTTP 404 Not Found", Source: "http://x.example/404", At: time.Now()}
	msgs = append(msgs, garbage, future, failure.Msg(nil, nil))
	for _, m := range msgs {
		if _, err := js.PublishMsg(ctx, m); err != nil {
			t.Fatal(err)
		}
	}

	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "deals.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := &sink.Sink{Notify: nc, JS: js, Store: st, Batch: 4, Log: pipelinetest.Logger(t)}
	go s.Run(ctx)

	deadline := time.Now().Add(20 * time.Second)
	for {
		a, f, _, err := st.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// The fetch failure, and the two messages the sink could not read:
		// stored as failures of the sink stage, so their inputs have an end.
		if a == 2 && f == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("store holds %d articles and %d failures, want 2 and 3", a, f)
		}
		time.Sleep(20 * time.Millisecond)
	}
	recs, err := st.Deals(ctx, store.Query{Type: "production"})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || len(recs[0].Sources) != 2 {
		t.Fatalf("production records %+v, want one with two sources", recs)
	}
	// The two unreadable messages went to dealwire.dlq.sink, not the store.
	pipelinetest.WaitFor(t, "two sink dead letters", func() bool {
		return pipelinetest.StreamCount(t, js, pipeline.DLQStream, pipeline.DLQSubject(pipeline.StageSink)) == 2
	})
	pipelinetest.WaitFor(t, "stored notices", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(notices) >= 5
	})
	mu.Lock()
	defer mu.Unlock()
	statuses := map[string]int{}
	for _, n := range notices {
		statuses[n.Status]++
	}
	if statuses[pipeline.StatusExtracted] < 2 || statuses[pipeline.StatusFailed] != 3 {
		t.Errorf("notices %+v", notices)
	}
}

// flakyStore fails its first writes, as a full disk or a locked database
// would, then recovers.
type flakyStore struct {
	mu    sync.Mutex
	fails int
	calls int
	real  *store.Store
}

func (f *flakyStore) Apply(ctx context.Context, b store.Batch) (store.Applied, error) {
	f.mu.Lock()
	f.calls++
	fail := f.calls <= f.fails
	f.mu.Unlock()
	if fail {
		return store.Applied{}, errors.New("disk I/O error")
	}
	return f.real.Apply(ctx, b)
}

// TestStoreOutageLosesNothing: while the store refuses every write, the
// results wait in the stream, however many times they are redelivered;
// nothing is dead-lettered, and everything is stored once it recovers.
func TestStoreOutageLosesNothing(t *testing.T) {
	defer func(a int, b []time.Duration) { pipeline.MaxAttempts, pipeline.BackOff = a, b }(pipeline.MaxAttempts, pipeline.BackOff)
	pipeline.MaxAttempts, pipeline.BackOff = 2, []time.Duration{50 * time.Millisecond}

	srv := pipelinetest.RunBasicJetStreamServer(t)
	nc, js := pipelinetest.Connect(t, srv)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, name := range []string{"000.html", "002.html"} {
		m, err := pipeline.ResultMsg(result(t, name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := js.PublishMsg(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	real, err := store.Open(ctx, filepath.Join(t.TempDir(), "deals.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer real.Close()
	fs := &flakyStore{fails: 12, real: real}
	s := &sink.Sink{Notify: nc, JS: js, Store: fs, Batch: 8, Log: pipelinetest.Logger(t)}
	go s.Run(ctx)

	pipelinetest.WaitFor(t, "both results stored after the outage", func() bool {
		a, _, _, err := real.Counts(ctx)
		return err == nil && a == 2
	})
	fs.mu.Lock()
	calls := fs.calls
	fs.mu.Unlock()
	if calls <= 12 {
		t.Errorf("store called %d times; the outage was 12 failures", calls)
	}
	if n := pipelinetest.StreamCount(t, js, pipeline.DLQStream, pipeline.DLQSubjectPrefix+">"); n != 0 {
		t.Errorf("%d dead letters during a store outage, want none", n)
	}
}
