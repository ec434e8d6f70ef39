package fetch

import (
	"net/netip"
	"syscall"
)

// The SSRF guard: unless Config.AllowPrivate is set, the fetcher connects
// only to public addresses. It checks the address actually dialled, after
// name resolution, so a host name that resolves (or rebinds) to a private
// address is refused like an IP literal, and so are redirects and
// robots.txt requests.

var (
	thisNetwork = netip.MustParsePrefix("0.0.0.0/8")
	cgnat       = netip.MustParsePrefix("100.64.0.0/10")
	nat64       = netip.MustParsePrefix("64:ff9b::/96")
	broadcast   = netip.MustParseAddr("255.255.255.255")
	metadataV4  = netip.MustParseAddr("169.254.169.254")
	metadataV6  = netip.MustParseAddr("fd00:ec2::254")
)

// blockedKind says what kind of non-public address addr is, or returns ""
// for a public one. IPv4-mapped and NAT64 forms count as the IPv4 address
// they carry.
func blockedKind(addr netip.Addr) string {
	a := addr.WithZone("").Unmap()
	if nat64.Contains(a) {
		b := a.As16()
		a = netip.AddrFrom4([4]byte(b[12:]))
	}
	switch {
	case !a.IsValid():
		return "invalid address"
	case a == metadataV4 || a == metadataV6:
		return "cloud metadata address"
	case a.IsUnspecified() || thisNetwork.Contains(a):
		return "unspecified address"
	case a.IsLoopback():
		return "loopback address"
	case a.IsPrivate():
		return "private address"
	case a.IsLinkLocalUnicast():
		return "link-local address"
	case a.IsMulticast():
		return "multicast address"
	case cgnat.Contains(a):
		return "shared (CGNAT) address"
	case a == broadcast:
		return "broadcast address"
	}
	return ""
}

// checkDial is the dialer's Control: it sees the address about to be
// connected to, after name resolution.
func (f *Fetcher) checkDial(_, address string, _ syscall.RawConn) error {
	if f.cfg.AllowPrivate {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fail(false, err, "refused to connect to %s: not an IP address", address)
	}
	if f.exempt != nil && f.exempt(ap) {
		return nil
	}
	if kind := blockedKind(ap.Addr()); kind != "" {
		return fail(false, nil, "refused to connect to %s: %s (use --allow-private to allow)", address, kind)
	}
	return nil
}
