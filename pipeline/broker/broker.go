// Package broker gives the stages their NATS connection: an embedded
// nats-server with JetStream on a file store, or any NATS server or cluster
// reached by URL with the usual credentials.
package broker

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// DefaultListen is where the embedded server listens unless told otherwise:
// loopback only.
const DefaultListen = "127.0.0.1:4222"

// DefaultMaxPayload is the embedded server's max_payload. Raw pages are
// gzipped, so it fits a 10 MB page with room to spare.
const DefaultMaxPayload = 8 << 20

// Embedded configures the embedded server.
type Embedded struct {
	// StoreDir holds the JetStream file store.
	StoreDir string
	// Listen is host:port for clients; port 0 picks a free port and "none"
	// accepts in-process connections only.
	Listen string
	// MaxPayload bounds one message; DefaultMaxPayload when zero.
	MaxPayload int32
	// Token, or User and Password, require clients to authenticate.
	Token          string
	User, Password string
	Logger         *slog.Logger
}

// Server is a running embedded nats-server.
type Server struct {
	ns   *server.Server
	log  *slog.Logger
	auth []nats.Option // what its own in-process clients present
}

// Start starts the embedded server and waits until it accepts connections.
func Start(ctx context.Context, cfg Embedded) (*Server, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	if cfg.StoreDir == "" {
		return nil, errors.New("embedded server: no store directory")
	}
	if cfg.Password != "" && cfg.User == "" {
		// nats-server would ignore the password and require nothing.
		return nil, errors.New("embedded server: a password needs a user")
	}
	if err := os.MkdirAll(cfg.StoreDir, 0o755); err != nil {
		return nil, fmt.Errorf("embedded server: %w", err)
	}
	opts := &server.Options{
		ServerName:    "dealwire",
		JetStream:     true,
		StoreDir:      cfg.StoreDir,
		MaxPayload:    cfg.MaxPayload,
		NoSigs:        true,
		Authorization: cfg.Token,
		Username:      cfg.User,
		Password:      cfg.Password,
	}
	if opts.MaxPayload == 0 {
		opts.MaxPayload = DefaultMaxPayload
	}
	listen := cfg.Listen
	if listen == "" {
		listen = DefaultListen
	}
	if listen == "none" {
		opts.DontListen = true
	} else {
		host, port, err := net.SplitHostPort(listen)
		if err != nil {
			return nil, fmt.Errorf("embedded server: bad listen address %q: %w", listen, err)
		}
		p, err := strconv.Atoi(port)
		if err != nil || p < 0 || p > 65535 {
			return nil, fmt.Errorf("embedded server: bad listen port %q", port)
		}
		if p == 0 {
			p = server.RANDOM_PORT
		}
		opts.Host, opts.Port = host, p
		if !isLoopback(host) && cfg.Token == "" && cfg.User == "" {
			log.Warn("embedded NATS server listens on a non-loopback address without authentication; anyone who can reach it can read and publish", "listen", listen)
		}
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("embedded server: %w", err)
	}
	fatal := make(chan string, 1)
	ns.SetLoggerV2(slogAdapter{l: log.With("component", "nats-server"), fatal: fatal}, false, false, false)
	go ns.Start()
	if err := waitReady(ctx, ns, fatal); err != nil {
		ns.Shutdown()
		return nil, fmt.Errorf("embedded server: %w", err)
	}
	srv := &Server{ns: ns, log: log}
	if cfg.Token != "" {
		srv.auth = append(srv.auth, nats.Token(cfg.Token))
	}
	if cfg.User != "" {
		srv.auth = append(srv.auth, nats.UserInfo(cfg.User, cfg.Password))
	}
	return srv, nil
}

// startTimeout bounds how long the embedded server may take to start.
const startTimeout = 30 * time.Second

