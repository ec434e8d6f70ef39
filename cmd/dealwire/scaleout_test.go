package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/pipelinetest"
)

// scaleOut runs one fetcher and sink ('run --no-extract') and extractors
// extractor processes of one worker each on a 3-node cluster, replicas 3.
// It returns the run, the extractors, the cluster's URLs and the data
// directory; the run has started once the extractors are up.
func scaleOut(t testing.TB, urls []string, extractors int) (*proc, []*proc, string, string) {
	t.Helper()
	_, nodes := pipelinetest.RunCluster(t, 3)
	all := strings.Join(nodes, ",")
	dir := t.TempDir()
	// The first stage creates the streams with three replicas.
	var exs []*proc
	for i := range extractors {
		exs = append(exs, start(t, fmt.Sprintf("extract %d", i+1), "extract", "--nats", all, "--replicas", "3", "--workers", "1", "--log-level", "info"))
	}
	waitStreams(t, all)
	run := start(t, "run", "run", "--data-dir", dir, "--nats", all, "--replicas", "3", "--no-extract", "--allow-private",
		"--host-interval", "0", "--host-concurrency", "16", "--log-level", "info", "-i", inputFile(t, urls))
	return run, exs, all, dir
}

// waitStreams waits until the cluster holds every stream.
func waitStreams(t testing.TB, url string) {
	t.Helper()
	js := live(t, url)
	waitMsgs(t, js, pipeline.ArticlesStream, 0)
	waitMsgs(t, js, pipeline.DLQStream, 0)
}

// BenchmarkClusterScaleOut measures the throughput of a 3-node cluster
// with one fetcher and sink and three extractor processes, against one
// extractor process, each extractor running one worker. The pages are
// the fault tests' own; the time runs from the start of the run to its
// end, when every page is stored. Run it with (-v prints the speed-up):
//
//	go test ./cmd/dealwire -run XXX -bench ClusterScaleOut -benchtime 1x -v
func BenchmarkClusterScaleOut(b *testing.B) {
	for range b.N {
		rates := map[int]float64{}
		for _, n := range []int{1, 3} {
			rates[n] = scaleOutRate(b, n)
		}
		b.Logf("1 extractor: %.1f articles/s; 3 extractors: %.1f articles/s; speed-up %.2f", rates[1], rates[3], rates[3]/rates[1])
	}
}

// scaleOutPages is how many pages a scale-out run pushes through.
const scaleOutPages = faultPages

func scaleOutRate(b *testing.B, extractors int) float64 {
	var rate float64
	b.Run(fmt.Sprintf("extractors=%d", extractors), func(b *testing.B) {
		_, urls := pageSite(b, scaleOutPages)
		run, _, _, _ := scaleOut(b, urls, extractors)
		began := time.Now()
		if code := run.wait(b, 10*time.Minute); code != 0 {
			b.Fatalf("run exited %d", code)
		}
		rate = float64(len(urls)) / time.Since(began).Seconds()
		b.ReportMetric(rate, "articles/s")
		b.ReportMetric(0, "ns/op")
	})
	return rate
}

// TestClusterExtractorLost runs three extractor processes on a 3-node
// cluster and kills one mid-run: every article is stored exactly once,
// with the same deal records as a run without faults.
func TestClusterExtractorLost(t *testing.T) {
	_, urls := pageSite(t, faultPages)
	run, exs, all, dir := scaleOut(t, urls, 3)
	js := live(t, all)
	midRun(t, "extractor lost", waitMsgs(t, js, pipeline.ExtractedStream, 100))
	exs[1].kill(t)
	if code := run.wait(t, 4*time.Minute); code != 0 {
		t.Fatalf("run exited %d", code)
	}
	checkNothingLost(t, inspect(t, filepath.Join(dir, "deals.db"), js), urls)
}
