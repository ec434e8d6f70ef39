package content

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Class and id hints, after Readability.
var (
	negativeHint = regexp.MustCompile(`(?i)(^|[-_ ])(ad|ads|advert\w*|banner|breadcrumbs?|byline|caption|combx|comments?|commentaires?|com-|contact|cookie\w*|credits?|disqus|footer|footnote|gdpr|legende|masthead|meta|menu|modal|nav\w*|newsletter|outbrain|partage|popular|popup|promo\w*|pub|read-?next|recommend\w*|related\w*|reply|respond|rss|scroll|share\w*|shoutbox|sidebar|signup|skyscraper|social\w*|sponsor\w*|shopping|subscribe|subscription|tag-?links|tags|taboola|toolbar|tools?|widget\w*|author-?(box|bio|info)|a-lire-aussi|voir-aussi|lire-aussi|mots-cles|keywords|most-?read|plus-lus|trending|teaser|jp-relatedposts|synved\w*|sharedaddy|print|login|secondary|secondaire|pied|entete|sous-menu|fil-ariane|signature|wp-caption\w*)($|[-_ ])`)
	positiveHint = regexp.MustCompile(`(?i)(^|[-_ ])(article|articlebody|article-?body|body|content|entry|entry-content|hentry|h-entry|main|page|post|post-?body|post-?content|text|texte|blog|story|story-?body|corps)($|[-_ ])`)
)

// Tags that mark page furniture wherever they appear.
var furnitureTags = map[atom.Atom]bool{
	atom.Nav: true, atom.Aside: true, atom.Footer: true, atom.Form: true,
	atom.Figure: true, atom.Figcaption: true, atom.Menu: true, atom.Label: true,
}

// weights caches each element's class weight.
type weights map[*html.Node]int

func (ws weights) of(n *html.Node) int {
	if w, ok := ws[n]; ok {
		return w
	}
	w := 0
	hint := attr(n, "class") + " " + attr(n, "id")
	if len(hint) > 1 {
		if negativeHint.MatchString(hint) {
			w -= 25
		}
		if positiveHint.MatchString(hint) {
			w += 25
		}
	}
	if furnitureTags[n.DataAtom] {
		w -= 50
	}
	if n.DataAtom == atom.Header && !inside(n, atom.Article) {
		w -= 25
	}
	switch attr(n, "role") {
	case "navigation", "complementary", "contentinfo", "banner", "search", "dialog":
		w -= 50
	case "main", "article":
		w += 25
	}
	if strings.Contains(attr(n, "itemprop"), "articleBody") {
		w += 50
	}
	ws[n] = w
	return w
}

func inside(n *html.Node, a atom.Atom) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == a {
			return true
		}
	}
	return false
}

type candidate struct {
	score   float64
	textLen int
	linkLen int
}

