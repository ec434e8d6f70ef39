package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/broker"
	"github.com/dealwire/dealwire/pipeline/datadir"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

func cmdDLQ(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "list":
			return cmdDLQList(ctx, args[1:], stdout, stderr)
		case "replay":
			return cmdDLQReplay(ctx, args[1:], stdout, stderr)
		case "-h", "--help", "help":
			fmt.Fprint(stderr, dlqUsage)
			return flag.ErrHelp
		}
	}
	return errUsage{"want 'dlq list' or 'dlq replay'\n\n" + dlqUsage}
}

const dlqUsage = `Usage: dealwire dlq list|replay [flags]

  list     print the dead letters: what a stage gave up on, and why
  replay   resubmit dead letters: raw articles and results are published
           again, pages never fetched are fetched again

Run 'dealwire dlq <list|replay> --help' for their flags.
`

// dlqFlags select the NATS the DLQ is read from and the letters.
type dlqFlags struct {
	cf      commonFlags
	nf      natsFlags
	fs      *flag.FlagSet
	dataDir *string
	stage   *string
	seqs    *string
}

func (d *dlqFlags) register(fs *flag.FlagSet) {
	d.fs = fs
	d.cf.register(fs)
	d.nf.register(fs, "NATS URL (default: a dealwire serving on 127.0.0.1:4222, else the store of --data-dir)")
	d.nf.registerTimeout(fs)
	d.dataDir = fs.String("data-dir", defaultDataDir, "read the JetStream store of this data directory (no dealwire may be running on it)")
	d.stage = fs.String("stage", "", "only this stage's letters: fetch, extract or sink")
	d.seqs = fs.String("seq", "", "only these letters: comma-separated DLQ sequence numbers")
}

// letters returns the selected dead letters.
func (d *dlqFlags) letters(ctx context.Context, js jetstream.JetStream) ([]pipeline.Letter, error) {
	want := map[uint64]bool{}
	for _, s := range strings.Split(*d.seqs, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return nil, errUsage{fmt.Sprintf("bad --seq %q: want sequence numbers", s)}
		}
		want[n] = true
	}
	switch *d.stage {
	case "", pipeline.StageFetch, pipeline.StageExtract, pipeline.StageSink:
	default:
		return nil, errUsage{fmt.Sprintf("bad --stage %q: want fetch, extract or sink", *d.stage)}
	}
	all, err := pipeline.ReadDLQ(ctx, js, *d.stage, 0)
	if err != nil || len(want) == 0 {
		return all, err
	}
	var out []pipeline.Letter
	for _, l := range all {
		if want[l.Seq] {
			out = append(out, l)
		}
	}
	return out, nil
}

// open parses the flags and reads the selected dead letters. done ends
// the connection.
func (d *dlqFlags) open(ctx context.Context, args []string, stderr io.Writer) (js jetstream.JetStream, letters []pipeline.Letter, log *slog.Logger, done func(), err error) {
	if _, err := parse(d.fs, args); err != nil {
		return nil, nil, nil, nil, err
	}
	if log, err = d.cf.logger(stderr); err != nil {
		return nil, nil, nil, nil, err
	}
	if js, done, err = d.connect(ctx, log); err != nil {
		return nil, nil, nil, nil, err
	}
	if letters, err = d.letters(ctx, js); err != nil {
		done()
		return nil, nil, nil, nil, err
	}
	return js, letters, log, done, nil
}

// connect reaches the DLQ: the given NATS, the store of the given data
// directory, a dealwire serving on the default address, or else the store
// of the default data directory.
func (d *dlqFlags) connect(ctx context.Context, log *slog.Logger) (jetstream.JetStream, func(), error) {
	r := d.nf.remote()
	dirSet := false
	d.fs.Visit(func(f *flag.Flag) { dirSet = dirSet || f.Name == "data-dir" })
	if dirSet && r.URL == "" {
		return d.embedded(ctx, log)
	}
	var nc *nats.Conn
	var err error
	if r.URL != "" {
		r.GiveUp = d.nf.r.GiveUp
		nc, err = broker.Connect(ctx, r, "dealwire-dlq", log)
	} else {
		r.URL = "nats://" + broker.DefaultListen
		tctx, cancel := context.WithTimeout(ctx, time.Second)
		nc, err = broker.Connect(tctx, r, "dealwire-dlq", slog.New(slog.DiscardHandler))
		cancel()
		if err != nil {
			return d.embedded(ctx, log)
		}
	}
	if err != nil {
		return nil, nil, err
	}
	js, err := withStreams(ctx, nc, pipeline.StreamOptions{})
	if err != nil {
		return nil, nil, err
	}
	return js, func() { nc.Drain() }, nil
}

