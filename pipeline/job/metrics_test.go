package job_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dealwire/dealwire/pipeline/broker"
	"github.com/dealwire/dealwire/pipeline/httpserve"
	"github.com/dealwire/dealwire/pipeline/job"
	"github.com/dealwire/dealwire/pipeline/metrics"
	"github.com/dealwire/dealwire/pipeline/pipelinetest"
	"github.com/prometheus/client_golang/prometheus/testutil/promlint"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// sample returns the value of the metric named name whose labels include
// want, summed over the matching series, from a text exposition.
func sample(t *testing.T, exposition, name string, want map[string]string) float64 {
	t.Helper()
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(strings.NewReader(exposition))
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	mf, ok := mfs[name]
	if !ok {
		t.Fatalf("/metrics has no %s", name)
	}
	var sum float64
	for _, m := range mf.GetMetric() {
		labels := map[string]string{}
		for _, l := range m.GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		match := true
		for k, v := range want {
			match = match && labels[k] == v
		}
		if !match {
			continue
		}
		switch {
		case m.Counter != nil:
			sum += m.GetCounter().GetValue()
		case m.Gauge != nil:
			sum += m.GetGauge().GetValue()
		case m.Histogram != nil:
			sum += float64(m.GetHistogram().GetSampleCount())
		}
	}
	return sum
}

// TestMetricsAndHealth pushes pages through a job on an external JetStream
// server, reads /metrics, and shuts the server down to see /readyz turn
// unready.
func TestMetricsAndHealth(t *testing.T) {
	web := pipelinetest.ServeFixtures(t, "../../fixtures")
	ns := pipelinetest.RunBasicJetStreamServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	m := metrics.New()
	j, err := job.Start(ctx, job.Config{DataDir: t.TempDir(), Remote: broker.Remote{URL: ns.ClientURL()}, Fetch: testFetch,
		Metrics: m, Log: pipelinetest.Logger(t)}, &recorder{})
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	srvCtx, stopServer := context.WithCancel(ctx)
	srv, err := httpserve.Start(srvCtx, "127.0.0.1:0", httpserve.Handler(m.Handler(), j.Ready), pipelinetest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		stopServer()
		if err := srv.Wait(); err != nil {
			t.Errorf("http shutdown: %v", err)
		}
	}()
	base := "http://" + srv.Addr()

	counts, err := j.Run(ctx, feed(web.URL("000.html"), web.URL("002.html"), web.URL("missing.html")))
	if err != nil {
		t.Fatal(err)
	}
	if counts.Extracted != 2 || counts.Failed != 1 {
		t.Fatalf("counts %+v, want 2 extracted and 1 failed", counts)
	}
	code, body := pipelinetest.Get(t, base+"/metrics")
	if code != http.StatusOK {
		t.Fatalf("GET /metrics = %d", code)
	}
	problems, err := promlint.New(strings.NewReader(body)).Lint()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("lint: %s: %s", p.Metric, p.Text)
	}
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"dealwire_pages_fetched_total", map[string]string{"outcome": "published"}, 2},
		{"dealwire_pages_failed_total", map[string]string{"reason": "http_status"}, 1},
		{"dealwire_fetch_duration_seconds", nil, 3},
		{"dealwire_articles_extracted_total", nil, 2},
		{"dealwire_extraction_duration_seconds", nil, 2},
		{"dealwire_deals_found_total", map[string]string{"type": "licensing", "status": "agreed"}, 1},
		{"dealwire_deals_found_total", nil, 4}, // 000.html: 1 deal, 002.html: 3
		{"dealwire_dead_letters", map[string]string{"stage": "fetch"}, 1},
		{"dealwire_consumer_pending_messages", map[string]string{"durable": "extract"}, 0},
		{"dealwire_jetstream_up", nil, 1},
		{"dealwire_build_info", nil, 1},
	} {
		if got := sample(t, body, c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if got := sample(t, body, "dealwire_store_commit_duration_seconds", nil); got < 1 {
		t.Errorf("store commits observed = %v, want at least 1", got)
	}
	for path, want := range map[string]string{"/healthz": "ok\n", "/readyz": "ready\n"} {
		if code, body := pipelinetest.Get(t, base+path); code != http.StatusOK || body != want {
			t.Errorf("GET %s = %d %q, want 200 %q", path, code, body, want)
		}
	}

	ns.Shutdown()
	pipelinetest.WaitFor(t, "/readyz to turn unready", func() bool {
		code, body = pipelinetest.Get(t, base+"/readyz")
		return code == http.StatusServiceUnavailable
	})
	if !strings.HasPrefix(body, "not ready: ") {
		t.Errorf("GET /readyz with NATS gone: %q, want a reason", body)
	}
	if code, _ := pipelinetest.Get(t, base+"/healthz"); code != http.StatusOK {
		t.Errorf("GET /healthz with NATS gone = %d, want 200", code)
	}
}
