package extractors

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

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
}

// name gathers every mention of one surface form and the evidence about
// what it is.
type name struct {
	text     string
	key      string
	mentions []int // indices into names.mentions
	org      float64
	person   float64
	place    bool
	thing    bool
	gaz      string // gazetteer canonical name, if any
	kind     nameKind
	role     string
}

// names is the result of name finding over a document.
type names struct {
	d        *doc
	mentions []mention
	byKey    map[string]*name
	order    []*name // by first appearance
	titles   []span  // titles of works: names inside them are ignored
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
			continue // headlines are title-case: no evidence of names there
		}
		ns.scanSentence(si)
	}
	for i := range ns.mentions {
		m := ns.mentions[i]
		n := ns.get(m)
		n.mentions = append(n.mentions, i)
	}
	for _, n := range ns.order {
		ns.intrinsic(n)
	}
	for i := range ns.mentions {
		ns.context(i)
	}
	ns.decide()
	ns.headingMentions()
	return ns
}

// headingMentions finds the companies already known from the body in the
// headlines, which the name finder skips.
func (ns *names) headingMentions() {
	for si := range ns.d.sents {
		s := &ns.d.sents[si]
		if !s.heading && !shouting(s) {
			continue
		}
		for _, n := range ns.order {
			if n.kind != kindOrg {
				continue
			}
			for i, t := range s.toks {
				w := len(strings.Fields(n.text))
				if i+w > len(s.toks) || !strings.EqualFold(t.text, strings.Fields(n.text)[0]) {
					continue
				}
				end := s.toks[i+w-1].end
				if fold(ns.d.text[t.start:end]) != n.key {
					continue
				}
				ns.mentions = append(ns.mentions, mention{span: span{t.start, end}, text: ns.d.text[t.start:end], key: n.key, sent: si, first: i, last: i + w})
				n.mentions = append(n.mentions, len(ns.mentions)-1)
			}
		}
	}
}

// shouting reports a sentence written in capitals (wire headlines).
func shouting(s *sentence) bool {
	words, upper := 0, 0
	for _, t := range s.toks {
		if t.kind == tWord {
			words++
			if t.upper {
				upper++
			}
		}
	}
	return words >= 3 && upper*10 >= words*8
}

func (ns *names) inTitle(s, e int) bool {
	for _, t := range ns.titles {
		if s >= t.start && e <= t.end {
			return true
		}
	}
	return false
}

// nameToken reports a word that can be part of a name: capitalised,
// all capitals, or with capitals inside (LeTV, beIN, iPad).
func nameToken(t token) bool {
	if t.kind != tWord {
		return false
	}
	if t.cap || t.upper {
		return true
	}
	return innerCap(t.text)
}

// innerCap reports a capital after a lower-case letter: LeTV, YouTube,
// beIN (but not TVs).
func innerCap(w string) bool {
	lower := false
	for _, r := range w {
		if unicode.IsUpper(r) && lower {
			return true
		}
		lower = unicode.IsLower(r)
	}
	return false
}

// connectors may sit inside a name: Bank of America, Ligue de Football
// Professionnel, R.R. Donnelly and Sons Co.
var connectors = setOf("of", "de", "du", "des", "d'", "d’", "and", "&", "et", "la", "van", "von", "der", "da", "di", "del", "y", "for", "pour")

// institutionHeads are words after which "of"/"de" continues a name.
var institutionHeads = setOf("bank", "banque", "university", "universite", "bureau", "league", "ligue", "federation", "association", "academy", "academie", "institute", "institut", "museum", "musee", "college", "centre", "center", "department", "ministere", "ministry", "commission", "office", "council", "conseil", "societe", "alliance", "union", "chambre", "court", "board", "cour", "caisse", "theatre", "orchestra", "orchestre", "opera", "festival", "republic", "republique", "house", "maison", "school", "ecole", "agency", "agence", "authority", "autorite", "church", "fondation", "foundation", "fund", "fonds", "club", "network", "reseau", "syndicat", "confederation", "federation", "comite", "committee", "corporation", "company", "compagnie", "bankers", "bank", "cinematheque", "time", "times", "prisoner", "lord")

