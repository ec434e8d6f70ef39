package job_test

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/fetch"
	"github.com/dealwire/dealwire/pipeline/job"
	"github.com/dealwire/dealwire/pipeline/pipelinetest"
	"github.com/nats-io/nats.go"
)

// scalePages is how many pages BenchmarkScale pushes through:
//
//	go test ./pipeline/job -run XXX -bench Scale -benchtime 1x -pages 20000
var (
	scalePages = flag.Int("pages", 20000, "pages BenchmarkScale pushes through the job")
	scaleHeap  = flag.String("scale-heap", "", "write a heap profile `FILE` at the end of BenchmarkScale, before the job closes")
)

// scaleBlock is how many stored articles one row of BenchmarkScale covers.
const scaleBlock = 1000

// scaleWindow bounds the articles in flight (fed, not yet stored), as a
// steady source does: without it every page is fetched in the first
// minute, and the latency measures the backlog JetStream holds.
const scaleWindow = 64

// BenchmarkScale pushes distinct synthetic news pages from a loopback
// server through a whole job (embedded server, file store, extractors,
// sink, deal store), as 'dealwire run' does, and prints one row per block
// of a thousand articles stored: articles/s, process RSS and Go heap in
// use (live, after a collection), deal store and JetStream storage sizes, and the p50 and p99 latency
// from the raw article's publication to the stored notice. The metrics
// compare the last block with the first: throughput and memory must stay
// flat. CPU ms/article, the process's CPU time over the block per article,
// is the cost of an article whatever else the machine runs. At most
// scaleWindow articles are in flight. It is not part of the test run:
// benchmarks run only with -bench.
func BenchmarkScale(b *testing.B) {
	for range b.N {
		runScale(b, *scalePages)
	}
	b.ReportMetric(0, "ns/op")
}

// scaleRow is one block of BenchmarkScale.
type scaleRow struct {
	stored         int
	rate           float64 // articles/s over the block
	cpuPer         time.Duration
	rss, heap      int64
	store, jstream int64
	p50, p99       time.Duration
}

func runScale(b *testing.B, pages int) {
	srv := pipelinetest.ServeSynthetic(b)
	dir := b.TempDir()
	ctx := context.Background()
	j, err := job.Start(ctx, job.Config{DataDir: dir, Listen: "none", Fetch: benchFetch, FetchWorkers: 16,
		Log: pipelinetest.Logger(b)}, discard{})
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	w := &scaleWatch{j: j, dir: dir, published: map[string]time.Time{}, last: time.Now(), cpu: cpuTime(),
		slots: make(chan struct{}, scaleWindow)}
	nc := j.JetStream().Conn()
	for subj, h := range map[string]nats.MsgHandler{pipeline.RawSubjectPrefix + ">": w.onRaw, pipeline.StoredSubject: w.onStored} {
		sub, err := nc.Subscribe(subj, h)
		if err != nil {
			b.Fatal(err)
		}
		_ = sub.SetPendingLimits(-1, -1)
		defer sub.Unsubscribe()
	}
	b.ResetTimer()
	counts, err := j.Run(ctx, w.feed(pipelinetest.SyntheticURLs(srv, 0, pages)))
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	if counts.Extracted != pages {
		b.Fatalf("extracted %d of %d pages (failed %d)", counts.Extracted, pages, counts.Failed)
	}
	if *scaleHeap != "" {
		writeHeap(b, *scaleHeap)
	}
	rows := w.table()
	printScale(rows, pages, counts)
	if len(rows) < 2 {
		return
	}
	first, last := rows[0], rows[len(rows)-1]
	b.ReportMetric(first.rate, "first-articles/s")
	b.ReportMetric(last.rate, "last-articles/s")
	b.ReportMetric(100*(last.rate/first.rate-1), "throughput-change-%")
	b.ReportMetric(100*(float64(last.cpuPer)/float64(first.cpuPer)-1), "cpu-per-article-change-%")
	b.ReportMetric(float64(last.rss)/(1<<20), "last-rss-MiB")
	b.ReportMetric(float64(last.heap-first.heap)/(1<<20), "heap-growth-MiB")
}

