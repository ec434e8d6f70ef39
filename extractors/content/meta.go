package content

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// metaCollector holds the elements that carry metadata.
type metaCollector struct {
	htmlLang  string
	title     string
	meta      map[string]string // lower-cased name/property/itemprop -> content
	canonical string
	ldjson    []string
	times     []string // datetime of <time> and datePublished elements, in order
	h1        []string
}

// Bounds on what is collected from hostile pages.
const (
	maxLD    = 8
	maxTimes = 8
	maxH1    = 4
)

// readMeta selects the metadata elements of the whole page.
func readMeta(doc *goquery.Document) metaCollector {
	m := metaCollector{meta: map[string]string{}}
	root := doc.Find("html").First()
	m.htmlLang = firstNonEmpty(root.AttrOr("lang", ""), root.AttrOr("xml:lang", ""))
	if t := doc.Find("title").First(); t.Length() > 0 {
		m.title = nodeText(t.Get(0))
	}
	doc.Find("meta[content]").Each(func(_ int, s *goquery.Selection) {
		content := strings.TrimSpace(s.AttrOr("content", ""))
		if content == "" {
			return
		}
		for _, k := range []string{"property", "name", "itemprop", "http-equiv"} {
			if v := strings.ToLower(strings.TrimSpace(s.AttrOr(k, ""))); v != "" {
				if _, seen := m.meta[v]; !seen {
					m.meta[v] = content
				}
			}
		}
	})
	doc.Find("link[rel][href]").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if strings.EqualFold(strings.TrimSpace(s.AttrOr("rel", "")), "canonical") {
			m.canonical = strings.TrimSpace(s.AttrOr("href", ""))
			return false
		}
		return true
	})
	doc.Find("script[type]").Each(func(_ int, s *goquery.Selection) {
		if len(m.ldjson) < maxLD && strings.Contains(strings.ToLower(s.AttrOr("type", "")), "ld+json") {
			m.ldjson = append(m.ldjson, nodeText(s.Get(0)))
		}
	})
	doc.Find("time[datetime], [itemprop*=datePublished][datetime]").Each(func(_ int, s *goquery.Selection) {
		if dt := s.AttrOr("datetime", ""); dt != "" && len(m.times) < maxTimes {
			m.times = append(m.times, dt)
		}
	})
	doc.Find("h1").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if t := collapse(nodeText(s.Get(0))); t != "" {
			m.h1 = append(m.h1, t)
		}
		return len(m.h1) < maxH1
	})
	return m
}

// nodeText is the concatenated text of a subtree, bounded.
func nodeText(n *html.Node) string {
	var sb strings.Builder
	var rec func(*html.Node, int)
	rec = func(n *html.Node, depth int) {
		if depth > MaxDepth || sb.Len() > MaxBlockLen {
			return
		}
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c, depth+1)
		}
	}
	rec(n, 0)
	return sb.String()
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// ld is the part of schema.org JSON-LD that dealwire reads.
type ld struct {
	headline  string
	published string
	publisher string
	url       string
}

func (m *metaCollector) readLD() ld {
	var out ld
	for _, raw := range m.ldjson {
		var v any
		if json.Unmarshal([]byte(strings.TrimSpace(raw)), &v) != nil {
			continue
		}
		visitLD(v, &out, 0)
	}
	return out
}

var articleTypes = regexp.MustCompile(`(?i)article|posting|report|newsarticle|webpage|blog`)

func visitLD(v any, out *ld, depth int) {
	if depth > 6 {
		return
	}
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			visitLD(e, out, depth+1)
		}
	case map[string]any:
		if g, ok := t["@graph"]; ok {
			visitLD(g, out, depth+1)
		}
		typ := ldString(t["@type"])
		if !articleTypes.MatchString(typ) {
			return
		}
		if out.headline == "" {
			out.headline = ldString(t["headline"])
		}
		if out.published == "" {
			out.published = ldString(t["datePublished"])
			if out.published == "" {
				out.published = ldString(t["dateCreated"])
			}
		}
		if out.url == "" {
			out.url = ldString(t["url"])
		}
		if out.publisher == "" {
			if p, ok := t["publisher"].(map[string]any); ok {
				out.publisher = ldString(p["name"])
			}
		}
	}
}

func ldString(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case []any:
		if len(t) > 0 {
			return ldString(t[0])
		}
	}
	return ""
}

// fill sets the document's metadata from what was collected.
func (m *metaCollector) fill(d *Document, pageURL string) {
	base, _ := url.Parse(pageURL)
	lj := m.readLD()

	d.Site = firstNonEmpty(m.meta["og:site_name"], lj.publisher, m.meta["application-name"])
	if d.Site == "" && base != nil {
		d.Site = strings.TrimPrefix(base.Hostname(), "www.")
	}
	d.Title = cleanTitle(firstNonEmpty(lj.headline, m.meta["og:title"], m.meta["twitter:title"], first(m.h1), collapse(m.title)), d.Site)

	for _, c := range []string{
		lj.published,
		m.meta["article:published_time"], m.meta["og:article:published_time"],
		m.meta["datepublished"], m.meta["pubdate"], m.meta["publishdate"], m.meta["publish-date"],
		m.meta["publish_date"], m.meta["date"], m.meta["dc.date.issued"], m.meta["dc.date"],
		m.meta["dcterms.created"], m.meta["dcterms.issued"], m.meta["sailthru.date"],
		m.meta["parsely-pub-date"], m.meta["article.published"], m.meta["og:published_time"],
	} {
		if v := ParseDate(c); v != "" {
			d.Published = v
			break
		}
	}
	if d.Published == "" {
		for _, t := range m.times {
			if v := ParseDate(t); v != "" {
				d.Published = v
				break
			}
		}
	}

	canon := firstNonEmpty(m.canonical, m.meta["og:url"], lj.url)
	d.CanonicalURL = resolve(base, canon)
	if d.CanonicalURL == "" && base != nil {
		d.CanonicalURL = NormalizeURL(base.String())
	}
	if d.Published == "" {
		d.Published = DateFromURL(d.CanonicalURL)
		if d.Published == "" && base != nil {
			d.Published = DateFromURL(base.String())
		}
	}

	lang := firstNonEmpty(m.htmlLang, m.meta["content-language"], m.meta["og:locale"], m.meta["language"], m.meta["dc.language"])
	d.Lang = normLang(lang)
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

func normLang(l string) string {
	l = strings.ToLower(strings.TrimSpace(l))
	if i := strings.IndexAny(l, "-_,; "); i >= 0 {
		l = l[:i]
	}
	if len(l) < 2 || len(l) > 3 {
		return ""
	}
	for _, r := range l {
		if r < 'a' || r > 'z' {
			return ""
		}
	}
	return l
}

var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " / "}

// cleanTitle drops a site name joined to the title by a separator.
func cleanTitle(t, site string) string {
	t = collapse(t)
	if site == "" {
		return t
	}
	ls := strings.ToLower(site)
	for _, sep := range titleSeparators {
		if i := strings.LastIndex(t, sep); i > 0 {
			tail := strings.ToLower(t[i+len(sep):])
			if strings.Contains(tail, ls) || strings.Contains(ls, tail) {
				return strings.TrimSpace(t[:i])
			}
		}
		if i := strings.Index(t, sep); i > 0 {
			head := strings.ToLower(t[:i])
			if strings.Contains(head, ls) || strings.Contains(ls, head) {
				return strings.TrimSpace(t[i+len(sep):])
			}
		}
	}
	return t
}

func resolve(base *url.URL, ref string) string {
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if !u.IsAbs() {
		return ""
	}
	return NormalizeURL(u.String())
}