func (ns *names) scanSentence(si int) {
	s := &ns.d.sents[si]
	toks := s.toks
	for i := 0; i < len(toks); {
		if !nameToken(toks[i]) && !numberedName(toks, i) {
			i++
			continue
		}
		j := i + 1
		for j < len(toks) {
			t := toks[j]
			if nameToken(t) {
				j++
				continue
			}
			// An initial: Todd A. Kessler.
			if t.text == "." && j+1 < len(toks) && utf8.RuneCountInString(toks[j-1].text) == 1 && toks[j-1].cap && nameToken(toks[j+1]) && toks[j].end == toks[j+1].start-1 {
				j++
				continue
			}
			if connectors[strings.ToLower(t.text)] && j+1 < len(toks) && nameToken(toks[j+1]) && ns.connectorJoins(toks, i, j) {
				j++
				continue
			}
			// A short number closing a name: Channel 4, Ligue 1.
			if t.kind == tNum && len(t.text) <= 2 && t.start == toks[j-1].end+1 {
				j++
			}
			break
		}
		ns.addSpan(si, i, j)
		i = j
	}
}

// numberedName reports a number opening a name: 19 Entertainment,
// 20th Century Fox.
func numberedName(toks []token, i int) bool {
	t := toks[i]
	if !(t.kind == tNum || t.digit && !t.cap) || len(t.text) > 4 || i+1 >= len(toks) || !toks[i+1].cap {
		return false
	}
	// The name must end with a company word.
	for j := i + 1; j < len(toks) && j < i+4 && nameToken(toks[j]); j++ {
		k := fold(toks[j].text)
		if lex.strong[k] || lex.media[k] {
			return true
		}
	}
	return false
}

// connectorJoins decides whether the connector at j continues the name
// that started at i.
func (ns *names) connectorJoins(toks []token, i, j int) bool {
	c := strings.ToLower(toks[j].text)
	prev := fold(toks[j-1].text)
	switch c {
	case "and", "&", "et":
		// Only when the rest ends a company name: Donnelly and Sons Co.
		for k := j + 1; k < len(toks) && k <= j+3 && nameToken(toks[k]); k++ {
			if lex.strong[fold(toks[k].text)] {
				return true
			}
		}
		return false
	case "van", "von", "der", "da", "di", "del", "y":
		return j > i && lex.firstNames[fold(toks[i].text)]
	}
	if institutionHeads[prev] {
		return true
	}
	if (c == "de" || c == "du" || c == "d'" || c == "d’") && j == i+1 && lex.firstNames[prev] {
		return true // Emma de Caunes
	}
	return false
}

// addSpan records the mention toks[i:j] after trimming words that only
// open a sentence.
func (ns *names) addSpan(si, i, j int) {
	s := &ns.d.sents[si]
	toks := s.toks
	for i < j {
		t := toks[i]
		k := fold(t.text)
		lead := t.sentStart || (i > 0 && isOpenQuote(toks[i-1].text))
		if lead && (lex.function[k] || lex.common[k] && j-i > 1) {
			i++
			continue
		}
		if lead && j == i+1 && ns.d.lowerSeen[strings.ToLower(t.text)] {
			return
		}
		break
	}
	// Trailing function words (title-case fragments) are not part of a name.
	for j > i && (lex.function[fold(toks[j-1].text)] && !toks[j-1].upper) {
		j--
	}
	if i >= j {
		return
	}
	start, end := toks[i].start, toks[j-1].end
	if ns.inTitle(start, end) {
		return
	}
	text := ns.d.text[start:end]
	ns.mentions = append(ns.mentions, mention{
		span: span{start, end}, text: text, key: fold(text), sent: si, first: i, last: j,
		initial: toks[i].sentStart,
	})
}

