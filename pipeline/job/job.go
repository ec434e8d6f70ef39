// Package job runs a whole ingestion job in one process: an embedded
// JetStream server (or an external NATS), the fetcher, the extractor
// workers and the sink. It tracks every input to an end state (extracted,
// or failed with a reason) and reports deal events and progress as they
// happen.
package job

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/broker"
	"github.com/dealwire/dealwire/pipeline/datadir"
	"github.com/dealwire/dealwire/pipeline/extract"
	"github.com/dealwire/dealwire/pipeline/fetch"
	"github.com/dealwire/dealwire/pipeline/metrics"
	"github.com/dealwire/dealwire/pipeline/sink"
	"github.com/dealwire/dealwire/pipeline/source"
	"github.com/dealwire/dealwire/pipeline/store"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Config configures a job.
type Config struct {
	// DataDir holds the JetStream store (jetstream/) and the deal store
	// (deals.db).
	DataDir string
	// Remote, when its URL is set, replaces the embedded server.
	Remote broker.Remote
	// Listen is the embedded server's client address.
	Listen string
	// Token, User and Password protect the embedded server.
	Token, User, Password string
	Streams               pipeline.StreamOptions
	Fetch                 fetch.Config
	// FetchWorkers and ExtractWorkers size the stages; zero picks a
	// default (DefaultFetchWorkers; one extractor per CPU).
	FetchWorkers   int
	ExtractWorkers int
	// Budget bounds the extraction of one article (extract.DefaultBudget
	// when zero).
	Budget time.Duration
	// NoExtract and NoSink leave those stages to other processes.
	NoExtract, NoSink bool
	// Follow keeps the job running after its inputs are done, reporting
	// every article stored, including those submitted by other processes,
	// and polling the followed sources; feeds and sitemaps among the
	// inputs are followed, polled every Every (source.DefaultEvery when
	// zero).
	Follow bool
	Every  time.Duration
	// PollTick is how often the poller looks for due sources (a second
	// when zero).
	PollTick time.Duration
	// Metrics, if set, records what the stages do and watches the
	// consumers' lag.
	Metrics *metrics.Metrics
	Log     *slog.Logger
}

// Reporter receives what a job observes. Its methods are called from one
// goroutine at a time.
type Reporter interface {
	// Deal is called for each deal event of each stored article.
	Deal(ev pipeline.DealEvent)
	// Done is called once per input when it reaches an end state.
	Done(o Outcome)
	// Progress is called periodically.
	Progress(c Counts)
}

// Outcome is the end state of one input.
type Outcome struct {
	Source    string
	ArticleID string
	Status    string // "extracted" or "failed"
	Stage     string
	Reason    string
	Deals     int
	// Duplicate marks a page already ingested before this job.
	Duplicate bool
}

// Counts summarise a job.
type Counts struct {
	Inputs    int
	Fetched   int
	Extracted int
	Failed    int
	Deals     int
	Elapsed   time.Duration
}

// Rate is extracted articles per second.
func (c Counts) Rate() float64 {
	if c.Elapsed <= 0 {
		return 0
	}
	return float64(c.Extracted) / c.Elapsed.Seconds()
}

// DefaultFetchWorkers is how many pages are fetched at once by default.
const DefaultFetchWorkers = 8

// Job is a running job.
type Job struct {
	cfg    Config
	log    *slog.Logger
	lock   *datadir.Lock
	srv    *broker.Server
	nc     *nats.Conn
	js     jetstream.JetStream
	store  *store.Store
	seen   *pipeline.Seen
	srcs   *source.Registry // followed sources, with Follow
	events recentEvents     // deal events of results this process stored
	rep    Reporter
	start  time.Time
	stages sync.WaitGroup
	cancel context.CancelFunc

	notices chan pipeline.Stored // from the sink, and from store checks
	wake    chan struct{}        // the run loop has work: finals or a store check

	mu         sync.Mutex
	pending    map[string][]tracked // key -> inputs waiting for its outcome
	early      map[string]earlyNote // notices that came before their input's fetch outcome
	finals     []Outcome            // outcomes decided without the sink, to report
	checkDue   bool                 // look pending inputs up in the store
	lastNotice time.Time
	counts     Counts
	// printed holds the article ids whose deals were reported, in two
	// generations so that a service running for weeks stays bounded.
	printed, printedOld map[string]bool
}

