// Package source owns the sources dealwire follows: it reads the lists of
// pages they publish (RSS 0.9x/1.0/2.0, Atom and JSON feeds, sitemaps,
// sitemap indexes and Google News sitemaps) and keeps the followed sources,
// with their polling state, in a JetStream key-value bucket.
package source

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// MaxEntries bounds one listing: the sitemap protocol's own limit.
const MaxEntries = 50000

// Kinds of listing.
const (
	KindFeed         = "feed"
	KindSitemap      = "sitemap"
	KindSitemapIndex = "sitemap index"
)

// Entry is one page a listing names.
type Entry struct {
	URL       string
	Title     string
	Published time.Time // zero when the listing does not say
}

// Rejected is an entry that cannot be fetched, with the reason.
type Rejected struct {
	Link   string
	Reason string
}

// Listing is what a feed or a sitemap lists.
type Listing struct {
	Kind    string
	Entries []Entry
	// Sitemaps are the sitemaps a sitemap index points to.
	Sitemaps []string
	Rejected []Rejected
}

// ErrNotListing is a document that is neither a feed nor a sitemap.
var ErrNotListing = errors.New("not a feed or sitemap")

// ErrTooMany is a listing of more than MaxEntries entries.
var ErrTooMany = fmt.Errorf("more than %d entries", MaxEntries)

// Detect reports what kind of listing body is, or "" when it is none (an
// HTML page, say).
func Detect(body []byte) string {
	b := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	if len(b) > 0 && b[0] == '{' {
		var v struct {
			Version string `json:"version"`
		}
		if json.Unmarshal(b, &v) == nil && strings.Contains(v.Version, "jsonfeed.org/version/") {
			return KindFeed
		}
		return ""
	}
	switch root := xmlRoot(b); root {
	case "rss", "RDF", "feed":
		return KindFeed
	case "urlset":
		return KindSitemap
	case "sitemapindex":
		return KindSitemapIndex
	}
	return ""
}

// Describe says what body is when it is not a listing, for a reason.
func Describe(body []byte) string {
	b := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	if len(b) > 0 && b[0] == '{' {
		return "JSON without a JSON Feed version"
	}
	if root := xmlRoot(b); root != "" {
		return fmt.Sprintf("XML with root element <%s>", root)
	}
	return "not XML"
}

// IsHTML reports whether an XML body is an XHTML page.
func IsHTML(body []byte) bool {
	return strings.EqualFold(xmlRoot(bytes.TrimSpace(body)), "html")
}

// xmlRoot is the local name of the first element, or "" when the body does
// not start as XML.
func xmlRoot(b []byte) string {
	if len(b) == 0 || b[0] != '<' {
		return ""
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for range 64 {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local
		}
	}
	return ""
}

// Parse reads a listing fetched from base (its URL after redirects, which
// relative links are resolved against).
func Parse(base string, body []byte) (*Listing, error) {
	b, err := url.Parse(base)
	if err != nil {
		return nil, fmt.Errorf("bad listing URL %q: %w", base, err)
	}
	switch kind := Detect(body); kind {
	case KindFeed:
		return parseFeed(b, body)
	case KindSitemap, KindSitemapIndex:
		return parseSitemap(b, kind, body)
	}
	return nil, fmt.Errorf("%w: %s", ErrNotListing, Describe(body))
}

func parseFeed(base *url.URL, body []byte) (*Listing, error) {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("unreadable feed: %w", err)
	}
	if len(f.Items) > MaxEntries {
		return nil, fmt.Errorf("feed of %d entries: %w", len(f.Items), ErrTooMany)
	}
	l := &Listing{Kind: KindFeed}
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		link := it.Link
		if link == "" && len(it.Links) > 0 {
			link = it.Links[0]
		}
		var pub time.Time
		switch {
		case it.PublishedParsed != nil:
			pub = *it.PublishedParsed
		case it.UpdatedParsed != nil:
			pub = *it.UpdatedParsed
		}
		l.add(base, link, it.Title, pub)
	}
	return l, nil
}

// sitemapURL is a <url> of a sitemap, with the Google News extension.
type sitemapURL struct {
	Loc  string `xml:"loc"`
	News struct {
		Published string `xml:"publication_date"`
		Title     string `xml:"title"`
	} `xml:"news"`
}

func parseSitemap(base *url.URL, kind string, body []byte) (*Listing, error) {
	l := &Listing{Kind: kind}
	d := xml.NewDecoder(bytes.NewReader(body))
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	n := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return l, nil
		}
		if err != nil {
			return nil, fmt.Errorf("unreadable %s: %w", kind, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || (se.Name.Local != "url" && se.Name.Local != "sitemap") {
			continue
		}
		if n++; n > MaxEntries {
			return nil, fmt.Errorf("%s: %w", kind, ErrTooMany)
		}
		var u sitemapURL
		if err := d.DecodeElement(&u, &se); err != nil {
			return nil, fmt.Errorf("unreadable %s: %w", kind, err)
		}
		if se.Name.Local == "sitemap" {
			l.addSitemap(base, u.Loc)
			continue
		}
		l.add(base, u.Loc, u.News.Title, parseW3CDate(u.News.Published))
	}
}

// add adds an entry, or a rejection when its link cannot be fetched.
func (l *Listing) add(base *url.URL, link, title string, pub time.Time) {
	abs, err := resolve(base, link)
	if err != nil {
		l.Rejected = append(l.Rejected, Rejected{Link: clip(link), Reason: err.Error()})
		return
	}
	l.Entries = append(l.Entries, Entry{URL: abs, Title: strings.TrimSpace(title), Published: pub})
}

func (l *Listing) addSitemap(base *url.URL, link string) {
	abs, err := resolve(base, link)
	if err != nil {
		l.Rejected = append(l.Rejected, Rejected{Link: clip(link), Reason: err.Error()})
		return
	}
	l.Sitemaps = append(l.Sitemaps, abs)
}

// resolve makes link absolute; only http and https links are accepted.
func resolve(base *url.URL, link string) (string, error) {
	link = strings.TrimSpace(link)
	if link == "" {
		return "", errors.New("entry without a link")
	}
	u, err := url.Parse(link)
	if err != nil {
		return "", fmt.Errorf("bad link %q: %v", clip(link), err)
	}
	u = base.ResolveReference(u)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("link %q: scheme %q is not http or https", clip(link), u.Scheme)
	}
	if u.Hostname() == "" {
		return "", fmt.Errorf("link %q: no host", clip(link))
	}
	u.Fragment = ""
	return u.String(), nil
}

// clip shortens untrusted text quoted in a reason.
func clip(s string) string {
	if len(s) > 200 {
		return strings.ToValidUTF8(s[:200], "") + "..."
	}
	return s
}

// parseW3CDate reads the dates sitemaps use; it returns zero for others.
func parseW3CDate(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
