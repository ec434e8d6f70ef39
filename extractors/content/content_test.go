package content

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func TestDecodeCharset(t *testing.T) {
	body, err := os.ReadFile("../../fixtures/001.html")
	if err != nil {
		t.Fatal(err)
	}
	// Declared only in <meta>: the header carries no charset.
	text, cs, err := Decode(body, "text/html")
	if err != nil {
		t.Fatal(err)
	}
	if cs != "windows-1252" {
		t.Errorf("charset = %q, want windows-1252", cs)
	}
	for _, want := range []string{"vidéos", "épisodes", "réservera", "l'entreprise"} {
		if !strings.Contains(text, want) {
			t.Errorf("decoded text lacks %q", want)
		}
	}
	// The HTTP header wins over the page's own declaration.
	if _, cs, _ := Decode([]byte(`<meta charset="iso-8859-1"><p>caf\xc3\xa9</p>`), "text/html; charset=utf-8"); cs != "utf-8" {
		t.Errorf("header charset ignored: got %q", cs)
	}
	// Without any declaration, valid UTF-8 is sniffed as such.
	if text, _, _ := Decode([]byte("<p>caf\xc3\xa9</p>"), ""); !strings.Contains(text, "café") {
		t.Errorf("UTF-8 not sniffed: %q", text)
	}
	// Bytes that are not UTF-8 and declare nothing fall back to windows-1252.
	if text, _, _ := Decode([]byte("<p>caf\xe9 \x93ok\x94</p>"), ""); !strings.Contains(text, "café “ok”") {
		t.Errorf("windows-1252 fallback: %q", text)
	}
}

func TestDecodeRejects(t *testing.T) {
	tests := []struct {
		body []byte
		ct   string
		want error
	}{
		{nil, "text/html", ErrEmpty},
		{[]byte("  \n\t "), "", ErrEmpty},
		{[]byte("\x89PNG\r\n\x1a\n\x00\x00"), "", ErrNotHTML},
		{[]byte("<html></html>"), "application/pdf", ErrNotHTML},
		{[]byte("%PDF-1.4 \x00\x01\x02"), "", ErrNotHTML},
	}
	for _, tt := range tests {
		if _, _, err := Decode(tt.body, tt.ct); !errors.Is(err, tt.want) {
			t.Errorf("Decode(%q, %q) error = %v; want %v", tt.body, tt.ct, err, tt.want)
		}
	}
}

func TestFixtureFurnitureRemoved(t *testing.T) {
	tests := []struct {
		page    string
		keep    []string
		drop    []string
		title   string
		pub     string
		lang    string
		site    string
		canonAt string
	}{
		{
			page:  "000.html",
			keep:  []string{"Sony Television Pictures has signed a deal with Netflix", "connected devices like the iPad, Roku, Apple TV, and more."},
			drop:  []string{"Photo credit", "Read next", "Corona coverage", "Leave a Reply", "newsletter", "Growth Quarters"},
			title: "Sony Television signs Netflix’s first big studio deal for an original series",
			pub:   "2013-10-14", lang: "en", site: "TechNews Daily", canonAt: "/2013/10/14/",
		},
		{
			page:  "001.html",
			keep:  []string{"Longtemps simple service de location de vidéos", "le porte-parole de l'entreprise de Los Gatos."},
			drop:  []string{"Partager", "À lire aussi", "Laisser un commentaire", "Crédit photo"},
			title: "Netflix s'allie aux studios Sony pour une série originale",
			pub:   "", lang: "fr", site: "Médiaclic", canonAt: "mediaclic.example",
		},
		{
			page:  "002.html",
			keep:  []string{"Netflix has acquired the Chinese drama Empresses In The Palace.", "LeTV’s desire to branch out internationally", "Netflix To Show Chinese Drama"},
			drop:  []string{"ChinaEm3a", "ChinaDramaImage2", "Facebooktwitter", "Leave a Reply", "Your email address will not be published"},
			title: "Streaming Giant Netflix in Talks to Team with China’s LeTV",
			pub:   "", lang: "en", site: "East West Screen", canonAt: "eastwestscreen.example",
		},
	}
	for _, tt := range tests {
		body, err := os.ReadFile("../../fixtures/" + tt.page)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Parse(body, "text/html", "http://127.0.0.1/"+tt.page)
		if err != nil {
			t.Fatalf("%s: %v", tt.page, err)
		}
		text := d.Text()
		for _, k := range tt.keep {
			if !strings.Contains(text, k) {
				t.Errorf("%s: main text lacks %q", tt.page, k)
			}
		}
		for _, k := range tt.drop {
			if strings.Contains(text, k) {
				t.Errorf("%s: main text keeps furniture %q", tt.page, k)
			}
		}
		if d.Title != tt.title || d.Published != tt.pub || d.Lang != tt.lang || d.Site != tt.site || !strings.Contains(d.CanonicalURL, tt.canonAt) {
			t.Errorf("%s: metadata title=%q published=%q lang=%q site=%q canonical=%q", tt.page, d.Title, d.Published, d.Lang, d.Site, d.CanonicalURL)
		}
	}
}

