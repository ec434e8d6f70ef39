// Command dealwire turns news articles into deal records: it fetches pages,
// publishes them to NATS JetStream, extracts companies, titles, people,
// dates, figures and deals, stores consolidated deal records and publishes
// deal events.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/dealwire/dealwire/pipeline/datadir"
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands = []command{
	{"run", "fetch, extract and store pages in one process (the main job)", cmdRun},
	{"fetch", "fetch pages and publish raw articles to a running NATS", cmdFetch},
	{"extract", "run extractor workers against NATS", cmdExtract},
	{"sink", "store article results and deal records from NATS", cmdSink},
	{"watch", "print deal events as they arrive", cmdWatch},
	{"deals", "query the consolidated deal records", cmdDeals},
	{"serve", "serve the deal records over HTTP: JSON API and pages", cmdServe},
	{"dlq", "list and replay dead letters", cmdDLQ},
	{"sources", "follow feeds and sitemaps: add, list, remove", cmdSources},
	{"parse", "print the article result of pages, without NATS", cmdParse},
	{"eval", "score the extractor on pages against gold files", cmdEval},
	{"train", "train the deal decisions on an annotated corpus", cmdTrain},
	{"version", "print the version", cmdVersion},
}

// errFailed is returned by a command that ran but had failures: exit 1
// without a further message.
var errFailed = errors.New("some inputs failed")

// errUsage marks a usage error: exit 2.
type errUsage struct{ msg string }

func (e errUsage) Error() string { return e.msg }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		args[0] = "version"
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
		var ue errUsage
		var inUse *datadir.InUseError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &ue) || errors.As(err, &inUse):
			fmt.Fprintf(stderr, "dealwire %s: %v\n", c.name, err)
			return 2
		case errors.Is(err, errFailed):
			return 1
		case errors.Is(err, context.Canceled):
			return 130
		}
		fmt.Fprintf(stderr, "dealwire %s: %v\n", c.name, err)
		return 1
	}
	fmt.Fprintf(stderr, "dealwire: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: dealwire <command> [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'dealwire <command> --help' for a command's flags, 'dealwire --version' for the version.")
}
