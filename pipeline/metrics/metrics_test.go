package metrics

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/fetch"
	"github.com/dealwire/dealwire/pipeline/pipelinetest"
	"github.com/dealwire/dealwire/pipeline/store"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"
)

// gather scrapes m's registry.
func gather(t *testing.T, m *Metrics) []*dto.MetricFamily {
	t.Helper()
	mfs, err := m.Registry().Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	return mfs
}

// lint fails the test on any problem the metric linter finds in c.
func lint(t *testing.T, c prometheus.Collector) {
	t.Helper()
	problems, err := testutil.CollectAndLint(c)
	if err != nil {
		t.Fatalf("lint: %v", err)
	}
	for _, p := range problems {
		t.Errorf("lint: %s: %s", p.Metric, p.Text)
	}
}

func TestInstrumentsMoveAndLint(t *testing.T) {
	m := New()
	start := time.Now().Add(-50 * time.Millisecond)
	m.Fetched(fetch.Outcome{Source: "a", ArticleID: "id1", At: start})
	m.Fetched(fetch.Outcome{Source: "b", ArticleID: "id1", Duplicate: true, At: start})
	m.Fetched(fetch.Outcome{Source: "c", FailureKey: "k", Reason: "HTTP 404 Not Found", At: start})
	m.Fetched(fetch.Outcome{Source: "feed", Listed: &fetch.Listed{}, At: start})
	res := &extractors.Result{Deals: []extractors.Deal{{Type: "licensing", Status: "agreed"}, {Type: "licensing", Status: "agreed"}, {Type: "production", Status: "talks"}}}
	m.Extraction(res, 20*time.Millisecond, nil)
	m.Extraction(nil, time.Millisecond, errors.New("no article text found"))

	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "deals.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := m.Store(st).Apply(context.Background(), store.Batch{Failures: []store.Failure{{Stage: "fetch", Key: "k", Reason: "HTTP 404", At: time.Now()}}}); err != nil {
		t.Fatal(err)
	}

	for name, c := range map[string]struct {
		got  prometheus.Collector
		want float64
	}{
		"published":        {m.pagesFetched.WithLabelValues("published"), 1},
		"duplicate":        {m.pagesFetched.WithLabelValues("duplicate"), 1},
		"failed http":      {m.pagesFailed.WithLabelValues("http_status"), 1},
		"extracted":        {m.extracted, 1},
		"extract failed":   {m.extractFailed, 1},
		"licensing agreed": {m.deals.WithLabelValues("licensing", "agreed"), 2},
		"production talks": {m.deals.WithLabelValues("production", "talks"), 1},
		"build info":       {m.info, 1},
	} {
		if got := testutil.ToFloat64(c.got); got != c.want {
			t.Errorf("%s = %v, want %v", name, got, c.want)
		}
	}
	for name, h := range map[string]struct {
		c    prometheus.Collector
		name string
		want uint64
	}{
		"fetch":   {m.fetchTime, "dealwire_fetch_duration_seconds", 3},
		"extract": {m.extractTime, "dealwire_extraction_duration_seconds", 2},
		"commit":  {m.commitTime, "dealwire_store_commit_duration_seconds", 1},
	} {
		if got := sampleCount(t, h.c); got != h.want {
			t.Errorf("%s histogram: %d observations, want %d", name, got, h.want)
		}
	}
	for _, c := range m.own() {
		lint(t, c)
	}
	problems, err := testutil.GatherAndLint(m.Registry())
	if err != nil || len(problems) > 0 {
		t.Errorf("registry lint: %v %v", problems, err)
	}
}

func sampleCount(t *testing.T, c prometheus.Collector) uint64 {
	t.Helper()
	ch := make(chan prometheus.Metric, 1)
	c.Collect(ch)
	var n uint64
	for len(ch) > 0 {
		var d dto.Metric
		if err := (<-ch).Write(&d); err != nil {
			t.Fatal(err)
		}
		n += d.GetHistogram().GetSampleCount()
	}
	return n
}

func TestJetStreamCollector(t *testing.T) {
	srv := pipelinetest.RunBasicJetStreamServer(t)
	_, js := pipelinetest.Connect(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := pipeline.EnsureStreams(ctx, js, pipeline.StreamOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := js.CreateOrUpdateConsumer(ctx, pipeline.ArticlesStream, pipeline.ConsumerConfig(pipeline.ExtractConsumer, pipeline.RawSubjectPrefix+">")); err != nil {
		t.Fatal(err)
	}
	for i, subject := range []string{pipeline.RawSubject("example.com"), pipeline.RawSubject("example.org")} {
		if _, err := js.Publish(ctx, subject, []byte{byte(i)}); err != nil {
			t.Fatal(err)
		}
	}
	f := pipeline.Failure{Key: "k", Stage: pipeline.StageFetch, Reason: "HTTP 404", Source: "s", At: time.Now()}
	if err := pipeline.DeadLetter(ctx, js, f, nil, nil); err != nil {
		t.Fatal(err)
	}
	m := New()
	if err := m.WatchJetStream(js, pipelinetest.Logger(t)); err != nil {
		t.Fatal(err)
	}
	if err := m.WatchJetStream(js, nil); err == nil {
		t.Error("a second JetStream watch registered")
	}
	c := &jsCollector{js: js, log: pipelinetest.Logger(t)}
	lint(t, c)
	want := map[string]float64{"up": 1, "pending extract": 2, "dead fetch": 1, "dead extract": 0}
	got := map[string]float64{}
	for _, mf := range gather(t, m) {
		for _, mm := range mf.GetMetric() {
			labels := map[string]string{}
			for _, l := range mm.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			v := mm.GetGauge().GetValue()
			switch mf.GetName() {
			case "dealwire_jetstream_up":
				got["up"] = v
			case "dealwire_consumer_pending_messages":
				got["pending "+labels["durable"]] = v
			case "dealwire_dead_letters":
				got["dead "+labels["stage"]] = v
			}
		}
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %v, want %v (all: %v)", k, got[k], w, got)
		}
	}
	if _, ok := got["pending sink"]; ok {
		t.Error("lag reported for a consumer never created")
	}
	srv.Shutdown()
	down := false
	for _, mf := range gather(t, m) {
		if mf.GetName() == "dealwire_jetstream_up" {
			down = mf.GetMetric()[0].GetGauge().GetValue() == 0
		}
	}
	if !down {
		t.Error("dealwire_jetstream_up is not 0 with the server gone")
	}
}