func TestMetadata(t *testing.T) {
	const body = `<p>` + "Some article text that is long enough to be the main text of the page, with commas, and more." + `</p>`
	tests := []struct {
		name, head, url string
		pub, title      string
	}{
		{"json-ld", `<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","headline":"H","datePublished":"2020-07-30T10:00:00+02:00"}]}</script>`, "https://x.example/a", "2020-07-30", "H"},
		{"opengraph", `<meta property="article:published_time" content="2016-12-01T08:00:00Z"><meta property="og:title" content="OG title | Site"><meta property="og:site_name" content="Site">`, "https://x.example/a", "2016-12-01", "OG title"},
		{"meta name", `<meta name="date" content="2004-05-06"><title>T</title>`, "https://x.example/a", "2004-05-06", "T"},
		{"url", `<title>T</title>`, "https://x.example/2013/10/14/story/", "2013-10-14", "T"},
		{"none", `<title>T</title>`, "https://x.example/story", "", "T"},
		{"bad json-ld", `<script type="application/ld+json">{not json</script><title>T</title>`, "https://x.example/a", "", "T"},
	}
	for _, tt := range tests {
		d, err := Parse([]byte("<html><head>"+tt.head+"</head><body>"+body+"</body></html>"), "", tt.url)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if d.Published != tt.pub || d.Title != tt.title {
			t.Errorf("%s: published=%q title=%q; want %q %q", tt.name, d.Published, d.Title, tt.pub, tt.title)
		}
	}
	d, _ := Parse([]byte(`<html><head><time datetime="2019-02-03T10:00">x</time></head><body>`+body+`</body></html>`), "", "")
	if d.Published != "2019-02-03" {
		t.Errorf("<time>: published=%q", d.Published)
	}
}

