package fetch

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"testing"
)

func TestBlockedKind(t *testing.T) {
	tests := []struct {
		addr string
		want string
	}{
		// Public addresses, including the edges of blocked ranges.
		{"93.184.216.34", ""},
		{"8.8.8.8", ""},
		{"11.0.0.1", ""},
		{"172.32.0.1", ""},
		{"100.63.255.255", ""},
		{"100.128.0.0", ""},
		{"169.253.255.255", ""},
		{"2606:4700:4700::1111", ""},
		{"::ffff:8.8.8.8", ""},
		{"64:ff9b::808:808", ""}, // NAT64 form of 8.8.8.8

		{"127.0.0.1", "loopback address"},
		{"127.1.2.3", "loopback address"},
		{"::1", "loopback address"},
		{"10.1.2.3", "private address"},
		{"172.16.0.1", "private address"},
		{"172.31.255.255", "private address"},
		{"192.168.1.1", "private address"},
		{"fc00::1", "private address"},
		{"fd12:3456::1", "private address"},
		{"169.254.1.1", "link-local address"},
		{"fe80::1", "link-local address"},
		{"fe80::1%eth0", "link-local address"},
		{"169.254.169.254", "cloud metadata address"},
		{"fd00:ec2::254", "cloud metadata address"},
		{"0.0.0.0", "unspecified address"},
		{"0.1.2.3", "unspecified address"},
		{"::", "unspecified address"},
		{"224.0.0.1", "multicast address"},
		{"239.255.255.250", "multicast address"},
		{"ff02::1", "multicast address"},
		{"ff05::2", "multicast address"},
		{"100.64.0.1", "shared (CGNAT) address"},
		{"100.127.255.255", "shared (CGNAT) address"},
		{"255.255.255.255", "broadcast address"},
		// IPv4-mapped and NAT64 forms count as the IPv4 address.
		{"::ffff:127.0.0.1", "loopback address"},
		{"::ffff:10.0.0.1", "private address"},
		{"::ffff:169.254.169.254", "cloud metadata address"},
		{"::ffff:100.64.0.1", "shared (CGNAT) address"},
		{"::ffff:0.0.0.0", "unspecified address"},
		{"64:ff9b::7f00:1", "loopback address"},
		{"64:ff9b::a9fe:a9fe", "cloud metadata address"},
	}
	for _, tt := range tests {
		if got := blockedKind(netip.MustParseAddr(tt.addr)); got != tt.want {
			t.Errorf("blockedKind(%s) = %q, want %q", tt.addr, got, tt.want)
		}
	}
	if got := blockedKind(netip.Addr{}); got != "invalid address" {
		t.Errorf("blockedKind(zero Addr) = %q", got)
	}
}

func TestCheckDialNotAnIP(t *testing.T) {
	f := New(Config{})
	err := f.checkDial("tcp", "example.com:80", nil)
	fe, ok := err.(*Error)
	if !ok || fe.Reason != "refused to connect to example.com:80: not an IP address" || fe.Temporary {
		t.Errorf("checkDial of a name: %v", err)
	}
	if err := New(Config{AllowPrivate: true}).checkDial("tcp", "127.0.0.1:80", nil); err != nil {
		t.Errorf("AllowPrivate: checkDial = %v", err)
	}
}

