package job_test

import (
	"context"
	"errors"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/broker"
	"github.com/dealwire/dealwire/pipeline/extract"
	"github.com/dealwire/dealwire/pipeline/fetch"
	"github.com/dealwire/dealwire/pipeline/job"
	"github.com/dealwire/dealwire/pipeline/pipelinetest"
	"github.com/dealwire/dealwire/pipeline/sink"
	"github.com/dealwire/dealwire/pipeline/store"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// recorder is a job.Reporter that keeps what it is told.
type recorder struct {
	mu       sync.Mutex
	deals    []pipeline.DealEvent
	outcomes []job.Outcome
}

func (r *recorder) Deal(ev pipeline.DealEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.deals = append(r.deals, ev)
}

func (r *recorder) Done(o job.Outcome) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.outcomes = append(r.outcomes, o)
}

func (r *recorder) Progress(job.Counts) {}

// testFetch is polite enough for a loopback server and does not retry, so
// failures end quickly.
var testFetch = fetch.Config{HostInterval: time.Millisecond, HostConcurrency: 8, Retries: -1, Timeout: 5 * time.Second, AllowPrivate: true}

func feed(ins ...string) <-chan fetch.Input {
	ch := make(chan fetch.Input, len(ins))
	for _, s := range ins {
		ch <- fetch.Input{Source: s}
	}
	close(ch)
	return ch
}