// tracked is an input waiting for the sink.
type tracked struct {
	source string
	dup    bool
	since  time.Time // when it was fetched: older failures are not its own
}

// earlyNote is a notice for a key no input waited on yet.
type earlyNote struct {
	n pipeline.Stored
}

// Start brings the job up: server, connection, streams, store and stages.
func Start(ctx context.Context, cfg Config, rep Reporter) (*Job, error) {
	log := cfg.Log
	if log == nil {
		log = slog.Default()
	}
	j := &Job{cfg: cfg, log: log, rep: rep, start: time.Now(), pending: map[string][]tracked{}, early: map[string]earlyNote{},
		printed: map[string]bool{}, notices: make(chan pipeline.Stored, 4096), wake: make(chan struct{}, 1)}
	// The stores this job writes have one owner: the embedded server's,
	// the deal store unless another process sinks.
	var stores []string
	if cfg.Remote.URL == "" {
		stores = append(stores, datadir.JetStreamDir)
	}
	if !cfg.NoSink {
		stores = append(stores, datadir.DealStore)
	}
	lock, err := datadir.Acquire(cfg.DataDir, stores...)
	if err != nil {
		return nil, err
	}
	j.lock = lock
	// The store is ready before the server accepts anyone.
	st, err := store.Open(ctx, filepath.Join(cfg.DataDir, datadir.DealStore))
	if err != nil {
		j.Close()
		return nil, err
	}
	j.store = st
	if err := j.connect(ctx); err != nil {
		j.Close()
		return nil, err
	}
	seen, err := pipeline.OpenSeen(ctx, j.js)
	if err != nil {
		j.Close()
		return nil, err
	}
	j.seen = seen
	if cfg.Follow {
		if j.srcs, err = source.Open(ctx, j.js); err != nil {
			j.Close()
			return nil, err
		}
	}
	if err := cfg.Metrics.WatchJetStream(j.js, log); err != nil {
		j.Close()
		return nil, err
	}
	sub, err := j.nc.Subscribe(pipeline.StoredSubject, func(m *nats.Msg) {
		var n pipeline.Stored
		if json.Unmarshal(m.Data, &n) == nil {
			select {
			case j.notices <- n:
			default:
				j.checkSoon() // full: the store has it
			}
		}
	})
	if err != nil {
		j.Close()
		return nil, fmt.Errorf("subscribe %s: %w", pipeline.StoredSubject, err)
	}
	_ = sub.SetPendingLimits(-1, -1)
	if err := j.nc.Flush(); err != nil {
		j.Close()
		return nil, err
	}
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	j.cancel = cancel
	if !cfg.NoExtract {
		w := &extract.Workers{JS: j.js, Extractor: extractors.New(), N: cfg.ExtractWorkers, Budget: cfg.Budget, MaxBody: cfg.Fetch.MaxBody, Log: log.With("stage", "extract")}
		if cfg.Metrics != nil {
			w.Observe = cfg.Metrics.Extraction
		}
		j.goStage("extract", func() error { return w.Run(sctx) })
	}
	if !cfg.NoSink {
		s := &sink.Sink{Notify: j.nc, JS: j.js, Store: cfg.Metrics.Store(j.store), Committed: j.events.put, Log: log.With("stage", "sink")}
		j.goStage("sink", func() error { return s.Run(sctx) })
	}
	return j, nil
}

func (j *Job) goStage(name string, run func() error) {
	j.stages.Add(1)
	go func() {
		defer j.stages.Done()
		if err := run(); err != nil {
			j.log.Error("stage stopped", "stage", name, "err", err)
		}
	}()
}

func (j *Job) connect(ctx context.Context) error {
	cfg := j.cfg
	var err error
	if cfg.Remote.URL != "" {
		j.nc, err = broker.Connect(ctx, cfg.Remote, "dealwire-run", j.log)
		if err != nil {
			return err
		}
	} else {
		j.srv, err = broker.Start(ctx, broker.Embedded{
			StoreDir: filepath.Join(cfg.DataDir, datadir.JetStreamDir),
			Listen:   cfg.Listen,
			Token:    cfg.Token, User: cfg.User, Password: cfg.Password,
			Logger: j.log,
		})
		if err != nil {
			return err
		}
		if u := j.srv.ClientURL(); u != "" {
			j.log.Info("embedded NATS server ready", "url", u, "store", filepath.Join(cfg.DataDir, datadir.JetStreamDir))
		}
		j.nc, err = j.srv.Connect("dealwire-run")
		if err != nil {
			return err
		}
	}
	j.js, err = jetstream.New(j.nc)
	if err != nil {
		return err
	}
	return pipeline.EnsureStreams(ctx, j.js, cfg.Streams)
}

