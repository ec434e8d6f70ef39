package broker

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
)

// syncBuffer collects log output written from the client's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// captureLog returns a logger that keeps every level, traces included.
func captureLog() (*slog.Logger, *syncBuffer) {
	buf := &syncBuffer{}
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug - 4})), buf
}

// secret returns a fresh, recognisable secret.
func secret(kind string) string { return kind + "-" + rand.Text() }

// startNATS runs a real nats-server with JetStream on a random loopback
// port and returns it and its client URL.
func startNATS(t *testing.T, opts *server.Options) (*server.Server, string) {
	t.Helper()
	opts.Host = "127.0.0.1"
	if opts.Port == 0 {
		opts.Port = server.RANDOM_PORT
	}
	opts.JetStream = true
	if opts.StoreDir == "" {
		opts.StoreDir = t.TempDir()
	}
	opts.NoLog, opts.NoSigs = true, true
	ns, err := server.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		ns.Shutdown()
		t.Fatal("nats-server not ready")
	}
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	return ns, "nats://" + ns.Addr().String()
}

// withUserinfo puts userinfo ("user:password" or a token) into a URL.
func withUserinfo(u, userinfo string) string {
	return strings.Replace(u, "://", "://"+userinfo+"@", 1)
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// roundTrip proves the connection works: a core request-reply round trip
// and a JetStream publish acknowledged by a stream.
func roundTrip(t *testing.T, nc *nats.Conn) {
	t.Helper()
	sub, err := nc.SubscribeSync("auth.ping")
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()
	if err := nc.Publish("auth.ping", []byte("ping")); err != nil {
		t.Fatal(err)
	}
	if m, err := sub.NextMsg(5 * time.Second); err != nil || string(m.Data) != "ping" {
		t.Fatalf("pub/sub round trip: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{Name: "AUTH", Subjects: []string{"auth.js.>"}}); err != nil {
		t.Fatalf("create stream: %v", err)
	}
	ack, err := js.Publish(ctx, "auth.js.x", []byte("x"))
	if err != nil || ack.Stream != "AUTH" {
		t.Fatalf("JetStream publish: %v", err)
	}
}

// How a connection attempt must end.
type outcome int

const (
	connects outcome = iota
	// denied: the server rejects the credentials; an auth error at once.
	denied
	// refused: the settings cannot work (a missing file, a server
	// certificate that does not verify); an error at once.
	refused
	// bounded: a TLS failure the client cannot tell from a transient one;
	// it is retried, but only until the context ends.
	bounded
)

type attempt struct {
	name   string
	want   outcome
	remote func(url string) Remote
}

type authSetup struct {
	opts     *server.Options
	attempts []attempt
	// secrets must appear in no log line and no error.
	secrets []string
}

// TestConnectAuth runs broker.Connect against a real nats-server that
// requires one authentication method per case: the right credentials
// connect and can use JetStream, wrong or missing ones fail fast, and no
// secret reaches the logs or the errors.
func TestConnectAuth(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T) authSetup
	}{
		{"token", setupToken},
		{"user-password", setupUserPassword},
		{"nkey", setupNKey},
		{"creds", setupCreds},
		{"tls", setupTLS},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.setup(t)
			_, url := startNATS(t, s.opts)
			log, buf := captureLog()
			for _, a := range s.attempts {
				t.Run(a.name, func(t *testing.T) {
					timeout := 30 * time.Second
					if a.want == bounded {
						timeout = 2 * time.Second
					}
					ctx, cancel := context.WithTimeout(context.Background(), timeout)
					defer cancel()
					start := time.Now()
					nc, err := Connect(ctx, a.remote(url), "auth-test", log)
					took := time.Since(start)
					if err == nil {
						defer nc.Close()
					}
					switch a.want {
					case connects:
						if err != nil {
							t.Fatalf("connect: %v", err)
						}
						roundTrip(t, nc)
					case denied, refused:
						if err == nil {
							t.Fatal("connected")
						}
						if a.want == denied && !isAuthError(err) {
							t.Errorf("error %q is not an auth error", err)
						}
						if !permanent(err) {
							t.Errorf("error %q is not a refusal", err)
						}
						if took > 5*time.Second {
							t.Errorf("refused after %s: retried", took)
						}
					case bounded:
						if err == nil {
							t.Fatal("connected")
						}
						if took > timeout+3*time.Second {
							t.Errorf("failed after %s, past the %s context", took, timeout)
						}
					}
					if err != nil {
						for _, sec := range s.secrets {
							if strings.Contains(err.Error(), sec) {
								t.Errorf("error %q shows secret %q", err, sec)
							}
						}
					}
				})
			}
			logs := buf.String()
			for _, sec := range s.secrets {
				if strings.Contains(logs, sec) {
					t.Errorf("log shows secret %q:\n%s", sec, logs)
				}
			}
		})
	}
}