// serve6 runs h on the IPv6 loopback, skipping when there is none.
func serve6(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	l, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// refused is the reason of a dial refused by the guard; addr is a regular
// expression.
func refused(addr, kind string) *regexp.Regexp {
	return regexp.MustCompile("^refused to connect to " + addr + ": " + regexp.QuoteMeta(kind) +
		regexp.QuoteMeta(" (use --allow-private to allow)") + "$")
}

func TestGuardRefusesPrivateAddresses(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { htmlPage(w, page) })
	srv6 := serve6(t, func(w http.ResponseWriter, r *http.Request) { htmlPage(w, page) })
	port := srv.URL[len("http://127.0.0.1:"):]
	port6 := srv6.URL[len("http://[::1]:"):]
	q := regexp.QuoteMeta
	tests := []struct {
		name   string
		url    string
		robots bool
		want   *regexp.Regexp
	}{
		{"loopback literal", srv.URL + "/p", false, refused(q("127.0.0.1:"+port), "loopback address")},
		{"loopback with robots.txt", srv.URL + "/p", true, refused(q("127.0.0.1:"+port), "loopback address")},
		// A name is checked once resolved, when dialled.
		{"localhost", "http://localhost:" + port + "/p", false, refused(`(127\.0\.0\.1|\[::1\]):`+port, "loopback address")},
		{"IPv6 loopback", srv6.URL + "/p", false, refused(q("[::1]:"+port6), "loopback address")},
		{"IPv4-mapped loopback", "http://[::ffff:127.0.0.1]:" + port + "/p", false, refused(`(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]):`+port, "loopback address")},
		{"unspecified", "http://0.0.0.0:" + port + "/p", false, refused(q("0.0.0.0:"+port), "unspecified address")},
		{"cloud metadata", "http://169.254.169.254/latest/meta-data/", true, refused(q("169.254.169.254:80"), "cloud metadata address")},
		{"IPv6 cloud metadata", "http://[fd00:ec2::254]/latest/meta-data/", false, refused(q("[fd00:ec2::254]:80"), "cloud metadata address")},
		{"private", "http://10.0.0.1:8080/", false, refused(q("10.0.0.1:8080"), "private address")},
		{"CGNAT", "https://100.64.0.1/", false, refused(q("100.64.0.1:443"), "shared (CGNAT) address")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.AllowPrivate = false
			cfg.IgnoreRobots = !tt.robots
			f := New(cfg)
			f.client.Transport.(*http.Transport).Proxy = nil // the guard under test, not a proxy's
			fe := fetchErr(t, f, tt.url)
			if !tt.want.MatchString(fe.Reason) {
				t.Errorf("reason %q, want %s", fe.Reason, tt.want)
			}
			if fe.Temporary {
				t.Errorf("a refused address is marked temporary")
			}
		})
	}
	// Nothing reached the servers, robots.txt included.
	if n := srv.total(); n != 0 {
		t.Errorf("the loopback server got %d requests", n)
	}

	// AllowPrivate lets them through.
	f := New(testConfig())
	for _, u := range []string{srv.URL + "/ok", "http://localhost:" + port + "/ok", srv6.URL + "/ok"} {
		if a := mustFetch(t, f, u); string(a.Body) != page {
			t.Errorf("%s: body %q", u, a.Body)
		}
	}
}

// TestGuardRedirects: a public site (a loopback server the test exempts)
// that redirects, or whose robots.txt redirects, to a private address
// does not get the fetcher there.
func TestGuardRedirects(t *testing.T) {
	private := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			w.Write([]byte("User-agent: *\nDisallow: /\n"))
			return
		}
		htmlPage(w, page)
	})
	pu, _ := url.Parse(private.URL)
	public := serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.Redirect(w, r, private.URL+"/robots.txt", http.StatusMovedPermanently)
		case "/to-private":
			http.Redirect(w, r, private.URL+"/secret", http.StatusFound)
		case "/to-localhost":
			http.Redirect(w, r, "http://localhost:"+pu.Port()+"/secret", http.StatusFound)
		case "/to-metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/iam/", http.StatusFound)
		case "/to-page":
			http.Redirect(w, r, "/page", http.StatusFound)
		default:
			htmlPage(w, page)
		}
	})
	pubAddr := netip.MustParseAddrPort(public.Listener.Addr().String())
	cfg := testConfig()
	cfg.AllowPrivate = false
	cfg.IgnoreRobots = false
	f := New(cfg)
	f.client.Transport.(*http.Transport).Proxy = nil
	f.exempt = func(ap netip.AddrPort) bool { return ap == pubAddr }

	// The public site is fetched; its robots.txt redirect to the private
	// server is refused, so robots.txt counts as unreachable (allowing
	// everything) rather than as the private server's "Disallow: /".
	if a := mustFetch(t, f, public.URL+"/to-page"); a.FinalURL != public.URL+"/page" {
		t.Errorf("FinalURL = %q", a.FinalURL)
	}
	q := regexp.QuoteMeta
	tests := []struct {
		path string
		want *regexp.Regexp
	}{
		{"/to-private", refused(q(pu.Host), "loopback address")},
		{"/to-localhost", refused(`(127\.0\.0\.1|\[::1\]):`+pu.Port(), "loopback address")},
		{"/to-metadata", refused(q("169.254.169.254:80"), "cloud metadata address")},
	}
	for _, tt := range tests {
		fe := fetchErr(t, f, public.URL+tt.path)
		if !tt.want.MatchString(fe.Reason) {
			t.Errorf("%s: reason %q, want %s", tt.path, fe.Reason, tt.want)
		}
		if fe.Temporary {
			t.Errorf("%s: a refused redirect is marked temporary", tt.path)
		}
	}
	if n := private.total(); n != 0 {
		t.Errorf("the private server got %d requests", n)
	}
	if n := public.count("/robots.txt"); n != 1 {
		t.Errorf("the public robots.txt was requested %d times, want 1", n)
	}
}