// ClientURL is where other processes reach the job's NATS: the embedded
// server's address, or the remote server it is connected to (without
// credentials).
func (j *Job) ClientURL() string {
	if j.srv != nil {
		return j.srv.ClientURL()
	}
	return j.nc.ConnectedUrlRedacted()
}

// JetStream is the job's JetStream context.
func (j *Job) JetStream() jetstream.JetStream { return j.js }

// Ready reports why the job cannot work, or nil: it is connected to
// NATS, the streams are present, and the deal store, if it sinks here, is
// writable.
func (j *Job) Ready(ctx context.Context) error {
	if err := pipeline.Ready(ctx, j.js); err != nil {
		return err
	}
	if j.cfg.NoSink {
		return nil
	}
	return j.store.Writable(ctx)
}

// Store is the job's deal store.
func (j *Job) Store() *store.Store { return j.store }

// stallCheck is how long without notices before pending inputs are looked
// up in the store (a notice may have been missed).
const stallCheck = 2 * time.Second

// Run fetches the inputs and waits until each has reached an end state,
// then, with Follow, keeps reporting until ctx ends. It returns the
// counts. Run may be called again for more inputs.
func (j *Job) Run(ctx context.Context, inputs <-chan fetch.Input) (Counts, error) {
	workers := j.cfg.FetchWorkers
	if workers <= 0 {
		workers = DefaultFetchWorkers
	}
	fc := j.cfg.Fetch
	if fc.Logger == nil {
		fc.Logger = j.log.With("stage", "fetch")
	}
	fs := &fetch.Stage{Fetcher: fetch.New(fc), JS: j.js, Seen: j.seen, MaxPayload: j.nc.MaxPayload(), Workers: workers, Log: fc.Logger}
	counted := make(chan fetch.Input, 64)
	fetchDone := make(chan struct{})
	go func() {
		defer close(fetchDone)
		fs.Run(ctx, counted, j.fetched)
	}()
	var producers sync.WaitGroup
	producers.Go(func() {
		for in := range inputs {
			if !j.count(ctx, counted, in) {
				return
			}
		}
	})
	if j.srcs != nil {
		polled := make(chan fetch.Input)
		p := &fetch.Poller{Stage: fs, Sources: j.srcs, Tick: j.cfg.PollTick}
		producers.Go(func() { p.Run(ctx, polled) })
		producers.Go(func() {
			for {
				select {
				case in := <-polled:
					j.count(ctx, counted, in)
				case <-ctx.Done():
					return
				}
			}
		})
	}
	go func() {
		producers.Wait()
		close(counted)
	}()

	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	fetching := fetchDone
	for {
		select {
		case <-ctx.Done():
			<-fetchDone // the fetchers stop at once; their outcomes are counted
			j.settle(context.WithoutCancel(ctx))
			return j.Counts(), ctx.Err()
		case n := <-j.notices:
			j.stored(ctx, n)
		case <-fetching:
			fetching = nil // done: stop selecting on it
		case <-j.wake:
		case <-tick.C:
			j.rep.Progress(j.Counts())
		}
		j.reportFinals()
		if j.takeCheck() {
			j.checkStore(ctx)
		}
		if fetching == nil && !j.cfg.Follow && j.idle() {
			j.quiesce(ctx)
			return j.Counts(), nil
		}
	}
}