// scaleWatch follows a job: when each raw article is published, and each
// block of stored notices.
type scaleWatch struct {
	j   *job.Job
	dir string

	mu        sync.Mutex
	published map[string]time.Time
	latencies []time.Duration // of the current block
	last      time.Time       // end of the previous block
	cpu       time.Duration   // CPU time used at the end of the previous block
	stored    int
	rows      []scaleRow
	slots     chan struct{} // one per article in flight
}

// feed sends the inputs, keeping at most scaleWindow in flight.
func (w *scaleWatch) feed(urls []string) <-chan fetch.Input {
	ch := make(chan fetch.Input)
	go func() {
		defer close(ch)
		for _, u := range urls {
			w.slots <- struct{}{}
			ch <- fetch.Input{Source: u}
		}
	}()
	return ch
}

func (w *scaleWatch) onRaw(m *nats.Msg) {
	id := m.Header.Get(pipeline.HdrArticleID)
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, ok := w.published[id]; !ok {
		w.published[id] = time.Now()
	}
}

func (w *scaleWatch) onStored(m *nats.Msg) {
	now := time.Now()
	key := storedKey(m.Data)
	w.mu.Lock()
	defer w.mu.Unlock()
	if at, ok := w.published[key]; ok {
		delete(w.published, key)
		w.latencies = append(w.latencies, now.Sub(at))
	}
	w.stored++
	select {
	case <-w.slots:
	default:
	}
	if w.stored%scaleBlock == 0 {
		w.rows = append(w.rows, w.row(now))
	}
}

// storedKey reads the key of a stored notice without decoding it all.
func storedKey(data []byte) string {
	s := string(data)
	_, rest, ok := strings.Cut(s, `"key":"`)
	if !ok {
		return ""
	}
	key, _, _ := strings.Cut(rest, `"`)
	return key
}

// row closes a block; w.mu is held.
func (w *scaleWatch) row(now time.Time) scaleRow {
	// The live heap, after a collection: what the process holds, not
	// what the collector has yet to free.
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	cpu := cpuTime()
	r := scaleRow{stored: w.stored, rate: scaleBlock / now.Sub(w.last).Seconds(), cpuPer: (cpu - w.cpu) / scaleBlock, rss: rss(), heap: int64(ms.HeapAlloc),
		store: dirSize(filepath.Join(w.dir, "deals.db*")), jstream: dirSize(filepath.Join(w.dir, "jetstream"))}
	slices.Sort(w.latencies)
	if n := len(w.latencies); n > 0 {
		r.p50, r.p99 = w.latencies[n/2], w.latencies[min(n-1, n*99/100)]
	}
	w.latencies, w.last, w.cpu = w.latencies[:0], now, cpu
	return r
}

func (w *scaleWatch) table() []scaleRow {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.rows)
}

func printScale(rows []scaleRow, pages int, c job.Counts) {
	fmt.Printf("\n%d pages: %d extracted, %d failed, %d deals in %s (%.1f articles/s)\n\n", pages, c.Extracted, c.Failed, c.Deals, c.Elapsed.Round(time.Second), c.Rate())
	fmt.Println("| stored | articles/s | CPU ms/article | RSS MiB | live heap MiB | deal store MiB | JetStream MiB | p50 ms | p99 ms |")
	fmt.Println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		fmt.Printf("| %d | %.1f | %.2f | %.0f | %.0f | %.1f | %.1f | %d | %d |\n", r.stored, r.rate, float64(r.cpuPer.Microseconds())/1000, mib(r.rss), mib(r.heap), mib(r.store), mib(r.jstream),
			r.p50.Milliseconds(), r.p99.Milliseconds())
	}
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }

// rss is the process's resident set size.
func rss() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// dirSize is the size of the files under the paths that match pattern.
func dirSize(pattern string) int64 {
	paths, _ := filepath.Glob(pattern)
	var n int64
	for _, p := range paths {
		filepath.Walk(p, func(_ string, fi os.FileInfo, err error) error {
			if err == nil && !fi.IsDir() {
				n += fi.Size()
			}
			return nil
		})
	}
	return n
}

func writeHeap(b *testing.B, path string) {
	runtime.GC()
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		b.Fatal(err)
	}
}
