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

// furnitureHint matches class and id words that mark furniture whatever
// else the element says of itself ("comment_content" is a comment).
// strongFurniture ones hold for any amount of text; the others only for
// an element that does not hold most of the page.
var (
	furnitureHint   = regexp.MustCompile(`(?i)^(?:[\w-]*[-_])?(related|relatedposts|share|sharing|sharedaddy|social|newsletter|cookie\w*|breadcrumbs?|outbrain|taboola|sponsored|advert\w*|promo|jp-relatedposts|read-?next|more-stories|most-?(read|popular)|trending|recirc\w*)(?:[-_][\w-]*)?$`)
	strongFurniture = regexp.MustCompile(`(?i)^(?:[\w-]*[-_])?(comments?|commentaires?|disqus|respond|replies|reply)(?:[-_][\w-]*)?$`)
)

// furnitureClass reports a class or id list marking furniture: strong, or
// weak. Taxonomy classes (tag-social, category-comments) say nothing.
func furnitureClass(hint string) (strong, weak bool) {
	for _, tok := range strings.Fields(hint) {
		lt := strings.ToLower(tok)
		if strings.HasPrefix(lt, "tag-") || strings.HasPrefix(lt, "category-") || strings.HasPrefix(lt, "categorie-") || strings.HasPrefix(lt, "topic-") {
			continue
		}
		if strongFurniture.MatchString(tok) {
			return true, false
		}
		if furnitureHint.MatchString(tok) {
			weak = true
		}
	}
	return false, weak
}

// Tags that mark page furniture wherever they appear.
var furnitureTags = map[atom.Atom]bool{
	atom.Nav: true, atom.Aside: true, atom.Footer: true, atom.Form: true,
	atom.Figure: true, atom.Figcaption: true, atom.Menu: true, atom.Label: true,
}

// weights caches each element's class weight.
type weights map[*html.Node]int

// furnitureCache remembers which elements lie inside furniture.
type furnitureCache struct {
	ws     weights
	totals map[*html.Node]*candidate
	page   int // text of the whole page
	memo   map[*html.Node]bool
}

// in reports whether n or an ancestor below <body> is furniture.
func (fc *furnitureCache) in(n *html.Node) bool {
	if n == nil || n.Type != html.ElementNode || n.DataAtom == atom.Body || n.DataAtom == atom.Html {
		return false
	}
	if v, ok := fc.memo[n]; ok {
		return v
	}
	v := fc.self(n) || fc.in(n.Parent)
	fc.memo[n] = v
	return v
}

// self reports whether n itself is furniture: a furniture tag or role, or
// a furniture class or id. An element holding most of the page's text is
// the page, whatever its class says (a form around everything, an
// "advertisement-off-canvas" wrapper).
func (fc *furnitureCache) self(n *html.Node) bool {
	most := textLen(fc.totals[n])*10 >= fc.page*4
	if n.DataAtom == atom.Form {
		return textLen(fc.totals[n]) < 1000 && !most
	}
	if furnitureTags[n.DataAtom] {
		return !most || n.DataAtom == atom.Nav
	}
	switch attr(n, "role") {
	case "navigation", "complementary", "contentinfo", "banner", "search", "dialog":
		return true
	}
	strong, weak := furnitureClass(attr(n, "class") + " " + attr(n, "id"))
	return strong || weak && !most
}

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
	content float64 // from the paragraphs inside
	hint    float64 // from the tag, class and id
	textLen int
	linkLen int
}

// score is a candidate's final score: its content, less the links, and
// its hint in proportion to how much text it holds, so that a class named
// "content" does not make a tiny box the article.
func (c *candidate) score(t *candidate) float64 {
	return c.content*(1-density(t)) + c.hint*min(1, float64(textLen(t))/1000)
}

