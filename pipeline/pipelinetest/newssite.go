package pipelinetest

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// NewsSite is a loopback news site: an RSS 2.0 feed at /feed.xml (with
// ETag and Last-Modified, answering conditional GETs with 304), a Google
// News sitemap at /news-sitemap.xml, a sitemap index at /sitemap.xml that
// points to it, and the undated article pages they list. Every request is
// counted by path.
type NewsSite struct {
	*httptest.Server
	mu       sync.Mutex
	feedN    int
	sitemapN int
	gets     map[string]int
	notMod   int
}

// ServeNewsSite starts a site whose feed lists feedN entries and whose
// sitemap lists sitemapN pages.
func ServeNewsSite(t testing.TB, feedN, sitemapN int) *NewsSite {
	t.Helper()
	s := &NewsSite{feedN: feedN, sitemapN: sitemapN, gets: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// SetFeedEntries changes how many entries the feed lists (the newest
// first, as feeds do).
func (s *NewsSite) SetFeedEntries(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feedN = n
}

// Gets is how many times path was requested; NotModified how many
// conditional GETs were answered 304.
func (s *NewsSite) Gets(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gets[path]
}

// NotModified is how many conditional GETs were answered 304.
func (s *NewsSite) NotModified() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.notMod
}

// siteDay is the day entry i was published: 2024-03-01 plus i days.
func siteDay(i int) time.Time {
	return time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC).AddDate(0, 0, i)
}

func (s *NewsSite) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.gets[r.URL.Path]++
	feedN, sitemapN := s.feedN, s.sitemapN
	s.mu.Unlock()
	switch p := r.URL.Path; {
	case p == "/robots.txt":
		w.Write([]byte("User-agent: *\nDisallow: /private/\n"))
	case p == "/feed.xml":
		etag := `"feed-` + strconv.Itoa(feedN) + `"`
		if r.Header.Get("If-None-Match") == etag {
			s.mu.Lock()
			s.notMod++
			s.mu.Unlock()
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", siteDay(feedN).Format(http.TimeFormat))
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Write([]byte(s.feed(feedN)))
	case p == "/sitemap.xml":
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>%s/news-sitemap.xml</loc><lastmod>2024-05-01</lastmod></sitemap>
</sitemapindex>`, s.URL)
	case p == "/news-sitemap.xml":
		w.Header().Set("Content-Type", "application/xml")
		w.Write([]byte(s.sitemap(sitemapN)))
	case strings.HasPrefix(p, "/news/") || strings.HasPrefix(p, "/business/"):
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(articlePage(p)))
	default:
		http.NotFound(w, r)
	}
}

func (s *NewsSite) feed(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Screen Trade Daily</title>
  <link>` + s.URL + `/</link>
  <description>Deals in film, television and streaming</description>
  <atom:link href="` + s.URL + `/feed.xml" rel="self" type="application/rss+xml"/>
`)
	for i := n - 1; i >= 0; i-- {
		fmt.Fprintf(&b, `  <item>
    <title>Studio %d signs a production deal &amp; more</title>
    <link>%s/news/%d.html</link>
    <guid isPermaLink="true">%s/news/%d.html</guid>
    <pubDate>%s</pubDate>
    <description>Studio %d and a streamer agree on a new series.</description>
  </item>
`, i, s.URL, i, s.URL, i, siteDay(i).Format(time.RFC1123Z), i)
	}
	b.WriteString("</channel>\n</rss>\n")
	return b.String()
}

func (s *NewsSite) sitemap(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
`)
	for i := range n {
		fmt.Fprintf(&b, `  <url>
    <loc>%s/business/%d.html</loc>
    <news:news>
      <news:publication><news:name>Screen Trade Daily</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>%s</news:publication_date>
      <news:title>Network %d buys a format</news:title>
    </news:news>
  </url>
`, s.URL, i, siteDay(i).Format(time.RFC3339), i)
	}
	b.WriteString("</urlset>\n")
	return b.String()
}

// articlePage is an undated article about a deal, different for each path.
func articlePage(path string) string {
	name := html.EscapeString(strings.TrimSuffix(strings.Trim(path, "/"), ".html"))
	return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Deal ` + name + `</title></head>
<body><nav><a href="/">Home</a> <a href="/news/">News</a></nav>
<article><h1>Northlight Pictures and Netflix agree on a drama series (` + name + `)</h1>
<p>Northlight Pictures has signed a deal with Netflix to produce a drama series of ten episodes, the companies said on Tuesday, in the report filed as ` + name + `.</p>
<p>The series will be shot in Montreal next year and will stream worldwide on Netflix, which holds exclusive rights for three years.</p>
<p>Northlight Pictures, founded in 2009, has produced films for several studios and broadcasters in Canada and in Europe.</p>
</article><footer>Screen Trade Daily</footer></body></html>
`
}
