// Package content turns an HTML page into its main text and metadata. It
// owns charset decoding, boilerplate removal (navigation, share bars,
// "read next" boxes, captions, comment forms) and the page's title,
// publication date, language, canonical URL and site name.
package content

import (
	"strings"

	"github.com/PuerkitoBio/goquery"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Kind says what a block of main text is.
type Kind uint8

// Block kinds.
const (
	Paragraph Kind = iota
	Heading
	ListItem
	Quote
)

// Span is a byte range of a block's text.
type Span struct{ Start, End int }

// Block is one paragraph-like unit of the main text.
type Block struct {
	Text string
	Kind Kind
	// Emph holds the <em>, <i> and <cite> runs, where titles of works
	// are often set.
	Emph []Span
}

// Document is a page's main text and metadata.
type Document struct {
	Title string
	// Published is YYYY-MM-DD when the page states it, else "".
	Published string
	// Lang is the declared language (two letters), if any.
	Lang         string
	CanonicalURL string
	Site         string
	Charset      string
	Blocks       []Block
	// Reason says what the page held when it has no main text (Blocks
	// is empty).
	Reason string
}

// Text returns the main text, one block per paragraph.
func (d *Document) Text() string {
	n := 0
	for _, b := range d.Blocks {
		n += len(b.Text) + 2
	}
	var sb strings.Builder
	sb.Grow(n)
	for i, b := range d.Blocks {
		if i > 0 {
			sb.WriteString("\n\n")
		}
		sb.WriteString(b.Text)
	}
	return sb.String()
}

// Limits that keep hostile pages bounded.
const (
	// MaxDepth is how deep the DOM is walked; deeper content is ignored.
	MaxDepth = 256
	// MaxBlockLen caps one block of text.
	MaxBlockLen = 64 << 10
	// MaxTextLen caps the whole main text.
	MaxTextLen = 1 << 20
)

// Parse decodes the page, parses it and extracts its main text and
// metadata. pageURL is the page's final URL, used to resolve relative links
// and as the last source of a date.
func Parse(body []byte, contentType, pageURL string) (*Document, error) {
	text, cs, err := Decode(body, contentType)
	if err != nil {
		return nil, err
	}
	root, err := html.ParseWithOptions(strings.NewReader(text), html.ParseOptionEnableScripting(false))
	if err != nil || deeper(root, MaxDepth-8) {
		// The parser refuses very deep trees, and the walker stops at
		// MaxDepth: drop the tags nested too deep (their text stays) and
		// parse again.
		root, err = html.ParseWithOptions(strings.NewReader(flatten(text, MaxDepth-16)), html.ParseOptionEnableScripting(false))
		if err != nil {
			return nil, err
		}
	}
	gq := goquery.NewDocumentFromNode(root)
	doc := &Document{Charset: cs}
	meta := readMeta(gq)
	meta.fill(doc, pageURL)
	clean(gq)
	w := &walker{}
	w.walk(root, 0)
	w.flush()
	blocks, reason := newPage(gq, w.blocks, w.total).mainBlocks()
	if doc.Title == "" {
		for _, b := range blocks {
			if b.Kind == Heading {
				doc.Title = b.Text
				break
			}
		}
	}
	// The headline is the title, not the main text.
	title := strings.Join(strings.Fields(strings.ToLower(doc.Title)), " ")
	for _, b := range blocks {
		if b.Kind == Heading && title != "" && strings.Join(strings.Fields(strings.ToLower(b.Text)), " ") == title {
			continue
		}
		doc.Blocks = append(doc.Blocks, b)
	}
	if len(doc.Blocks) == 0 {
		// A page whose only text is its headline still has that text.
		doc.Blocks = blocks
	}
	doc.Reason = reason
	return doc, nil
}

// voidTags never have an end tag.
var voidTags = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true,
	atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true,
	atom.Track: true, atom.Wbr: true, atom.Param: true,
}

// deeper reports a tree with nodes nested deeper than max. It walks
// without recursion.
func deeper(root *html.Node, max int) bool {
	depth := 0
	for n := root; n != nil; {
		if n.FirstChild != nil {
			n = n.FirstChild
			depth++
			if depth > max {
				return true
			}
			continue
		}
		for n != nil && n.NextSibling == nil {
			n = n.Parent
			depth--
		}
		if n != nil {
			n = n.NextSibling
		}
	}
	return false
}

// flatten rewrites a page so that no element is nested deeper than max
// (which leaves room for the elements the parser adds: html, body):
// deeper tags are dropped, their text kept.
func flatten(text string, max int) string {
	z := html.NewTokenizer(strings.NewReader(text))
	var sb strings.Builder
	sb.Grow(len(text))
	depth := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return sb.String()
		case html.StartTagToken:
			name, _ := z.TagName()
			if voidTags[atom.Lookup(name)] {
				sb.Write(z.Raw())
				continue
			}
			depth++
			if depth <= max {
				sb.Write(z.Raw())
			}
		case html.EndTagToken:
			if depth <= max {
				sb.Write(z.Raw())
			}
			if depth > 0 {
				depth--
			}
		default:
			sb.Write(z.Raw())
		}
	}
}