func isOpenQuote(s string) bool {
	switch s {
	case "\"", "“", "«", "‘", "'", "(":
		return true
	}
	return false
}

// words returns the folded words of a name.
func (n *name) words() []string { return strings.Fields(strings.NewReplacer(".", ". ").Replace(n.key)) }

// intrinsic scores what the name's own form says.
func (ns *names) intrinsic(n *name) {
	words := strings.Fields(n.key)
	raw := strings.Fields(n.text)
	if len(words) == 0 {
		return
	}
	last := words[len(words)-1]
	if g, ok := lex.companies[n.key]; ok {
		n.gaz = g.name
		if g.ambiguous {
			n.org += 1.5
		} else {
			n.org += 4
		}
	}
	if lex.strong[last] && len(words) > 1 {
		n.org += 4
	}
	if lex.strong[words[0]] && len(words) > 1 && (words[0] == "groupe" || words[0] == "group") {
		n.org += 3
	}
	if lex.media[last] && len(words) > 1 {
		n.org += 2
	}
	if len(raw) == 1 {
		w := raw[0]
		switch {
		case acronym(w) && !lex.acronyms[w]:
			n.org += 2.5
		case innerCap(w) && unicode.IsUpper(firstRune(w)) && !strings.Contains(w, "-"):
			n.org += 2.5 // LeTV, YouTube, ByteDance
		case innerCap(w) && unicode.IsLower(firstRune(w)):
			n.org += 0.5 // beIN, but also iPad
		case hasLetterDigit(w):
			n.org += 2.5 // TF1, M6, RTL2
		case strings.HasSuffix(w, "+"):
			n.org += 2.5 // Canal+, Disney+
		}
	}
	allPlace, allThing, allCommon := true, true, true
	for _, w := range words {
		if !lex.places[w] && !connectors[w] {
			allPlace = false
		}
		if !lex.things[w] && !isDigits(w) && !connectors[w] {
			allThing = false
		}
		if !lex.common[w] && !lex.function[w] {
			allCommon = false
		}
	}
	n.place = allPlace
	n.thing = allThing || allCommon
	if lex.firstNames[words[0]] && len(words) >= 2 && len(words) <= 4 && !lex.strong[last] && !lex.media[last] {
		n.person += 3
	}
	if len(words) >= 3 && len(raw[1]) == 2 && strings.HasSuffix(raw[1], ".") {
		n.person += 1.5 // Todd A. Kessler
	}
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func acronym(w string) bool {
	letters := 0
	for _, r := range w {
		switch {
		case unicode.IsUpper(r):
			letters++
		case r == '&' || r == '.' || r == '-' || unicode.IsDigit(r):
		default:
			return false
		}
	}
	return letters >= 2 && letters <= 6
}

func hasLetterDigit(w string) bool {
	l, d := false, false
	for _, r := range w {
		if unicode.IsLetter(r) {
			l = true
		} else if unicode.IsDigit(r) {
			d = true
		}
	}
	return l && d && unicode.IsUpper(firstRune(w))
}

func isDigits(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return w != ""
}

// Context cues, folded.
var (
	// orgCues name what kind of business the next name is.
	orgCues = setOf("company", "companies", "firm", "group", "groupe", "studio", "studios", "network", "networks",
		"channel", "chaine", "chaines", "plateforme", "platform", "service", "broadcaster", "diffuseur", "operator",
		"operateur", "distributeur", "distributor", "publisher", "editeur", "label", "giant", "geant", "rival",
		"concurrent", "subsidiary", "filiale", "startup", "start-up", "societe", "entreprise", "agency", "agence",
		"station", "radio", "broadcaster", "carrier", "provider", "fournisseur", "retailer", "distributor",
		"conglomerate", "conglomerat", "maker", "developer", "producteur", "producer", "streamer", "cablo-operateur",
		"operator", "outlet", "unit", "division", "holding", "banque", "bank", "partner", "partenaire", "owner", "proprietaire")
	// orgAppositions follow "Name, (the|le|la) ..." and mark a business.
	orgAppositions = setOf("company", "group", "groupe", "owner", "proprietaire", "subsidiary", "filiale", "network",
		"channel", "chaine", "plateforme", "platform", "operator", "operateur", "broadcaster", "diffuseur", "studio",
		"firm", "maker", "publisher", "editeur", "leader", "numero", "specialiste", "parent", "unit", "division",
		"entreprise", "societe", "service", "developer", "editor", "distributeur", "distributor", "producer",
		"producteur", "giant", "geant", "rival", "concurrent", "start-up", "startup", "which")
	// possessed nouns after "Name's" that only businesses have.
	orgPossessions = setOf("chief", "ceo", "shares", "stock", "stake", "subscribers", "customers", "platform", "service",
		"services", "app", "network", "channel", "channels", "boss", "chairman", "president", "executives", "execs",
		"board", "revenue", "revenues", "profits", "profit", "sales", "parent", "owner", "unit", "division", "studio",
		"catalogue", "catalog", "library", "content", "shows", "series", "bid", "offer", "acquisition", "takeover",
		"rights", "cloud", "video", "streaming", "subscription", "users", "shareholders", "brand", "headquarters",
		"management", "website", "site", "stations", "systems", "subsidiary", "founder", "founders", "president",
		"desire", "plans", "strategy", "market", "earnings", "results", "films", "movies", "games", "products",
		"operations", "business", "division", "purchase", "owners", "investors", "portfolio", "lineup", "programming",
		"viewers", "audience", "originals", "original", "hit", "biggest", "largest", "media", "cable", "tv", "television",
		"music", "film", "game", "news", "sport", "sports", "radio", "chairwoman", "executive", "director", "head", "staff")
	// orgObjects precede a name that is the other side of a deal.
	orgObjects = setOf("with", "avec", "acquire", "acquires", "acquired", "buy", "buys", "bought", "purchase", "rachete",
		"racheter", "acquiert", "acquerir", "acquis", "rachat", "takeover", "stake", "shares", "participation",
		"subsidiary", "filiale", "owned", "detenu", "detenue", "chez", "sells", "sell", "sold", "cede", "ceder",
		"merger", "fusion", "partnership", "partenariat", "talks", "deal", "accord", "contrat", "agreement", "rival",
		"concurrent", "concurrents", "competitors")
	// businessVerbs follow a company that acts.
	businessVerbs = setOf("signed", "signs", "acquired", "acquires", "bought", "buys", "agreed", "agrees", "announced",
		"announces", "launched", "launches", "owns", "offers", "offered", "sells", "sold", "broadcasts", "streams",
		"reported", "posted", "merged", "invested", "invests", "licensed", "ordered", "commissioned", "produces",
		"produced", "distributes", "rachete", "acquiert", "annonce", "lance", "propose", "diffuse", "detient", "signe",
		"vend", "cede", "possede", "compte", "vise", "revendique", "produit", "distribue", "investit", "s'allie",
		"s'associe", "shares", "stock", "inc", "corp", "has", "is")
	// speechVerbs follow or precede a person who speaks.
	speechVerbs = setOf("commented", "told", "explained", "added", "stated", "insisted", "recalled", "admitted",
		"believes", "thinks", "wrote", "tweeted", "declared", "argued", "noted", "warned", "confirmed", "explique",
		"affirme", "ajoute", "estime", "souligne", "raconte", "precise", "declare", "confie", "assure", "indique")
	// personPrev precede a person: honorifics.
	honorifics = setOf("mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "m.", "mme", "mlle", "monsieur", "madame", "prof", "professor", "president", "senator", "judge")
)

// context scores what the words around one mention say.
func (ns *names) context(i int) {
	m := ns.mentions[i]
	n := ns.byKey[m.key]
	s := &ns.d.sents[m.sent]
	toks := s.toks
	prev := func(k int) string {
		if m.first-k < 0 {
			return ""
		}
		return fold(toks[m.first-k].text)
	}
	next := func(k int) string {
		if m.last+k-1 >= len(toks) {
			return ""
		}
		return fold(toks[m.last+k-1].text)
	}
	// Reuters marks companies with angle brackets: <Eagle Cable>.
	if prev(1) == "<" && next(1) == ">" {
		n.org += 4
	}
	// A cue before, possibly with adjectives between: "streaming giant
	// Netflix", "la chaîne cryptée Canal+", "le groupe audiovisuel M6".
	for k := 1; k <= 3; k++ {
		w := prev(k)
		if w == "" || w == "," || w == "." {
			break
		}
		if orgCues[w] {
			n.org += 2
			break
		}
		if honorifics[w] && k == 1 {
			n.person += 3
			break
		}
		if k == 1 && orgObjects[w] {
			n.org += 1
		}
		t := toks[m.first-k]
		if t.kind != tWord || t.cap && k > 1 {
			break
		}
	}
	// Apposition: "Mediapro, le propriétaire de la chaîne", "Viacom, the
	// media company".
	if next(1) == "," {
		for k := 2; k <= 5; k++ {
			w := next(k)
			if w == "" || w == "," || w == "." {
				break
			}
			if orgAppositions[w] {
				n.org += 2
				break
			}
			if w == "who" || w == "qui" && k == 2 {
				n.person += 1
				break
			}
			if roleAt(toks, m.last+k-1, ns.d.lang) != "" && k <= 3 {
				n.person += 2
				break
			}
		}
	}
	// Possessive: "Netflix's chief content officer", "AMC's Breaking Bad".
	if w := next(1); w == "'s" || w == "’s" || w == "'" || w == "’" {
		if orgPossessions[next(2)] || orgPossessions[next(3)] {
			n.org += 1.5
		}
	}
	// "X Inc said", "Netflix signed", "Mediapro s'est allié".
	if businessVerbs[next(1)] {
		n.org += 0.5
	}
	if speechVerbs[next(1)] || speechVerbs[prev(1)] && prev(2) != "company" {
		n.person += 1.5
	}
	// "chief executive Michael Lynton", "le patron de Canal+, Maxime Saada".
	if m.first > 0 {
		if r := roleBefore(toks, m.first, ns.d.lang); r != "" {
			n.person += 2
			if n.role == "" {
				n.role = r
			}
		}
	}
	if next(1) == "," {
		if r := roleAfter(toks, m.last+1, ns.d.lang); r != "" {
			n.person += 1.5
			if n.role == "" {
				n.role = r
			}
		}
	}
}

// decide settles each name's kind, then spreads it to aliases.
func (ns *names) decide() {
	for _, n := range ns.order {
		switch {
		case n.thing && n.org < 4:
			n.kind = kindThing
		case n.place && n.org < 4:
			n.kind = kindPlace
		case n.person >= 2 && n.person > n.org:
			n.kind = kindPerson
		case n.org >= 2:
			n.kind = kindOrg
		case n.person >= 1.5 && len(strings.Fields(n.key)) >= 2:
			n.kind = kindPerson
		}
	}
	// A short form of a known name shares its kind: "Sony" after "Sony
	// Television Pictures", "Kessler" after "Glenn Kessler".
	for _, n := range ns.order {
		if n.kind != kindUnknown || len(strings.Fields(n.key)) != 1 {
			continue
		}
		for _, o := range ns.order {
			if o == n || o.kind == kindUnknown {
				continue
			}
			ow := strings.Fields(o.key)
			if len(ow) < 2 {
				continue
			}
			switch {
			case o.kind == kindOrg && ow[0] == n.key:
				n.kind = kindOrg
			case o.kind == kindPerson && ow[len(ow)-1] == n.key:
				n.kind = kindPerson
			}
			if n.kind != kindUnknown {
				break
			}
		}
		// A lone word that acts like a person: "added Sarandos".
		if n.kind == kindUnknown && n.person >= 1.5 && n.org < 1 && !ns.d.lowerSeen[strings.ToLower(n.text)] {
			n.kind = kindPerson
		}
	}
}

// orgNames returns the organisations in order of first appearance.
func (ns *names) byKind(k nameKind) []*name {
	var out []*name
	for _, n := range ns.order {
		if n.kind == k {
			out = append(out, n)
		}
	}
	return out
}

// companyGroup is one company with all the names the article uses for it.
type companyGroup struct {
	name  string
	forms []*name
	first int // offset of the first mention
}

// groupCompanies merges the aliases of each company: a short form of a
// longer name ("Sony" / "Sony Television Pictures"), an acronym of it
// ("TCI" / "Tele-Communications Inc"), or gazetteer aliases.
func (ns *names) groupCompanies() []*companyGroup {
	orgs := ns.byKind(kindOrg)
	parent := make([]int, len(orgs))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i := range orgs {
		for j := i + 1; j < len(orgs); j++ {
			if sameCompany(orgs[i], orgs[j]) {
				parent[find(j)] = find(i)
			}
		}
	}
	groups := map[int]*companyGroup{}
	var out []*companyGroup
	for i, n := range orgs {
		r := find(i)
		g := groups[r]
		if g == nil {
			g = &companyGroup{first: ns.mentions[n.mentions[0]].start}
			groups[r] = g
			out = append(out, g)
		}
		g.forms = append(g.forms, n)
		if off := ns.mentions[n.mentions[0]].start; off < g.first {
			g.first = off
		}
	}
	for _, g := range out {
		best := g.forms[0]
		for _, f := range g.forms[1:] {
			if len(strings.Fields(f.key)) > len(strings.Fields(best.key)) || len(strings.Fields(f.key)) == len(strings.Fields(best.key)) && len(f.mentions) > len(best.mentions) {
				best = f
			}
		}
		g.name = best.text
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].first < out[j].first })
	return out
}