func setupToken(t *testing.T) authSetup {
	tok, wrong := secret("tok"), secret("tok")
	return authSetup{
		opts: &server.Options{Authorization: tok},
		attempts: []attempt{
			{"right", connects, func(u string) Remote { return Remote{URL: u, Token: tok} }},
			{"in URL", connects, func(u string) Remote { return Remote{URL: withUserinfo(u, tok)} }},
			{"wrong", denied, func(u string) Remote { return Remote{URL: u, Token: wrong} }},
			{"wrong in URL", denied, func(u string) Remote { return Remote{URL: withUserinfo(u, wrong)} }},
			{"missing", denied, func(u string) Remote { return Remote{URL: u} }},
		},
		secrets: []string{tok, wrong},
	}
}

func setupUserPassword(t *testing.T) authSetup {
	pw, wrong := secret("pw"), secret("pw")
	return authSetup{
		opts: &server.Options{Users: []*server.User{{Username: "alice", Password: pw}}},
		attempts: []attempt{
			{"right", connects, func(u string) Remote { return Remote{URL: u, User: "alice", Password: pw} }},
			{"in URL", connects, func(u string) Remote { return Remote{URL: withUserinfo(u, "alice:"+pw)} }},
			{"wrong password", denied, func(u string) Remote { return Remote{URL: u, User: "alice", Password: wrong} }},
			{"wrong password in URL", denied, func(u string) Remote { return Remote{URL: withUserinfo(u, "alice:"+wrong)} }},
			{"wrong user", denied, func(u string) Remote { return Remote{URL: u, User: "bob", Password: pw} }},
			{"missing", denied, func(u string) Remote { return Remote{URL: u} }},
		},
		secrets: []string{pw, wrong},
	}
}

func newUserKey(t *testing.T) (pub string, seed []byte) {
	t.Helper()
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	pub, err = kp.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	seed, err = kp.Seed()
	if err != nil {
		t.Fatal(err)
	}
	return pub, seed
}

func setupNKey(t *testing.T) authSetup {
	pub, seed := newUserKey(t)
	_, other := newUserKey(t)
	good := writeFile(t, "user.nk", seed)
	wrong := writeFile(t, "other.nk", other)
	return authSetup{
		opts: &server.Options{Nkeys: []*server.NkeyUser{{Nkey: pub}}},
		attempts: []attempt{
			{"right", connects, func(u string) Remote { return Remote{URL: u, NKey: good} }},
			{"unknown key", denied, func(u string) Remote { return Remote{URL: u, NKey: wrong} }},
			{"missing", denied, func(u string) Remote { return Remote{URL: u} }},
		},
		secrets: []string{string(seed), string(other)},
	}
}

