package content

import (
	"fmt"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// page is a cleaned page, its blocks of text and what the scorer knows of
// its elements.
type page struct {
	doc     *goquery.Document
	blocks  []rawBlock
	total   int                     // bytes of text in the page
	sums    map[*html.Node]textSums // text under each element
	hints   map[*html.Node]int      // class weights
	scores  map[*html.Node]float64  // content scores of the candidates
	classes map[string]classHint    // by class and id

	furniture map[*html.Node]bool // elements marked as furniture
	inFurn    map[*html.Node]bool // memo of inFurniture
}

// textSums counts the bytes of text, and of link text, under an element.
type textSums struct{ text, links int }

func newPage(doc *goquery.Document, blocks []rawBlock, total int) *page {
	p := &page{
		doc: doc, blocks: blocks, total: total,
		sums:    map[*html.Node]textSums{},
		hints:   map[*html.Node]int{},
		scores:  map[*html.Node]float64{},
		inFurn:  map[*html.Node]bool{},
		classes: map[string]classHint{},
	}
	for i := range blocks {
		b := &blocks[i]
		for n := b.node; n != nil; n = n.Parent {
			s := p.sums[n]
			s.text += len(b.text)
			s.links += b.linkLen
			p.sums[n] = s
		}
	}
	p.markFurniture()
	return p
}

func (p *page) textLen(n *html.Node) int { return p.sums[n].text }

// density is the share of an element's text inside links.
func (p *page) density(n *html.Node) float64 {
	s := p.sums[n]
	if s.text == 0 {
		return 0
	}
	return float64(s.links) / float64(s.text)
}

// score is a candidate's final score: its content, less the links, and
// its hint in proportion to how much text it holds, so that a class named
// "content" does not make a tiny box the article.
func (p *page) score(n *html.Node) float64 {
	hint := initialScore(n) + float64(p.hint(n))
	return p.scores[n]*(1-p.density(n)) + hint*min(1, float64(p.textLen(n))/1000)
}

// scoreParagraphs gives every paragraph's score to its container and, in
// decreasing shares, to three more ancestors, after Readability.
func (p *page) scoreParagraphs() {
	for i := range p.blocks {
		b := &p.blocks[i]
		if len(b.text) < 25 || b.kind == Heading || b.linkLen*2 > len(b.text) || p.inFurniture(b.node) {
			continue
		}
		score := 1 + float64(strings.Count(b.text, ",")+strings.Count(b.text, "，"))
		score += float64(min(len(b.text)/100, 3))
		if b.node.DataAtom != atom.P && b.node.DataAtom != atom.Li {
			// Loose text in a div scores the div itself as well.
			p.scores[b.node] += score
		}
		level := 0
		for a := b.node.Parent; a != nil && a.Type == html.ElementNode && level < 4; a = a.Parent {
			div := 1.0
			switch level {
			case 0:
			case 1:
				div = 2
			default:
				div = float64(level * 3)
			}
			p.scores[a] += score / div
			level++
		}
	}
}

// best returns the candidate with the highest score outside furniture, and
// its score.
func (p *page) best() (*html.Node, float64) {
	var top *html.Node
	best := -1e9
	for n := range p.scores {
		if p.inFurniture(n) {
			continue
		}
		s := p.score(n)
		if s > best || s == best && top != nil && p.textLen(n) > p.textLen(top) {
			best, top = s, n
		}
	}
	return top, best
}

// widen moves from the best candidate to an ancestor (up to three levels
// up) when the candidate holds only part of the article: an ancestor whose
// own score is close to the best one contains the rest.
func (p *page) widen(top *html.Node, best float64) *html.Node {
	up := 0
	goquery.NewDocumentFromNode(top).ParentsUntil("body").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		n := s.Get(0)
		if up++; up > 3 {
			return false
		}
		if _, ok := p.scores[n]; !ok {
			return true
		}
		if p.score(n) < best*0.75 {
			return false
		}
		top, up = n, 0
		return true
	})
	return top
}

// region returns the elements that hold the article: the chosen container,
// its siblings that score well, and the containers that share its class
// (an article split in chunks: two "article__body" containers).
func (p *page) region(top *html.Node, best float64) map[*html.Node]bool {
	region := map[*html.Node]bool{top: true}
	sel := goquery.NewDocumentFromNode(top).Selection
	threshold := max(10, best*0.2)
	var heads []*html.Node
	sel.Siblings().Each(func(_ int, s *goquery.Selection) {
		n := s.Get(0)
		switch {
		case p.inFurniture(n) || p.hint(n) < 0:
		case isHeading(n):
			heads = append(heads, n)
		case p.scores[n] > 0 && p.score(n) >= threshold, p.alike(n, top), p.prose(n):
			region[n] = true
		}
	})
	// A subheading belongs to the article when what follows it does.
	for _, h := range heads {
		if next := nextElement(h); next != nil && region[next] {
			region[h] = true
		}
	}
	if cls := attr(top, "class"); cls != "" {
		p.doc.Find("[class]").Each(func(_ int, s *goquery.Selection) {
			n := s.Get(0)
			if region[n] || attr(n, "class") != cls || p.inFurniture(n) || related(n, top) {
				return
			}
			if _, ok := p.scores[n]; ok && p.score(n) >= 10 {
				region[n] = true
			}
		})
	}
	return region
}