// TestEndToEnd runs every stage on loopback: an HTTP server serves the
// fixtures, the job's embedded JetStream server keeps its store in a
// temporary directory, and the store and the DEALS stream are checked.
func TestEndToEnd(t *testing.T) {
	srv := pipelinetest.ServeFixtures(t, "../../fixtures")
	srv.Handle("/error.html", pipelinetest.Page{Status: 500, ContentType: "text/html", Body: []byte("<h1>oops</h1>")})
	srv.Handle("/image.png", pipelinetest.Page{ContentType: "image/png", Body: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")})
	srv.Handle("/empty.html", pipelinetest.Page{ContentType: "text/html"})
	srv.Handle("/blank.html", pipelinetest.Page{ContentType: "text/html", Body: []byte(`<html><body><nav><a href="/">Home</a></nav></body></html>`)})

	good := []string{srv.URL("000.html"), srv.URL("001.html"), srv.URL("002.html")}
	bad := map[string]string{
		"http://": "invalid URL",
		"http://" + pipelinetest.ClosedPort(t) + "/a.html": "unreachable host",
		srv.URL("missing.html"):                            "HTTP 404",
		srv.URL("error.html"):                              "HTTP 500",
		srv.URL("image.png"):                               "content type image/png is not HTML",
		srv.URL("empty.html"):                              "empty page",
		srv.URL("blank.html"):                              "no article text found",
	}
	ins := append([]string(nil), good...)
	for in := range bad {
		ins = append(ins, in)
	}
	sort.Strings(ins)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rec := &recorder{}
	j, err := job.Start(ctx, job.Config{DataDir: t.TempDir(), Listen: "127.0.0.1:0", Fetch: testFetch, ExtractWorkers: 2, Log: pipelinetest.Logger(t)}, rec)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { j.Close() })
	counts, err := j.Run(ctx, feed(ins...))
	if err != nil {
		t.Fatal(err)
	}

	if counts.Inputs != len(ins) || counts.Extracted != len(good) || counts.Failed != len(bad) {
		t.Errorf("counts = %+v, want %d inputs, %d extracted, %d failed", counts, len(ins), len(good), len(bad))
	}
	// Every bad input ended as a failure with a clear reason.
	reasons := map[string]string{}
	for _, o := range rec.outcomes {
		if o.Status == pipeline.StatusFailed {
			reasons[o.Source] = o.Reason
		}
	}
	for in, want := range bad {
		if got, ok := reasons[in]; !ok {
			t.Errorf("%s: no failure reported", in)
		} else if !strings.Contains(got, want) {
			t.Errorf("%s: reason %q, want it to mention %q", in, got, want)
		}
	}

	// The deal events printed for the run, and those on deals.>.
	wantEvents := map[string]int{
		"deals.production.agreed":  2,
		"deals.licensing.agreed":   1,
		"deals.partnership.talks":  1,
		"deals.partnership.agreed": 1,
	}
	reported := map[string]int{}
	for _, ev := range rec.deals {
		reported[pipeline.DealSubject(ev.Deal.Type, ev.Deal.Status)]++
	}
	if !equalCounts(reported, wantEvents) {
		t.Errorf("reported deal events %v, want %v", reported, wantEvents)
	}
	onStream := dealSubjects(ctx, t, j.JetStream())
	if !equalCounts(onStream, wantEvents) {
		t.Errorf("deal events on deals.> %v, want %v", onStream, wantEvents)
	}

	// The store: the English and French reports of Sony's deal with Netflix
	// are one record with two sources.
	recs, err := j.Store().Deals(ctx, store.Query{Company: "Netflix", Type: "production"})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 {
		t.Fatalf("Netflix production records = %d, want 1: %+v", len(recs), recs)
	}
	r := recs[0]
	if len(r.Sources) != 2 || r.Status != "agreed" || !hasParties(r, "sony", "netflix") {
		t.Errorf("Sony–Netflix record = %+v, want agreed, parties sony+netflix, 2 sources", r)
	}
	if r.Terms.Episodes != 13 || !r.Terms.Exclusive {
		t.Errorf("merged terms = %+v, want the French source's 13 episodes and exclusivity", r.Terms)
	}
	all, err := j.Store().Deals(ctx, store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 4 {
		t.Errorf("deal records = %d, want 4 (one of them from two articles)", len(all))
	}
	letv, err := j.Store().Deals(ctx, store.Query{Company: "LeTV"})
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[string]bool{}
	for _, r := range letv {
		statuses[r.Type+"/"+r.Status] = true
	}
	if !statuses["partnership/talks"] || !statuses["partnership/agreed"] {
		t.Errorf("LeTV records %v, want the Netflix talks and the Microsoft agreement", statuses)
	}
	fails, err := j.Store().Failures(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(fails) != len(bad) {
		t.Errorf("stored failures = %d, want %d", len(fails), len(bad))
	}
}

// TestRerunIsIdempotent runs the same inputs twice on one data directory:
// the second run reports the same outcome and the store does not change.
func TestRerunIsIdempotent(t *testing.T) {
	srv := pipelinetest.ServeFixtures(t, "../../fixtures")
	dir := t.TempDir()
	ins := []string{srv.URL("000.html"), srv.URL("001.html"), srv.URL("002.html")}
	var first []store.Record
	for run := 0; run < 2; run++ {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		rec := &recorder{}
		j, err := job.Start(ctx, job.Config{DataDir: dir, Listen: "none", Fetch: testFetch, Log: pipelinetest.Logger(t)}, rec)
		if err != nil {
			t.Fatal(err)
		}
		counts, err := j.Run(ctx, feed(ins...))
		if err != nil {
			t.Fatal(err)
		}
		if counts.Extracted != 3 || counts.Failed != 0 {
			t.Errorf("run %d: counts %+v", run, counts)
		}
		if len(rec.deals) != 5 {
			t.Errorf("run %d: %d deal events reported, want 5", run, len(rec.deals))
		}
		recs, err := j.Store().Deals(ctx, store.Query{})
		if err != nil {
			t.Fatal(err)
		}
		if run == 0 {
			first = recs
		} else if !sameRecords(first, recs) {
			t.Errorf("second run changed the store:\nfirst  %+v\nsecond %+v", first, recs)
		}
		j.Close()
		cancel()
	}
}

func sameRecords(a, b []store.Record) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].Status != b[i].Status || len(a[i].Sources) != len(b[i].Sources) {
			return false
		}
	}
	return true
}

