package content

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// rawBlock is a block of text as the walker found it, before the main
// content is chosen.
type rawBlock struct {
	text    string
	kind    Kind
	node    *html.Node // the block-level element that holds the text
	linkLen int        // bytes of text inside links
	emph    []Span
	order   int
}

// walker makes one pass over the cleaned DOM and cuts its text into
// blocks.
type walker struct {
	blocks []rawBlock
	total  int

	sb        strings.Builder
	linkLen   int
	inLink    int
	emph      []Span
	emphStart []int
	blockNode []*html.Node // stack of enclosing block-level elements
	kind      []Kind
}

// Tags that start and end a block of text.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Body: true, atom.Dd: true, atom.Details: true, atom.Div: true, atom.Dl: true,
	atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true,
	atom.Footer: true, atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Header: true, atom.Hgroup: true,
	atom.Hr: true, atom.Li: true, atom.Main: true, atom.Nav: true, atom.Ol: true,
	atom.P: true, atom.Pre: true, atom.Section: true, atom.Summary: true,
	atom.Table: true, atom.Tbody: true, atom.Thead: true, atom.Tfoot: true,
	atom.Tr: true, atom.Td: true, atom.Th: true, atom.Ul: true, atom.Caption: true,
	atom.Center: true, atom.Menu: true, atom.Html: true, atom.Label: true,
}

func (w *walker) walk(n *html.Node, depth int) {
	if depth > MaxDepth {
		return
	}
	switch n.Type {
	case html.TextNode:
		if w.total >= MaxTextLen {
			return
		}
		w.text(n.Data)
		return
	case html.ElementNode:
	case html.DocumentNode:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c, depth+1)
		}
		return
	default:
		return
	}
	a := n.DataAtom
	if a == atom.Br {
		w.flush()
		return
	}
	isBlock := blockTags[a]
	if isBlock {
		w.flush()
		w.blockNode = append(w.blockNode, n)
		w.kind = append(w.kind, kindOf(a))
	}
	isLink := a == atom.A && navigates(n)
	if isLink {
		w.inLink++
	}
	isEmph := a == atom.Em || a == atom.I || a == atom.Cite
	if isEmph {
		w.emphStart = append(w.emphStart, w.sb.Len())
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, depth+1)
	}
	if isEmph {
		start := w.emphStart[len(w.emphStart)-1]
		w.emphStart = w.emphStart[:len(w.emphStart)-1]
		if start <= w.sb.Len() {
			w.emph = append(w.emph, Span{start, w.sb.Len()})
		}
	}
	if isLink {
		w.inLink--
	}
	if isBlock {
		w.flush()
		w.blockNode = w.blockNode[:len(w.blockNode)-1]
		w.kind = w.kind[:len(w.kind)-1]
	}
}

func kindOf(a atom.Atom) Kind {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return Heading
	case atom.Li, atom.Dd, atom.Dt:
		return ListItem
	case atom.Blockquote:
		return Quote
	}
	return Paragraph
}

// text appends a text node to the current block, collapsing whitespace.
func (w *walker) text(s string) {
	start := w.sb.Len()
	space := start == 0 || lastIsSpace(&w.sb)
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		if isSpace(r) {
			if !space {
				w.sb.WriteByte(' ')
				space = true
			}
			continue
		}
		if r == '\u00AD' || r == '\u200B' || r == '\uFEFF' {
			continue // soft hyphen, zero-width space, BOM
		}
		if w.sb.Len() >= MaxBlockLen {
			break
		}
		w.sb.WriteRune(r)
		space = false
	}
	if w.inLink > 0 {
		w.linkLen += w.sb.Len() - start
	}
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', '\u00A0', '\u2002', '\u2003', '\u2009', '\u202F', '\u3000':
		return true
	}
	return false
}

func lastIsSpace(sb *strings.Builder) bool {
	s := sb.String()
	return s[len(s)-1] == ' '
}

// flush ends the current block.
func (w *walker) flush() {
	if w.sb.Len() == 0 {
		w.emph = w.emph[:0]
		return
	}
	raw := w.sb.String()
	text := strings.TrimSpace(raw)
	lead := strings.Index(raw, text)
	w.sb.Reset()
	if text == "" || len(w.blockNode) == 0 {
		w.linkLen, w.emph = 0, w.emph[:0]
		return
	}
	var emph []Span
	for _, e := range w.emph {
		s, t := max(e.Start-lead, 0), min(e.End-lead, len(text))
		if t > s {
			emph = append(emph, Span{s, t})
		}
	}
	w.blocks = append(w.blocks, rawBlock{
		text:    text,
		kind:    w.kind[len(w.kind)-1],
		node:    w.blockNode[len(w.blockNode)-1],
		linkLen: min(w.linkLen, len(text)),
		emph:    emph,
		order:   len(w.blocks),
	})
	w.total += len(text)
	w.linkLen, w.emph = 0, w.emph[:0]
	for i := range w.emphStart {
		w.emphStart[i] = 0
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// navigates reports an anchor that leads somewhere: one with no href, an
// empty one, "#" or a javascript: action is no link, and its text counts
// as text.
func navigates(n *html.Node) bool {
	for _, at := range n.Attr {
		if at.Key != "href" {
			continue
		}
		h := strings.TrimSpace(at.Val)
		return h != "" && h != "#" && !strings.HasPrefix(strings.ToLower(h), "javascript:")
	}
	return false
}
