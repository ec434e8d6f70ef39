package job_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/fetch"
	"github.com/dealwire/dealwire/pipeline/job"
	"github.com/dealwire/dealwire/pipeline/pipelinetest"
)

// benchPages is how many pages one benchmark round pushes through.
const benchPages = 300

// pageServer serves /r<round>/<i>.html: the fixture pages, each copy made
// distinct (so that no page is a duplicate of another) by a comment.
func pageServer(b *testing.B) *httptest.Server {
	b.Helper()
	bodies := pipelinetest.ReadPages(b, filepath.Join("..", "..", "fixtures"))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimSuffix(filepath.Base(r.URL.Path), ".html")
		i, err := strconv.Atoi(name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write(bodies[i%len(bodies)])
		fmt.Fprintf(w, "\n<!-- copy %s -->\n", r.URL.Path)
	}))
	b.Cleanup(srv.Close)
	return srv
}

func roundURLs(srv *httptest.Server, round int) []string {
	urls := make([]string, benchPages)
	for i := range urls {
		urls[i] = fmt.Sprintf("%s/r%d/%d.html", srv.URL, round, i)
	}
	return urls
}

var benchFetch = fetch.Config{HostInterval: -1, HostConcurrency: 64, IgnoreRobots: true, AllowPrivate: true, Retries: -1}

// BenchmarkPipelineVsParse pushes the same pages through the whole
// pipeline (fetch, JetStream, extractor workers, sink, SQLite) and through
// fetch and extraction alone, as 'dealwire parse' does, with the same
// number of workers. Each round runs both, so the ratio is taken under the
// same machine conditions. Metrics: articles/s of each, and the pipeline's
// overhead over extraction alone in percent.
func BenchmarkPipelineVsParse(b *testing.B) {
	srv := pageServer(b)
	workers := runtime.GOMAXPROCS(0)
	ctx := context.Background()
	j, err := job.Start(ctx, job.Config{DataDir: b.TempDir(), Listen: "none", Fetch: benchFetch, FetchWorkers: 16,
		ExtractWorkers: workers, Log: pipelinetest.Logger(b)}, discard{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { j.Close() })
	x := extractors.New()
	f := fetch.New(benchFetch)

	// One warm-up round of each outside the timing.
	parseAlone(b, ctx, f, x, roundURLs(srv, -1), workers)
	runPipeline(b, ctx, j, roundURLs(srv, -2))

	var tPipe, tParse, cPipe, cParse time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0, c0 := time.Now(), cpuTime()
		parseAlone(b, ctx, f, x, roundURLs(srv, 2*i), workers)
		t1, c1 := time.Now(), cpuTime()
		runPipeline(b, ctx, j, roundURLs(srv, 2*i+1))
		t2, c2 := time.Now(), cpuTime()
		tParse += t1.Sub(t0)
		tPipe += t2.Sub(t1)
		cParse += c1 - c0
		cPipe += c2 - c1
	}
	b.StopTimer()
	n := float64(benchPages * b.N)
	b.ReportMetric(n/tPipe.Seconds(), "pipeline-articles/s")
	b.ReportMetric(n/tParse.Seconds(), "parse-articles/s")
	b.ReportMetric(100*(tPipe.Seconds()/tParse.Seconds()-1), "overhead-%")
	// CPU time is steadier than wall time on a shared machine: it counts
	// what this process spent, whatever else runs.
	b.ReportMetric(100*(cPipe.Seconds()/cParse.Seconds()-1), "cpu-overhead-%")
	b.ReportMetric(0, "ns/op")
}

// cpuTime is the CPU time (user and system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func runPipeline(b *testing.B, ctx context.Context, j *job.Job, urls []string) {
	before := j.Counts()
	counts, err := j.Run(ctx, feed(urls...))
	if err != nil {
		b.Fatal(err)
	}
	if got := counts.Extracted - before.Extracted; got != len(urls) {
		b.Fatalf("pipeline extracted %d of %d pages (failed %d)", got, len(urls), counts.Failed-before.Failed)
	}
}

func parseAlone(b *testing.B, ctx context.Context, f *fetch.Fetcher, x *extractors.Extractor, urls []string, workers int) {
	ch := make(chan string)
	var wg sync.WaitGroup
	errs := make(chan error, len(urls))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range ch {
				raw, err := f.Fetch(ctx, u)
				if err == nil {
					_, err = x.Extract(ctx, raw.Page(), extractors.Options{})
				}
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	for _, u := range urls {
		ch <- u
	}
	close(ch)
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}

type discard struct{}

func (discard) Deal(pipeline.DealEvent) {}
func (discard) Done(job.Outcome)        {}
func (discard) Progress(job.Counts)     {}