// alike reports a sibling built like the chosen container (same tag and
// class) that holds text rather than links.
func (p *page) alike(n, top *html.Node) bool {
	return n.DataAtom == top.DataAtom && attr(n, "class") == attr(top, "class") &&
		p.textLen(n) > 0 && p.density(n) < 0.3
}

// prose reports a loose block of text beside the container, after
// Readability: a long paragraph with few links, or a short sentence with
// none.
func (p *page) prose(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.Blockquote, atom.Ul, atom.Ol, atom.Pre, atom.Table:
	default:
		return false
	}
	t, d := p.textLen(n), p.density(n)
	if t >= 80 {
		return d < 0.25
	}
	if t == 0 || d > 0 {
		return false
	}
	text := strings.TrimSpace(nodeText(n))
	return text != "" && strings.ContainsAny(text[len(text)-1:], ".!?:")
}

func isHeading(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

func nextElement(n *html.Node) *html.Node {
	for n = n.NextSibling; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode {
			return n
		}
	}
	return nil
}

// minArticle is how much text (bytes) the chosen container must hold to
// be the article without comparison with the densest blocks.
const minArticle = 500

// mainBlocks returns the main text, in stages: the blocks of the best
// container; the densest text blocks when the container holds little of
// them; every paragraph of the page that is not mostly links. With no
// blocks it also says what the page held.
func (p *page) mainBlocks() ([]Block, string) {
	if len(p.blocks) == 0 {
		return nil, "no text outside scripts, styles, hidden elements and navigation"
	}
	inContainer := p.container()
	dense := p.keep(func(b *rawBlock) bool {
		return len(b.text) >= 50 && b.linkLen*4 < len(b.text) && !p.inFurniture(b.node) && !furnitureText(b)
	})
	if n := textLen(inContainer); n > 0 && (n >= minArticle || n*2 >= textLen(dense)) {
		return inContainer, ""
	}
	if len(dense) > 0 {
		return dense, ""
	}
	if all := p.keep(func(b *rawBlock) bool { return b.linkLen*2 <= len(b.text) }); len(all) > 0 {
		return all, ""
	}
	return nil, fmt.Sprintf("%d blocks of text, %d bytes, all of it links", len(p.blocks), p.total)
}

// container picks the element that holds the article and returns the
// blocks inside it that are not furniture.
func (p *page) container() []Block {
	p.scoreParagraphs()
	top, best := p.best()
	if top == nil {
		return nil
	}
	top = p.widen(top, best)
	region := p.region(top, best)
	return p.keep(func(b *rawBlock) bool {
		root := regionRoot(b.node, region)
		return root != nil && !p.inFurniture(b.node) && !p.hinted(b.node, root) && !furnitureText(b)
	})
}

// keep returns the blocks that pass, in page order.
func (p *page) keep(pass func(*rawBlock) bool) []Block {
	var out []Block
	for i := range p.blocks {
		if b := &p.blocks[i]; pass(b) {
			out = append(out, Block{Text: b.text, Kind: b.kind, Emph: b.emph})
		}
	}
	return out
}

func textLen(blocks []Block) int {
	n := 0
	for _, b := range blocks {
		n += len(b.Text)
	}
	return n
}

// hinted reports an element between n and root (n included) whose class
// says it is not article text, unless it holds most of root's text (a
// "widget" that is the article body).
func (p *page) hinted(n, root *html.Node) bool {
	most := p.textLen(root) * 4 / 10
	for ; n != nil && n != root; n = n.Parent {
		if p.hint(n) < 0 && p.textLen(n) < most {
			return true
		}
	}
	return false
}

func initialScore(n *html.Node) float64 {
	switch n.DataAtom {
	case atom.Div, atom.Article, atom.Main, atom.Section:
		return 5
	case atom.Pre, atom.Td, atom.Blockquote:
		return 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		return -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		return -5
	}
	return 0
}

// related reports whether a is b or an ancestor or descendant of b.
func related(a, b *html.Node) bool {
	for p := a; p != nil; p = p.Parent {
		if p == b {
			return true
		}
	}
	for p := b; p != nil; p = p.Parent {
		if p == a {
			return true
		}
	}
	return false
}

// regionRoot returns the region element n lies in, or nil.
func regionRoot(n *html.Node, region map[*html.Node]bool) *html.Node {
	for p := n; p != nil; p = p.Parent {
		if region[p] {
			return p
		}
	}
	return nil
}
