// Package content turns an HTML page into its main text and metadata. It
// owns charset decoding, boilerplate removal (navigation, share bars,
// "read next" boxes, captions, comment forms) and the page's title,
// publication date, language, canonical URL and site name.
package content

import (
	"strings"

	"golang.org/x/net/html"
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
	if err != nil {
		return nil, err
	}
	w := newWalker()
	w.walk(root, 0)
	w.flush()
	doc := &Document{Charset: cs}
	w.meta.fill(doc, pageURL)
	doc.Blocks = w.mainBlocks()
	if doc.Title == "" {
		for _, b := range doc.Blocks {
			if b.Kind == Heading {
				doc.Title = b.Text
				break
			}
		}
	}
	return doc, nil
}