func hasParties(r store.Record, keys ...string) bool {
	have := map[string]bool{}
	for _, p := range r.Parties {
		have[p.Key] = true
	}
	for _, k := range keys {
		if !have[k] {
			return false
		}
	}
	return true
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// dealSubjects reads the DEALS stream from the start.
func dealSubjects(ctx context.Context, t *testing.T, js jetstream.JetStream) map[string]int {
	t.Helper()
	cons, err := js.OrderedConsumer(ctx, pipeline.DealsStream, jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	info, err := cons.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	n := int(info.NumPending)
	if n == 0 {
		return out
	}
	batch, err := cons.Fetch(n, jetstream.FetchMaxWait(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	for m := range batch.Messages() {
		ev, err := pipeline.DecodeDealEvent(m.Data())
		if err != nil {
			t.Errorf("deal event on %s: %v", m.Subject(), err)
			continue
		}
		if m.Subject() != pipeline.DealSubject(ev.Deal.Type, ev.Deal.Status) {
			t.Errorf("event of a %s/%s deal on %s", ev.Deal.Type, ev.Deal.Status, m.Subject())
		}
		out[m.Subject()]++
	}
	return out
}

// TestFollowAcceptsFetch runs a job with Follow and submits a page the way
// 'dealwire fetch' does, over a separate NATS connection to the job's
// embedded server.
func TestFollowAcceptsFetch(t *testing.T) {
	srv := pipelinetest.ServeFixtures(t, "../../fixtures")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rec := &recorder{}
	j, err := job.Start(ctx, job.Config{DataDir: t.TempDir(), Listen: "127.0.0.1:0", Fetch: testFetch, Follow: true, Log: pipelinetest.Logger(t)}, rec)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() {
		_, err := j.Run(runCtx, feed())
		ran <- err
	}()

	nc, err := nats.Connect(j.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	st := &fetch.Stage{Fetcher: fetch.New(testFetch), JS: js, MaxPayload: nc.MaxPayload()}
	if o := st.One(ctx, srv.URL("002.html")); o.ArticleID == "" {
		t.Fatalf("fetch: %+v", o)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		rec.mu.Lock()
		n := len(rec.deals)
		rec.mu.Unlock()
		if n == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the following job reported %d deal events, want 3", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	if err := <-ran; !errors.Is(err, context.Canceled) {
		t.Errorf("Run returned %v after cancel", err)
	}
}

// TestStagesOnExternalServer runs the job against an external JetStream
// server with its fetcher only, while extractor workers and the sink run
// separately, as they do as separate processes; two extractors share the
// durable consumer.
func TestStagesOnExternalServer(t *testing.T) {
	web := pipelinetest.ServeFixtures(t, "../../fixtures")
	ns := pipelinetest.RunBasicJetStreamServer(t)
	nc, js := pipelinetest.Connect(t, ns)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	st, err := store.Open(ctx, filepath.Join(dir, "deals.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stages, stopStages := context.WithCancel(ctx)
	var wg sync.WaitGroup
	var processed [2]atomic.Int32
	for i := range 2 {
		w := &extract.Workers{JS: js, Extractor: extractors.New(), N: 1, Log: pipelinetest.Logger(t),
			Processed: func(string, error) { processed[i].Add(1) }}
		wg.Add(1)
		go func() { defer wg.Done(); w.Run(stages) }()
	}
	s := &sink.Sink{Notify: nc, JS: js, Store: st, Batch: 8, Log: pipelinetest.Logger(t)}
	wg.Add(1)
	go func() { defer wg.Done(); s.Run(stages) }()
	defer func() { stopStages(); wg.Wait() }()

	rec := &recorder{}
	j, err := job.Start(ctx, job.Config{DataDir: dir, Remote: broker.Remote{URL: ns.ClientURL()}, Fetch: testFetch,
		NoExtract: true, NoSink: true, Log: pipelinetest.Logger(t)}, rec)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	var ins []string
	for range 4 {
		for _, p := range []string{"000.html", "001.html", "002.html"} {
			ins = append(ins, web.URL(p)+"?copy="+strconv.Itoa(len(ins)))
		}
	}
	counts, err := j.Run(ctx, feed(ins...))
	if err != nil {
		t.Fatal(err)
	}
	if counts.Extracted != len(ins) || counts.Failed != 0 {
		t.Errorf("counts %+v, want %d extracted", counts, len(ins))
	}
	if processed[0].Load()+processed[1].Load() == 0 {
		t.Error("no extractor processed anything")
	}
	recs, err := st.Deals(ctx, store.Query{Type: "production"})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 {
		t.Errorf("production records = %d, want 1", len(recs))
	}
}

// TestOldFailureIsNotThisAttempt: a page that failed in an earlier run is
// fetched again; the stored failure is not this attempt's end, so the job
// keeps waiting for the sink instead of reporting the old reason.
func TestOldFailureIsNotThisAttempt(t *testing.T) {
	srv := pipelinetest.ServeFixtures(t, "../../fixtures")
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	// The id the page will get, and an old failure for it.
	raw, err := fetch.New(testFetch).Fetch(ctx, srv.URL("000.html"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, filepath.Join(dir, "deals.db"))
	if err != nil {
		t.Fatal(err)
	}
	old := store.Failure{Stage: "extract", Key: raw.ID, ArticleID: raw.ID, Reason: "old: extraction exceeded its budget", At: time.Now().Add(-time.Hour)}
	if _, err := st.Apply(ctx, store.Batch{Failures: []store.Failure{old}}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	rec := &recorder{}
	j, err := job.Start(ctx, job.Config{DataDir: dir, Listen: "none", Fetch: testFetch, NoSink: true, Log: pipelinetest.Logger(t)}, rec)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	runCtx, stop := context.WithTimeout(ctx, 4*time.Second) // two store checks
	defer stop()
	counts, err := j.Run(runCtx, feed(srv.URL("000.html")))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Run = %+v, %v; want it still waiting for the sink", counts, err)
	}
	if counts.Failed != 0 || len(rec.outcomes) != 0 {
		t.Errorf("the old failure ended the new attempt: %+v %+v", counts, rec.outcomes)
	}
}

// TestFollowCountsItsOwnInputs is issue item 7: the --follow summary
// counted what another process submitted (a failure among them, so the
// run exited 1), and after a stop it reported fewer articles than the store
// held. The job counts its own inputs only, and after a stop its counts add
// up with the store.
func TestFollowCountsItsOwnInputs(t *testing.T) {
	srv := pipelinetest.ServeFixtures(t, "../../fixtures")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir := t.TempDir()
	rec := &recorder{}
	j, err := job.Start(ctx, job.Config{DataDir: dir, Listen: "127.0.0.1:0", Fetch: testFetch, Follow: true, Log: pipelinetest.Logger(t)}, rec)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	nc, js := pipelinetest.Dial(t, j.ClientURL())
	// Another process submits a page and a failure.
	other := &fetch.Stage{Fetcher: fetch.New(testFetch), JS: js, MaxPayload: nc.MaxPayload()}
	if o := other.One(ctx, srv.URL("002.html")); o.ArticleID == "" {
		t.Fatalf("fetch: %+v", o)
	}
	if o := other.One(ctx, srv.URL("missing.html")); o.Reason == "" {
		t.Fatalf("the missing page did not fail: %+v", o)
	}

	runCtx, stop := context.WithCancel(ctx)
	ins := make(chan fetch.Input, 8)
	ins <- fetch.Input{Source: srv.URL("000.html")}
	type result struct {
		c   job.Counts
		err error
	}
	ran := make(chan result, 1)
	go func() {
		c, err := j.Run(runCtx, ins)
		ran <- result{c, err}
	}()
	pipelinetest.WaitFor(t, "the own input and the other's deals", func() bool {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		return len(rec.outcomes) >= 1 && len(rec.deals) >= 4
	})
	// More inputs, then a stop while they are in flight.
	ins <- fetch.Input{Source: srv.URL("001.html")}
	time.Sleep(50 * time.Millisecond)
	stop()
	r := <-ran
	if !errors.Is(r.err, context.Canceled) {
		t.Errorf("Run returned %v after the stop", r.err)
	}
	if r.c.Inputs != 2 || r.c.Failed != 0 {
		t.Errorf("counts %+v, want 2 inputs and no failure (the other process's failure is not ours)", r.c)
	}
	rec.mu.Lock()
	for _, o := range rec.outcomes {
		if o.Source != srv.URL("000.html") && o.Source != srv.URL("001.html") {
			t.Errorf("outcome of another process's input reported: %+v", o)
		}
	}
	rec.mu.Unlock()
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, filepath.Join(dir, "deals.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	articles, _, _, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The store holds the other's page and what this job stored of its own.
	if r.c.Extracted != articles-1 {
		t.Errorf("the job counted %d extracted; the store holds %d of its articles", r.c.Extracted, articles-1)
	}
}
