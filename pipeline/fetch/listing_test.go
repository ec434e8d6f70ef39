package fetch

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dealwire/dealwire/pipeline/pipelinetest"
)

// manyItems is an RSS feed of n entries.
func manyItems(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>`)
	for i := range n {
		fmt.Fprintf(&b, "<item><link>/p/%d.html</link></item>", i)
	}
	b.WriteString("</channel></rss>")
	return b.String()
}

// manyURLs is a sitemap of n pages.
func manyURLs(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for i := range n {
		fmt.Fprintf(&b, "<url><loc>/p/%d.html</loc></url>", i)
	}
	b.WriteString("</urlset>")
	return b.String()
}

// TestBadSources reads hostile and broken sources beside a good feed on a
// site the fetcher treats as public: each bad one ends with its reason,
// and the good feed's pages are published.
func TestBadSources(t *testing.T) {
	var srvURL string
	pages := map[string]string{}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		switch {
		case strings.HasSuffix(r.URL.Path, ".html"):
			w.Header().Set("Content-Type", "text/html")
		case strings.HasSuffix(r.URL.Path, ".json"):
			w.Header().Set("Content-Type", "application/feed+json")
		default:
			w.Header().Set("Content-Type", "application/xml")
		}
		io.WriteString(w, strings.ReplaceAll(body, "SITE", srvURL))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	srvURL = srv.URL
	for i := range 3 {
		pages[fmt.Sprintf("/good/%d.html", i)] = fmt.Sprintf(`<html><body><article><p>Story %d: Sony Pictures Television signed a production deal with Netflix for a drama.</p></article></body></html>`, i)
	}
	pages["/good.json"] = `{"version": "https://jsonfeed.org/version/1.1", "title": "Good", "items": [
		{"id": "0", "url": "SITE/good/0.html", "title": "Zero", "date_published": "2024-05-02T10:00:00Z"},
		{"id": "1", "url": "SITE/good/1.html", "title": "One"}]}`
	pages["/not-xml.xml"] = "this is { not XML at all"
	pages["/catalog.xml"] = `<?xml version="1.0"?><catalog><book id="1"/></catalog>`
	pages["/huge-feed.xml"] = manyItems(100000)
	pages["/huge-sitemap.xml"] = manyURLs(100000)
	pages["/links.xml"] = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Links</title>
		<entry><title>js</title><link href="javascript:alert(document.cookie)"/></entry>
		<entry><title>file</title><link href="file:///etc/passwd"/></entry>
		<entry><title>private</title><link href="http://10.1.2.3/internal.html"/></entry>
		<entry><title>metadata</title><link href="http://169.254.169.254/latest/meta-data/"/></entry>
		<entry><title>good</title><link href="SITE/good/2.html"/></entry></feed>`
	pages["/self-index.xml"] = `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
		<sitemap><loc>SITE/self-index.xml</loc></sitemap></sitemapindex>`
	pages["/loop-a.xml"] = `<sitemapindex><sitemap><loc>SITE/loop-b.xml</loc></sitemap></sitemapindex>`
	pages["/loop-b.xml"] = `<sitemapindex><sitemap><loc>/loop-a.xml</loc></sitemap></sitemapindex>`
	pages["/index-to-page.xml"] = `<sitemapindex><sitemap><loc>SITE/good/0.html</loc></sitemap></sitemapindex>`

	srvAddr := netip.MustParseAddrPort(srv.Listener.Addr().String())
	cfg := testConfig()
	cfg.AllowPrivate = false
	f := New(cfg)
	f.client.Transport.(*http.Transport).Proxy = nil
	f.exempt = func(ap netip.AddrPort) bool { return ap == srvAddr }
	_, js := pipelinetest.Connect(t, pipelinetest.RunBasicJetStreamServer(t))
	st := &Stage{Fetcher: f, JS: js, Workers: 4, Log: pipelinetest.Logger(t)}

	want := map[string]string{
		"/not-xml.xml":                             "not a feed or sitemap: not XML",
		"/catalog.xml":                             "not a feed or sitemap: XML with root element <catalog>",
		"/huge-feed.xml":                           "feed of 100000 entries: more than 50000 entries",
		"/huge-sitemap.xml":                        "sitemap: more than 50000 entries",
		"javascript:alert(document.cookie)":        `scheme "javascript" is not http or https`,
		"file:///etc/passwd":                       `scheme "file" is not http or https`,
		"http://10.1.2.3/internal.html":            "private address",
		"http://169.254.169.254/latest/meta-data/": "cloud metadata address",
		srv.URL + "/self-index.xml":                "leads back to itself",
		"/loop-a.xml":                              "leads back to itself",
		srv.URL + "/good/0.html|index":             "not a feed or sitemap",
	}
	ins := make(chan Input, 16)
	for _, p := range []string{"/good.json", "/not-xml.xml", "/catalog.xml", "/huge-feed.xml", "/huge-sitemap.xml", "/links.xml", "/self-index.xml", "/loop-a.xml", "/index-to-page.xml"} {
		ins <- Input{Source: srv.URL + p}
	}
	close(ins)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var mu sync.Mutex
	var outs []Outcome
	st.Run(ctx, ins, func(o Outcome) {
		mu.Lock()
		defer mu.Unlock()
		outs = append(outs, o)
	})

	got := map[string]Outcome{}
	published := map[string]bool{}
	for _, o := range outs {
		key := strings.TrimPrefix(o.Source, srv.URL)
		switch {
		case o.Source == srv.URL+"/self-index.xml" && o.Via != "":
			key = o.Source
		case o.Source == srv.URL+"/loop-a.xml" && o.Via != "":
			key = "/loop-a.xml"
		case o.Source == srv.URL+"/good/0.html" && o.Via == srv.URL+"/index-to-page.xml":
			key = o.Source + "|index"
		case o.ArticleID != "":
			published[key] = true
			continue
		case o.Listed != nil:
			continue
		}
		if strings.HasPrefix(o.Source, "http://10.") || strings.HasPrefix(o.Source, "http://169.") || !strings.HasPrefix(o.Source, srv.URL) {
			key = o.Source
		}
		got[key] = o
	}
	for src, reason := range want {
		o, ok := got[src]
		switch {
		case !ok:
			t.Errorf("%s: no outcome", src)
		case !strings.Contains(o.Reason, reason) || o.FailureKey == "":
			t.Errorf("%s: reason %q (key %q), want %q, dead-lettered", src, o.Reason, o.FailureKey, reason)
		default:
			t.Logf("%-45s %s", src, o.Reason)
		}
	}
	for _, p := range []string{"/good/0.html", "/good/1.html", "/good/2.html"} {
		if !published[p] {
			t.Errorf("%s: not published beside the bad sources", p)
		}
	}
}