// setupCreds runs the server in operator (JWT) mode: an operator trusts an
// account, preloaded in a memory resolver, whose user holds a creds file.
func setupCreds(t *testing.T) authSetup {
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	okp, err := nkeys.CreateOperator()
	must(err)
	opub, err := okp.PublicKey()
	must(err)
	account := func(name string, js bool) (nkeys.KeyPair, string, string) {
		akp, err := nkeys.CreateAccount()
		must(err)
		apub, err := akp.PublicKey()
		must(err)
		ac := jwt.NewAccountClaims(apub)
		ac.Name = name
		if js {
			ac.Limits.JetStreamLimits = jwt.JetStreamLimits{MemoryStorage: -1, DiskStorage: -1, Streams: -1, Consumer: -1}
		}
		ajwt, err := ac.Encode(okp)
		must(err)
		return akp, apub, ajwt
	}
	// JetStream needs a system account.
	_, sysPub, sysJWT := account("SYS", false)
	oc := jwt.NewOperatorClaims(opub)
	oc.Name = "test-operator"
	oc.SystemAccount = sysPub
	ojwt, err := oc.Encode(okp)
	must(err)
	oc, err = jwt.DecodeOperatorClaims(ojwt)
	must(err)
	creds := func(akp nkeys.KeyPair, expires int64) ([]byte, string) {
		upub, seed := newUserKey(t)
		uc := jwt.NewUserClaims(upub)
		uc.Expires = expires
		ujwt, err := uc.Encode(akp)
		must(err)
		b, err := jwt.FormatUserConfig(ujwt, seed)
		must(err)
		return seed, writeFile(t, "user-"+rand.Text()+".creds", b)
	}
	akp, apub, ajwt := account("dealwire", true)
	strangerKP, _, _ := account("stranger", true) // signed by the operator, unknown to the server
	resolver := &server.MemAccResolver{}
	must(resolver.Store(sysPub, sysJWT))
	must(resolver.Store(apub, ajwt))

	seed, good := creds(akp, 0)
	strangerSeed, stranger := creds(strangerKP, 0)
	expiredSeed, expired := creds(akp, time.Now().Add(-time.Hour).Unix())
	return authSetup{
		opts: &server.Options{TrustedOperators: []*jwt.OperatorClaims{oc}, AccountResolver: resolver, SystemAccount: sysPub},
		attempts: []attempt{
			{"right", connects, func(u string) Remote { return Remote{URL: u, Creds: good} }},
			{"unknown account", denied, func(u string) Remote { return Remote{URL: u, Creds: stranger} }},
			{"expired", denied, func(u string) Remote { return Remote{URL: u, Creds: expired} }},
			{"missing file", refused, func(u string) Remote { return Remote{URL: u, Creds: filepath.Join(t.TempDir(), "nope.creds")} }},
			{"missing", denied, func(u string) Remote { return Remote{URL: u} }},
		},
		secrets: []string{string(seed), string(strangerSeed), string(expiredSeed)},
	}
}

// testCA is a certificate authority made up for one test.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	path string // PEM file
}

func newTestCA(t *testing.T, name string) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, name+".pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	return &testCA{cert: cert, key: key, path: path}
}

// issue signs a server certificate for 127.0.0.1 or a client certificate,
// and returns its certificate and key files and the key's PEM body.
func (ca *testCA) issue(t *testing.T, name string, usage x509.ExtKeyUsage) (certFile, keyFile, keyPEM string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{usage},
	}
	if usage == x509.ExtKeyUsageServerAuth {
		tmpl.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1)}
		tmpl.DNSNames = []string{"localhost"}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	keyBytes := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder})
	certFile = writeFile(t, name+".crt", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	keyFile = writeFile(t, name+".key", keyBytes)
	body := strings.Split(strings.TrimSpace(string(keyBytes)), "\n")
	return certFile, keyFile, body[1]
}

// setupTLS requires TLS with a client certificate from the test CA.
func setupTLS(t *testing.T) authSetup {
	ca, other := newTestCA(t, "ca"), newTestCA(t, "other-ca")
	srvCert, srvKey, _ := ca.issue(t, "server", x509.ExtKeyUsageServerAuth)
	cert, key, keyPEM := ca.issue(t, "client", x509.ExtKeyUsageClientAuth)
	strangerCert, strangerKey, strangerPEM := other.issue(t, "stranger", x509.ExtKeyUsageClientAuth)
	tc, err := server.GenTLSConfig(&server.TLSConfigOpts{CertFile: srvCert, KeyFile: srvKey, CaFile: ca.path, Verify: true})
	if err != nil {
		t.Fatal(err)
	}
	return authSetup{
		opts: &server.Options{TLSConfig: tc, TLSVerify: true, TLSTimeout: 2},
		attempts: []attempt{
			{"right", connects, func(u string) Remote { return Remote{URL: u, CA: ca.path, Cert: cert, Key: key} }},
			{"tls scheme", connects, func(u string) Remote {
				return Remote{URL: strings.Replace(u, "nats://", "tls://", 1), CA: ca.path, Cert: cert, Key: key}
			}},
			// The server's certificate does not verify: refused at once.
			{"server CA unknown", refused, func(u string) Remote { return Remote{URL: u, Cert: cert, Key: key} }},
			{"wrong CA", refused, func(u string) Remote { return Remote{URL: u, CA: other.path, Cert: cert, Key: key} }},
			{"missing CA file", refused, func(u string) Remote {
				return Remote{URL: u, CA: filepath.Join(t.TempDir(), "nope.pem"), Cert: cert, Key: key}
			}},
			// The server turns the client away after the handshake.
			{"no client certificate", bounded, func(u string) Remote { return Remote{URL: u, CA: ca.path} }},
			{"client certificate from another CA", bounded, func(u string) Remote {
				return Remote{URL: u, CA: ca.path, Cert: strangerCert, Key: strangerKey}
			}},
		},
		secrets: []string{keyPEM, strangerPEM},
	}
}

