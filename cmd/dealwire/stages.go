package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/extract"
	"github.com/dealwire/dealwire/pipeline/fetch"
	"github.com/dealwire/dealwire/pipeline/sink"
	"github.com/dealwire/dealwire/pipeline/store"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// stageConn connects a stage to NATS and makes sure the streams exist.
func stageConn(ctx context.Context, nf *natsFlags, name string, cf *commonFlags, stderr io.Writer, replicas int) (*nats.Conn, jetstream.JetStream, error) {
	log, err := cf.logger(stderr)
	if err != nil {
		return nil, nil, err
	}
	nc, err := nf.connect(ctx, name, log)
	if err != nil {
		return nil, nil, err
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, nil, err
	}
	so := pipeline.StreamOptions{Replicas: replicas, MaxMsgSize: int32(min(nc.MaxPayload(), 1<<31-1))}
	// A cluster that is still forming refuses streams for a while.
	for attempt := 0; ; attempt++ {
		err = pipeline.EnsureStreams(ctx, js, so)
		if err == nil {
			return nc, js, nil
		}
		if attempt >= 30 || ctx.Err() != nil {
			nc.Close()
			return nil, nil, err
		}
		log.Warn("streams not ready, retrying", "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(2 * time.Second):
		}
	}
}

func cmdFetch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("fetch", "URL|FILE|- ...", `Fetches pages and publishes them as raw articles on articles.raw.<host> of a
running NATS (a 'dealwire run --follow', or any server with 'dealwire extract'
and 'dealwire sink' attached). Prints one line per input.`, stderr)
	var (
		cf       commonFlags
		nf       natsFlags
		ff       fetchFlags
		in       inputFlags
		fetchers = fs.Int("fetchers", 8, "parallel fetches")
		replicas = fs.Int("replicas", 1, "JetStream replicas when the streams are created")
	)
	in.register(fs)
	cf.register(fs)
	nf.register(fs, "NATS URL (default nats://127.0.0.1:4222)")
	ff.register(fs)
	ins, err := in.parse(fs, args)
	if err != nil {
		return err
	}
	nc, js, err := stageConn(ctx, &nf, "dealwire-fetch", &cf, stderr, *replicas)
	if err != nil {
		return err
	}
	defer nc.Drain()
	log, _ := cf.logger(stderr)
	cfg := ff.config()
	cfg.Logger = log
	st := &fetch.Stage{Fetcher: fetch.New(cfg), JS: js, MaxPayload: nc.MaxPayload(), Workers: *fetchers, Log: log}
	var mu sync.Mutex
	failed := 0
	st.Run(ctx, feed(ctx, ins), func(o fetch.Outcome) {
		mu.Lock()
		defer mu.Unlock()
		switch {
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
		return ctx.Err()
	}
	if failed > 0 {
		return errFailed
	}
	return nil
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
		maxBody  = fs.Int64("max-body", fetch.DefaultConfig.MaxBody, "largest page accepted, in bytes")
		replicas = fs.Int("replicas", 1, "JetStream replicas when the streams are created")
	)
	cf.register(fs)
	nf.register(fs, "NATS URL (default nats://127.0.0.1:4222)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	nc, js, err := stageConn(ctx, &nf, "dealwire-extract", &cf, stderr, *replicas)
	if err != nil {
		return err
	}
	defer nc.Drain()
	log, _ := cf.logger(stderr)
	w := &extract.Workers{JS: js, Extractor: extractors.New(), N: workers(*n), Budget: *budget, MaxBody: *maxBody, Log: log}
	if *replay {
		done, err := w.Replay(ctx)
		fmt.Fprintf(stderr, "dealwire extract: replayed %d raw articles\n", done)
		return err
	}
	log.Info("extractor workers running", "workers", w.N, "url", nc.ConnectedUrl())
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
		batch    = fs.Int("batch", 64, "messages per transaction")
		replicas = fs.Int("replicas", 1, "JetStream replicas when the streams are created")
	)
	cf.register(fs)
	nf.register(fs, "NATS URL (default nats://127.0.0.1:4222)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	path := *db
	if path == "" {
		path = filepath.Join(*dataDir, "deals.db")
	}
	nc, js, err := stageConn(ctx, &nf, "dealwire-sink", &cf, stderr, *replicas)
	if err != nil {
		return err
	}
	defer nc.Drain()
	st, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	log, _ := cf.logger(stderr)
	s := &sink.Sink{NC: nc, JS: js, Store: st, Batch: *batch, Log: log}
	log.Info("sink running", "store", path, "url", nc.ConnectedUrl())
	return s.Run(ctx)
}

func workers(n int) int {
	if n > 0 {
		return n
	}
	return runtime.GOMAXPROCS(0)
}
