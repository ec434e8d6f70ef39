package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/datadir"
	"github.com/dealwire/dealwire/pipeline/extract"
	"github.com/dealwire/dealwire/pipeline/fetch"
	"github.com/dealwire/dealwire/pipeline/job"
	"github.com/dealwire/dealwire/pipeline/sink"
	"github.com/dealwire/dealwire/pipeline/source"
	"github.com/dealwire/dealwire/pipeline/store"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// stageConn connects a stage to NATS and makes sure the streams exist,
// as sf sets them.
func stageConn(ctx context.Context, nf *natsFlags, name string, log *slog.Logger, sf streamFlags) (*nats.Conn, jetstream.JetStream, error) {
	nc, err := nf.connect(ctx, name, log)
	if err != nil {
		return nil, nil, err
	}
	js, err := withStreams(ctx, nc, sf.options())
	if err != nil {
		return nil, nil, err
	}
	return nc, js, nil
}

// withStreams opens JetStream on nc and makes sure the streams exist,
// applying what o sets. It closes nc when it fails.
func withStreams(ctx context.Context, nc *nats.Conn, o pipeline.StreamOptions) (jetstream.JetStream, error) {
	js, err := jetstream.New(nc)
	if err == nil {
		err = pipeline.EnsureStreams(ctx, js, o)
	}
	if err != nil {
		nc.Close()
		return nil, err
	}
	return js, nil
}

// dialStreams connects a one-shot command (see natsFlags.dial) and makes
// sure the streams exist.
func dialStreams(ctx context.Context, nf *natsFlags, name string, log *slog.Logger) (context.Context, *nats.Conn, jetstream.JetStream, error) {
	ctx, nc, err := nf.dial(ctx, name, log)
	if err != nil {
		return nil, nil, nil, err
	}
	js, err := withStreams(ctx, nc, pipeline.StreamOptions{})
	if err != nil {
		return nil, nil, nil, err
	}
	return ctx, nc, js, nil
}

func cmdFetch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("fetch", "URL|FILE|- ...", `Fetches pages and publishes them as raw articles on articles.raw.<host> of a
running NATS (a 'dealwire run --follow', or any server with 'dealwire extract'
and 'dealwire sink' attached). A feed or a sitemap is read for its entries,
which are fetched in turn. Prints one line per input. With --follow, keeps
polling the followed sources ('dealwire sources') and follows the feeds and
sitemaps given.`, stderr)
	var (
		cf       commonFlags
		nf       natsFlags
		ff       fetchFlags
		in       inputFlags
		fetchers = fs.Int("fetchers", job.DefaultFetchWorkers, "parallel fetches")
		sf       streamFlags
		follow   = fs.Bool("follow", false, "keep running, polling the followed sources")
		every    = fs.Duration("every", source.DefaultEvery, "with --follow, how often the feeds and sitemaps given are polled")
		httpAddr = httpFlag(fs, false)
	)
	in.register(fs)
	cf.register(fs)
	nf.register(fs, "NATS URL (default nats://127.0.0.1:4222)")
	nf.registerTimeout(fs)
	ff.register(fs)
	sf.register(fs)
	ins, err := in.parse(fs, args)
	if err != nil && !(errors.Is(err, errNoInputs) && *follow) {
		return err
	}
	log, err := cf.logger(stderr)
	if err != nil {
		return err
	}
	ctx, nc, err := nf.dial(ctx, "dealwire-fetch", log)
	if err != nil {
		return err
	}
	defer nc.Drain()
	js, err := withStreams(ctx, nc, sf.options())
	if err != nil {
		return err
	}
	st, err := ff.stage(ctx, js, *fetchers, log)
	if err != nil {
		return err
	}
	m := newMetrics(*httpAddr)
	stop, err := serveHTTP(ctx, *httpAddr, m, js, nil, log)
	if err != nil {
		return err
	}
	defer stop()
	var srcs *source.Registry
	inputs := feed(ctx, ins)
	if *follow {
		if srcs, err = source.Open(ctx, js); err != nil {
			return err
		}
		inputs = withPolls(ctx, inputs, &fetch.Poller{Stage: st, Sources: srcs})
	}
	var mu sync.Mutex
	failed := 0
	st.Run(ctx, inputs, func(o fetch.Outcome) {
		m.Fetched(o)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case o.Listed != nil:
			fmt.Fprintf(stdout, "listed     %s: %d entries, %d to fetch  %s\n", o.Listed.Kind, o.Listed.Entries, o.Listed.Next, o.Source)
			if srcs != nil && o.Via == "" {
				if _, err := srcs.Add(ctx, o.Source, *every, time.Now().Add(*every)); err != nil {
					log.Warn("cannot follow the source", "source", o.Source, "err", err)
				}
			}
		case o.ArticleID != "" && o.Duplicate:
			fmt.Fprintf(stdout, "duplicate  %s  %s\n", o.ArticleID, o.Source)
		case o.ArticleID != "":
			fmt.Fprintf(stdout, "published  %s  %s\n", o.ArticleID, o.Source)
		default:
			failed++
			fmt.Fprintf(stdout, "failed     %s: %s\n", o.Source, o.Reason)
		}
	})
	if ctx.Err() != nil {
		if *follow && !errors.Is(context.Cause(ctx), errConnLost) {
			return nil // a stopped service
		}
		return stopped(ctx, nc)
	}
	if failed > 0 {
		return errFailed
	}
	return nil
}

