package content

import (
	"strings"
)

// ParseText reads a plain-text article: optional "key: value" header lines
// (url, published, lang, title, site) up to the first blank line, then
// paragraphs separated by blank lines. The first paragraph is the title
// when no header gives one.
func ParseText(body []byte, contentType string) (*Document, error) {
	text, cs, err := Decode(body, contentType)
	if err != nil {
		return nil, err
	}
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	doc := &Document{Charset: cs}
	paras := strings.Split(text, "\n\n")
	if len(paras) > 0 {
		if hdr, ok := frontMatter(paras[0]); ok {
			paras = paras[1:]
			doc.Title = hdr["title"]
			doc.Published = ParseDate(hdr["published"])
			doc.Lang = normLang(hdr["lang"])
			doc.Site = hdr["site"]
			if u := hdr["url"]; strings.Contains(u, "://") {
				doc.CanonicalURL = NormalizeURL(u)
			}
		}
	}
	total := 0
	for _, p := range paras {
		p = collapse(p)
		if p == "" || total >= MaxTextLen {
			continue
		}
		if len(p) > MaxBlockLen {
			p = p[:MaxBlockLen]
		}
		kind := Paragraph
		if doc.Title == "" && len(doc.Blocks) == 0 && len(p) < 200 && !strings.ContainsAny(p[len(p)-1:], ".!?") {
			doc.Title = p
			kind = Heading
		}
		doc.Blocks = append(doc.Blocks, Block{Text: p, Kind: kind})
		total += len(p)
	}
	return doc, nil
}

// frontMatter parses a block made only of "key: value" lines.
func frontMatter(block string) (map[string]string, bool) {
	hdr := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(block), "\n") {
		k, v, ok := strings.Cut(line, ":")
		k = strings.ToLower(strings.TrimSpace(k))
		if !ok || k == "" || strings.ContainsAny(k, " \t") || len(k) > 20 {
			return nil, false
		}
		hdr[k] = strings.TrimSpace(v)
	}
	return hdr, len(hdr) > 0
}
