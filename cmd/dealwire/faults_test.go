package main

// Fault tests: the real binary in separate processes, real servers on
// loopback, faults injected mid-run. Each checks the store and the streams
// for zero lost and zero duplicated article results and deal records,
// against a run of the same pages without faults.

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/broker"
	"github.com/dealwire/dealwire/pipeline/pipelinetest"
	"github.com/dealwire/dealwire/pipeline/store"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// faultPages is how many pages each fault test pushes through.
const faultPages = 500

var bin struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bin.dir != "" {
		os.RemoveAll(bin.dir)
	}
	os.Exit(code)
}

// dealwireBin builds the binary once per test run.
func dealwireBin(t testing.TB) string {
	t.Helper()
	bin.once.Do(func() {
		bin.dir, bin.err = os.MkdirTemp("", "dealwire-bin")
		if bin.err != nil {
			return
		}
		bin.path = filepath.Join(bin.dir, "dealwire")
		out, err := exec.Command("go", "build", "-o", bin.path, ".").CombinedOutput()
		if err != nil {
			bin.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if bin.err != nil {
		t.Fatal(bin.err)
	}
	return bin.path
}

// proc is a dealwire process.
type proc struct {
	name string
	cmd  *exec.Cmd
	out  syncBuffer
	done chan struct{}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start starts the binary; the process is killed when the test ends.
func start(t testing.TB, name string, args ...string) *proc {
	t.Helper()
	p := &proc{name: name, cmd: exec.Command(dealwireBin(t), args...), done: make(chan struct{})}
	p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	go func() {
		p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			t.Logf("%s output:\n%s", p.name, tail(p.out.String(), 4000))
		}
	})
	return p
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// kill sends SIGKILL and waits for the process to end.
func (p *proc) kill(t testing.TB) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill %s: %v", p.name, err)
	}
	<-p.done
}

// wait waits for the process to exit and returns its exit code.
func (p *proc) wait(t testing.TB, limit time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(limit):
		t.Fatalf("%s still running after %s", p.name, limit)
		return -1
	}
}

// pageSite serves n distinct article pages at /p/<i>.html: the fixture
// and development pages in turn, each copy made distinct by a comment.
func pageSite(t testing.TB, n int) (*pipelinetest.FixtureServer, []string) {
	t.Helper()
	srv := pipelinetest.ServeFixtures(t, filepath.Join("..", "..", "fixtures"))
	bodies := pipelinetest.ReadPages(t, filepath.Join("..", "..", "fixtures"), filepath.Join("..", "..", "fixtures", "dev", "articles"))
	urls := make([]string, n)
	for i := range n {
		body := append(append([]byte(nil), bodies[i%len(bodies)]...), fmt.Sprintf("\n<!-- copy %d -->\n", i)...)
		path := fmt.Sprintf("/p/%d.html", i)
		srv.Handle(path, pipelinetest.Page{Body: body, ContentType: "text/html"})
		urls[i] = srv.URL(path)
	}
	return srv, urls
}

