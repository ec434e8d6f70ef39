package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/broker"
	"github.com/dealwire/dealwire/pipeline/extract"
	"github.com/dealwire/dealwire/pipeline/fetch"
	"github.com/dealwire/dealwire/pipeline/job"
	"github.com/dealwire/dealwire/pipeline/source"
	"github.com/nats-io/nats.go/jetstream"
)

const defaultDataDir = "./dealwire-data"

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("run", "URL|FILE|- ...", `Fetches the pages, publishes them to NATS JetStream, extracts them, stores
the deal records and prints the deal events. By default everything runs in
this process with an embedded NATS server; --nats uses an external one.
Exits once every input is extracted or has failed with a reason: 0 when all
succeeded, 1 when some failed.`, stderr)
	var (
		cf        commonFlags
		nf        natsFlags
		in        inputFlags
		dataDir   = fs.String("data-dir", defaultDataDir, "directory for the JetStream store and the deal store")
		asJSON    = fs.Bool("json", false, "print deal events as JSON lines")
		follow    = fs.Bool("follow", false, "keep running after the inputs, accepting more from 'dealwire fetch' and polling the followed sources")
		every     = fs.Duration("every", source.DefaultEvery, "with --follow, how often the feeds and sitemaps given are polled")
		listen    = fs.String("listen", broker.DefaultListen, `embedded NATS client address ("none": in-process only)`)
		workers   = fs.Int("workers", 0, "extractor workers (default: one per CPU)")
		budget    = fs.Duration("budget", extract.DefaultBudget, "time limit for extracting one article")
		fetchers  = fs.Int("fetchers", job.DefaultFetchWorkers, "parallel fetches")
		sf        streamFlags
		noExtract = fs.Bool("no-extract", false, "do not run extractor workers here (run 'dealwire extract' elsewhere)")
		noSink    = fs.Bool("no-sink", false, "do not run the sink here (run 'dealwire sink' on the same --data-dir)")
		httpAddr  = httpFlag(fs, true)
		ff        fetchFlags
	)
	in.register(fs)
	cf.register(fs)
	nf.register(fs, "external NATS URL; without it an embedded server runs, protected by --token or --user/--password if given")
	ff.register(fs)
	sf.register(fs)
	sf.registerDupWindow(fs)
	ins, err := in.parse(fs, args)
	if err != nil && !(errors.Is(err, errNoInputs) && *follow) {
		return err
	}
	log, err := cf.logger(stderr)
	if err != nil {
		return err
	}
	remote := nf.remote()
	cfg := job.Config{
		DataDir:        *dataDir,
		Remote:         remote,
		Listen:         *listen,
		Streams:        sf.options(),
		Fetch:          ff.config(),
		FetchWorkers:   *fetchers,
		ExtractWorkers: *workers,
		Budget:         *budget,
		NoExtract:      *noExtract,
		NoSink:         *noSink,
		Follow:         *follow,
		Every:          *every,
		Metrics:        newMetrics(*httpAddr),
		Log:            log,
	}
	if remote.URL == "" {
		// Without --nats the credentials protect the embedded server.
		cfg.Remote = broker.Remote{}
		cfg.Token, cfg.User, cfg.Password = remote.Token, remote.User, remote.Password
	}
	out := newPrinter(stdout, stderr, *asJSON)
	j, err := job.Start(ctx, cfg, out)
	if err != nil {
		return err
	}
	stop, err := serveHTTP(ctx, *httpAddr, cfg.Metrics, nil, j.Store(), log, j.Ready)
	if err != nil {
		j.Close()
		return err
	}
	if *follow {
		fmt.Fprintf(stderr, "dealwire: following; NATS at %s, data in %s (Ctrl-C to stop)\n", j.ClientURL(), *dataDir)
	}
	counts, runErr := j.Run(ctx, feed(ctx, ins))
	out.clearProgress()
	stop()
	closeErr := j.Close()
	out.summary(counts, filepath.Join(*dataDir, "deals.db"))
	switch {
	case runErr != nil && !(*follow && ctx.Err() != nil): // a stopped service is a clean exit
		return runErr
	case closeErr != nil:
		return closeErr
	case counts.Failed > 0:
		return errFailed
	}
	return nil
}

// fetchFlags are the fetcher's settings.
type fetchFlags struct {
	userAgent    string
	timeout      time.Duration
	maxBody      int64
	hostInterval time.Duration
	hostConc     int
	ignoreRobots bool
	allowPrivate bool
}

func (f *fetchFlags) register(fs *flag.FlagSet) {
	d := fetch.DefaultConfig
	fs.StringVar(&f.userAgent, "user-agent", d.UserAgent, "User-Agent sent with every request")
	fs.DurationVar(&f.timeout, "timeout", d.Timeout, "time limit for one page")
	fs.Int64Var(&f.maxBody, "max-body", d.MaxBody, "largest page accepted, in bytes")
	fs.DurationVar(&f.hostInterval, "host-interval", d.HostInterval, "least time between two requests to one host (0 for none)")
	fs.IntVar(&f.hostConc, "host-concurrency", d.HostConcurrency, "requests in flight to one host")
	fs.BoolVar(&f.ignoreRobots, "ignore-robots", false, "do not read robots.txt")
	fs.BoolVar(&f.allowPrivate, "allow-private", false, "allow fetching from loopback, private and link-local addresses (refused by default)")
}

func (f *fetchFlags) config() fetch.Config {
	interval := f.hostInterval
	if interval == 0 {
		interval = -1 // the fetcher's "none"; its zero means the default
	}
	return fetch.Config{
		UserAgent:       f.userAgent,
		Timeout:         f.timeout,
		MaxBody:         f.maxBody,
		HostInterval:    interval,
		HostConcurrency: f.hostConc,
		IgnoreRobots:    f.ignoreRobots,
		AllowPrivate:    f.allowPrivate,
		Retries:         fetch.DefaultConfig.Retries,
	}
}

// stage returns a fetch stage with these settings that publishes to js and
// recognises pages published before.
func (f *fetchFlags) stage(ctx context.Context, js jetstream.JetStream, workers int, log *slog.Logger) (*fetch.Stage, error) {
	seen, err := pipeline.OpenSeen(ctx, js)
	if err != nil {
		return nil, err
	}
	cfg := f.config()
	cfg.Logger = log
	return &fetch.Stage{Fetcher: fetch.New(cfg), JS: js, Seen: seen, MaxPayload: js.Conn().MaxPayload(), Workers: workers, Log: log}, nil
}
