package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/broker"
	"github.com/dealwire/dealwire/pipeline/fetch"
	"github.com/nats-io/nats.go"
)

// newFlags returns a flag set that prints its usage line and flags on
// --help.
func newFlags(name, args, about string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: dealwire %s [flags] %s\n\n%s\n\nFlags:\n", name, args, about)
		printDefaults(stderr, fs)
	}
	return fs
}

// printDefaults is flag.PrintDefaults with the --flag spelling that the
// usage line, the README and other tools use.
func printDefaults(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		prefix := "--"
		if len(f.Name) == 1 {
			prefix = "-"
		}
		line := "  " + prefix + f.Name
		if name != "" {
			line += " " + name
		}
		line += "\n    \t" + strings.ReplaceAll(usage, "\n", "\n    \t")
		if d := f.DefValue; d != "" && d != "0" && d != "false" && d != "0s" {
			if g, ok := f.Value.(flag.Getter); ok {
				if _, isString := g.Get().(string); isString {
					d = strconv.Quote(d)
				}
			}
			line += fmt.Sprintf(" (default %s)", d)
		}
		fmt.Fprintln(w, line)
	})
}

// parse parses flags placed before, between or after the arguments, as in
// "dealwire run a.html b.html --json". A lone "-" is an argument (stdin),
// and "--" ends the flags.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, errUsage{err.Error()} // flag has printed the usage
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// flag stops at "--" silently: everything after it is positional.
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// commonFlags are the logging flags every command takes.
type commonFlags struct {
	logLevel  string
	logFormat string
}

func (c *commonFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.logLevel, "log-level", "warn", "log level: debug, info, warn or error")
	fs.StringVar(&c.logFormat, "log-format", "text", "log format: text or json")
}

func (c *commonFlags) logger(stderr io.Writer) (*slog.Logger, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.logLevel)); err != nil {
		return nil, errUsage{fmt.Sprintf("bad --log-level %q", c.logLevel)}
	}
	opts := &slog.HandlerOptions{Level: lvl}
	switch c.logFormat {
	case "text":
		return slog.New(slog.NewTextHandler(stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(stderr, opts)), nil
	}
	return nil, errUsage{fmt.Sprintf("bad --log-format %q", c.logFormat)}
}

// natsFlags reach an external NATS server or cluster. Secrets can come from
// the environment (NATS_PASSWORD, NATS_TOKEN) so they stay out of process
// listings; their flag defaults are never printed.
type natsFlags struct {
	r broker.Remote
}

// registerTimeout adds --connect-timeout, which one-shot commands take:
// they give up when no NATS server answers within it.
func (n *natsFlags) registerTimeout(fs *flag.FlagSet) {
	fs.DurationVar(&n.r.GiveUp, "connect-timeout", defaultConnectTimeout, "give up when no NATS server answers within this time")
}

const defaultConnectTimeout = 10 * time.Second

// errConnLost ends a one-shot command whose NATS server went away for
// longer than --connect-timeout.
var errConnLost = errors.New("lost the NATS connection")

// dial connects a one-shot command. The returned context ends with
// errConnLost when the connection is lost for good, so that the command
// stops instead of waiting for a server that is gone.
func (n *natsFlags) dial(ctx context.Context, name string, log *slog.Logger) (context.Context, *nats.Conn, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	nc, err := n.connect(ctx, name, log, nats.ClosedHandler(func(*nats.Conn) { cancel(errConnLost) }))
	if err != nil {
		cancel(err)
		return nil, nil, err
	}
	return ctx, nc, nil
}

// stopped is the error of a command whose context ended: errConnLost
// with the connection's last error, or the context's own.
func stopped(ctx context.Context, nc *nats.Conn) error {
	if errors.Is(context.Cause(ctx), errConnLost) {
		return connLost(nc)
	}
	return ctx.Err()
}

// connLost is errConnLost with the connection's last error.
func connLost(nc *nats.Conn) error {
	if err := nc.LastError(); err != nil {
		return fmt.Errorf("%w: %v", errConnLost, err)
	}
	return errConnLost
}

func (n *natsFlags) register(fs *flag.FlagSet, urlHelp string) {
	fs.StringVar(&n.r.URL, "nats", "", urlHelp+" (env NATS_URL)")
	fs.StringVar(&n.r.Creds, "creds", os.Getenv("NATS_CREDS"), "NATS credentials file (env NATS_CREDS)")
	fs.StringVar(&n.r.NKey, "nkey", os.Getenv("NATS_NKEY"), "file holding an NKey seed (env NATS_NKEY)")
	fs.StringVar(&n.r.User, "user", os.Getenv("NATS_USER"), "NATS user (env NATS_USER)")
	fs.StringVar(&n.r.Password, "password", "", "NATS password (env NATS_PASSWORD)")
	fs.StringVar(&n.r.Token, "token", "", "NATS token (env NATS_TOKEN)")
	fs.StringVar(&n.r.CA, "tlsca", os.Getenv("NATS_CA"), "CA certificate to verify the server (env NATS_CA)")
	fs.StringVar(&n.r.Cert, "tlscert", os.Getenv("NATS_CERT"), "client certificate (env NATS_CERT)")
	fs.StringVar(&n.r.Key, "tlskey", os.Getenv("NATS_KEY"), "client key (env NATS_KEY)")
}

