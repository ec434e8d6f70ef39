package pipelinetest

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Invented companies, works and places for synthetic news pages. Every
// name is made up for these tests.
var (
	synthStudios = []string{
		"Northlight Pictures", "Bluefen Studios", "Harrow Lane Films", "Copperleaf Media", "Tidewater Entertainment",
		"Kestrel Television", "Amberline Productions", "Stonebridge Studios", "Halcyon Reel Company", "Marrowgate Films",
		"Silverbirch Pictures", "Redkite Television", "Oakhaven Media Group", "Larkspur Entertainment", "Greyfield Studios",
		"Windmere Productions", "Foxglove Films", "Brightwater Television", "Ironvale Pictures", "Quillstone Media",
	}
	synthPlatforms = []string{
		"Streamvale", "Orbitcast", "Lumenflix", "Channel Meridian", "Vistaplay", "Brookside Broadcasting",
		"Nimbus TV", "Corvid Networks", "Palisade Stream", "Eastgate Broadcasting",
	}
	synthWorks = []string{
		"The Salt Road", "Winter Harbour", "Glass Orchard", "The Ninth Lantern", "Low Tide", "Cinder Valley",
		"The Quiet Ministry", "Paper Kingdoms", "North of Nowhere", "The Ash Garden", "Hollow Crown Street", "Starling",
	}
	synthCities = []string{"Montreal", "Lisbon", "Glasgow", "Auckland", "Cape Town", "Vancouver", "Dublin", "Seoul"}
	synthDays   = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}
)

// SyntheticPage returns the i-th of a family of generated news pages:
// realistic-shaped article HTML (head metadata, navigation, byline, body,
// related links, footer) reporting a deal between invented companies in
// one of several ways. Pages differ for every i; deals repeat now and
// then, as they do when several outlets report one.
func SyntheticPage(i int) []byte {
	pick := func(xs []string, salt int) string { return xs[(i*7+salt*13+i/len(xs))%len(xs)] }
	studio, platform := pick(synthStudios, 1), pick(synthPlatforms, 2)
	buyer, target := pick(synthStudios, 3), pick(synthStudios, 5)
	if buyer == target {
		target = synthStudios[(i+1)%len(synthStudios)]
	}
	work, city, day := pick(synthWorks, 4), pick(synthCities, 6), pick(synthDays, 7)
	date := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(i%360) * 24 * time.Hour).Add(time.Duration(i%47) * time.Minute)
	episodes := 6 + i%9
	millions := 20 + (i*37)%900
	var title, lede, more string
	switch i % 4 {
	case 0:
		title = fmt.Sprintf("%s and %s agree on %s, a drama series", studio, platform, work)
		lede = fmt.Sprintf("%s has signed a deal with %s to produce %s, a drama series of %d episodes, the companies said on %s.", studio, platform, work, episodes, day)
		more = fmt.Sprintf("The series will be shot in %s next year and will stream worldwide on %s, which holds exclusive rights for three years.", city, platform)
	case 1:
		title = fmt.Sprintf("%s to buy %s for $%d million", buyer, target, millions)
		lede = fmt.Sprintf("%s said on %s it had agreed to acquire %s for $%d million in cash, adding a library of films and series.", buyer, day, target, millions)
		more = fmt.Sprintf("The acquisition is expected to close in the second half of the year, subject to approval by regulators in %s.", city)
	case 2:
		title = fmt.Sprintf("%s licenses %s to %s", studio, work, platform)
		lede = fmt.Sprintf("%s has licensed the streaming rights to %s to %s in 40 markets, the companies announced on %s.", studio, work, platform, day)
		more = fmt.Sprintf("The licensing agreement runs for five years and covers Europe and Latin America; %s keeps the rights in %s.", studio, city)
	default:
		title = fmt.Sprintf("%s in talks to distribute %s", platform, work)
		lede = fmt.Sprintf("%s is in talks with %s to distribute %s, people familiar with the matter said on %s.", platform, studio, work, day)
		more = fmt.Sprintf("No agreement has been reached, and the talks could still fail, they said. %s declined to comment.", studio)
	}
	slug := strings.ToLower(strings.NewReplacer(" ", "-", ",", "", "$", "").Replace(title))
	canonical := fmt.Sprintf("https://www.screentrade.example/%s/%s-%d/", date.Format("2006/01/02"), slug, i)
	var b strings.Builder
	e := html.EscapeString
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>%s | Screen Trade Daily</title>
<meta name="description" content="%s">
<meta name="author" content="Staff Reporter %d">
<link rel="canonical" href="%s">
<meta property="og:type" content="article">
<meta property="og:title" content="%s">
<meta property="og:site_name" content="Screen Trade Daily">
<meta property="article:published_time" content="%s">
</head>
<body>
<header><a href="/">Screen Trade Daily</a><nav><a href="/news/">News</a> <a href="/film/">Film</a> <a href="/tv/">Television</a> <a href="/deals/">Deals</a></nav></header>
<main><article>
<h1>%s</h1>
<p class="byline">By Staff Reporter %d &middot; <time datetime="%s">%s</time></p>
<p>%s</p>
<p>%s</p>
<p>The announcement follows a busy season for independent producers, with budgets under pressure and buyers more selective about the projects they commission, analysts said in a note published this week (report %d).</p>
<p>Executives at both companies did not give further details on the financial terms.</p>
</article>
<aside><h2>Related</h2><ul>`, e(title), e(lede), i%31, canonical, e(title), date.Format(time.RFC3339), e(title), i%31,
		date.Format(time.RFC3339), date.Format("January 2, 2006"), e(lede), e(more), i)
	for k := 1; k <= 4; k++ {
		fmt.Fprintf(&b, `<li><a href="/news/%d.html">%s</a></li>`, (i+k*101)%100000, e(pick(synthWorks, k+8)+" wins a festival prize"))
	}
	b.WriteString(`</ul></aside></main>
<footer><p>&copy; Screen Trade Daily. All rights reserved.</p><a href="/about/">About</a> <a href="/contact/">Contact</a></footer>
</body></html>
`)
	return []byte(b.String())
}

// ServeSynthetic serves SyntheticPage(i) at /news/<i>.html on loopback
// until the test ends.
func ServeSynthetic(t testing.TB) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := strings.CutPrefix(r.URL.Path, "/news/")
		i, err := strconv.Atoi(strings.TrimSuffix(name, ".html"))
		if !ok || err != nil || i < 0 {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(SyntheticPage(i))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// SyntheticURLs are the URLs of pages from to to-1 on srv.
func SyntheticURLs(srv *httptest.Server, from, to int) []string {
	urls := make([]string, 0, to-from)
	for i := from; i < to; i++ {
		urls = append(urls, fmt.Sprintf("%s/news/%d.html", srv.URL, i))
	}
	return urls
}