// mainBlocks picks the element that holds the article, after Readability's
// scoring, and returns the blocks inside it that are not furniture.
func (w *walker) mainBlocks() []Block {
	if len(w.blocks) == 0 {
		return nil
	}
	ws := weights{}
	cands := map[*html.Node]*candidate{}
	get := func(n *html.Node) *candidate {
		c := cands[n]
		if c == nil {
			c = &candidate{score: initialScore(n) + float64(ws.of(n))}
			cands[n] = c
		}
		return c
	}
	// Text and link totals for every ancestor, for link density.
	totals := map[*html.Node]*candidate{}
	for i := range w.blocks {
		b := &w.blocks[i]
		for p := b.node; p != nil; p = p.Parent {
			t := totals[p]
			if t == nil {
				t = &candidate{}
				totals[p] = t
			}
			t.textLen += len(b.text)
			t.linkLen += b.linkLen
		}
	}
	for i := range w.blocks {
		b := &w.blocks[i]
		if len(b.text) < 25 || b.kind == Heading {
			continue
		}
		if b.linkLen*2 > len(b.text) {
			continue
		}
		score := 1 + float64(strings.Count(b.text, ",")+strings.Count(b.text, "，"))
		score += float64(min(len(b.text)/100, 3))
		level := 0
		for p := b.node.Parent; p != nil && p.Type == html.ElementNode && level < 4; p = p.Parent {
			div := 1.0
			switch level {
			case 0:
			case 1:
				div = 2
			default:
				div = float64(level * 3)
			}
			if level == 0 && b.node.DataAtom != atom.P && b.node.DataAtom != atom.Li {
				// Loose text in a div scores the div itself as well.
				get(b.node).score += score
			}
			get(p).score += score / div
			level++
		}
	}
	var top *html.Node
	best := -1e9
	for n, c := range cands {
		t := totals[n]
		ld := 0.0
		if t != nil && t.textLen > 0 {
			ld = float64(t.linkLen) / float64(t.textLen)
		}
		s := c.score * (1 - ld)
		if s > best || s == best && top != nil && t.textLen > totals[top].textLen {
			best, top = s, n
		}
	}
	if top == nil {
		return nil
	}
	top = widen(top, cands, totals, best)
	region := map[*html.Node]bool{top: true}
	// Siblings that score well join the region (articles split in parts).
	if top.Parent != nil {
		threshold := max(10, best*0.2)
		for s := top.Parent.FirstChild; s != nil; s = s.NextSibling {
			if s == top || s.Type != html.ElementNode || ws.of(s) < 0 {
				continue
			}
			if c := cands[s]; c != nil {
				t := totals[s]
				if c.score*(1-density(t)) >= threshold {
					region[s] = true
				}
			}
		}
	}
	var out []Block
	for i := range w.blocks {
		b := &w.blocks[i]
		root := regionRoot(b.node, region)
		if root == nil || furniture(b, root, ws) {
			continue
		}
		out = append(out, Block{Text: b.text, Kind: b.kind, Emph: b.emph})
	}
	return out
}

func density(t *candidate) float64 {
	if t == nil || t.textLen == 0 {
		return 0
	}
	return float64(t.linkLen) / float64(t.textLen)
}

// widen moves from the best candidate to an ancestor when the candidate
// holds only part of the article: an ancestor whose own score is close to
// the best one contains the rest.
func widen(top *html.Node, cands map[*html.Node]*candidate, totals map[*html.Node]*candidate, best float64) *html.Node {
	for p := top.Parent; p != nil && p.DataAtom != atom.Body && p.DataAtom != atom.Html; p = p.Parent {
		c := cands[p]
		if c == nil {
			break
		}
		if c.score*(1-density(totals[p])) < best*0.75 {
			break
		}
		top = p
	}
	return top
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

// regionRoot returns the region element n lies in, or nil.
func regionRoot(n *html.Node, region map[*html.Node]bool) *html.Node {
	for p := n; p != nil; p = p.Parent {
		if region[p] {
			return p
		}
	}
	return nil
}

// boilerplate matches short blocks that are furniture by their words.
var boilerplate = regexp.MustCompile(`(?i)^(photo|image|picture|illustration|crédits?|credits?|source|read (next|more|also)|related|see also|lire aussi|à lire aussi|a lire aussi|voir aussi|share|partager|follow us|suivez-nous|subscribe|abonnez-vous|advertisement|publicité|sign up|inscrivez-vous|tags?\s*:|mots-clés|©|copyright|all rights reserved|tous droits|leave a (reply|comment)|laisser un commentaire|posted (in|by)|filed under|click here|cliquez ici)\b`)

// furniture reports whether a block inside the region is still furniture:
// inside an element marked as such, mostly links, or boilerplate words.
func furniture(b *rawBlock, root *html.Node, ws weights) bool {
	for p := b.node; p != nil && p != root; p = p.Parent {
		if ws.of(p) < 0 {
			return true
		}
	}
	if b.linkLen*2 > len(b.text) && len(b.text) < 300 {
		return true
	}
	if len(b.text) < 160 && boilerplate.MatchString(b.text) {
		return true
	}
	return false
}
