package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/datadir"
	"github.com/dealwire/dealwire/pipeline/httpserve"
	"github.com/dealwire/dealwire/pipeline/metrics"
	"github.com/dealwire/dealwire/pipeline/store"
	"github.com/dealwire/dealwire/pipeline/web"
	"github.com/nats-io/nats.go/jetstream"
)

// httpFlag is the --http flag of the long-running stages; deals says
// whether they serve the deal store's API and pages too.
func httpFlag(fs *flag.FlagSet, deals bool) *string {
	what := "/metrics, /healthz and /readyz"
	if deals {
		what += ", the deal store's API (/api/) and pages (/)"
	}
	return fs.String("http", "", "serve "+what+" on this address, e.g. 127.0.0.1:8080 (default: off)")
}

// newMetrics returns a registry when addr is set, nil (nothing recorded)
// otherwise.
func newMetrics(addr string) *metrics.Metrics {
	if addr == "" {
		return nil
	}
	return metrics.New()
}

// serveHTTP serves m, the checks and, when st is set, the deal store's
// API and pages on addr until ctx ends or stop is called; stop waits for
// the graceful shutdown. Without addr it does nothing. The NATS check
// (connected, streams present) comes first.
func serveHTTP(ctx context.Context, addr string, m *metrics.Metrics, js jetstream.JetStream, st web.Store, log *slog.Logger, checks ...httpserve.Check) (stop func(), err error) {
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
	h := httpserve.Handler(m.Handler(), checks...)
	if st != nil {
		h = httpserve.WithApp(h, web.Handler(st, log))
	}
	ctx, cancel := context.WithCancel(ctx)
	srv, err := httpserve.Start(ctx, addr, h, log)
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

// defaultServeAddr is where 'dealwire serve' listens without --http.
const defaultServeAddr = "127.0.0.1:8080"

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "", `Serves an existing deal store, read-only, over HTTP: the JSON API under
/api/ (deals, one deal, companies), the pages that list and show the deals
and the companies (/), and /metrics, /healthz and /readyz. Runs until
interrupted; the store may be written meanwhile by 'dealwire run' or
'dealwire sink'.`, stderr)
	var (
		cf       commonFlags
		dataDir  = fs.String("data-dir", defaultDataDir, "data directory (the store is deals.db in it)")
		db       = fs.String("db", "", "deal store path (default DATA-DIR/deals.db)")
		httpAddr = fs.String("http", defaultServeAddr, "address to listen on")
	)
	cf.register(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *httpAddr == "" {
		return errUsage{"--http must not be empty"}
	}
	log, err := cf.logger(stderr)
	if err != nil {
		return err
	}
	path := *db
	if path == "" {
		path = filepath.Join(*dataDir, datadir.DealStore)
	}
	st, err := store.OpenReadOnly(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	srv, err := httpserve.Start(ctx, *httpAddr, httpserve.WithApp(httpserve.Handler(newMetrics(*httpAddr).Handler(), st.Ping), web.Handler(st, log)), log)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "dealwire serve: %s on http://%s/ (Ctrl-C to stop)\n", path, srv.Addr())
	return srv.Wait()
}