// remote returns the settings with the environment filled in. (The
// environment is not a flag default: a URL may hold a password, and
// defaults are printed by --help.)
func (n *natsFlags) remote() broker.Remote {
	r := n.r
	if r.URL == "" {
		r.URL = os.Getenv("NATS_URL")
	}
	if r.Password == "" {
		r.Password = os.Getenv("NATS_PASSWORD")
	}
	if r.Token == "" {
		r.Token = os.Getenv("NATS_TOKEN")
	}
	return r
}

// connect dials the configured NATS, defaulting to the local embedded
// server's address.
func (n *natsFlags) connect(ctx context.Context, name string, log *slog.Logger, extra ...nats.Option) (*nats.Conn, error) {
	r := n.remote()
	if r.URL == "" {
		r.URL = "nats://" + broker.DefaultListen
	}
	return broker.Connect(ctx, r, name, log, extra...)
}

// inputFlags read the inputs of run, fetch and parse: arguments, -i files
// and - for stdin.
type inputFlags struct{ lists listFlag }

func (in *inputFlags) register(fs *flag.FlagSet) {
	fs.Var(&in.lists, "i", "read inputs from `FILE`, one per line (repeatable; - for stdin)")
}

// parse parses the flags and gathers the inputs; having none is
// errNoInputs.
func (in *inputFlags) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	pos, err := parse(fs, args)
	if err != nil {
		return nil, err
	}
	return inputs(pos, in.lists, os.Stdin)
}

// errNoInputs is the usage error of a command given nothing to work on.
var errNoInputs = errUsage{"no inputs: give URLs or files, -i FILE, or - for stdin"}

// inputs gathers the inputs of a command: arguments, lines of -i files and
// of stdin for "-". Blank lines and #-comments are skipped. Having none is
// errNoInputs.
func inputs(args []string, lists []string, stdin io.Reader) ([]string, error) {
	var out []string
	read := func(r io.Reader, name string) error {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			out = append(out, line)
		}
		if err := sc.Err(); err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		return nil
	}
	for _, l := range lists {
		if l == "-" {
			if err := read(stdin, "stdin"); err != nil {
				return nil, err
			}
			continue
		}
		f, err := os.Open(l)
		if err != nil {
			return nil, err
		}
		err = read(f, l)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	for _, a := range args {
		if a == "-" {
			if err := read(stdin, "stdin"); err != nil {
				return nil, err
			}
			continue
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, errNoInputs
	}
	return out, nil
}

// feed sends the inputs on a channel, closed after the last one or when
// ctx ends.
func feed(ctx context.Context, ins []string) <-chan fetch.Input {
	ch := make(chan fetch.Input)
	go func() {
		defer close(ch)
		for _, s := range ins {
			select {
			case ch <- fetch.Input{Source: s}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// Default retention of raw articles: a month of pages, at most 2 GiB,
// which suits a laptop; 'dealwire extract --replay' works within it.
const (
	defaultRawMaxAge   = 30 * 24 * time.Hour
	defaultRawMaxBytes = 2 << 30
)

// streamFlags size the streams, for the commands that create or update
// them (run, fetch, extract, sink).
type streamFlags struct {
	replicas    int
	dupWindow   time.Duration
	rawMaxAge   time.Duration
	rawMaxBytes byteSize
}

func (s *streamFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&s.replicas, "replicas", 0, "JetStream replicas of the streams (default: as they are; 1 for new ones)")
	fs.DurationVar(&s.rawMaxAge, "raw-max-age", defaultRawMaxAge, "how long raw articles are kept for replays (0: as the stream is)")
	s.rawMaxBytes = defaultRawMaxBytes
	fs.Var(&s.rawMaxBytes, "raw-max-bytes", "most room raw articles take, e.g. 500MiB or 2GiB; when full, new pages are refused (0: as the stream is)")
}

// registerDupWindow adds --dup-window, which run takes.
func (s *streamFlags) registerDupWindow(fs *flag.FlagSet) {
	fs.DurationVar(&s.dupWindow, "dup-window", 0, "how long repeated pages are recognised as duplicates (default: as set; 2m for new streams)")
}

func (s *streamFlags) options() pipeline.StreamOptions {
	return pipeline.StreamOptions{Replicas: s.replicas, DuplicateWindow: s.dupWindow, RawMaxAge: s.rawMaxAge, RawMaxBytes: int64(s.rawMaxBytes)}
}

// byteSize is a flag holding a number of bytes, written with an optional
// unit: B, KiB, MiB, GiB, TiB (or KB, MB, GB, TB, as powers of 1000).
type byteSize int64

var byteUnits = []struct {
	suffix string
	n      int64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"B", 1},
}

func (b *byteSize) String() string {
	n := int64(*b)
	for _, u := range byteUnits[:4] {
		if n >= u.n && n%u.n == 0 && (n/u.n < 1024 || u.suffix == "TiB") {
			return strconv.FormatInt(n/u.n, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}

func (b *byteSize) Set(v string) error {
	v = strings.TrimSpace(v)
	mult := int64(1)
	for _, u := range byteUnits {
		if num, ok := strings.CutSuffix(v, u.suffix); ok {
			v, mult = strings.TrimSpace(num), u.n
			break
		}
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || n < 0 {
		return fmt.Errorf("bad size %q: want bytes, or a number with KiB, MiB, GiB or TiB", v)
	}
	*b = byteSize(n * float64(mult))
	return nil
}