// TestConnectBadConfig: settings that can never work fail before any
// attempt to connect.
func TestConnectBadConfig(t *testing.T) {
	pw := secret("pw")
	cert := writeFile(t, "c.crt", []byte("not a certificate"))
	tests := []struct {
		name string
		r    Remote
		want string
	}{
		{"no URL", Remote{}, "no NATS URL"},
		{"bad escape in password", Remote{URL: "nats://alice:" + pw + "%zz@127.0.0.1:4222"}, "bad NATS URL"},
		{"bad port", Remote{URL: "nats://127.0.0.1:42x22"}, "invalid port"},
		{"cert without key", Remote{URL: "nats://127.0.0.1:4222", Cert: cert}, "needs both"},
		{"bad certificate", Remote{URL: "nats://127.0.0.1:4222", Cert: cert, Key: cert}, "certificate"},
		{"bad CA", Remote{URL: "nats://127.0.0.1:4222", CA: cert}, "root"},
		{"missing nkey file", Remote{URL: "nats://127.0.0.1:4222", NKey: filepath.Join(t.TempDir(), "nope.nk")}, "nkey"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, buf := captureLog()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			start := time.Now()
			nc, err := Connect(ctx, tt.r, "bad-config", log)
			if err == nil {
				nc.Close()
				t.Fatal("connected")
			}
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("failed after %s: retried", took)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to mention %q", err, tt.want)
			}
			if strings.Contains(err.Error(), pw) || strings.Contains(buf.String(), pw) {
				t.Errorf("password shown: %q\n%s", err, buf)
			}
		})
	}
}

// closedAddr returns a loopback address nothing listens on. (The broker's
// own tests cannot use pipelinetest, which imports broker.)
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestConnectRetryLogRedacted: while the server cannot be reached, the
// retry warnings and the final error name the URL without its password or
// token.
func TestConnectRetryLogRedacted(t *testing.T) {
	pw, tok := secret("pw"), secret("tok")
	a, b := closedAddr(t), closedAddr(t)
	tests := []struct {
		name string
		url  string
		want string // in the log, instead of the secret
	}{
		{"password", "nats://alice:" + pw + "@" + a, "nats://alice:redacted@" + a},
		{"token", "nats://" + tok + "@" + a, "nats://redacted@" + a},
		{"no scheme", "alice:" + pw + "@" + a, "alice:redacted@" + a},
		{"cluster", "nats://alice:" + pw + "@" + a + ", nats://" + tok + "@" + b, "nats://alice:redacted@" + a + ",nats://redacted@" + b},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, buf := captureLog()
			ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
			defer cancel()
			nc, err := Connect(ctx, Remote{URL: tt.url}, "redact-test", log)
			if err == nil {
				nc.Close()
				t.Fatal("connected to a closed port")
			}
			logs := buf.String()
			if !strings.Contains(logs, "cannot reach NATS") || !strings.Contains(logs, tt.want) {
				t.Errorf("log lacks the retry warning with %q:\n%s", tt.want, logs)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q lacks %q", err, tt.want)
			}
			for _, sec := range []string{pw, tok} {
				if strings.Contains(logs, sec) || strings.Contains(err.Error(), sec) {
					t.Errorf("secret %q shown: %q\n%s", sec, err, logs)
				}
			}
		})
	}
}

