package extract_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/extract"
	"github.com/dealwire/dealwire/pipeline/pipelinetest"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

func rawArticle(t *testing.T, name string) *pipeline.RawArticle {
	t.Helper()
	body, err := os.ReadFile("../../fixtures/" + name)
	if err != nil {
		t.Fatal(err)
	}
	u := "http://127.0.0.1/" + name
	return &pipeline.RawArticle{ID: pipeline.ArticleID(u, body), Source: u, URL: u, FinalURL: u, CanonicalURL: u,
		Status: 200, ContentType: "text/html", FetchedAt: time.Now(), Body: body}
}

func publish(t *testing.T, js jetstream.JetStream, m *nats.Msg) {
	t.Helper()
	if _, err := js.PublishMsg(context.Background(), m); err != nil {
		t.Fatal(err)
	}
}

func TestWorkersExtractAndPublish(t *testing.T) {
	srv := pipelinetest.RunBasicJetStreamServer(t)
	_, js := pipelinetest.Connect(t, srv)
	for _, name := range []string{"000.html", "001.html", "002.html"} {
		a := rawArticle(t, name)
		m, err := a.Msg(pipeline.RawSubject("127.0.0.1"), 0)
		if err != nil {
			t.Fatal(err)
		}
		publish(t, js, m)
	}
	// A message with a schema this version cannot read, and one that is not
	// a page at all: both are dead-lettered, the rest goes on.
	bad := nats.NewMsg(pipeline.RawSubject("bad.example"))
	bad.Header.Set(pipeline.HdrSchema, "99")
	bad.Header.Set(pipeline.HdrArticleID, "bad-schema")
	bad.Data = []byte("<p>x</p>")
	publish(t, js, bad)
	png := nats.NewMsg(pipeline.RawSubject("bad.example"))
	png.Header.Set(pipeline.HdrSchema, pipeline.SchemaVersion)
	png.Header.Set(pipeline.HdrArticleID, "not-html")
	png.Header.Set(pipeline.HdrContentType, "image/png")
	png.Data = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00")
	publish(t, js, png)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	done := map[string]error{}
	w := &extract.Workers{JS: js, Extractor: extractors.New(), N: 3, Log: pipelinetest.Logger(t),
		Processed: func(id string, err error) { mu.Lock(); done[id] = err; mu.Unlock() }}
	go w.Run(ctx)
	pipelinetest.WaitFor(t, "5 messages processed", func() bool { mu.Lock(); defer mu.Unlock(); return len(done) == 5 })

	if n := pipelinetest.StreamCount(t, js, pipeline.ExtractedStream, pipeline.ExtractedSubject); n != 3 {
		t.Errorf("article results = %d, want 3", n)
	}
	if n := pipelinetest.StreamCount(t, js, pipeline.DealsStream, "deals.>"); n != 5 {
		t.Errorf("deal events = %d, want 5", n)
	}
	if n := pipelinetest.StreamCount(t, js, pipeline.DLQStream, pipeline.DLQSubject(pipeline.StageExtract)); n != 2 {
		t.Errorf("dead letters = %d, want 2", n)
	}
	mu.Lock()
	if err := done["bad-schema"]; err == nil || !strings.Contains(err.Error(), "schema") {
		t.Errorf("bad schema: %v", err)
	}
	if err := done["not-html"]; err == nil || !strings.Contains(err.Error(), "not an HTML page") {
		t.Errorf("not HTML: %v", err)
	}
	mu.Unlock()

	// The dead letter keeps the reason and what is needed to replay it.
	dlq, err := js.OrderedConsumer(ctx, pipeline.DLQStream, jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	batch, err := dlq.Fetch(2, jetstream.FetchMaxWait(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for m := range batch.Messages() {
		f, err := pipeline.DecodeFailure(m.Headers())
		if err != nil {
			t.Fatal(err)
		}
		if f.Key != "not-html" {
			continue
		}
		found = true
		if f.Reason == "" || f.OrigSubject != pipeline.RawSubject("bad.example") || string(m.Data()) != string(png.Data) {
			t.Errorf("dead letter %+v, body %q", f, m.Data())
		}
	}
	if !found {
		t.Error("no dead letter for the PNG")
	}

	// Every message is acked or terminated: nothing waits on the consumer.
	cons, err := js.Consumer(ctx, pipeline.ArticlesStream, pipeline.ExtractConsumer)
	if err != nil {
		t.Fatal(err)
	}
	pipelinetest.WaitFor(t, "an idle consumer", func() bool {
		info, err := cons.Info(ctx)
		return err == nil && info.NumPending == 0 && info.NumAckPending == 0
	})
}

func TestReplay(t *testing.T) {
	srv := pipelinetest.RunBasicJetStreamServer(t)
	_, js := pipelinetest.Connect(t, srv)
	for _, name := range []string{"000.html", "002.html"} {
		m, err := rawArticle(t, name).Msg(pipeline.RawSubject("127.0.0.1"), 0)
		if err != nil {
			t.Fatal(err)
		}
		publish(t, js, m)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	w := &extract.Workers{JS: js, Extractor: extractors.New(), N: 2, Log: pipelinetest.Logger(t)}
	n, err := w.Replay(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("replayed %d, want 2", n)
	}
	if got := pipelinetest.StreamCount(t, js, pipeline.ExtractedStream, pipeline.ExtractedSubject); got != 2 {
		t.Errorf("article results = %d, want 2", got)
	}
	// A second replay re-extracts the same pages; with the same extractor
	// version the results are duplicates and the streams do not grow.
	if n, err := w.Replay(ctx); err != nil || n != 2 {
		t.Fatalf("second replay: %d, %v", n, err)
	}
	if got := pipelinetest.StreamCount(t, js, pipeline.ExtractedStream, pipeline.ExtractedSubject); got != 2 {
		t.Errorf("after a second replay: article results = %d, want 2", got)
	}
	// The raw articles are still there for the next one.
	if got := pipelinetest.StreamCount(t, js, pipeline.ArticlesStream, pipeline.RawSubjectPrefix+">"); got != 2 {
		t.Errorf("raw articles = %d, want 2", got)
	}
}

// tripping panics on one page and fails another every time; the rest it
// extracts.
type tripping struct {
	real  extract.Extractor
	mu    sync.Mutex
	tries map[string]int
}

func (x *tripping) Extract(ctx context.Context, p extractors.Page, o extractors.Options) (*extractors.Result, error) {
	x.mu.Lock()
	x.tries[p.URL]++
	x.mu.Unlock()
	switch {
	case strings.HasSuffix(p.URL, "000.html"):
		_ = p.URL[len(p.URL)] // a runtime error, as a bug would raise
	case strings.HasSuffix(p.URL, "001.html"):
		return nil, errors.New("tripped")
	}
	return x.real.Extract(ctx, p, o)
}

// shortBackOff makes every retry wait d, for the test.
func shortBackOff(t *testing.T, d time.Duration) {
	t.Helper()
	saved := pipeline.BackOff
	pipeline.BackOff = []time.Duration{d}
	t.Cleanup(func() { pipeline.BackOff = saved })
}

func TestPoisonPagesAreDeadLettered(t *testing.T) {
	shortBackOff(t, 20*time.Millisecond)
	srv := pipelinetest.RunBasicJetStreamServer(t)
	_, js := pipelinetest.Connect(t, srv)
	for _, name := range []string{"000.html", "001.html", "002.html"} {
		m, err := rawArticle(t, name).Msg(pipeline.RawSubject("127.0.0.1"), 0)
		if err != nil {
			t.Fatal(err)
		}
		publish(t, js, m)
	}
	x := &tripping{real: extractors.New(), tries: map[string]int{}}
	var mu sync.Mutex
	done := map[string]error{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := &extract.Workers{JS: js, Extractor: x, N: 2, Log: pipelinetest.Logger(t),
		Processed: func(id string, err error) { mu.Lock(); done[id] = err; mu.Unlock() }}
	go w.Run(ctx)
	pipelinetest.WaitFor(t, "3 pages at an end state", func() bool { mu.Lock(); defer mu.Unlock(); return len(done) == 3 })

	letters, err := pipeline.ReadDLQ(ctx, js, pipeline.StageExtract, 0)
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, l := range letters {
		if l.Failure.Deliveries != pipeline.MaxAttempts {
			t.Errorf("%s dead-lettered after %d deliveries, want %d", l.Failure.Source, l.Failure.Deliveries, pipeline.MaxAttempts)
		}
		reasons[l.Failure.Source[strings.LastIndexByte(l.Failure.Source, '/')+1:]] = l.Failure.Reason
	}
	if len(letters) != 2 || !strings.Contains(reasons["000.html"], "extractor panic") || reasons["001.html"] != "tripped" {
		t.Errorf("dead letters: %v, want the panicking and the failing page", reasons)
	}
	x.mu.Lock()
	for _, name := range []string{"000.html", "001.html"} {
		if n := x.tries["http://127.0.0.1/"+name]; n != pipeline.MaxAttempts {
			t.Errorf("%s tried %d times, want %d", name, n, pipeline.MaxAttempts)
		}
	}
	x.mu.Unlock()
	if n := pipelinetest.StreamCount(t, js, pipeline.ExtractedStream, pipeline.ExtractedSubject); n != 1 {
		t.Errorf("article results = %d, want 1 (the good page)", n)
	}

	// Resubmitted, the panicking page trips again and comes back with its
	// reason; the letter it came from is gone.
	for _, l := range letters {
		if err := pipeline.Resubmit(ctx, js, l); err != nil {
			t.Fatal(err)
		}
	}
	pipelinetest.WaitFor(t, "resubmitted pages dead-lettered again", func() bool {
		ls, err := pipeline.ReadDLQ(ctx, js, pipeline.StageExtract, 0)
		return err == nil && len(ls) == 2 && ls[0].Seq > letters[1].Seq
	})
}

// TestUnstoredResultIsRetried checks that an input whose result the stream
// cannot store stays unacked and is retried, not dead-lettered, until the
// result is stored.
func TestUnstoredResultIsRetried(t *testing.T) {
	shortBackOff(t, 50*time.Millisecond)
	srv := pipelinetest.RunBasicJetStreamServer(t)
	_, js := pipelinetest.Connect(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := js.DeleteStream(ctx, pipeline.ExtractedStream); err != nil {
		t.Fatal(err)
	}
	m, err := rawArticle(t, "002.html").Msg(pipeline.RawSubject("127.0.0.1"), 0)
	if err != nil {
		t.Fatal(err)
	}
	publish(t, js, m)
	var mu sync.Mutex
	var outcomes []error
	w := &extract.Workers{JS: js, Extractor: extractors.New(), N: 1, Log: pipelinetest.Logger(t),
		Processed: func(_ string, err error) {
			mu.Lock()
			defer mu.Unlock()
			outcomes = append(outcomes, err)
		}}
	wctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(wctx)
	}()
	defer func() {
		stop()
		<-done
	}()
	cons, err := js.Consumer(ctx, pipeline.ArticlesStream, pipeline.ExtractConsumer)
	pipelinetest.WaitFor(t, "a second delivery", func() bool {
		if err != nil {
			cons, err = js.Consumer(ctx, pipeline.ArticlesStream, pipeline.ExtractConsumer)
			return false
		}
		info, ierr := cons.Info(ctx)
		return ierr == nil && info.NumRedelivered > 0
	})
	mu.Lock()
	if len(outcomes) != 0 {
		t.Errorf("outcomes before the result could be stored: %v", outcomes)
	}
	mu.Unlock()
	if err := pipeline.EnsureStreams(ctx, js, pipeline.DefaultStreamOptions); err != nil {
		t.Fatal(err)
	}
	pipelinetest.WaitFor(t, "the result stored and the input acked", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(outcomes) == 1 && outcomes[0] == nil
	})
	if got := pipelinetest.StreamCount(t, js, pipeline.ExtractedStream, pipeline.ExtractedSubject); got != 1 {
		t.Errorf("article results = %d, want 1", got)
	}
	if got := pipelinetest.StreamCount(t, js, pipeline.DLQStream, pipeline.DLQSubjectPrefix+">"); got != 0 {
		t.Errorf("dead letters = %d, want 0", got)
	}
}
