package content

import (
	"bytes"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// trackingParams are query parameters that do not change the page.
var trackingParams = regexp.MustCompile(`^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|igshid|ref|ref_src|cmpid|xtor|at_medium|at_campaign)$`)

// NormalizeURL returns the canonical form of an absolute URL: lower-case
// scheme and host, no default port, no fragment, no tracking parameters.
// It returns s unchanged when s does not parse.
func NormalizeURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Scheme == "" {
		return s
	}
	u.Scheme = strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	switch {
	case port != "":
		host = net.JoinHostPort(host, port)
	case strings.Contains(host, ":"):
		host = "[" + host + "]" // a bare IPv6 address keeps its brackets
	}
	u.Host = host
	u.Fragment, u.RawFragment = "", ""
	u.User = nil
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			if trackingParams.MatchString(strings.ToLower(k)) {
				q.Del(k)
			}
		}
		u.RawQuery = q.Encode()
	}
	if u.Path == "" && u.Opaque == "" && (u.Scheme == "http" || u.Scheme == "https") {
		u.Path = "/"
	}
	return u.String()
}

// CanonicalURL reads the canonical URL a page declares in its head
// (<link rel="canonical">, else og:url), resolved against pageURL and
// normalised. It falls back to pageURL. It only tokenizes up to <body>,
// so it is cheap enough to run while fetching.
func CanonicalURL(body []byte, pageURL string) string {
	base, _ := url.Parse(pageURL)
	z := html.NewTokenizer(bytes.NewReader(body))
	z.SetMaxBuf(4 << 20)
	var ogURL string
	for i := 0; i < 4096; i++ {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		if a == atom.Body {
			break
		}
		if !hasAttr || (a != atom.Link && a != atom.Meta) {
			continue
		}
		attrs := map[string]string{}
		for more := true; more; {
			var k, v []byte
			k, v, more = z.TagAttr()
			attrs[string(k)] = string(v)
		}
		if a == atom.Link && strings.EqualFold(strings.TrimSpace(attrs["rel"]), "canonical") {
			if c := resolve(base, attrs["href"]); c != "" {
				return c
			}
		}
		if a == atom.Meta && strings.EqualFold(attrs["property"], "og:url") && ogURL == "" {
			ogURL = resolve(base, attrs["content"])
		}
	}
	if ogURL != "" {
		return ogURL
	}
	if base != nil && base.IsAbs() {
		return NormalizeURL(base.String())
	}
	return pageURL
}

var isoDate = regexp.MustCompile(`(\d{4})-(\d{1,2})-(\d{1,2})`)

// ParseDate reads a machine-readable date as pages write them in metadata
// (ISO 8601, RFC 1123, Unix seconds, 20131014) and returns YYYY-MM-DD, or
// "" when it finds none or its year is outside 1900-2200. The date is the
// one written, in the page's own time zone.
func ParseDate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return ""
	}
	if m := isoDate.FindStringSubmatch(s); m != nil {
		return ymd(m[1], m[2], m[3])
	}
	for _, layout := range []string{time.RFC1123Z, time.RFC1123, time.RFC850, time.ANSIC, "2006/01/02", "02/01/2006 15:04", "January 2, 2006", "Jan 2, 2006", "2 January 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return ymd(t.Format("2006"), t.Format("01"), t.Format("02"))
		}
	}
	if len(s) == 8 {
		if _, err := strconv.Atoi(s); err == nil {
			return ymd(s[:4], s[4:6], s[6:])
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 1e8 && n < 1e10 {
		t := time.Unix(n, 0).UTC()
		return ymd(t.Format("2006"), t.Format("01"), t.Format("02"))
	}
	return ""
}

func ymd(y, m, d string) string {
	yi, _ := strconv.Atoi(y)
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(d)
	if yi < 1900 || yi > 2200 || mi < 1 || mi > 12 || di < 1 || di > 31 {
		return ""
	}
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if t.Day() != di {
		return ""
	}
	return t.Format("2006-01-02")
}

var urlDate = regexp.MustCompile(`/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|\.|$)|/((?:19|20)\d{2})(\d{2})(\d{2})/`)

// DateFromURL reads a /YYYY/MM/DD/ or /YYYY-MM-DD/ date from a URL's path.
func DateFromURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	m := urlDate.FindStringSubmatch(u.Path)
	if m == nil {
		return ""
	}
	if m[1] != "" {
		return ymd(m[1], m[2], m[3])
	}
	return ymd(m[4], m[5], m[6])
}
