package metrics

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
)

// ScrapeTimeout bounds what one scrape asks of JetStream.
const ScrapeTimeout = 2 * time.Second

// durables are the consumers whose lag is reported.
var durables = []struct{ stream, name string }{
	{pipeline.ArticlesStream, pipeline.ExtractConsumer},
	{pipeline.ExtractedStream, pipeline.SinkConsumer},
	{pipeline.DLQStream, pipeline.SinkDLQConsumer},
}

var (
	upDesc = prometheus.NewDesc("dealwire_jetstream_up",
		"1 when the last scrape could read JetStream's consumers and streams, else 0.", nil, nil)
	pendingDesc = prometheus.NewDesc("dealwire_consumer_pending_messages",
		"Messages a durable consumer has not been delivered yet (its lag).", []string{"stream", "durable"}, nil)
	ackPendingDesc = prometheus.NewDesc("dealwire_consumer_ack_pending_messages",
		"Messages delivered to a durable consumer and not acknowledged yet.", []string{"stream", "durable"}, nil)
	deadDesc = prometheus.NewDesc("dealwire_dead_letters",
		"Dead letters held in the DLQ stream, by the stage that gave up.", []string{"stage"}, nil)
)

// jsCollector asks JetStream for the consumers' lag and the dead letters
// at scrape time.
type jsCollector struct {
	js  jetstream.JetStream
	log *slog.Logger
}

// WatchJetStream adds the consumer lag and dead-letter metrics, read from
// js at each scrape within ScrapeTimeout. A consumer not created yet (its
// stage never ran) is left out. A registry watches one JetStream.
func (m *Metrics) WatchJetStream(js jetstream.JetStream, log *slog.Logger) error {
	if m == nil {
		return nil
	}
	if log == nil {
		log = slog.Default()
	}
	return m.reg.Register(&jsCollector{js: js, log: log})
}

func (c *jsCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- upDesc
	ch <- pendingDesc
	ch <- ackPendingDesc
	ch <- deadDesc
}

func (c *jsCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), ScrapeTimeout)
	defer cancel()
	up := 1.0
	if err := c.lag(ctx, ch); err != nil {
		c.log.Warn("metrics: cannot read the consumers", "err", err)
		up = 0
	}
	if err := c.deadLetters(ctx, ch); err != nil {
		c.log.Warn("metrics: cannot read the dead letters", "err", err)
		up = 0
	}
	ch <- prometheus.MustNewConstMetric(upDesc, prometheus.GaugeValue, up)
}

func (c *jsCollector) lag(ctx context.Context, ch chan<- prometheus.Metric) error {
	for _, d := range durables {
		cons, err := c.js.Consumer(ctx, d.stream, d.name)
		if err != nil {
			if isNotFound(err) {
				continue
			}
			return err
		}
		info := cons.CachedInfo()
		ch <- prometheus.MustNewConstMetric(pendingDesc, prometheus.GaugeValue, float64(info.NumPending), d.stream, d.name)
		ch <- prometheus.MustNewConstMetric(ackPendingDesc, prometheus.GaugeValue, float64(info.NumAckPending), d.stream, d.name)
	}
	return nil
}

func (c *jsCollector) deadLetters(ctx context.Context, ch chan<- prometheus.Metric) error {
	s, err := c.js.Stream(ctx, pipeline.DLQStream)
	if err != nil {
		return err
	}
	info, err := s.Info(ctx, jetstream.WithSubjectFilter(pipeline.DLQSubjectPrefix+">"))
	if err != nil {
		return err
	}
	counts := map[string]uint64{pipeline.StageFetch: 0, pipeline.StageExtract: 0, pipeline.StageSink: 0}
	for subject, n := range info.State.Subjects {
		counts[strings.TrimPrefix(subject, pipeline.DLQSubjectPrefix)] += n
	}
	for stage, n := range counts {
		ch <- prometheus.MustNewConstMetric(deadDesc, prometheus.GaugeValue, float64(n), stage)
	}
	return nil
}

func isNotFound(err error) bool {
	return errors.Is(err, jetstream.ErrConsumerNotFound) || errors.Is(err, jetstream.ErrStreamNotFound)
}