// TestReconnectLogRedacted: the reconnection notice names the URL without
// its password.
func TestReconnectLogRedacted(t *testing.T) {
	pw := secret("pw")
	newOpts := func(port int) *server.Options {
		return &server.Options{Port: port, Users: []*server.User{{Username: "alice", Password: pw}}}
	}
	ns, url := startNATS(t, newOpts(0))
	port := ns.Addr().(*net.TCPAddr).Port
	log, buf := captureLog()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	nc, err := Connect(ctx, Remote{URL: withUserinfo(url, "alice:"+pw)}, "reconnect-test", log)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()

	// Restart the server on the same port.
	ns.Shutdown()
	ns.WaitForShutdown()
	startNATS(t, newOpts(port))
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(buf.String(), "NATS reconnected") {
		if time.Now().After(deadline) {
			t.Fatalf("no reconnection notice:\n%s", buf)
		}
		time.Sleep(20 * time.Millisecond)
	}
	logs := buf.String()
	if !strings.Contains(logs, "NATS disconnected") || !strings.Contains(logs, "nats://alice:redacted@127.0.0.1:"+strconv.Itoa(port)) {
		t.Errorf("log lacks the disconnection or the redacted URL:\n%s", logs)
	}
	if strings.Contains(logs, pw) {
		t.Errorf("log shows the password:\n%s", logs)
	}
}

// TestEmbeddedWarnsWithoutAuth: the embedded server warns when it listens
// beyond loopback without authentication, stays quiet otherwise, keeps its
// secrets out of its log, and refuses a password without a user (which
// nats-server would silently ignore).
func TestEmbeddedWarnsWithoutAuth(t *testing.T) {
	const warning = "non-loopback address without authentication"
	tok, pw := secret("tok"), secret("pw")
	tests := []struct {
		name     string
		cfg      Embedded
		wantWarn bool
		wantErr  bool
	}{
		{"all interfaces", Embedded{Listen: "0.0.0.0:0"}, true, false},
		{"empty host", Embedded{Listen: ":0"}, true, false},
		{"all interfaces with token", Embedded{Listen: "0.0.0.0:0", Token: tok}, false, false},
		{"all interfaces with user", Embedded{Listen: "0.0.0.0:0", User: "alice", Password: pw}, false, false},
		{"loopback", Embedded{Listen: "127.0.0.1:0"}, false, false},
		{"localhost", Embedded{Listen: "localhost:0"}, false, false},
		{"in-process only", Embedded{Listen: "none"}, false, false},
		{"password without user", Embedded{Listen: "0.0.0.0:0", Password: pw}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, buf := captureLog()
			cfg := tt.cfg
			cfg.StoreDir, cfg.Logger = t.TempDir(), log
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			srv, err := Start(ctx, cfg)
			if tt.wantErr {
				if err == nil {
					srv.Shutdown()
					t.Fatal("started")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Shutdown()
			nc, err := srv.Connect("warn-test")
			if err != nil {
				t.Fatalf("in-process client: %v", err)
			}
			nc.Close()
			if cfg.Token != "" || cfg.User != "" {
				// Remote clients without the credentials are turned away.
				port := srv.ns.Addr().(*net.TCPAddr).Port
				if nc, err := nats.Connect("nats://127.0.0.1:" + strconv.Itoa(port)); err == nil {
					nc.Close()
					t.Error("connected without credentials")
				}
			}
			logs := buf.String()
			if got := strings.Contains(logs, warning); got != tt.wantWarn {
				t.Errorf("warning = %v, want %v:\n%s", got, tt.wantWarn, logs)
			}
			for _, sec := range []string{tok, pw} {
				if strings.Contains(logs, sec) {
					t.Errorf("log shows secret %q", sec)
				}
			}
		})
	}
}

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"nats://127.0.0.1:4222", "nats://127.0.0.1:4222"},
		{"nats://alice:s3cret@h:4222", "nats://alice:redacted@h:4222"},
		{"tls://t0ken@h:4222", "tls://redacted@h:4222"},
		{"alice:s3cret@h:4222", "alice:redacted@h:4222"},
		{"t0ken@h", "redacted@h"},
		{"nats://alice:s3%zz@h:4222", "nats://alice:redacted@h:4222"},
		{"nats://alice:s3/c@ret@h:4222", "nats://alice:redacted@h:4222"},
		{"nats://a:s3cret@h1:4222, nats://h2:4222,nats://t0ken@h3", "nats://a:redacted@h1:4222,nats://h2:4222,nats://redacted@h3"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := redactURL(tt.in); got != tt.want {
			t.Errorf("redactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
