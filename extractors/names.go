package extractors

import "sort"

// nameKind is what a capitalised name refers to.
type nameKind uint8

const (
	kindUnknown nameKind = iota
	kindOrg
	kindPerson
	kindPlace
	kindThing
)

// mention is one occurrence of a capitalised name.
type mention struct {
	span
	text        string
	key         string // folded text
	sent        int
	first, last int // token range [first, last) in the sentence
	initial     bool
	honorific   bool // came after Mr, M., Mme...
	defined     bool // defined by an acronym: "... (LFP)"
}

// name gathers every mention of one surface form and the evidence about
// what it is.
type name struct {
	text      string
	key       string
	mentions  []int // indices into names.mentions
	org       float64
	person    float64
	place     bool
	thing     bool
	gaz       string // gazetteer canonical name, if any
	ambiguous bool   // the gazetteer name is also a common word
	gazSeen   bool   // an ambiguous gazetteer name was seen where it counts
	acronym   bool   // an unknown acronym
	placeHint int    // mentions after "in", "à"
	product   bool   // listed as an example of products
	kind      nameKind
	role      string
}

// names is the result of name finding over a document.
type names struct {
	d        *doc
	mentions []mention
	byKey    map[string]*name
	order    []*name // by first appearance
	titles   []span  // titles of works: names inside them are ignored
	bySent   [][]int // mention indices of each sentence, in order
	groupOf  map[*name]*companyGroup
	groups   []*companyGroup
}

// index files the mentions by sentence, in text order.
func (ns *names) index() {
	sort.SliceStable(ns.mentions, func(i, j int) bool { return ns.mentions[i].start < ns.mentions[j].start })
	for _, n := range ns.order {
		n.mentions = n.mentions[:0]
	}
	ns.bySent = make([][]int, len(ns.d.sents))
	for i, m := range ns.mentions {
		ns.bySent[m.sent] = append(ns.bySent[m.sent], i)
		if n := ns.byKey[m.key]; n != nil {
			n.mentions = append(n.mentions, i)
		}
	}
}

// in returns the mentions of sentence si, in text order.
func (ns *names) in(si int) []int {
	if si < 0 || si >= len(ns.bySent) {
		return nil
	}
	return ns.bySent[si]
}

// companyAt returns the company a mention names, or nil.
func (ns *names) companyAt(mi int) *companyGroup {
	return ns.groupOf[ns.byKey[ns.mentions[mi].key]]
}

func (ns *names) get(m mention) *name {
	n := ns.byKey[m.key]
	if n == nil {
		n = &name{text: m.text, key: m.key}
		ns.byKey[m.key] = n
		ns.order = append(ns.order, n)
	}
	return n
}

// findNames finds the capitalised names of the document and decides what
// each one is.
func findNames(d *doc, titles []span) *names {
	ns := &names{d: d, byKey: map[string]*name{}, titles: titles}
	for si := range d.sents {
		s := &d.sents[si]
		if s.heading || shouting(s) {
			// Headlines are title-case: no evidence of names there, but
			// the companies the gazetteer knows.
			ns.headingKnown(si)
			continue
		}
		ns.scanSentence(si)
	}
	ns.splitJoined()
	for _, m := range ns.mentions {
		ns.get(m)
	}
	ns.index()
	for _, n := range ns.order {
		ns.intrinsic(n)
	}
	for i := range ns.mentions {
		ns.context(i)
	}
	ns.decide()
	ns.headingMentions()
	ns.index()
	return ns
}