// quiesce waits, a bounded time, until the extract stage holds no message
// in flight. A result can be stored before the deal events published with
// it are acknowledged: a one-shot run must not end between the two.
func (j *Job) quiesce(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for {
		if c, err := j.js.Consumer(ctx, pipeline.ArticlesStream, pipeline.ExtractConsumer); err == nil {
			if info, err := c.Info(ctx); err == nil && info.NumAckPending == 0 {
				return
			}
		}
		select {
		case <-ctx.Done():
			j.log.Warn("the extract stage still holds messages at the end of the run")
			return
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// count sends an input to the fetchers and counts it; it reports false
// when ctx ended first.
func (j *Job) count(ctx context.Context, to chan<- fetch.Input, in fetch.Input) bool {
	j.mu.Lock()
	j.counts.Inputs++
	j.mu.Unlock()
	select {
	case to <- in:
		return true
	case <-ctx.Done():
		return false
	}
}

// follow subscribes to a feed or a sitemap given as an input, first polled
// after the job's interval (it has just been read).
func (j *Job) follow(o fetch.Outcome) {
	if j.srcs == nil || o.Via != "" || source.CheckURL(o.Source) != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	every := j.cfg.Every
	if every <= 0 {
		every = source.DefaultEvery
	}
	added, err := j.srcs.Add(ctx, o.Source, every, time.Now().Add(every))
	if err != nil {
		j.log.Warn("cannot follow the source", "source", o.Source, "err", err)
		return
	}
	if added {
		j.log.Info("following the source", "source", o.Source, "every", every)
	}
}

// settle ends a stopped job's accounting: the stages stop after their
// last commit, and the inputs they stored are counted, so that the counts
// add up with the store.
func (j *Job) settle(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if j.cancel != nil {
		j.cancel()
	}
	j.stages.Wait()
	for {
		select {
		case n := <-j.notices:
			j.stored(ctx, n)
			continue
		default:
		}
		break
	}
	j.checkStore(ctx)
	j.reportFinals()
}

// maxPrinted bounds a generation of printed.
const maxPrinted = 100000

// maxEarly bounds the notices kept for inputs not yet seen as fetched.
const maxEarly = 10000

// fetched records a fetch outcome; it runs on the fetchers' goroutines.
func (j *Job) fetched(o fetch.Outcome) {
	j.cfg.Metrics.Fetched(o)
	if o.Listed != nil {
		j.follow(o)
		j.mu.Lock()
		j.counts.Inputs += o.Listed.Next - 1 // its entries replace it
		j.mu.Unlock()
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	key := o.ArticleID
	if key == "" {
		key = o.FailureKey
	} else {
		j.counts.Fetched++
	}
	if o.Final || key == "" {
		// Decided here: no stage will report on it.
		j.finals = append(j.finals, Outcome{Source: o.Source, Status: pipeline.StatusFailed, Stage: pipeline.StageFetch, Reason: o.Reason})
		j.wakeLocked()
		return
	}
	if e, ok := j.early[key]; ok {
		// The sink was faster than this callback. (Follow may have
		// reported its deals already, as another's; it counts now.)
		delete(j.early, key)
		select {
		case j.notices <- e.n:
		default:
			j.checkDue = true // full: the store has it
		}
	}
	j.pending[key] = append(j.pending[key], tracked{source: o.Source, dup: o.Duplicate, since: o.At})
	if o.Duplicate {
		// Perhaps stored before this job: look in the store.
		j.checkDue = true
		j.wakeLocked()
	}
}

func (j *Job) checkSoon() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.checkDue = true
	j.wakeLocked()
}

func (j *Job) wakeLocked() {
	select {
	case j.wake <- struct{}{}:
	default: // already awake
	}
}

// takeCheck reports whether a store check is due: asked for, or notices
// have stalled while inputs wait.
func (j *Job) takeCheck() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	due := j.checkDue || len(j.pending) > 0 && time.Since(j.lastNotice) > stallCheck
	if due {
		j.checkDue = false
		j.lastNotice = time.Now()
	}
	return due
}

func (j *Job) idle() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.pending) == 0 && len(j.finals) == 0
}

// reportFinals reports the outcomes decided without the sink.
func (j *Job) reportFinals() {
	j.mu.Lock()
	finals := j.finals
	j.finals = nil
	j.counts.Failed += len(finals)
	j.mu.Unlock()
	for _, o := range finals {
		j.rep.Done(o)
	}
}