func TestURLs(t *testing.T) {
	norm := []struct{ in, want string }{
		{"HTTPS://Example.COM:443/a?utm_source=x&id=3#frag", "https://example.com/a?id=3"},
		{"http://example.com", "http://example.com/"},
		{"http://example.com:8080/x", "http://example.com:8080/x"},
		{"http://[::1]:8080/x", "http://[::1]:8080/x"},
		{"http://[2001:db8::1]/x", "http://[2001:db8::1]/x"},
	}
	for _, tt := range norm {
		if got := NormalizeURL(tt.in); got != tt.want {
			t.Errorf("NormalizeURL(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	canon := []struct{ body, page, want string }{
		{`<head><link rel="canonical" href="/story?utm_medium=x"></head>`, "https://a.example/x/y", "https://a.example/story"},
		{`<head><meta property="og:url" content="https://b.example/s"></head>`, "https://a.example/x", "https://b.example/s"},
		{`<head></head><body><link rel="canonical" href="/late"></body>`, "https://a.example/x", "https://a.example/x"},
	}
	for _, tt := range canon {
		if got := CanonicalURL([]byte(tt.body), tt.page); got != tt.want {
			t.Errorf("CanonicalURL(%q) = %q; want %q", tt.body, got, tt.want)
		}
	}
	dates := []struct{ in, want string }{
		{"2013-10-14T06:12:45+00:00", "2013-10-14"},
		{"Mon, 14 Oct 2013 06:12:45 GMT", "2013-10-14"},
		{"20131014", "2013-10-14"},
		{"1381731165", "2013-10-14"},
		{"2013-02-30", ""},
		{"yesterday", ""},
		// Every layout keeps to the years of the ISO form.
		{"Mon, 02 Jan 0001 15:04:05 -0700", ""},
		{"Fri, 31 Dec 9999 23:59:59 +0000", ""},
		{"January 2, 1899", ""},
		{"2 January 2200", "2200-01-02"},
		{"9999999999", ""},
	}
	for _, tt := range dates {
		if got := ParseDate(tt.in); got != tt.want {
			t.Errorf("ParseDate(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	if got := DateFromURL("https://x.example/news/2020-07-30-deal.html"); got != "2020-07-30" {
		t.Errorf("DateFromURL = %q", got)
	}
}

func TestParseText(t *testing.T) {
	d, err := ParseText([]byte("url: https://x.example/a\npublished: 1987-03-19\nlang: en\n\nTEMPO TO SELL SYSTEMS\n\nTempo said it signed a letter.\n\nTerms were not disclosed.\n"), "text/plain")
	if err != nil {
		t.Fatal(err)
	}
	if d.Published != "1987-03-19" || d.Lang != "en" || d.Title != "TEMPO TO SELL SYSTEMS" || len(d.Blocks) != 3 || d.Blocks[0].Kind != Heading {
		t.Errorf("ParseText = %+v", d)
	}
}

// TestHostilePages checks that pathological pages finish bounded.
func TestHostilePages(t *testing.T) {
	deep := strings.Repeat("<div>", 100000) + "<p>deep text, with commas, that should not crash anything at all</p>"
	huge := "<p>" + strings.Repeat("word, ", 200000) + "</p>"
	for name, page := range map[string]string{"deep": deep, "huge": huge} {
		d, err := Parse([]byte(page), "text/html", "")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(d.Text()) > MaxTextLen+len(d.Blocks)*2 {
			t.Errorf("%s: text of %d bytes exceeds the limit", name, len(d.Text()))
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, p := range []string{"000.html", "001.html", "002.html"} {
		if b, err := os.ReadFile("../../fixtures/" + p); err == nil {
			f.Add(b, "text/html")
		}
	}
	f.Add([]byte(`<html><head><script type="application/ld+json">[{"@graph":[[{}]]}]</script></head><body><p>x</p>`), "")
	f.Add([]byte("<em>unclosed <i>nested <cite>"), "text/html; charset=windows-1252")
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		d, err := Parse(body, ct, "https://x.example/2020/01/02/a")
		if err != nil {
			return
		}
		if (len(d.Blocks) == 0) != (d.Reason != "") {
			t.Fatalf("reason %q with %d blocks", d.Reason, len(d.Blocks))
		}
		for _, b := range d.Blocks {
			for _, e := range b.Emph {
				if e.Start < 0 || e.End > len(b.Text) || e.Start > e.End {
					t.Fatalf("emphasis %v out of block of %d bytes", e, len(b.Text))
				}
			}
		}
		_ = CanonicalURL(body, "https://x.example/")
	})
}

// TestDeepNesting: text nested deeper than the walker goes is kept, not
// dropped, at every depth either side of the limits.
func TestDeepNesting(t *testing.T) {
	for _, depth := range []int{100, MaxDepth - 10, MaxDepth + 10, 600, 5000} {
		page := "<html><body>" + strings.Repeat("<div>", depth) +
			"<p>Sony Pictures Television has signed a deal with Netflix to create original series for the streaming service.</p>" +
			strings.Repeat("</div>", depth) + "</body></html>"
		doc, err := Parse([]byte(page), "text/html", "")
		if err != nil {
			t.Fatalf("depth %d: %v", depth, err)
		}
		if !strings.Contains(doc.Text(), "signed a deal with Netflix") {
			t.Errorf("depth %d: the paragraph was lost: %q", depth, doc.Text())
		}
	}
}

// para is a paragraph long enough, with commas, to score as article text.
func para(s string) string {
	return "<p>" + s + ", which the company confirmed on Monday, adding that terms were not disclosed, and that the deal would close this year.</p>"
}

// TestRecall: the chosen container is kept whole, with its subheadings,
// lists, quotes and short lines, and its siblings of the same structure.
func TestRecall(t *testing.T) {
	page := `<html><head><title>Netflix and Sony</title></head><body><nav><a href="/">Home</a></nav>
<div class="story"><div class="chunk">` + para("Netflix signed a deal with Sony") + para("The series will have ten episodes") + `
<h2>What the deal covers</h2>
<p>Short line.</p>
<ul><li>Worldwide rights</li><li>Two seasons</li></ul>
<blockquote>We are thrilled, said the chief executive.</blockquote>
<div class="meta-widget">` + para("Sony keeps the rights in Japan") + para("The first season arrives next spring") + para("Production starts in Vancouver") + para("Casting is under way") + para("A trailer is expected in the autumn") + `</div>
</div>
<h2>Second part</h2>
<div class="chunk">` + para("The second part was announced later") + para("It adds a spin-off") + `</div></div>
<aside class="related">` + para("Read our review of another show") + `</aside>
</body></html>`
	d, err := Parse([]byte(page), "text/html", "")
	if err != nil {
		t.Fatal(err)
	}
	text := d.Text()
	for _, want := range []string{"Netflix signed a deal", "What the deal covers", "Short line.", "Worldwide rights", "We are thrilled", "Sony keeps the rights", "Second part", "The second part was announced", "It adds a spin-off"} {
		if !strings.Contains(text, want) {
			t.Errorf("main text lacks %q:\n%s", want, text)
		}
	}
	for _, drop := range []string{"Home", "Read our review"} {
		if strings.Contains(text, drop) {
			t.Errorf("main text keeps furniture %q", drop)
		}
	}
}

// TestFallback: a page whose every container looks like furniture, or
// that has only short lines, still yields its text; a page with no text
// says what it held.
func TestFallback(t *testing.T) {
	tests := []struct {
		name, page, want, reason string
	}{
		{"widgets", `<div class="sidebar-widget"><div class="widget">` + para("Netflix signed a deal with Sony") + para("The series will have ten episodes") + `</div></div>`, "ten episodes", ""},
		{"short lines", `<div><span>Netflix buys a studio.</span><br><span>More soon.</span></div>`, "More soon.", ""},
		{"links only", `<div><a href="/a">One story</a> <a href="/b">Another story</a></div>`, "", "all of it links"},
		// An anchor that goes nowhere is no link: its paragraphs are text.
		{"script anchor", `<a href="javascript:"><p>Netflix signed a deal.</p><p>More soon.</p></a>`, "More soon.", ""},
		{"named anchor", `<div><a name="top">Netflix signed a deal with Sony for ten episodes.</a></div>`, "ten episodes", ""},
		{"navigation only", `<nav><a href="/">Home</a></nav><script>var x = "text";</script>`, "", "no text outside"},
		{"headline only", `<title>Deal</title><h1>Deal</h1>`, "Deal", ""},
	}
	for _, tt := range tests {
		d, err := Parse([]byte("<html><body>"+tt.page+"</body></html>"), "text/html", "")
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		text := d.Text()
		if tt.want != "" && !strings.Contains(text, tt.want) {
			t.Errorf("%s: main text %q lacks %q", tt.name, text, tt.want)
		}
		if tt.want == "" && len(d.Blocks) != 0 {
			t.Errorf("%s: main text %q, want none", tt.name, text)
		}
		if (len(d.Blocks) == 0) != (d.Reason != "") || !strings.Contains(d.Reason, tt.reason) {
			t.Errorf("%s: reason %q with %d blocks; want one containing %q exactly when there are none", tt.name, d.Reason, len(d.Blocks), tt.reason)
		}
	}
}