// waitReady waits until ns accepts connections. It returns at once when
// the server reports a fatal error (its port is in use) or ctx ends.
func waitReady(ctx context.Context, ns *server.Server, fatal <-chan string) error {
	deadline := time.Now().Add(startTimeout)
	for !ns.ReadyForConnections(50 * time.Millisecond) {
		select {
		case msg := <-fatal:
			return errors.New(msg)
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not ready after %s", startTimeout)
		}
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ClientURL is the URL other processes use to reach the server, or "" when
// it does not listen.
func (s *Server) ClientURL() string {
	if s.ns.Addr() == nil {
		return ""
	}
	return s.ns.ClientURL()
}

// Connect opens an in-process connection to the server.
func (s *Server) Connect(name string, extra ...nats.Option) (*nats.Conn, error) {
	opts := append([]nats.Option{nats.InProcessServer(s.ns)}, connOptions(name, s.log)...)
	opts = append(opts, s.auth...)
	opts = append(opts, extra...)
	nc, err := nats.Connect("", opts...)
	if err != nil {
		return nil, fmt.Errorf("connect to embedded server: %w", err)
	}
	return nc, nil
}

// Shutdown stops the server and waits until it has flushed its store.
func (s *Server) Shutdown() {
	s.ns.Shutdown()
	s.ns.WaitForShutdown()
}

// Remote configures a connection to an external NATS server or cluster.
// The zero value of every credential means "not used".
type Remote struct {
	// URL is one or more comma-separated server URLs.
	URL string
	// Creds is a credentials file (JWT and NKey seed).
	Creds string
	// NKey is a file holding an NKey seed.
	NKey string
	// User and Password, or Token, authenticate without a file.
	User, Password string
	Token          string
	// CA verifies the server; Cert and Key authenticate the client by TLS.
	CA, Cert, Key string
	// GiveUp, for one-shot commands, bounds the first connection and any
	// reconnection: after that long without a server, Connect fails or the
	// connection closes. Zero retries for as long as ctx lasts.
	GiveUp time.Duration
}

// Connect opens a connection to the remote servers. It retries the first
// connection until ctx is done, and reconnects without limit afterwards.
func Connect(ctx context.Context, r Remote, name string, log *slog.Logger, extra ...nats.Option) (*nats.Conn, error) {
	if log == nil {
		log = slog.Default()
	}
	if r.URL == "" {
		return nil, errors.New("no NATS URL")
	}
	if err := checkURLs(r.URL); err != nil {
		return nil, err
	}
	opts := connOptions(name, log)
	if r.Creds != "" {
		opts = append(opts, nats.UserCredentials(r.Creds))
	}
	if r.NKey != "" {
		o, err := nats.NkeyOptionFromSeed(r.NKey)
		if err != nil {
			return nil, fmt.Errorf("nkey: %w", err)
		}
		opts = append(opts, o)
	}
	if r.User != "" || r.Password != "" {
		opts = append(opts, nats.UserInfo(r.User, r.Password))
	}
	if r.Token != "" {
		opts = append(opts, nats.Token(r.Token))
	}
	if r.CA != "" {
		opts = append(opts, nats.RootCAs(r.CA))
	}
	if r.Cert != "" || r.Key != "" {
		if r.Cert == "" || r.Key == "" {
			return nil, errors.New("TLS client authentication needs both a certificate and a key")
		}
		opts = append(opts, nats.ClientCert(r.Cert, r.Key))
	}
	opts = append(opts, nats.RetryOnFailedConnect(false))
	if r.GiveUp > 0 {
		opts = append(opts, nats.MaxReconnects(max(1, int(r.GiveUp/reconnectWait))))
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, r.GiveUp, fmt.Errorf("no NATS server after %s", r.GiveUp))
		defer cancel()
	}
	opts = append(opts, extra...)
	// Options read the CA and the client certificate: a missing or bad file
	// fails here, once, rather than on every attempt.
	probe := nats.GetDefaultOptions()
	for _, o := range opts {
		if err := o(&probe); err != nil {
			return nil, err
		}
	}
	var lastErr error
	for attempt := 0; ; attempt++ {
		nc, err := nats.Connect(r.URL, opts...)
		if err == nil {
			return nc, nil
		}
		lastErr = err
		if permanent(err) {
			return nil, fmt.Errorf("connect to %s: %w", redactURL(r.URL), err)
		}
		log.Warn("cannot reach NATS, retrying", "url", redactURL(r.URL), "err", err)
		select {
		case <-ctx.Done():
			if cause := context.Cause(ctx); !errors.Is(cause, ctx.Err()) {
				return nil, fmt.Errorf("cannot reach NATS at %s: %w (%v)", redactURL(r.URL), cause, lastErr)
			}
			return nil, fmt.Errorf("connect to %s: %w (%v)", redactURL(r.URL), ctx.Err(), lastErr)
		case <-time.After(backoff(attempt)):
		}
	}
}

// permanent reports a connection error that retrying cannot fix: refused
// credentials, an unreadable credentials file, a server certificate that
// does not verify.
func permanent(err error) bool {
	var cert *tls.CertificateVerificationError
	return isAuthError(err) || errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) ||
		errors.As(err, &cert)
}

