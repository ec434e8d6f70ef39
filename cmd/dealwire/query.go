package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/extractors/content"
	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/datadir"
	"github.com/dealwire/dealwire/pipeline/store"
	"github.com/nats-io/nats.go/jetstream"
)

func cmdWatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("watch", "", `Prints deal events from the DEALS stream as they arrive: new ones only, or
from the start of the stream with --all.`, stderr)
	var (
		cf      commonFlags
		nf      natsFlags
		subject = fs.String("subject", pipeline.DealSubjectPrefix+">", "subject filter, e.g. 'deals.acquisition.>'")
		all     = fs.Bool("all", false, "start from the beginning of the stream")
		asJSON  = fs.Bool("json", false, "print events as JSON lines")
	)
	cf.register(fs)
	nf.register(fs, "NATS URL (default nats://127.0.0.1:4222)")
	nf.registerTimeout(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if !dealSubject(*subject) {
		return errUsage{fmt.Sprintf("subject %q matches no deal events: they are on %s<type>.<status>", *subject, pipeline.DealSubjectPrefix)}
	}
	log, err := cf.logger(stderr)
	if err != nil {
		return err
	}
	ctx, nc, js, err := dialStreams(ctx, &nf, "dealwire-watch", log)
	if err != nil {
		return err
	}
	defer nc.Close()
	cfg := jetstream.OrderedConsumerConfig{FilterSubjects: []string{*subject}, DeliverPolicy: jetstream.DeliverNewPolicy,
		InactiveThreshold: watchInactive}
	if *all {
		cfg.DeliverPolicy = jetstream.DeliverAllPolicy
	}
	cons, err := js.OrderedConsumer(ctx, pipeline.DealsStream, cfg)
	if err != nil {
		return fmt.Errorf("watch %s: %w", *subject, err)
	}
	it, err := cons.Messages()
	if err != nil {
		return err
	}
	go func() {
		<-ctx.Done()
		it.Stop()
	}()
	defer deleteConsumer(js, cons)
	out := newPrinter(stdout, stderr, *asJSON)
	for {
		msg, err := it.Next()
		if err != nil {
			if nc.IsClosed() {
				// The connection's closed handler may not have run yet.
				return connLost(nc)
			}
			if ctx.Err() == nil {
				return err
			}
			if err := stopped(ctx, nc); errors.Is(err, errConnLost) {
				return err
			}
			return nil
		}
		ev, err := pipeline.DecodeDealEvent(msg.Data())
		if err != nil {
			log.Warn("undecodable deal event", "subject", msg.Subject(), "err", err)
			continue
		}
		out.Deal(ev)
	}
}

// watchInactive is how long the server keeps a watch's consumer after its
// watcher went away without deleting it.
const watchInactive = 5 * time.Second

// deleteConsumer removes a watch's consumer as it exits.
func deleteConsumer(js jetstream.JetStream, cons jetstream.Consumer) {
	info := cons.CachedInfo()
	if info == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = js.DeleteConsumer(ctx, pipeline.DealsStream, info.Name)
}

// dealSubject reports whether a subject filter can match deal events,
// which are on deals.<type>.<status>.
func dealSubject(s string) bool {
	first, _, _ := strings.Cut(s, ".")
	return first == strings.TrimSuffix(pipeline.DealSubjectPrefix, ".") || first == "*" || first == ">"
}

func cmdDeals(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("deals", "", `Queries the consolidated deal records of the deal store: one record per deal,
with every article that reported it.`, stderr)
	var (
		dataDir = fs.String("data-dir", defaultDataDir, "data directory (the store is deals.db in it)")
		db      = fs.String("db", "", "deal store path (default DATA-DIR/deals.db)")
		company = fs.String("company", "", "only deals with this company (any of its names)")
		typ     = fs.String("type", "", "only deals of this type: "+strings.Join(extractors.DealTypes, ", "))
		status  = fs.String("status", "", "only deals with this status: "+strings.Join(extractors.DealStatuses, ", "))
		since   = fs.String("since", "", "only deals reported (published) on or after this date, YYYY-MM-DD; undated deals are left out")
		limit   = fs.Int("limit", 0, "at most this many records")
		asJSON  = fs.Bool("json", false, "print records as JSON lines")
	)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *typ != "" && !oneOf(*typ, extractors.DealTypes) {
		return errUsage{fmt.Sprintf("bad --type %q: want one of %s", *typ, strings.Join(extractors.DealTypes, ", "))}
	}
	if *status != "" && !oneOf(*status, extractors.DealStatuses) {
		return errUsage{fmt.Sprintf("bad --status %q: want one of %s", *status, strings.Join(extractors.DealStatuses, ", "))}
	}
	if *since != "" {
		if v := content.ParseDate(*since); v == "" {
			return errUsage{fmt.Sprintf("bad --since %q: want YYYY-MM-DD", *since)}
		} else {
			*since = v
		}
	}
	st, err := openStore(ctx, *dataDir, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	recs, err := st.Deals(ctx, store.Query{Company: *company, Type: *typ, Status: *status, Since: *since, Limit: *limit})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		for _, r := range recs {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	fmt.Fprintf(stdout, "%-20s  %-12s  %-7s  %-44s  %-24s  %s\n", "ID", "TYPE", "STATUS", "PARTIES", "TITLES", "SOURCES")
	for _, r := range recs {
		parties := make([]string, 0, len(r.Parties))
		for _, p := range r.Parties {
			parties = append(parties, p.Name)
		}
		titles := strings.Join(r.Titles, ", ")
		if titles == "" {
			titles = "-"
		}
		fmt.Fprintf(stdout, "%-20s  %-12s  %-7s  %-44s  %-24s  %d\n", r.ID, r.Type, r.Status,
			clip(strings.Join(parties, ", "), 44), clip(titles, 24), len(r.Sources))
	}
	fmt.Fprintln(stderr, plural(len(recs), "deal record"))
	return nil
}

// openStore opens an existing deal store for reading: read-only beside a
// process that owns its directory, else after migrating it if needed.
func openStore(ctx context.Context, dataDir, db string) (*store.Store, error) {
	dir, path := dataDir, db
	if path == "" {
		path = filepath.Join(dataDir, datadir.DealStore)
	} else {
		dir = filepath.Dir(path)
	}
	lock, err := datadir.TryExisting(dir, filepath.Base(path))
	var inUse *datadir.InUseError
	switch {
	case errors.As(err, &inUse):
		return store.OpenReadOnly(ctx, path)
	case err != nil:
		return nil, err
	}
	defer lock.Release()
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("no deal store in %s: %w", dir, err)
	}
	return store.Open(ctx, path)
}

func oneOf(s string, set []string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}