func textLen(t *candidate) int {
	if t == nil {
		return 0
	}
	return t.textLen
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
			c = &candidate{hint: initialScore(n) + float64(ws.of(n))}
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
	fc := &furnitureCache{ws: ws, totals: totals, page: w.total, memo: map[*html.Node]bool{}}
	for i := range w.blocks {
		b := &w.blocks[i]
		if len(b.text) < 25 || b.kind == Heading {
			continue
		}
		if b.linkLen*2 > len(b.text) || fc.in(b.node) {
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
				get(b.node).content += score
			}
			get(p).content += score / div
			level++
		}
	}
	var top *html.Node
	best := -1e9
	for n, c := range cands {
		if fc.in(n) {
			continue
		}
		t := totals[n]
		s := c.score(t)
		if s > best || s == best && top != nil && textLen(t) > textLen(totals[top]) {
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
			if c := cands[s]; c != nil && !fc.in(s) && c.score(totals[s]) >= threshold {
				region[s] = true
			}
		}
	}
	// An article split into chunks that share the winner's class (two
	// "article__body" containers, three "post__content" sections).
	if cls := attr(top, "class"); cls != "" {
		for n, c := range cands {
			if region[n] || attr(n, "class") != cls || fc.in(n) || c.score(totals[n]) < 10 || related(n, top) {
				continue
			}
			region[n] = true
		}
	}
	var out []Block
	for i := range w.blocks {
		b := &w.blocks[i]
		root := regionRoot(b.node, region)
		if root == nil || fc.in(b.node) || furniture(b, root, ws) {
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

// widen moves from the best candidate to an ancestor (up to three levels
// up) when the candidate holds only part of the article: an ancestor whose
// own score is close to the best one contains the rest.
func widen(top *html.Node, cands map[*html.Node]*candidate, totals map[*html.Node]*candidate, best float64) *html.Node {
	up := 0
	for p := top.Parent; p != nil && p.DataAtom != atom.Body && p.DataAtom != atom.Html && up < 3; p = p.Parent {
		up++
		c := cands[p]
		if c == nil {
			continue
		}
		if c.score(totals[p]) < best*0.75 {
			break
		}
		top, up = p, 0
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

// boilerplate matches short blocks that are furniture by their words.
var boilerplate = regexp.MustCompile(`(?i)^(photo|image|picture|illustration|crédits?|credits?|source|read (next|more|also)|related|see also|lire aussi|à lire aussi|a lire aussi|voir aussi|share|partager|follow us|suivez-nous|subscribe|abonnez-vous|advertisement|advert|publicité|sign up|inscrivez-vous|tags?\s*:|mots-clés|©|copyright|all rights reserved|tous droits|leave a (reply|comment)|laisser un commentaire|posted (in|by|on)|filed under|click here|cliquez ici|don't miss|ne manquez pas|by [A-Z]|par [A-Z]|published|updated|mis à jour|publié le|modifié le|last (updated|modified))\b`)

// captionTail ends an image caption: "... (Image: GETTY)".
var captionTail = regexp.MustCompile(`(?i)\((image|photo|picture|pic|credit|crédit|illustration)s?\s*:[^)]*\)\s*$`)

// dateLine is a block that is mostly a date: a dateline or a timestamp.
var dateLine = regexp.MustCompile(`(?i)\b(\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}|\d{1,2} (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|fevr|mars|avr|mai|juin|juil|août|aout|sept|oct|nov|déc|dec)[a-zéû]*\.? \d{4}|\d{1,2} de [a-zç]+ de \d{4})\b`)

// furniture reports whether a block inside the region is still furniture:
// inside an element marked as such, mostly links, boilerplate words, a
// caption or a dateline.
func furniture(b *rawBlock, root *html.Node, ws weights) bool {
	for p := b.node; p != nil && p != root; p = p.Parent {
		if ws.of(p) < 0 {
			return true
		}
	}
	n := len(b.text)
	switch {
	case b.linkLen*2 > n && n < 300:
		return true
	case n < 160 && boilerplate.MatchString(b.text):
		return true
	case n < 300 && captionTail.MatchString(b.text):
		return true
	case n < 80 && dateLine.MatchString(b.text) && !strings.ContainsAny(b.text[n-1:], ".!?"):
		return true
	}
	return false
}
