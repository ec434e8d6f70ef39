package job_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/job"
	"github.com/dealwire/dealwire/pipeline/pipelinetest"
	"github.com/dealwire/dealwire/pipeline/source"
)

// TestFollowFeedAndSitemap follows a feed of 50 entries and a sitemap index
// of a news sitemap of 50 pages: 100 articles are stored once each, dated
// by their entries; then 10 entries added to the feed are stored, and
// nothing else is fetched again.
func TestFollowFeedAndSitemap(t *testing.T) {
	site := pipelinetest.ServeNewsSite(t, 50, 50)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rec := &recorder{}
	cfg := job.Config{DataDir: t.TempDir(), Listen: "127.0.0.1:0", Fetch: testFetch, ExtractWorkers: 2, Follow: true,
		Every: 100 * time.Millisecond, PollTick: 20 * time.Millisecond, Log: pipelinetest.Logger(t)}
	j, err := job.Start(ctx, cfg, rec)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan job.Counts, 1)
	go func() {
		c, _ := j.Run(runCtx, feed(site.URL+"/feed.xml", site.URL+"/sitemap.xml"))
		ran <- c
	}()
	articles := func() int {
		n, _, _, err := j.Store().Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	pipelinetest.WaitFor(t, "100 articles stored", func() bool { return articles() >= 100 })
	// Both sources are followed now, and polled again and again.
	srcs, err := source.Open(ctx, j.JetStream())
	if err != nil {
		t.Fatal(err)
	}
	pipelinetest.WaitFor(t, "both sources polled as followed sources", func() bool {
		list, err := srcs.List(ctx)
		if err != nil || len(list) != 2 {
			return false
		}
		for _, r := range list {
			if r.LastSuccess.IsZero() {
				return false
			}
		}
		return site.NotModified() > 0
	})

	site.SetFeedEntries(60)
	pipelinetest.WaitFor(t, "110 articles stored", func() bool { return articles() >= 110 })
	pipelinetest.WaitFor(t, "the feed polled again after its new entries", func() bool { return site.NotModified() > 3 })
	stop()
	c := <-ran

	if n := articles(); n != 110 {
		t.Errorf("%d articles stored, want 110", n)
	}
	if n := pipelinetest.StreamCount(t, j.JetStream(), pipeline.ArticlesStream, "articles.raw.>"); n != 110 {
		t.Errorf("%d raw articles published, want 110 (each page once)", n)
	}
	for i := range 60 {
		if n := site.Gets(fmt.Sprintf("/news/%d.html", i)); n != 1 {
			t.Errorf("/news/%d.html fetched %d times, want once", i, n)
		}
	}
	for i := range 50 {
		if n := site.Gets(fmt.Sprintf("/business/%d.html", i)); n != 1 {
			t.Errorf("/business/%d.html fetched %d times, want once", i, n)
		}
	}
	if c.Extracted != 110 {
		t.Errorf("counts %+v, want 110 extracted", c)
	}
	// The pages are undated: the entries date them.
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, o := range rec.outcomes {
		// A poll in flight at the stop ends cancelled; nothing else fails.
		if o.Status == pipeline.StatusFailed && o.Reason != "cancelled" {
			t.Errorf("%s failed: %s", o.Source, o.Reason)
		}
	}
	dated := 0
	for _, o := range rec.outcomes {
		if !strings.HasSuffix(o.Source, "/news/57.html") && !strings.HasSuffix(o.Source, "/business/3.html") {
			continue
		}
		res, err := j.Store().Result(ctx, o.ArticleID)
		if err != nil {
			t.Fatal(err)
		}
		want := "2024-04-27" // 2024-03-01 plus 57 days
		if strings.HasSuffix(o.Source, "/business/3.html") {
			want = "2024-03-04"
		}
		if res.Article.Published != want {
			t.Errorf("%s: published %q, want %q from its entry", o.Source, res.Article.Published, want)
		}
		dated++
	}
	if dated != 2 {
		t.Errorf("%d of the 2 checked pages reported", dated)
	}
}
