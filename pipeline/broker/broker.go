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
	ns.SetLoggerV2(slogAdapter{log.With("component", "nats-server")}, false, false, false)
	go ns.Start()
	deadline := 30 * time.Second
	if d, ok := ctx.Deadline(); ok {
		deadline = time.Until(d)
	}
	if !ns.ReadyForConnections(deadline) {
		ns.Shutdown()
		return nil, fmt.Errorf("embedded server: not ready after %s (is %s already in use?)", deadline, listen)
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
}

// Connect opens a connection to the remote servers. It retries the first
// connection until ctx is done, and reconnects without limit afterwards.
func Connect(ctx context.Context, r Remote, name string, log *slog.Logger) (*nats.Conn, error) {
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
			return nil, fmt.Errorf("connect to %s: %w", redactURL(r.URL), lastErr)
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

func connOptions(name string, log *slog.Logger) []nats.Option {
	return []nats.Option{
		nats.Name(name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
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

type slogAdapter struct{ l *slog.Logger }

func (a slogAdapter) Noticef(f string, v ...any) { a.l.Info(fmt.Sprintf(f, v...)) }
func (a slogAdapter) Warnf(f string, v ...any)   { a.l.Warn(fmt.Sprintf(f, v...)) }
func (a slogAdapter) Fatalf(f string, v ...any)  { a.l.Error(fmt.Sprintf(f, v...)) }
func (a slogAdapter) Errorf(f string, v ...any)  { a.l.Error(fmt.Sprintf(f, v...)) }
func (a slogAdapter) Debugf(f string, v ...any)  { a.l.Debug(fmt.Sprintf(f, v...)) }
func (a slogAdapter) Tracef(f string, v ...any) {
	a.l.Log(context.Background(), slog.LevelDebug-4, fmt.Sprintf(f, v...))
}