// inputFile writes the inputs, one per line, for -i.
func inputFile(t testing.TB, urls []string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "urls.txt")
	if err := os.WriteFile(path, []byte(strings.Join(urls, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// pacing spreads the fetches over a few seconds so that faults land
// mid-run.
var pacing = []string{"--allow-private", "--host-interval", "8ms", "--host-concurrency", "4", "--log-level", "info"}

// outcome is what a finished run left: the store's articles, failures
// and deal records, and the streams' contents.
type outcome struct {
	articles    map[string]int // source -> article results
	failures    int
	records     map[string]int // deal record id -> sources
	results     int            // EXTRACTED messages
	resultIDs   int            // distinct message ids among them
	events      int            // DEALS messages
	eventIDs    int            // distinct message ids among them
	rawArticles int
}

// inspect reads what a run left: the store at db (its writer must have
// exited) and the streams js reaches.
func inspect(t testing.TB, db string, js jetstream.JetStream) outcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var o outcome
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	recs, err := st.Deals(ctx, store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	o.records = map[string]int{}
	for _, r := range recs {
		o.records[r.ID] = len(r.Sources)
	}
	sdb, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	rows, err := sdb.QueryContext(ctx, `SELECT source, count(*) FROM articles GROUP BY source`)
	if err != nil {
		t.Fatal(err)
	}
	o.articles = map[string]int{}
	for rows.Next() {
		var src string
		var n int
		if err := rows.Scan(&src, &n); err != nil {
			t.Fatal(err)
		}
		o.articles[src] = n
	}
	rows.Close()
	if err := sdb.QueryRowContext(ctx, `SELECT count(*) FROM failures`).Scan(&o.failures); err != nil {
		t.Fatal(err)
	}
	o.results, o.resultIDs = streamIDs(t, js, pipeline.ExtractedStream)
	o.events, o.eventIDs = streamIDs(t, js, pipeline.DealsStream)
	o.rawArticles, _ = streamIDs(t, js, pipeline.ArticlesStream)
	return o
}

// streamIDs counts a stream's messages and their distinct message ids.
func streamIDs(t testing.TB, js jetstream.JetStream, stream string) (msgs, ids int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// The stream's own count, from its leader: a consumer's view can lag
	// behind it while a cluster moves a leader.
	sinfo := pipelinetest.StreamInfo(t, js, stream)
	cons, err := js.OrderedConsumer(ctx, stream, jetstream.OrderedConsumerConfig{HeadersOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	left := int(sinfo.State.Msgs)
	for msgs < left {
		batch, err := cons.Fetch(min(left-msgs, 500), jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for m := range batch.Messages() {
			n++
			seen[m.Headers().Get(nats.MsgIdHdr)] = true
		}
		if n == 0 && ctx.Err() != nil {
			t.Fatalf("%s: read %d of %d messages", stream, msgs, left)
		}
		// An empty batch can come while a cluster moves a stream's
		// leader: the ordered consumer resets, and the next fetch goes on.
		msgs += n
	}
	return msgs, len(seen)
}

// offline opens the JetStream store a finished run left in dataDir.
func offline(t testing.TB, dataDir string) jetstream.JetStream {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv, err := broker.Start(ctx, broker.Embedded{StoreDir: filepath.Join(dataDir, "jetstream"), Listen: "none", Logger: pipelinetest.Logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	nc, err := srv.Connect("inspect")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return js
}

var baseline struct {
	once sync.Once
	o    outcome
	err  string
}

// reference runs the pages through a single process without faults.
func reference(t testing.TB) outcome {
	t.Helper()
	baseline.once.Do(func() {
		_, urls := pageSite(t, faultPages)
		dir := t.TempDir()
		p := start(t, "reference run", "run", "--data-dir", dir, "--listen", "none", "--allow-private", "--host-interval", "0", "--host-concurrency", "16", "-i", inputFile(t, urls))
		if code := p.wait(t, 5*time.Minute); code != 0 {
			baseline.err = fmt.Sprintf("reference run exited %d:\n%s", code, tail(p.out.String(), 3000))
			return
		}
		baseline.o = inspect(t, filepath.Join(dir, "deals.db"), offline(t, dir))
	})
	if baseline.err != "" {
		t.Fatal(baseline.err)
	}
	return baseline.o
}

// checkNothingLost compares a faulty run with the reference: every input
// stored once, the same deal records with the same number of sources, no
// message stored twice.
func checkNothingLost(t testing.TB, got outcome, urls []string) {
	t.Helper()
	want := reference(t)
	lost, dup := 0, 0
	for _, u := range urls {
		switch n := got.articles[u]; {
		case n == 0:
			lost++
		case n > 1:
			dup += n - 1
		}
	}
	if len(got.articles) != len(urls) {
		t.Errorf("store has articles from %d sources, want %d", len(got.articles), len(urls))
	}
	if got.failures != 0 {
		t.Errorf("store has %d failures, want 0", got.failures)
	}
	var missing, extra, changed []string
	for id, n := range want.records {
		switch m, ok := got.records[id]; {
		case !ok:
			missing = append(missing, id)
		case m != n:
			changed = append(changed, fmt.Sprintf("%s: %d sources, want %d", id, m, n))
		}
	}
	for id := range got.records {
		if _, ok := want.records[id]; !ok {
			extra = append(extra, id)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing)+len(extra)+len(changed) > 0 {
		t.Errorf("deal records differ from the run without faults: missing %v, extra %v, changed %v", missing, extra, changed)
	}
	if got.results != len(urls) || got.resultIDs != got.results {
		t.Errorf("EXTRACTED holds %d results (%d distinct), want %d", got.results, got.resultIDs, len(urls))
	}
	if got.events != want.events || got.eventIDs != got.events {
		t.Errorf("DEALS holds %d events (%d distinct), want %d", got.events, got.eventIDs, want.events)
	}
	if lost+dup > 0 {
		t.Errorf("article results: %d lost, %d duplicated", lost, dup)
	}
	t.Logf("%d inputs: lost 0, duplicated 0; %d deal records, %d deal events, %d results", len(urls), len(got.records), got.events, got.results)
}

// live connects the test to a running server.
func live(t testing.TB, url string) jetstream.JetStream {
	t.Helper()
	var nc *nats.Conn
	var err error
	deadline := time.Now().Add(30 * time.Second)
	for {
		nc, err = nats.Connect(url, nats.MaxReconnects(-1))
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("connect %s: %v", url, err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("JetStream when the test failed:\n%s", jetStreamState(js))
		}
	})
	return js
}

// jetStreamState describes every stream and consumer: what a stalled run
// was waiting for.
func jetStreamState(js jetstream.JetStream) string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var b strings.Builder
	names := js.StreamNames(ctx)
	for name := range names.Name() {
		s, err := js.Stream(ctx, name)
		if err != nil {
			fmt.Fprintf(&b, "stream %s: %v\n", name, err)
			continue
		}
		info, err := s.Info(ctx)
		if err != nil {
			fmt.Fprintf(&b, "stream %s: %v\n", name, err)
			continue
		}
		fmt.Fprintf(&b, "stream %s: msgs %d, last seq %d, leader %s\n", name, info.State.Msgs, info.State.LastSeq, leaderOf(info.Cluster))
		cons := s.ListConsumers(ctx)
		for c := range cons.Info() {
			fmt.Fprintf(&b, "  consumer %s: pending %d, ack pending %d, waiting %d, redelivered %d, delivered %d, ack floor %d, leader %s\n",
				c.Name, c.NumPending, c.NumAckPending, c.NumWaiting, c.NumRedelivered, c.Delivered.Stream, c.AckFloor.Stream, leaderOf(c.Cluster))
		}
		if err := cons.Err(); err != nil {
			fmt.Fprintf(&b, "  consumers: %v\n", err)
		}
	}
	if err := names.Err(); err != nil {
		fmt.Fprintf(&b, "streams: %v\n", err)
	}
	return b.String()
}

func leaderOf(c *jetstream.ClusterInfo) string {
	if c == nil {
		return "-"
	}
	return c.Leader
}

// waitMsgs waits until a stream holds at least n messages and returns
// how many it holds.
func waitMsgs(t testing.TB, js jetstream.JetStream, stream string, n uint64) uint64 {
	t.Helper()
	var have uint64
	pipelinetest.WaitFor(t, fmt.Sprintf("%d messages in %s", n, stream), func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		s, err := js.Stream(ctx, stream)
		if err != nil {
			return false
		}
		info, err := s.Info(ctx)
		if err != nil {
			return false
		}
		have = info.State.Msgs
		return have >= n
	})
	return have
}

// midRun fails the test when a fault came too late to test anything.
func midRun(t testing.TB, what string, done uint64) {
	t.Helper()
	if done >= faultPages {
		t.Fatalf("%s came after all %d pages were done", what, faultPages)
	}
	t.Logf("%s after %d of %d pages", what, done, faultPages)
}

func TestFaultExtractorKilled(t *testing.T) {
	_, urls := pageSite(t, faultPages)
	dir, addr := t.TempDir(), freeAddr(t)
	run := start(t, "run", append([]string{"run", "--data-dir", dir, "--listen", addr, "--no-extract", "-i", inputFile(t, urls)}, pacing...)...)
	js := live(t, "nats://"+addr)
	ex := start(t, "extract", "extract", "--nats", "nats://"+addr, "--workers", "2", "--log-level", "info")
	midRun(t, "extractor killed", waitMsgs(t, js, pipeline.ExtractedStream, 100))
	ex.kill(t)
	start(t, "extract again", "extract", "--nats", "nats://"+addr, "--workers", "2", "--log-level", "info")
	if code := run.wait(t, 4*time.Minute); code != 0 {
		t.Fatalf("run exited %d", code)
	}
	checkNothingLost(t, inspect(t, filepath.Join(dir, "deals.db"), offline(t, dir)), urls)
}

func TestFaultSinkKilled(t *testing.T) {
	_, urls := pageSite(t, faultPages)
	dir, addr := t.TempDir(), freeAddr(t)
	run := start(t, "run", append([]string{"run", "--data-dir", dir, "--listen", addr, "--no-sink", "-i", inputFile(t, urls)}, pacing...)...)
	js := live(t, "nats://"+addr)
	sinkArgs := []string{"sink", "--nats", "nats://" + addr, "--data-dir", dir, "--batch", "16", "--log-level", "info"}
	sk := start(t, "sink", sinkArgs...)
	// Kill it while it writes: as soon as it has stored a hundred.
	stored := make(chan struct{}, faultPages)
	sub, err := js.Conn().Subscribe(pipeline.StoredSubject, func(*nats.Msg) { stored <- struct{}{} })
	if err != nil {
		t.Fatal(err)
	}
	for range 100 {
		select {
		case <-stored:
		case <-time.After(time.Minute):
			t.Fatal("the sink stored nothing for a minute")
		}
	}
	sk.kill(t)
	sub.Unsubscribe()
	midRun(t, "sink killed", uint64(100+len(stored)))
	start(t, "sink again", sinkArgs...)
	if code := run.wait(t, 4*time.Minute); code != 0 {
		t.Fatalf("run exited %d", code)
	}
	checkNothingLost(t, inspect(t, filepath.Join(dir, "deals.db"), offline(t, dir)), urls)
}

func TestFaultServerKilled(t *testing.T) {
	_, urls := pageSite(t, faultPages)
	dir, addr := t.TempDir(), freeAddr(t)
	in := inputFile(t, urls)
	args := append([]string{"run", "--data-dir", dir, "--listen", addr, "-i", in}, pacing...)
	first := start(t, "run", args...)
	js := live(t, "nats://"+addr)
	midRun(t, "all-in-one process killed", waitMsgs(t, js, pipeline.ExtractedStream, 150))
	first.kill(t)
	js.Conn().Close()
	second := start(t, "run again", args...)
	if code := second.wait(t, 4*time.Minute); code != 0 {
		t.Fatalf("second run exited %d", code)
	}
	if out := second.out.String(); !strings.Contains(out, fmt.Sprintf("%d inputs: %d extracted, 0 failed", faultPages, faultPages)) {
		t.Errorf("second run's summary does not account for every input:\n%s", tail(out, 600))
	}
	checkNothingLost(t, inspect(t, filepath.Join(dir, "deals.db"), offline(t, dir)), urls)
}

func TestFaultGracefulShutdown(t *testing.T) {
	_, urls := pageSite(t, faultPages)
	dir, addr := t.TempDir(), freeAddr(t)
	args := append([]string{"run", "--data-dir", dir, "--listen", addr, "-i", inputFile(t, urls)}, pacing...)
	first := start(t, "run", args...)
	js := live(t, "nats://"+addr)
	midRun(t, "SIGTERM", waitMsgs(t, js, pipeline.ExtractedStream, 100))
	js.Conn().Close()
	if err := first.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	stopped := time.Now()
	if code := first.wait(t, time.Minute); code != 130 {
		t.Errorf("run stopped by SIGTERM exited %d, want 130", code)
	}
	t.Logf("stopped %s after SIGTERM", time.Since(stopped).Round(time.Millisecond))
	if out := first.out.String(); !strings.Contains(out, "JetStream Shutdown") || !strings.Contains(out, "Server Exiting") {
		t.Errorf("the embedded server did not shut down cleanly:\n%s", tail(out, 800))
	}
	second := start(t, "run again", args...)
	if code := second.wait(t, 4*time.Minute); code != 0 {
		t.Fatalf("second run exited %d", code)
	}
	checkNothingLost(t, inspect(t, filepath.Join(dir, "deals.db"), offline(t, dir)), urls)
}

func TestFaultDuplicateSubmissions(t *testing.T) {
	srv, _ := pageSite(t, 0)
	page, _ := os.ReadFile(filepath.Join("..", "..", "fixtures", "000.html"))
	srv.Handle("/dup.html", pipelinetest.Page{Body: page, ContentType: "text/html"})
	u := srv.URL("/dup.html")
	dir := t.TempDir()
	first := start(t, "run", "run", "--data-dir", dir, "--listen", "none", "--allow-private", "--dup-window", "1s", u, u, u)
	if code := first.wait(t, time.Minute); code != 0 {
		t.Fatalf("run exited %d", code)
	}
	time.Sleep(1500 * time.Millisecond) // past the duplicate window
	second := start(t, "run after the window", "run", "--data-dir", dir, "--listen", "none", "--allow-private", u, u)
	if code := second.wait(t, time.Minute); code != 0 {
		t.Fatalf("second run exited %d", code)
	}
	if out := second.out.String(); !strings.Contains(out, "2 inputs: 2 extracted, 0 failed") {
		t.Errorf("second run's summary:\n%s", tail(out, 600))
	}
	o := inspect(t, filepath.Join(dir, "deals.db"), offline(t, dir))
	if o.rawArticles != 1 || o.results != 1 || len(o.articles) != 1 || o.articles[u] != 1 {
		t.Errorf("5 submissions of one page: %d raw articles, %d results, articles %v; want 1 of each", o.rawArticles, o.results, o.articles)
	}
	if o.events == 0 || o.eventIDs != o.events {
		t.Errorf("deal events: %d (%d distinct), want one set", o.events, o.eventIDs)
	}
	for id, n := range o.records {
		if n != 1 {
			t.Errorf("deal record %s has %d sources, want 1", id, n)
		}
	}
}

func TestFaultPoisonPage(t *testing.T) {
	srv, urls := pageSite(t, 20)
	// A 5 MB article: minutes of work under a budget of a fraction of a
	// second.
	var b strings.Builder
	b.WriteString("<html><head><title>Poison</title></head><body><article>")
	for b.Len() < 5<<20 {
		b.WriteString("<p>Acme Holdings Inc said on Monday it had signed a deal with Globex Corp, the Springfield company that owns Initech, to distribute Blue Sky in 40 markets.</p>\n")
	}
	b.WriteString("</article></body></html>")
	srv.Handle("/poison.html", pipelinetest.Page{Body: []byte(b.String()), ContentType: "text/html"})
	poison := srv.URL("/poison.html")
	dir := t.TempDir()
	run := start(t, "run", "run", "--data-dir", dir, "--listen", "none", "--allow-private", "--host-interval", "0", "--budget", "250ms", "--json",
		"--log-level", "info", poison, "-i", inputFile(t, urls))
	if code := run.wait(t, 3*time.Minute); code != 1 {
		t.Fatalf("run exited %d, want 1 (one input failed)", code)
	}
	out := run.out.String()
	if !strings.Contains(out, "21 inputs: 20 extracted, 1 failed") {
		t.Errorf("summary:\n%s", tail(out, 800))
	}
	code, list, stderr := runCmd(t, "dlq", "list", "--data-dir", dir, "--json", "--stage", "extract")
	if code != 0 {
		t.Fatalf("dlq list exited %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(list), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], `"source":"`+poison+`"`) ||
		!strings.Contains(lines[0], "exceeded its budget") || !strings.Contains(lines[0], `"deliveries":2`) {
		t.Fatalf("dlq list: want the poison page, dead-lettered after 2 tries for its budget:\n%s", list)
	}
	o := inspect(t, filepath.Join(dir, "deals.db"), offline(t, dir))
	if len(o.articles) != 20 || o.failures != 1 {
		t.Errorf("store: %d articles, %d failures; want 20 and 1", len(o.articles), o.failures)
	}
}

func TestFaultClusterNodeLost(t *testing.T) {
	servers, urls := pipelinetest.RunCluster(t, 3)
	_, inputs := pageSite(t, faultPages)
	dir := t.TempDir()
	all := strings.Join(urls, ",")
	run := start(t, "run", append([]string{"run", "--data-dir", dir, "--nats", all, "--replicas", "3", "-i", inputFile(t, inputs)}, pacing...)...)
	js := live(t, all)
	midRun(t, "node lost", waitMsgs(t, js, pipeline.ExtractedStream, 100))
	// Kill the node that leads the raw articles' stream.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := js.Stream(ctx, pipeline.ArticlesStream)
	if err != nil {
		t.Fatal(err)
	}
	if r := s.CachedInfo().Config.Replicas; r != 3 {
		t.Fatalf("ARTICLES has %d replicas, want 3", r)
	}
	leader := s.CachedInfo().Cluster.Leader
	killed := false
	for _, ns := range servers {
		if ns.Name() == leader {
			ns.Shutdown()
			killed = true
			t.Logf("killed %s, the leader of %s", leader, pipeline.ArticlesStream)
		}
	}
	if !killed {
		t.Fatalf("no server named %q", leader)
	}
	if code := run.wait(t, 4*time.Minute); code != 0 {
		t.Fatalf("run exited %d", code)
	}
	checkNothingLost(t, inspect(t, filepath.Join(dir, "deals.db"), js), inputs)
}
