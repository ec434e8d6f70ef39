package content

import (
	"regexp"
	"strings"
	"sync"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// neverText selects what a reader never sees as text: scripts, styles,
// embedded objects, form controls, hidden elements, and navigation.
const neverText = `head, title, script, style, noscript, template, svg, math, canvas, iframe, object, embed,
	video, audio, button, select, option, textarea, input, map, dialog,
	[hidden], [aria-hidden="true"], nav,
	[role="navigation"], [role="complementary"], [role="contentinfo"], [role="banner"], [role="search"], [role="dialog"]`

// clean removes by selector what is never main text.
func clean(doc *goquery.Document) {
	doc.Find(neverText).Remove()
	doc.Find("[style]").FilterFunction(func(_ int, s *goquery.Selection) bool {
		v := strings.ToLower(s.AttrOr("style", ""))
		return strings.Contains(v, "display:none") || strings.Contains(v, "display: none") ||
			strings.Contains(v, "visibility:hidden") || strings.Contains(v, "visibility: hidden")
	}).Remove()
}

// Class and id hints, after Readability.
var (
	negativeHint = regexp.MustCompile(`(^|[-_ ])(ad|ads|advert\w*|banner|breadcrumbs?|byline|caption|combx|comments?|commentaires?|com-|contact|cookie\w*|credits?|disqus|footer|footnote|gdpr|legende|masthead|meta|menu|modal|nav\w*|newsletter|outbrain|partage|popular|popup|promo\w*|pub|read-?next|recommend\w*|related\w*|reply|respond|rss|scroll|share\w*|shoutbox|sidebar|signup|skyscraper|social\w*|sponsor\w*|shopping|subscribe|subscription|tag-?links|tags|taboola|toolbar|tools?|widget\w*|author-?(box|bio|info)|a-lire-aussi|voir-aussi|lire-aussi|mots-cles|keywords|most-?read|plus-lus|trending|teaser|jp-relatedposts|synved\w*|sharedaddy|print|login|secondary|secondaire|pied|entete|sous-menu|fil-ariane|signature|wp-caption\w*)($|[-_ ])`)
	positiveHint = regexp.MustCompile(`(^|[-_ ])(article|articlebody|article-?body|body|content|entry|entry-content|hentry|h-entry|main|page|post|post-?body|post-?content|text|texte|blog|story|story-?body|corps)($|[-_ ])`)
)

// furnitureHint matches class and id words that mark furniture whatever
// else the element says of itself ("comment_content" is a comment).
// strongFurniture ones hold for any amount of text; the others only for
// an element that does not hold most of the page.
var (
	furnitureHint   = regexp.MustCompile(`^(?:[\w-]*[-_])?(related|relatedposts|share|sharing|sharedaddy|social|newsletter|cookie\w*|breadcrumbs?|outbrain|taboola|sponsored|advert\w*|promo|jp-relatedposts|read-?next|more-stories|most-?(read|popular)|trending|recirc\w*)(?:[-_][\w-]*)?$`)
	strongFurniture = regexp.MustCompile(`^(?:[\w-]*[-_])?(comments?|commentaires?|disqus|respond|replies|reply)(?:[-_][\w-]*)?$`)
)

// furnitureClass reports a class or id list marking furniture: strong, or
// weak. Taxonomy classes (tag-social, category-comments) say nothing.
func furnitureClass(hint string) (strong, weak bool) {
	for _, tok := range strings.Fields(hint) {
		lt := strings.ToLower(tok)
		if strings.HasPrefix(lt, "tag-") || strings.HasPrefix(lt, "category-") || strings.HasPrefix(lt, "categorie-") || strings.HasPrefix(lt, "topic-") {
			continue
		}
		if strongFurniture.MatchString(lt) {
			return true, false
		}
		if furnitureHint.MatchString(lt) {
			weak = true
		}
	}
	return false, weak
}

// furnitureTags mark page furniture unless they hold most of the page.
const furnitureTags = "aside, footer, form, figure, figcaption, menu, label"

// markFurniture selects the elements that are furniture: furniture tags
// and classes, unless the element holds most of the page's text (a form
// around everything, an "advertisement-off-canvas" wrapper). Comments are
// furniture whatever their size.
func (p *page) markFurniture() {
	p.furniture = map[*html.Node]bool{}
	most := func(n *html.Node) bool { return p.textLen(n)*10 >= p.total*4 }
	p.doc.Find(furnitureTags).Each(func(_ int, s *goquery.Selection) {
		n := s.Get(0)
		if n.DataAtom == atom.Form {
			p.furniture[n] = p.textLen(n) < 1000 && !most(n)
			return
		}
		p.furniture[n] = !most(n)
	})
	p.doc.Find("[class], [id]").Each(func(_ int, s *goquery.Selection) {
		n := s.Get(0)
		c := p.classHint(n)
		if c.strong || c.weak && !most(n) {
			p.furniture[n] = true
		}
	})
}

// inFurniture reports whether n or an ancestor below <body> is furniture.
func (p *page) inFurniture(n *html.Node) bool {
	if n == nil || n.Type != html.ElementNode || n.DataAtom == atom.Body || n.DataAtom == atom.Html {
		return false
	}
	if v, ok := p.inFurn[n]; ok {
		return v
	}
	v := p.furniture[n] || p.inFurniture(n.Parent)
	p.inFurn[n] = v
	return v
}

// classHint is what an element's class and id say of it.
type classHint struct {
	weight       int  // +25 article-like, -25 furniture-like, 0 both or neither
	strong, weak bool // furnitureClass
}

// classHint reads an element's class and id once per distinct pair: pages
// repeat a few class names on many elements. Each word of them is read
// once per process: sites share their frameworks' class names.
func (p *page) classHint(n *html.Node) classHint {
	h := attr(n, "class") + " " + attr(n, "id")
	if c, ok := p.classes[h]; ok {
		return c
	}
	var c classHint
	neg, pos := false, false
	for _, tok := range strings.Fields(h) {
		w := wordHintOf(tok)
		neg, pos = neg || w.neg, pos || w.pos
		c.strong = c.strong || w.strong
		c.weak = c.weak || w.weak
	}
	if neg {
		c.weight -= 25
	}
	if pos {
		c.weight += 25
	}
	c.weak = c.weak && !c.strong
	p.classes[h] = c
	return c
}

// wordHint is what one class or id word says: Readability's negative and
// positive hints, and furniture, strong or weak.
type wordHint struct{ neg, pos, strong, weak bool }

// wordHints caches wordHint by word, up to maxWordHints words; past that
// it starts afresh, so that a stream of unique ids cannot grow it.
var (
	wordHintsMu sync.RWMutex
	wordHints   = map[string]wordHint{}
)

const maxWordHints = 50000

// wordHintOf reads one word: the patterns are lower case, and folding once
// is much cheaper than matching case-blind.
func wordHintOf(tok string) wordHint {
	wordHintsMu.RLock()
	w, ok := wordHints[tok]
	wordHintsMu.RUnlock()
	if ok {
		return w
	}
	lt := strings.ToLower(tok)
	w = wordHint{neg: negativeHint.MatchString(lt), pos: positiveHint.MatchString(lt)}
	w.strong, w.weak = furnitureClass(lt)
	wordHintsMu.Lock()
	if len(wordHints) >= maxWordHints {
		wordHints = map[string]wordHint{}
	}
	wordHints[tok] = w
	wordHintsMu.Unlock()
	return w
}

// hint is an element's class weight, after Readability: its tag, class,
// id, role and itemprop say whether it holds the article.
func (p *page) hint(n *html.Node) int {
	if w, ok := p.hints[n]; ok {
		return w
	}
	w := p.classHint(n).weight
	switch n.DataAtom {
	case atom.Aside, atom.Footer, atom.Form, atom.Figure, atom.Figcaption, atom.Menu, atom.Label:
		w -= 50
	case atom.Header:
		if !inside(n, atom.Article) {
			w -= 25
		}
	}
	switch attr(n, "role") {
	case "main", "article":
		w += 25
	}
	if strings.Contains(attr(n, "itemprop"), "articleBody") {
		w += 50
	}
	p.hints[n] = w
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

// boilerplate matches short blocks that are furniture by their words.
var boilerplate = regexp.MustCompile(`(?i)^(photo|image|picture|illustration|crédits?|credits?|source|read (next|more|also)|related|see also|lire aussi|à lire aussi|a lire aussi|voir aussi|share|partager|follow us|suivez-nous|subscribe|abonnez-vous|advertisement|advert|publicité|sign up|inscrivez-vous|tags?\s*:|mots-clés|©|copyright|all rights reserved|tous droits|leave a (reply|comment)|laisser un commentaire|posted (in|by|on)|filed under|click here|cliquez ici|don't miss|ne manquez pas|by [A-Z]|par [A-Z]|published|updated|mis à jour|publié le|modifié le|last (updated|modified))\b`)

// captionTail ends an image caption: "... (Image: GETTY)".
var captionTail = regexp.MustCompile(`(?i)\((image|photo|picture|pic|credit|crédit|illustration)s?\s*:[^)]*\)\s*$`)

// dateLine is a block that is mostly a date: a dateline or a timestamp.
var dateLine = regexp.MustCompile(`(?i)\b(\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}|\d{1,2} (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|fevr|mars|avr|mai|juin|juil|août|aout|sept|oct|nov|déc|dec)[a-zéû]*\.? \d{4}|\d{1,2} de [a-zç]+ de \d{4})\b`)

// furnitureText reports a block that is furniture by its own text: mostly
// links, boilerplate words, a caption or a dateline.
func furnitureText(b *rawBlock) bool {
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