// withPolls adds the inputs a poller finds to inputs, until ctx ends.
func withPolls(ctx context.Context, inputs <-chan fetch.Input, p *fetch.Poller) <-chan fetch.Input {
	out := make(chan fetch.Input)
	var wg sync.WaitGroup
	wg.Go(func() { p.Run(ctx, out) })
	wg.Go(func() {
		for in := range inputs {
			select {
			case out <- in:
			case <-ctx.Done():
				return
			}
		}
	})
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

func cmdExtract(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("extract", "", `Runs extractor workers on the durable "extract" consumer of the ARTICLES
stream. Several processes share the work. With --replay, re-extracts every
raw article kept in the stream and exits.`, stderr)
	var (
		cf       commonFlags
		nf       natsFlags
		n        = fs.Int("workers", 0, "workers (default: one per CPU)")
		replay   = fs.Bool("replay", false, "re-extract every stored raw article, then exit")
		budget   = fs.Duration("budget", extract.DefaultBudget, "time limit for one article")
		maxBody  = fs.Int64("max-body", pipeline.MaxPageSize, "largest page accepted, in bytes")
		sf       streamFlags
		httpAddr = httpFlag(fs, false)
	)
	cf.register(fs)
	nf.register(fs, "NATS URL (default nats://127.0.0.1:4222)")
	sf.register(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	log, err := cf.logger(stderr)
	if err != nil {
		return err
	}
	nc, js, err := stageConn(ctx, &nf, "dealwire-extract", log, sf)
	if err != nil {
		return err
	}
	defer nc.Drain()
	w := &extract.Workers{JS: js, Extractor: extractors.New(), N: *n, Budget: *budget, MaxBody: *maxBody, Log: log}
	if *replay {
		done, err := w.Replay(ctx)
		fmt.Fprintf(stderr, "dealwire extract: replayed %d raw articles\n", done)
		return err
	}
	m := newMetrics(*httpAddr)
	if m != nil {
		w.Observe = m.Extraction
	}
	stop, err := serveHTTP(ctx, *httpAddr, m, js, nil, log)
	if err != nil {
		return err
	}
	defer stop()
	log.Info("extractor workers running", "workers", w.N, "url", nc.ConnectedUrlRedacted())
	return w.Run(ctx)
}

func cmdSink(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sink", "", `Stores article results (articles.extracted) and dead letters (dealwire.dlq.>)
in the deal store, one consolidated record per deal.`, stderr)
	var (
		cf       commonFlags
		nf       natsFlags
		dataDir  = fs.String("data-dir", defaultDataDir, "data directory (the store is deals.db in it)")
		db       = fs.String("db", "", "deal store path (default DATA-DIR/deals.db)")
		batch    = fs.Int("batch", sink.DefaultBatch, "messages per transaction")
		sf       streamFlags
		httpAddr = httpFlag(fs, true)
	)
	cf.register(fs)
	nf.register(fs, "NATS URL (default nats://127.0.0.1:4222)")
	sf.register(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	dir, path := *dataDir, *db
	if path == "" {
		path = filepath.Join(dir, datadir.DealStore)
	} else {
		dir = filepath.Dir(path)
	}
	log, err := cf.logger(stderr)
	if err != nil {
		return err
	}
	lock, err := datadir.Acquire(dir, filepath.Base(path))
	if err != nil {
		return err
	}
	defer lock.Release()
	nc, js, err := stageConn(ctx, &nf, "dealwire-sink", log, sf)
	if err != nil {
		return err
	}
	defer nc.Drain()
	st, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	m := newMetrics(*httpAddr)
	stop, err := serveHTTP(ctx, *httpAddr, m, js, st, log, st.Writable)
	if err != nil {
		return err
	}
	defer stop()
	s := &sink.Sink{Notify: nc, JS: js, Store: m.Store(st), Batch: *batch, Log: log}
	log.Info("sink running", "store", path, "url", nc.ConnectedUrlRedacted())
	return s.Run(ctx)
}