// embedded opens the JetStream store of an existing data directory that
// no process owns.
func (d *dlqFlags) embedded(ctx context.Context, log *slog.Logger) (jetstream.JetStream, func(), error) {
	lock, err := datadir.TryExisting(*d.dataDir, datadir.JetStreamDir)
	if err != nil {
		return nil, nil, err
	}
	srv, err := broker.Start(ctx, broker.Embedded{StoreDir: filepath.Join(*d.dataDir, datadir.JetStreamDir), Listen: "none", Logger: log})
	if err != nil {
		lock.Release()
		return nil, nil, err
	}
	stop := func() { srv.Shutdown(); lock.Release() }
	nc, err := srv.Connect("dealwire-dlq")
	if err != nil {
		stop()
		return nil, nil, err
	}
	js, err := withStreams(ctx, nc, pipeline.StreamOptions{})
	if err != nil {
		stop()
		return nil, nil, err
	}
	return js, func() { nc.Drain(); stop() }, nil
}

func cmdDLQList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("dlq list", "", `Prints the dead letters in the DLQ stream, oldest first: the messages a
stage gave up on, with the reason.`, stderr)
	var d dlqFlags
	d.register(fs)
	asJSON := fs.Bool("json", false, "print letters as JSON lines")
	_, letters, _, closeConn, err := d.open(ctx, args, stderr)
	if err != nil {
		return err
	}
	defer closeConn()
	enc := json.NewEncoder(stdout)
	if !*asJSON {
		fmt.Fprintf(stdout, "%-6s  %-7s  %-20s  %-4s  %-48s  %s\n", "SEQ", "STAGE", "FAILED AT", "TRIES", "SOURCE", "REASON")
	}
	for _, l := range letters {
		f := l.Failure
		if *asJSON {
			if err := enc.Encode(letterJSON{Seq: l.Seq, Stage: f.Stage, Key: f.Key, Source: f.Source, URL: f.URL,
				ArticleID: f.ArticleID, Reason: f.Reason, Deliveries: f.Deliveries, FailedAt: f.At, Subject: f.OrigSubject, Bytes: len(l.Body)}); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(stdout, "%-6d  %-7s  %-20s  %-4d  %-48s  %s\n", l.Seq, f.Stage, f.At.UTC().Format(time.DateTime),
			f.Deliveries, clip(f.Source, 48), clip(f.Reason, 120))
	}
	fmt.Fprintln(stderr, plural(len(letters), "dead letter"))
	return nil
}

// letterJSON is a dead letter as `dlq list --json` prints it.
type letterJSON struct {
	Seq        uint64    `json:"seq"`
	Stage      string    `json:"stage"`
	Key        string    `json:"key"`
	Source     string    `json:"source,omitempty"`
	URL        string    `json:"url,omitempty"`
	ArticleID  string    `json:"article_id,omitempty"`
	Reason     string    `json:"reason"`
	Deliveries int       `json:"deliveries,omitempty"`
	FailedAt   time.Time `json:"failed_at"`
	Subject    string    `json:"subject,omitempty"`
	Bytes      int       `json:"bytes"`
}

func cmdDLQReplay(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("dlq replay", "", `Resubmits dead letters (all, or those chosen by --stage and --seq): raw
articles and article results are published again on their original subject,
pages that were never fetched are fetched again. Each resubmitted letter is
removed from the DLQ; one that fails again comes back with its new reason.
What is resubmitted is processed by the stages attached to that NATS: a
'dealwire run --follow' on the same data directory, or 'dealwire extract'
and 'dealwire sink'. Without one running, start 'dealwire run --follow'
after the replay.`, stderr)
	var (
		d        dlqFlags
		ff       fetchFlags
		fetchers = fs.Int("fetchers", 4, "parallel fetches for pages fetched again")
	)
	d.register(fs)
	ff.register(fs)
	js, letters, log, closeConn, err := d.open(ctx, args, stderr)
	if err != nil {
		return err
	}
	defer closeConn()
	st, err := ff.stage(ctx, js, *fetchers, log)
	if err != nil {
		return err
	}
	failed := 0
	for _, l := range letters {
		err := pipeline.Resubmit(ctx, js, l)
		if errors.Is(err, pipeline.ErrRefetch) && l.Failure.Source != "" {
			o := st.One(ctx, l.Failure.Source)
			err = pipeline.Discard(ctx, js, l) // a new failure is a new letter
			if err == nil && o.Reason != "" {
				fmt.Fprintf(stdout, "failed again  %d  %s: %s\n", l.Seq, l.Failure.Source, o.Reason)
				failed++
				continue
			}
		}
		if err != nil {
			fmt.Fprintf(stdout, "not replayed  %d  %s: %v\n", l.Seq, l.Failure.Source, err)
			failed++
			continue
		}
		fmt.Fprintf(stdout, "resubmitted   %d  %s  %s\n", l.Seq, l.Failure.Stage, l.Failure.Source)
	}
	fmt.Fprintf(stderr, "%s resubmitted, %d not\n", plural(len(letters)-failed, "dead letter"), failed)
	if failed > 0 {
		return errFailed
	}
	return nil
}