// genericTail are words that can be dropped from the end of a company name
// without naming another company.
var genericTail = setOf("pictures", "television", "televisions", "entertainment", "studios", "studio", "group",
	"groupe", "inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "corporation", "company", "holdings",
	"holding", "networks", "network", "enterprises", "plc", "sa", "llc", "lp", "l.p.", "ag", "communications",
	"radio", "cos", "bros", "bros.", "brothers", "international")

// core strips generic words from the end (and a leading "groupe") of a
// folded name.
func core(key string) string {
	w := strings.Fields(key)
	for len(w) > 1 && (w[0] == "groupe" || w[0] == "group" || w[0] == "studios" || w[0] == "les" || w[0] == "the") {
		w = w[1:]
	}
	for len(w) > 1 && genericTail[w[len(w)-1]] {
		w = w[:len(w)-1]
	}
	return strings.Join(w, " ")
}

func sameCompany(a, b *name) bool {
	if a.gaz != "" && a.gaz == b.gaz {
		return true
	}
	ca, cb := core(a.key), core(b.key)
	if ca == cb {
		return true
	}
	return isAcronymOf(a.text, b.text) || isAcronymOf(b.text, a.text)
}

// isAcronymOf reports whether short is the initials of long: TCI of
// Tele-Communications Inc, MRC of Media Rights Capital, LFP of Ligue de
// Football Professionnel.
func isAcronymOf(short, long string) bool {
	if !acronym(short) || strings.ContainsAny(short, ".& ") {
		return false
	}
	words := strings.FieldsFunc(long, func(r rune) bool { return r == ' ' || r == '-' })
	var initials, initialsNoTail []rune
	for i, w := range words {
		if connectors[strings.ToLower(w)] {
			continue
		}
		r := firstRune(w)
		if !unicode.IsUpper(r) {
			continue
		}
		initials = append(initials, r)
		if !(i == len(words)-1 && genericTail[strings.ToLower(w)]) {
			initialsNoTail = append(initialsNoTail, r)
		}
	}
	return len(initials) >= 2 && (string(initials) == short || string(initialsNoTail) == short)
}
