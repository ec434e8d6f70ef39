package main

import (
	"context"
	"flag"
	"log/slog"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/httpserve"
	"github.com/dealwire/dealwire/pipeline/metrics"
	"github.com/nats-io/nats.go/jetstream"
)

// httpFlag is the --http flag of the long-running stages.
func httpFlag(fs *flag.FlagSet) *string {
	return fs.String("http", "", "serve /metrics, /healthz and /readyz on this address, e.g. 127.0.0.1:8080 (default: off)")
}

// newMetrics returns a registry when addr is set, nil (nothing recorded)
// otherwise.
func newMetrics(addr string) *metrics.Metrics {
	if addr == "" {
		return nil
	}
	return metrics.New()
}

// serveHTTP serves m and the checks on addr until ctx ends or stop is
// called; stop waits for the graceful shutdown. Without addr it does
// nothing. The NATS check (connected, streams present) comes first.
func serveHTTP(ctx context.Context, addr string, m *metrics.Metrics, js jetstream.JetStream, log *slog.Logger, checks ...httpserve.Check) (stop func(), err error) {
	if addr == "" {
		return func() {}, nil
	}
	if js != nil {
		if err := m.WatchJetStream(js, log); err != nil {
			return nil, err
		}
		ready := func(ctx context.Context) error { return pipeline.Ready(ctx, js) }
		checks = append([]httpserve.Check{ready}, checks...)
	}
	ctx, cancel := context.WithCancel(ctx)
	srv, err := httpserve.Start(ctx, addr, httpserve.Handler(m.Handler(), checks...), log)
	if err != nil {
		cancel()
		return nil, err
	}
	return func() {
		cancel()
		if err := srv.Wait(); err != nil {
			log.Warn("http server", "err", err)
		}
	}, nil
}