// stored handles a notice for a key: every input waiting on it (several
// inputs can be the same page) reaches its end state. With Follow, the
// deals of articles other processes submitted are reported too, but they
// are not counted: the counts are this job's inputs.
func (j *Job) stored(ctx context.Context, n pipeline.Stored) {
	j.mu.Lock()
	j.lastNotice = time.Now()
	waiting, mine := j.pending[n.Key]
	if mine {
		delete(j.pending, n.Key)
	}
	report := mine || j.cfg.Follow
	if !mine && len(j.early) < maxEarly {
		j.early[n.Key] = earlyNote{n: n}
	}
	if mine {
		if n.Status == pipeline.StatusExtracted {
			j.counts.Extracted += len(waiting)
		} else {
			j.counts.Failed += len(waiting)
		}
	}
	j.mu.Unlock()
	if !report {
		return
	}
	deals := n.Deals
	if n.Status == pipeline.StatusExtracted {
		deals = j.reportDeals(ctx, n.Key, mine)
	}
	for _, t := range waiting {
		o := Outcome{Source: t.source, Status: n.Status, Stage: n.Stage, Reason: n.Reason, Deals: deals, Duplicate: t.dup}
		if n.Status == pipeline.StatusExtracted {
			o.ArticleID = n.Key
		}
		j.rep.Done(o)
	}
}

// reportDeals reports the deal events of a stored article, once, and
// counts them when the article is one of the job's inputs.
func (j *Job) reportDeals(ctx context.Context, id string, mine bool) int {
	j.mu.Lock()
	if j.printed[id] || j.printedOld[id] {
		j.mu.Unlock()
		return 0
	}
	if len(j.printed) >= maxPrinted {
		j.printedOld, j.printed = j.printed, map[string]bool{}
	}
	j.printed[id] = true
	j.mu.Unlock()
	evs, ok := j.events.take(id)
	if !ok {
		res, err := j.store.Result(ctx, id)
		if err != nil {
			j.log.Warn("stored article not readable", "id", id, "err", err)
			return 0
		}
		evs = pipeline.DealEvents(res)
	}
	for _, ev := range evs {
		j.rep.Deal(ev)
	}
	if mine {
		j.mu.Lock()
		j.counts.Deals += len(evs)
		j.mu.Unlock()
	}
	return len(evs)
}

// checkStore looks pending inputs up in the store. A stored failure counts
// only if it is not older than the input's own fetch: an earlier attempt's
// failure is not this one's end.
func (j *Job) checkStore(ctx context.Context) {
	j.mu.Lock()
	keys := make([]string, 0, len(j.pending))
	for k := range j.pending {
		keys = append(keys, k)
	}
	j.mu.Unlock()
	if len(keys) == 0 {
		return
	}
	outs, err := j.store.Outcomes(ctx, keys)
	if err != nil {
		j.log.Warn("store check failed", "err", err)
		return
	}
	for k, o := range outs {
		if o.Status == pipeline.StatusFailed && !j.failureCounts(k, o.At) {
			continue
		}
		j.stored(ctx, pipeline.Stored{Key: k, Status: o.Status, Stage: o.Stage, Reason: o.Reason})
	}
}

// failureCounts reports whether a failure stored at at ends the inputs
// waiting on key.
func (j *Job) failureCounts(key string, at time.Time) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, t := range j.pending[key] {
		if t.dup || !at.Before(t.since.Add(-time.Second)) {
			return true
		}
	}
	return false
}

// Counts returns the counts so far.
func (j *Job) Counts() Counts {
	j.mu.Lock()
	defer j.mu.Unlock()
	c := j.counts
	c.Elapsed = time.Since(j.start)
	return c
}

// Close stops taking new work, lets the stages finish what they hold
// (or leave it for redelivery), drains the connection, closes the store
// and shuts the embedded server down.
func (j *Job) Close() error {
	if j.cancel != nil {
		j.cancel()
	}
	j.stages.Wait()
	var errs []error
	if j.nc != nil {
		if err := j.nc.Drain(); err != nil && !errors.Is(err, nats.ErrConnectionClosed) {
			errs = append(errs, err)
		}
		for i := 0; i < 100 && !j.nc.IsClosed(); i++ {
			time.Sleep(20 * time.Millisecond)
		}
		j.nc.Close()
	}
	if j.store != nil {
		if err := j.store.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	if j.srv != nil {
		j.srv.Shutdown()
	}
	if err := j.lock.Release(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
