package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/dealwire/dealwire/pipeline/source"
)

func cmdSources(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "add", "list", "remove":
			return sourcesDo(ctx, args[0], args[1:], stdout, stderr)
		case "-h", "--help", "help":
			fmt.Fprint(stderr, sourcesUsage)
			return flag.ErrHelp
		}
	}
	return errUsage{"want 'sources add', 'sources list' or 'sources remove'\n\n" + sourcesUsage}
}

const sourcesUsage = `Usage: dealwire sources add|list|remove [flags] [URL ...]

  add URL ...      follow feeds and sitemaps (--every 15m): every 'run --follow'
                   and 'fetch --follow' on the same NATS polls them
  list             the followed sources, with their last success and error
  remove URL ...   stop following sources

Run 'dealwire sources <add|list|remove> --help' for their flags.
`

// sourcesDo runs one of the sources subcommands against a running NATS.
func sourcesDo(ctx context.Context, verb string, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sources "+verb, "URL ...", "Manages the followed sources, kept in the "+source.Bucket+" bucket of a running NATS.", stderr)
	var (
		cf     commonFlags
		nf     natsFlags
		every  = fs.Duration("every", source.DefaultEvery, "add: how often the sources are polled")
		asJSON = fs.Bool("json", false, "list: print the sources as JSON lines")
	)
	cf.register(fs)
	nf.register(fs, "NATS URL (default nats://127.0.0.1:4222)")
	nf.registerTimeout(fs)
	urls, err := parse(fs, args)
	if err != nil {
		return err
	}
	if verb != "list" && len(urls) == 0 {
		return errUsage{"no sources: give feed or sitemap URLs"}
	}
	if *every <= 0 {
		return errUsage{"--every must be positive"}
	}
	for _, u := range urls {
		if err := source.CheckURL(u); err != nil {
			return errUsage{err.Error()}
		}
	}
	log, err := cf.logger(stderr)
	if err != nil {
		return err
	}
	ctx, nc, js, err := dialStreams(ctx, &nf, "dealwire-sources", log)
	if err != nil {
		return err
	}
	defer nc.Close()
	reg, err := source.Open(ctx, js)
	if err != nil {
		return err
	}
	switch verb {
	case "add":
		for _, u := range urls {
			added, err := reg.Add(ctx, u, *every, time.Time{})
			if err != nil {
				return err
			}
			what := "following"
			if !added {
				what = "updated  "
			}
			fmt.Fprintf(stdout, "%s  %s  every %s\n", what, u, *every)
		}
	case "remove":
		for _, u := range urls {
			if err := reg.Remove(ctx, u); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "removed  %s\n", u)
		}
	case "list":
		list, err := reg.List(ctx)
		if err != nil {
			return err
		}
		printSources(stdout, list, *asJSON)
	}
	return nil
}

func printSources(w io.Writer, list []source.Record, asJSON bool) {
	if asJSON {
		enc := json.NewEncoder(w)
		for _, r := range list {
			enc.Encode(r)
		}
		return
	}
	fmt.Fprintf(w, "%-8s  %-20s  %-20s  %-7s  %-50s  %s\n", "EVERY", "LAST SUCCESS", "NEXT POLL", "ENTRIES", "SOURCE", "LAST ERROR")
	for _, r := range list {
		lastErr := "-"
		if r.LastError != "" && r.Failures > 0 {
			lastErr = r.LastErrorAt.Format(time.DateTime) + " " + r.LastError
		}
		fmt.Fprintf(w, "%-8s  %-20s  %-20s  %-7d  %-50s  %s\n", r.Every, stamp(r.LastSuccess), stamp(r.Next), r.Entries, r.URL, lastErr)
	}
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.DateTime)
}
