package fetch

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/dealwire/dealwire/pipeline/source"
)

// Poller polls the followed sources when they are due, with conditional
// GETs, and sends their new entries to the stage. Several pollers (one
// per process) share the sources: each due source is polled by one.
type Poller struct {
	Stage   *Stage
	Sources *source.Registry
	// Tick is how often due sources are looked for (a second by default).
	Tick time.Duration
	// Parallel bounds the sources polled at once (4 by default).
	Parallel int
}

// lease is how long a claimed source is left to its poller.
const lease = 2 * time.Minute

// Run polls until ctx ends, sending inputs to out; it returns when its
// polls have finished.
func (p *Poller) Run(ctx context.Context, out chan<- Input) {
	tick := p.Tick
	if tick <= 0 {
		tick = time.Second
	}
	sem := make(chan struct{}, max(p.Parallel, 4))
	var wg sync.WaitGroup
	defer wg.Wait()
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		due, err := p.Sources.Claim(ctx, time.Now(), lease)
		if err != nil && ctx.Err() == nil {
			p.log().Warn("cannot read the followed sources", "err", err)
		}
		for _, rec := range due {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				p.poll(ctx, rec, out)
			}()
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// poll polls one source and records how it went.
func (p *Poller) poll(ctx context.Context, rec source.Record, out chan<- Input) {
	rec.LastPoll = time.Now().UTC()
	more, err := p.list(ctx, &rec)
	if ctx.Err() != nil {
		return // stopped: the lease runs out and another poll will come
	}
	if err != nil {
		rec.Failures++
		rec.LastError, rec.LastErrorAt = err.Error(), rec.LastPoll
		p.log().Warn("source poll failed", "source", rec.URL, "reason", rec.LastError, "failures", rec.Failures)
	} else {
		rec.Failures, rec.LastSuccess = 0, rec.LastPoll
	}
	for _, in := range more {
		select {
		case out <- in:
		case <-ctx.Done():
			return
		}
	}
	if err := p.Sources.Report(context.WithoutCancel(ctx), rec); err != nil {
		p.log().Warn("cannot record a source's poll", "source", rec.URL, "err", err)
	}
}

// list fetches the source (unless unchanged) and returns its new inputs.
func (p *Poller) list(ctx context.Context, rec *source.Record) ([]Input, error) {
	res, err := p.Stage.Fetcher.Get(ctx, rec.URL, Validators{ETag: rec.ETag, LastModified: rec.LastModified})
	if err != nil {
		return nil, err
	}
	if res.NotModified {
		rec.New = 0
		return nil, nil
	}
	l, err := source.Parse(res.FinalURL, res.Body)
	if err != nil {
		return nil, err
	}
	more := p.Stage.expand(ctx, Input{Source: rec.URL}, res.FinalURL, l)
	rec.ETag, rec.LastModified = res.ETag, res.LastModified
	rec.Entries, rec.New = len(l.Entries)+len(l.Sitemaps), len(more)
	return more, nil
}

func (p *Poller) log() *slog.Logger { return p.Stage.log() }