func isAuthError(err error) bool {
	return errors.Is(err, nats.ErrAuthorization) || errors.Is(err, nats.ErrAuthExpired) ||
		errors.Is(err, nats.ErrAuthRevoked) || errors.Is(err, nats.ErrNkeysNotSupported)
}

func backoff(attempt int) time.Duration {
	d := 250 * time.Millisecond << min(attempt, 5)
	return min(d, 5*time.Second)
}

// reconnectWait is the pause between two reconnection attempts.
const reconnectWait = time.Second

func connOptions(name string, log *slog.Logger) []nats.Option {
	return []nats.Option{
		nats.Name(name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(reconnectWait),
		nats.ReconnectBufSize(64 << 20),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("NATS disconnected", "err", err)
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) {
			log.Info("NATS reconnected", "url", redactURL(nc.ConnectedUrl()))
		}),
		nats.ErrorHandler(func(_ *nats.Conn, sub *nats.Subscription, err error) {
			subj := ""
			if sub != nil {
				subj = sub.Subject
			}
			log.Error("NATS async error", "subject", subj, "err", err)
		}),
	}
}

// redactURL hides passwords and tokens embedded in server URLs, whether
// or not they parse: everything before the last '@' of a URL but its scheme
// and user name.
func redactURL(urls string) string {
	parts := strings.Split(urls, ",")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		scheme, rest, ok := strings.Cut(p, "://")
		if !ok {
			scheme, rest = "", p
		} else {
			scheme += "://"
		}
		at := strings.LastIndex(rest, "@")
		if at < 0 {
			parts[i] = p
			continue
		}
		if user, _, ok := strings.Cut(rest[:at], ":"); ok {
			parts[i] = scheme + user + ":redacted" + rest[at:]
		} else {
			parts[i] = scheme + "redacted" + rest[at:]
		}
	}
	return strings.Join(parts, ",")
}

// checkURLs rejects server URLs that do not parse, as nats.go would, but
// without its error, which quotes the URL and so its password.
func checkURLs(urls string) error {
	for _, p := range strings.Split(urls, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		s := p
		if !strings.Contains(s, "://") {
			s = "nats://" + s
		}
		_, err := url.Parse(s)
		var ue *url.Error
		switch {
		case err == nil:
		case !strings.Contains(p, "@") && errors.As(err, &ue):
			return fmt.Errorf("bad NATS URL %q: %w", p, ue.Err)
		default:
			return fmt.Errorf("bad NATS URL %q", redactURL(p))
		}
	}
	return nil
}

// slogAdapter logs for nats-server. A fatal error (a port in use) goes to
// fatal, for Start to return, rather than to the log.
type slogAdapter struct {
	l     *slog.Logger
	fatal chan<- string
}

func (a slogAdapter) Noticef(f string, v ...any) { a.l.Info(fmt.Sprintf(f, v...)) }
func (a slogAdapter) Warnf(f string, v ...any)   { a.l.Warn(fmt.Sprintf(f, v...)) }
func (a slogAdapter) Fatalf(f string, v ...any) {
	msg := fmt.Sprintf(f, v...)
	select {
	case a.fatal <- msg:
	default:
		a.l.Error(msg)
	}
}
func (a slogAdapter) Errorf(f string, v ...any) { a.l.Error(fmt.Sprintf(f, v...)) }
func (a slogAdapter) Debugf(f string, v ...any) { a.l.Debug(fmt.Sprintf(f, v...)) }
func (a slogAdapter) Tracef(f string, v ...any) {
	a.l.Log(context.Background(), slog.LevelDebug-4, fmt.Sprintf(f, v...))
}
