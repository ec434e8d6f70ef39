// Package metrics owns dealwire's Prometheus instruments: a registry per
// process (never the global one), the counters and histograms the stages
// feed, the build information, and a collector that asks JetStream for
// consumer lag and dead letters when it is scraped.
package metrics

import (
	"context"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/fetch"
	"github.com/dealwire/dealwire/pipeline/sink"
	"github.com/dealwire/dealwire/pipeline/store"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is one process's registry and instruments. Its methods are safe
// for concurrent use; a nil *Metrics records nothing.
type Metrics struct {
	reg           *prometheus.Registry
	pagesFetched  *prometheus.CounterVec
	pagesFailed   *prometheus.CounterVec
	fetchTime     prometheus.Histogram
	extracted     prometheus.Counter
	extractFailed prometheus.Counter
	extractTime   prometheus.Histogram
	deals         *prometheus.CounterVec
	commitTime    prometheus.Histogram
	info          prometheus.Collector
}

// New returns a registry with dealwire's instruments, the build
// information, and the Go runtime and process collectors.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		pagesFetched: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dealwire_pages_fetched_total",
			Help: "Pages fetched and published as raw articles; outcome is published or duplicate.",
		}, []string{"outcome"}),
		pagesFailed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dealwire_pages_failed_total",
			Help: "Pages and listings that could not be fetched or published, by reason.",
		}, []string{"reason"}),
		fetchTime: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "dealwire_fetch_duration_seconds",
			Help:    "Time to fetch and publish one page, failures included.",
			Buckets: []float64{.01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}),
		extracted: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "dealwire_articles_extracted_total",
			Help: "Articles the extractor turned into an article result.",
		}),
		extractFailed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "dealwire_extractions_failed_total",
			Help: "Extraction attempts that failed (retried or dead-lettered).",
		}),
		extractTime: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "dealwire_extraction_duration_seconds",
			Help:    "Time to extract one article, failures included.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}),
		deals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dealwire_deals_found_total",
			Help: "Deals found in extracted articles, by type and status.",
		}, []string{"type", "status"}),
		commitTime: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "dealwire_store_commit_duration_seconds",
			Help:    "Time to commit one batch to the deal store, failures included.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}),
		info: buildInfo(),
	}
	m.reg.MustRegister(m.own()...)
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// own returns dealwire's own instruments.
func (m *Metrics) own() []prometheus.Collector {
	return []prometheus.Collector{m.pagesFetched, m.pagesFailed, m.fetchTime, m.extracted, m.extractFailed,
		m.extractTime, m.deals, m.commitTime, m.info}
}

// buildInfo is a constant gauge of 1 labelled with the versions.
func buildInfo() prometheus.Collector {
	version, goVersion := "(devel)", ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		goVersion = bi.GoVersion
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
	}
	g := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "dealwire_build_info",
		Help: "Always 1; the labels name the build, the extractor and the message schema.",
		ConstLabels: prometheus.Labels{"version": version, "goversion": goVersion,
			"extractor": extractors.Version, "schema": pipeline.SchemaVersion},
	})
	g.Set(1)
	return g
}

// Registry is the process's registry.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the registry in the Prometheus exposition formats. A
// collector that fails leaves its metrics out rather than failing the
// scrape.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError, Registry: m.reg})
}

// Fetched records a fetch outcome; it has the shape of a fetch stage's
// done callback. Listings are not pages and are left out unless they fail.
func (m *Metrics) Fetched(o fetch.Outcome) {
	if m == nil || o.Listed != nil {
		return
	}
	if !o.At.IsZero() {
		m.fetchTime.Observe(time.Since(o.At).Seconds())
	}
	switch {
	case o.ArticleID != "" && o.Duplicate:
		m.pagesFetched.WithLabelValues("duplicate").Inc()
	case o.ArticleID != "":
		m.pagesFetched.WithLabelValues("published").Inc()
	default:
		m.pagesFailed.WithLabelValues(fetch.ReasonClass(o.Reason)).Inc()
	}
}

// Extraction records one extraction attempt; it has the shape of the
// extract workers' Observe hook.
func (m *Metrics) Extraction(res *extractors.Result, took time.Duration, err error) {
	if m == nil {
		return
	}
	m.extractTime.Observe(took.Seconds())
	if err != nil || res == nil {
		m.extractFailed.Inc()
		return
	}
	m.extracted.Inc()
	for _, d := range res.Deals {
		m.deals.WithLabelValues(d.Type, d.Status).Inc()
	}
}

// Store returns s timing each commit.
func (m *Metrics) Store(s sink.Store) sink.Store {
	if m == nil {
		return s
	}
	return timedStore{s, m.commitTime}
}

type timedStore struct {
	sink.Store
	h prometheus.Histogram
}

func (t timedStore) Apply(ctx context.Context, b store.Batch) (store.Applied, error) {
	start := time.Now()
	defer func() { t.h.Observe(time.Since(start).Seconds()) }()
	return t.Store.Apply(ctx, b)
}
