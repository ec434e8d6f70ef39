package extractors

import (
	"slices"
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
			continue // headlines are title-case: no evidence of names there
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
	if t.kind != tWord || t.digit && unicode.IsDigit(firstRune(t.text)) {
		return false // 160GB is a size, not a name
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

// andParts follow "and" inside a company's name.
var andParts = setOf("sons", "son", "company", "co", "partners", "associates", "brothers", "bros", "gamble", "johnson", "fils", "cie", "compagnie", "associes")

// institutionHeads are words after which "of"/"de" continues a name.
var institutionHeads = setOf("bank", "banque", "university", "universite", "bureau", "league", "ligue", "federation", "association", "academy", "academie", "institute", "institut", "museum", "musee", "college", "centre", "center", "department", "ministere", "ministry", "commission", "office", "council", "conseil", "societe", "alliance", "union", "chambre", "court", "board", "cour", "caisse", "theatre", "orchestra", "orchestre", "opera", "festival", "republic", "republique", "house", "maison", "school", "ecole", "agency", "agence", "authority", "autorite", "church", "fondation", "foundation", "fund", "fonds", "club", "network", "reseau", "syndicat", "confederation", "federation", "comite", "committee", "corporation", "company", "compagnie", "bankers", "bank", "cinematheque", "time", "times", "prisoner", "lord")

func (ns *names) scanSentence(si int) {
	s := &ns.d.sents[si]
	toks := s.toks
	defined := ns.acronymDefinitions(si)
	for i := 0; i < len(toks); {
		if end, ok := defined[i]; ok {
			i = end
			continue
		}
		if j := gazetteerAt(ns.d.text, toks, i); j > i {
			// A known name is taken whole: "20th Century Fox", "Warner Bros.".
			ns.addSpan(si, i, j)
			i = j
			continue
		}
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
			// French institutions take a lower-case adjective: la
			// Cinémathèque française, la Bibliothèque nationale.
			if ns.d.lang == "fr" && nameAdjectives[t.text] && institutionHeads[toks[j-1].low] {
				j++
			}
			break
		}
		ns.addSplit(si, i, j)
		i = j
	}
}

// gazetteerAt returns the end of the longest gazetteer name of two words
// or more starting at toks[i], or i. Names that are also common words are
// left to the usual evidence.
func gazetteerAt(text string, toks []token, i int) int {
	if !nameToken(toks[i]) && toks[i].kind != tNum && !toks[i].digit {
		return i
	}
	best := i
	for j := i + 2; j <= len(toks) && j <= i+5; j++ {
		if g, ok := lex.companies[fold(text[toks[i].start:toks[j-1].end])]; ok && !g.ambiguous {
			best = j
		}
	}
	return best
}

// acronymDefinitions finds names the text defines with an acronym: "la
// Ligue de football professionnel (LFP)". It records them as mentions and
// returns their token ranges by start.
func (ns *names) acronymDefinitions(si int) map[int]int {
	toks := ns.d.sents[si].toks
	var out map[int]int
	for k := 2; k+2 < len(toks); k++ {
		if toks[k].text != "(" || toks[k+2].text != ")" || !acronym(toks[k+1].text) {
			continue
		}
		abbr := toks[k+1].text
		// The longest run before "(" whose initials spell the acronym.
		for start := max(0, k-10); start < k; start++ {
			if !nameToken(toks[start]) {
				continue
			}
			span := ns.d.text[toks[start].start:toks[k-1].end]
			if !isAcronymOf(abbr, span) {
				continue
			}
			if out == nil {
				out = map[int]int{}
			}
			out[start] = k
			ns.mentions = append(ns.mentions, mention{span: span2(toks[start], toks[k-1]), text: span, key: fold(span),
				sent: si, first: start, last: k, initial: toks[start].sentStart, defined: true})
			break
		}
	}
	return out
}

func span2(a, b token) span { return span{a.start, b.end} }

// splitJoined splits mentions in which a name the article also uses alone
// runs into a person's: "associé-fondateur de Mediapro Jaume Roures".
func (ns *names) splitJoined() {
	alone := map[string]bool{}
	for _, m := range ns.mentions {
		alone[m.key] = true
	}
	out := ns.mentions[:0:0]
	for _, m := range ns.mentions {
		toks := ns.d.sents[m.sent].toks
		split := false
		for p := m.first + 1; p+1 < m.last && !m.defined; p++ {
			prefix := fold(ns.d.text[toks[m.first].start:toks[p-1].end])
			rest := ns.d.text[toks[p].start:toks[m.last-1].end]
			if alone[prefix] && personShaped(rest) {
				out = append(out, ns.sub(m, m.first, p), ns.sub(m, p, m.last))
				split = true
				break
			}
		}
		if !split {
			out = append(out, m)
		}
	}
	ns.mentions = out
}

// sub is the part toks[i:j] of mention m.
func (ns *names) sub(m mention, i, j int) mention {
	toks := ns.d.sents[m.sent].toks
	text := ns.d.text[toks[i].start:toks[j-1].end]
	return mention{span: span2(toks[i], toks[j-1]), text: text, key: fold(text), sent: m.sent, first: i, last: j,
		initial: toks[i].sentStart}
}

// addSplit records toks[i:j], split in two where a company's name runs into
// a person's: "le patron de TF1 François Pellissier".
func (ns *names) addSplit(si, i, j int) {
	toks := ns.d.sents[si].toks
	if j-i >= 3 && demonyms[toks[i].text] && toks[i+1].cap {
		ns.addSpan(si, i+1, j) // "l'Italien Fabrizio Ravanelli"
		return
	}
	for p := i + 1; p+1 < j; p++ {
		if !isFirstName(toks[p].low) || !toks[p+1].cap {
			continue
		}
		if lex.roleWords[toks[p-1].low] && !lex.companies[toks[p-1].low].ambiguous {
			// "Controversial DJ Howard Stern": a role, then the person.
			// "Controversial DJ Howard Stern": a role, then the person.
			ns.addSpan(si, p, j)
			return
		}
		prefix := fold(ns.d.text[toks[i].start:toks[p-1].end])
		if g, ok := lex.companies[prefix]; ok && !g.ambiguous || p-i == 1 && (channelName(toks[i].text) || acronym(toks[i].text)) {
			ns.addSpan(si, i, p)
			ns.addSpan(si, p, j)
			return
		}
	}
	ns.addSpan(si, i, j)
}

// numberedName reports a number opening a name: 19 Entertainment,
// 20th Century Fox.
func numberedName(toks []token, i int) bool {
	t := toks[i]
	if !(t.kind == tNum || t.digit && !t.cap) || strings.ContainsAny(t.text, ".,") || len(t.text) > 4 || i+1 >= len(toks) || !toks[i+1].cap {
		return false
	}
	// The name must end with a company word.
	for j := i + 1; j < len(toks) && j < i+4 && nameToken(toks[j]); j++ {
		k := toks[j].low
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
	prev := toks[j-1].low
	switch c {
	case "and", "&", "et":
		// Only before a name's generic part: Donnelly and Sons Co,
		// Procter & Gamble Co.
		return j+1 < len(toks) && andParts[toks[j+1].low]
	case "van", "von", "der", "da", "di", "del", "y":
		return j > i && lex.firstNames[toks[i].low]
	}
	if institutionHeads[prev] {
		return true
	}
	// "Cablevision Industries of California Inc": the rest ends a company.
	for k := j + 1; k < len(toks) && k <= j+3 && nameToken(toks[k]); k++ {
		if lex.strong[toks[k].low] {
			return true
		}
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
	honorific := false
	if i+1 < j && honorifics[toks[i].low] {
		// "M. Roures", "Mr Cridland": a person; the title is not the name.
		honorific = true
		i++
		if i < j && toks[i].text == "." {
			i++
		}
	}
	for i < j {
		t := toks[i]
		k := t.low
		lead := t.sentStart || (i > 0 && isOpenQuote(toks[i-1].text))
		endsCompany := lex.strong[toks[j-1].low] || lex.media[toks[j-1].low]
		if lead && (lex.function[k] || lex.common[k] && j-i > 1 && !endsCompany) {
			i++
			continue
		}
		if lead && j == i+1 && ns.d.lowerSeen[strings.ToLower(t.text)] {
			return
		}
		break
	}
	// Trailing function words (title-case fragments) are not part of a
	// name, but some words end names often enough: Canal Plus, HBO Max.
	for j > i+1 && (lex.function[toks[j-1].low] && !toks[j-1].upper && !nameTails[toks[j-1].low]) || j == i+1 && lex.function[toks[i].low] && !toks[i].upper {
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
		initial: toks[i].sentStart || honorific && toks[0].sentStart, honorific: honorific,
	})
}

// nameTails are function words that end names: Canal Plus, HBO Max.
var nameTails = setOf("plus", "one", "max", "go", "now", "first", "premier", "direct", "live")

func isOpenQuote(s string) bool {
	switch s {
	case "\"", "“", "«", "‘", "'", "(":
		return true
	}
	return false
}

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
		n.ambiguous = g.ambiguous
		if !g.ambiguous {
			n.org += 4
		}
		// An ambiguous name (Apple, Orange) is judged mention by mention.
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
	if len(raw) > 1 && nameAdjectives[raw[len(raw)-1]] && (lex.media[words[len(words)-2]] || institutionHeads[words[len(words)-2]]) {
		n.org += 2 // la Cinémathèque française
	}
	if len(raw) == 1 {
		w := raw[0]
		switch {
		case acronym(w) && !lex.acronyms[w] && !lex.places[n.key]:
			// Many acronyms are not companies (GPRS, CDI, NDLR): one alone
			// needs corroboration, from repetition or context.
			n.org += 1.5
			n.acronym = true
			if len(w) >= 4 && strings.HasSuffix(w, "TV") {
				n.org++ // BFMTV
			}
		case innerCap(w) && unicode.IsUpper(firstRune(w)) && !strings.Contains(w, "-"):
			n.org += 2.5 // LeTV, YouTube, ByteDance
		case innerCap(w) && unicode.IsLower(firstRune(w)):
			n.org += 0.5 // beIN, but also iPad
		case channelName(w):
			n.org += 2.5 // TF1, RTL2, TV5
		case callSign(w):
			n.org += 3 // KHJ-TV, WOR-FM
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
		if lex.government[w] && n.gaz == "" {
			n.thing = true // a public body: not a company
		}
	}
	n.place = n.place || allPlace || lex.places[n.key]
	n.thing = n.thing || allThing || allCommon || dateLike(raw)
	if isFirstName(words[0]) && len(words) >= 2 && len(words) <= 4 && !lex.strong[last] && !lex.media[last] {
		n.person += 2.5
	}
	if len(words) >= 3 && len(raw[1]) == 2 && strings.HasSuffix(raw[1], ".") {
		n.person += 1.5 // Todd A. Kessler
	}
}

// channelName reports a name of letters then digits, as TV and radio
// channels are named (TF1, RTL2, TV5): two letters at least, so that L1 or
// a model number is not one.
func channelName(w string) bool {
	letters, digits := 0, 0
	for _, r := range w {
		switch {
		case unicode.IsLetter(r):
			if digits > 0 {
				return false
			}
			letters++
		case unicode.IsDigit(r):
			digits++
		default:
			return false
		}
	}
	return letters >= 2 && digits >= 1 && digits <= 2 && unicode.IsUpper(firstRune(w))
}

// callSign reports a broadcaster's call sign: KHJ-TV, WNAC-TV, WOR-FM.
func callSign(w string) bool {
	base, band, ok := strings.Cut(w, "-")
	if !ok || (band != "TV" && band != "FM" && band != "AM") || len(base) < 3 || len(base) > 4 {
		return false
	}
	for _, r := range base {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return base[0] == 'K' || base[0] == 'W' || base[0] == 'C'
}

// dateLike reports a span that is a date: a month and a number (Jan 28).
func dateLike(raw []string) bool {
	if len(raw) < 2 {
		return false
	}
	hasMonth, hasNum := false, false
	for _, w := range raw {
		if monthNames[strings.ToLower(strings.TrimSuffix(w, "."))] > 0 {
			hasMonth = true
		}
		if isDigits(strings.TrimRight(w, ",.")) {
			hasNum = true
		}
	}
	return hasMonth && hasNum
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
		"operator", "outlet", "unit", "division", "holding", "banque", "bank", "partner", "partenaire", "owner", "proprietaire",
		"telco", "specialiste", "specialist", "cabinet", "maison", "titre", "quotidien", "hebdomadaire", "newspaper",
		"magazine", "label", "studio", "fund", "fonds", "investor", "investisseur", "chain", "enseigne", "retailer", "app",
		"application", "service", "site", "website", "portal", "marque", "brand", "club", "league", "ligue", "federation",
		"maison-mere", "societe-mere", "mere", "parent", "filiales", "actionnaire", "magazines", "chaines", "radios",
		"titres", "journaux", "quotidiens", "marques", "groupes", "societes", "stations", "channels", "brands",
		"labels", "sites", "plateformes", "services", "operateurs", "diffuseurs", "editeurs", "studios", "networks", "pole")
	// orgAppositions follow "Name, (the|le|la) ..." and mark a business.
	orgAppositions = setOf("company", "group", "groupe", "owner", "proprietaire", "subsidiary", "filiale", "network",
		"channel", "chaine", "plateforme", "platform", "operator", "operateur", "broadcaster", "diffuseur", "studio",
		"firm", "maker", "publisher", "editeur", "leader", "numero", "specialiste", "parent", "unit", "division",
		"entreprise", "societe", "service", "developer", "editor", "distributeur", "distributor", "producer",
		"producteur", "giant", "geant", "rival", "concurrent", "start-up", "startup", "which")
	// possessed nouns after "Name's" that only businesses have.
	// businessNouns follow a business's name: "the Sirius subscription
	// service".
	businessNouns = setOf("service", "network", "channel", "platform", "group", "company", "studio", "studios",
		"broadcaster", "operator", "station", "chaine", "plateforme", "groupe", "radio")
	// productAfter follow a product's name after its maker's: "Microsoft's
	// IPTV Edition software".
	productAfter = setOf("software", "console", "consoles", "device", "devices", "phone", "handset", "app", "player",
		"system", "browser", "engine", "chip", "chips", "logiciel", "appareil", "technology", "edition")
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
	honorifics = setOf("mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "m", "m.", "mme", "mlle", "monsieur", "madame", "prof", "professor", "senator", "judge", "dj", "mc")
	// placeExceptions come before "in" when what follows is a company.
	placeExceptions = setOf("stake", "stakes", "shares", "invest", "invested", "investing", "investment", "interest", "role", "participation", "part", "majority", "minority", "holding")
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
		return toks[m.first-k].low
	}
	next := func(k int) string {
		if m.last+k-1 >= len(toks) {
			return ""
		}
		return toks[m.last+k-1].low
	}
	// Reuters marks companies with angle brackets (<Eagle Cable>), and
	// tickers the same way after a name (Walt Disney Co <DIS>).
	if prev(1) == "<" && next(1) == ">" {
		if n.acronym && m.first >= 2 && nameToken(toks[m.first-2]) {
			n.thing = true
		} else {
			n.org += 4
		}
	}
	if w := prev(2); prev(1) == ":" && (w == "nyse" || w == "nasdaq" || w == "lse" || w == "euronext" || w == "tsx") {
		n.thing = true // a ticker
	}
	// An ambiguous gazetteer name counts where it cannot be the word:
	// mid-sentence, or anywhere in a text that never writes the word in
	// lower case ("Sky has said ..." in an article without "sky").
	if n.ambiguous && (!m.initial || !ns.d.lowerSeen[strings.ToLower(m.text)]) && !n.gazSeen {
		n.org += 4
		n.gazSeen = true
	}
	if m.honorific {
		n.person += 3
	}
	if m.defined {
		n.org += 3
	}
	// "Redmond (Washington)": a place, given with its region.
	if next(1) == "(" && lex.places[next(2)] {
		n.place = true
	}
	// "the UK's Home Choice", "China's LeTV": a country's company.
	if w := prev(1); (w == "'s" || w == "’s") && m.first >= 2 && lex.places[toks[m.first-2].low] && !lex.firstNames[strings.Fields(n.key)[0]] {
		n.org += 2
	}
	// "chief of Brightcove", "directeur général de Mediapro": an employer.
	if w := prev(1); (w == "of" || w == "de" || w == "du" || w == "at" || w == "chez") && m.first >= 2 {
		if roleEndsAt(toks, m.first-2, ns.d.lang) {
			n.org += 2
		}
	}
	// "Gencorp said its ...": only an organisation says "its".
	if speechOrBusiness[next(1)] && (next(2) == "its" || next(2) == "it") {
		n.org += 2
	}
	// The object of a purchase: "a racheté début 2019 le spécialiste Gimlet
	// ..., ainsi que l'interface de production Anchor".
	for k, limit := 1, 8; k <= limit && m.first-k >= 0; k++ {
		t := toks[m.first-k]
		if t.text == "," && k > 1 && alsoWords[toks[m.first-k+1].low] {
			limit = k + 12
			continue
		}
		if t.kind == tPunct && t.text != "'" && t.text != "’" {
			break
		}
		if acquisitionVerbs[t.low] {
			n.org += 2
			break
		}
	}
	// "in Redmond", "à Hollywood": a place, unless a business noun comes
	// first ("a stake in Fox").
	if w := prev(1); (w == "in" || w == "a" || w == "at" || w == "near" || w == "à") && m.last-m.first == 1 {
		if !placeExceptions[prev(2)] {
			n.placeHint++
		}
	}
	// A cue before, possibly with adjectives between: "streaming giant
	// Netflix", "la chaîne cryptée Canal+", "le groupe audiovisuel M6".
	for k := 1; k <= 3; k++ {
		w := prev(k)
		if w == "" || w == "," || w == "." {
			break
		}
		if orgCues[w] {
			n.org += 2.5
			break
		}
		// "l'américain Oracle", "l'allemand RTL": a company's nationality.
		if k == 1 && !toks[m.first-1].cap && demonyms[capitalize(toks[m.first-1].text)] && (prev(2) == "l'" || prev(2) == "l’" || prev(2) == "le" || prev(2) == "la") {
			n.org += 2.5
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
	// "the Sirius subscription service", "the Sky network": a business
	// named by what it is; "Microsoft's IPTV Edition software": a product.
	if prev(1) == "the" || prev(1) == "le" || prev(1) == "la" || prev(1) == "l'" || prev(1) == "l’" {
		for k := 1; k <= 2; k++ {
			if w := next(k); businessNouns[w] && (k == 1 || !nameToken(toks[m.last])) {
				n.org += 2
				break
			}
		}
	}
	if productAfter[next(1)] && (prev(1) == "'s" || prev(1) == "’s" || prev(1) == "its" || prev(1) == "their") {
		n.thing = true
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

// decide settles each name's kind, then lets names vouch for each other.
func (ns *names) decide() {
	ns.relations()
	for _, n := range ns.order {
		if n.acronym && len(n.mentions) >= 2 {
			n.org++ // an acronym the article repeats is a name it uses
		}
		n.kind = kindUnknown
		switch {
		case n.product && n.gaz == "":
			n.kind = kindThing
		case n.thing && n.org < 4:
			n.kind = kindThing
		case n.place && n.org < 4:
			n.kind = kindPlace
		case n.person >= 2 && n.person > n.org:
			n.kind = kindPerson
		case n.placeHint > 0 && n.org < 2 && n.person < 2 && len(strings.Fields(n.key)) == 1:
			n.kind = kindPlace
		case n.org >= 2:
			n.kind = kindOrg
		case n.person >= 1.5 && len(strings.Fields(n.key)) >= 2:
			n.kind = kindPerson
		case n.org < 1 && personShaped(n.text):
			// Two or three title-case words with nothing to say they are a
			// company: in the news, most such names are people's.
			n.kind = kindPerson
		}
	}
	// Names that vouch for shorter or longer forms, looked up by word.
	byFirst, byLast := map[string][]*name{}, map[string][]*name{}
	for _, o := range ns.order {
		if ow := strings.Fields(o.key); len(ow) >= 2 {
			byFirst[ow[0]] = append(byFirst[ow[0]], o)
			byLast[ow[len(ow)-1]] = append(byLast[ow[len(ow)-1]], o)
		}
	}
	for _, n := range ns.order {
		words := strings.Fields(n.key)
		if len(words) == 1 {
			// "Cuaron" (or "Alfonso") after "Alfonso Cuaron", whatever
			// "Cuaron's films" says.
			if n.gaz == "" && n.org < 4 {
				for _, o := range append(byLast[n.key], byFirst[n.key]...) {
					if o.kind == kindPerson {
						n.kind = kindPerson
						break
					}
				}
			}
			// "Sony" after "Sony Television Pictures".
			if n.kind == kindUnknown {
				for _, o := range byFirst[n.key] {
					if o.kind == kindOrg {
						n.kind = kindOrg
						break
					}
				}
			}
		}
		// "Virgin Radio Classic Rock" after "Virgin Radio".
		for k := len(words) - 1; k >= 1 && n.kind == kindUnknown; k-- {
			if o := ns.byKey[strings.Join(words[:k], " ")]; o != nil && o.kind == kindOrg && !lex.common[words[k]] {
				n.kind = kindOrg
			}
		}
		// A lone word that acts like a person: "added Sarandos".
		if n.kind == kindUnknown && n.person >= 1.5 && n.org < 1 && len(words) == 1 && !ns.d.lowerSeen[strings.ToLower(n.text)] {
			n.kind = kindPerson
		}
	}
}

// personShaped reports two or three title-case words ("Ridley Scott"),
// none of them a company, place or function word.
func personShaped(text string) bool {
	raw := strings.Fields(text)
	if len(raw) < 2 || len(raw) > 3 {
		return false
	}
	for _, w := range raw {
		k := fold(w)
		if lex.strong[k] || lex.media[k] || lex.places[k] || lex.function[k] || lex.common[k] || lex.things[k] {
			return false
		}
		rs := []rune(w)
		if !unicode.IsUpper(rs[0]) || len(rs) < 2 {
			return false
		}
		for _, r := range rs[1:] {
			if !unicode.IsLower(r) && r != '-' && r != '\'' && r != '’' {
				return false
			}
		}
	}
	return true
}

// speechOrBusiness are verbs after which "its" shows the subject is an
// organisation.
var speechOrBusiness = setOf("said", "says", "announced", "reported", "added", "confirmed", "stated", "noted", "expects", "expected", "plans", "agreed", "sold", "bought")

// isFirstName reports a given name, hyphenated ones included:
// Anne-Laure, Pierre-Yves.
func isFirstName(w string) bool {
	if lex.firstNames[w] {
		return true
	}
	a, b, ok := strings.Cut(w, "-")
	return ok && (lex.firstNames[a] || lex.firstNames[b])
}

// demonyms are French nouns of nationality, capitalised before a name:
// "l'Italien Fabrizio Ravanelli".
var demonyms = setOf("Italien", "Italienne", "Français", "Française", "Américain", "Américaine", "Britannique",
	"Allemand", "Allemande", "Espagnol", "Espagnole", "Anglais", "Anglaise", "Belge", "Suisse", "Canadien",
	"Canadienne", "Brésilien", "Brésilienne", "Argentin", "Argentine", "Portugais", "Portugaise", "Néerlandais",
	"Néerlandaise", "Russe", "Chinois", "Chinoise", "Japonais", "Japonaise", "Marocain", "Marocaine", "Algérien",
	"Algérienne", "Tunisien", "Tunisienne", "Sénégalais", "Sénégalaise", "Ivoirien", "Ivoirienne", "Camerounais",
	"Camerounaise", "Australien", "Australienne", "Suédois", "Suédoise", "Norvégien", "Norvégienne", "Danois",
	"Danoise", "Polonais", "Polonaise", "Grec", "Grecque", "Turc", "Turque", "Mexicain", "Mexicaine", "Croate",
	"Serbe", "Irlandais", "Irlandaise", "Écossais", "Écossaise", "Égyptien", "Égyptienne", "Libanais", "Libanaise",
	"Coréen", "Coréenne", "Indien", "Indienne", "Israélien", "Israélienne", "Autrichien", "Autrichienne")

// nameAdjectives end French institutions' names.
var nameAdjectives = setOf("française", "français", "américaine", "américain", "européenne", "européen", "nationale",
	"national", "générale", "général", "internationale", "international", "britannique", "allemande", "italienne",
	"espagnole", "belge", "suisse", "canadienne", "mondiale", "publique", "régionale", "municipale", "royale")

// alsoWords add a second object after a comma: ", ainsi que", ", as well as".
var alsoWords = setOf("ainsi", "as", "plus", "and", "et", "along")

// acquisitionVerbs take a company as their object.
var acquisitionVerbs = setOf("acquired", "acquire", "acquires", "acquiring", "bought", "buy", "buys", "buying", "purchased", "rachete", "racheter", "rachetait", "acquiert", "acquerir", "acquis", "acquise", "rachat", "acquisition", "takeover", "merge", "merger", "fusion")

// roleEndsAt reports a job title ending at toks[k] ("chief", "directeur
// général").
func roleEndsAt(toks []token, k int, lang string) bool {
	return roleEnding(toks, k+1) >= 0
}

// listCues introduce examples of the plural before them: "networks such
// as Orange", "des opérateurs comme Free".
var listCues = setOf("such", "including", "includes", "like", "notamment", "comme", "dont", "tels", "telles", "parmi", "among")

// pluralOrgCues are plural business nouns that lists of companies follow.
var pluralOrgCues = setOf("companies", "firms", "groups", "studios", "networks", "channels", "broadcasters", "operators", "manufacturers", "makers", "platforms", "services", "providers", "publishers", "carriers", "retailers", "rivals", "competitors", "partners", "groupes", "societes", "entreprises", "chaines", "operateurs", "plateformes", "diffuseurs", "studios", "editeurs", "concurrents", "partenaires", "fabricants", "constructeurs", "acteurs", "medias", "radios", "stations")

// relations adds the evidence names give each other: a company's parent
// ("GenCorp's RKO General"), names listed with companies ("Nokia and
// Samsung"), and examples of business nouns ("networks such as Orange").
func (ns *names) relations() {
	strongOrg := func(n *name) bool { return n.org >= 3 && !n.thing && !n.place && n.person < n.org }
	defer ns.chains(strongOrg)
	for si, idx := range ns.bySent {
		toks := ns.d.sents[si].toks
		for k, i := range idx {
			m := ns.mentions[i]
			n := ns.byKey[m.key]
			// "X's <Company>": X owns it.
			if m.last+1 < len(toks) && (toks[m.last].text == "'s" || toks[m.last].text == "’s") {
				for _, j := range idx[k+1:] {
					if o := ns.mentions[j]; o.first == m.last+1 && strongOrg(ns.byKey[o.key]) {
						n.org += 2
					}
				}
			}
			// A company's list in parentheses: "le groupe M6 (RTL, RTL2, Fun
			// Radio)", "Bernard Arnault (LVMH)".
			if b := listStart(toks, m.first); b > 0 && toks[b].text == "(" {
				if owner := ns.mentionEndingAt(si, b); owner != nil && (strongOrg(owner) || owner.kind == kindPerson || owner.person >= 2.5) {
					n.org += 2
				} else if pluralOrgCues[toks[b-1].low] {
					n.org += 2
				}
			}
			// A shareholding: "Radio-Canada 6,67%", "RTBF et SSR en
			// détiennent chacun 11,11%".
			for k := m.last; k < len(toks) && k < m.last+6; k++ {
				if toks[k].text == "%" || toks[k].low == "pct" {
					n.org += 1.5
					break
				}
				if toks[k].text == "," || toks[k].text == "." {
					break
				}
			}
			// "networks such as Orange", "des groupes comme Vivendi"; but
			// "devices like the iPad, Roku, Apple TV" are products.
			for b := m.first - 1; b >= 0 && b >= m.first-12; b-- {
				if listCues[toks[b].low] {
					cue := ""
					if b > 0 && (pluralOrgCues[toks[b-1].low] || productNouns[toks[b-1].low]) {
						cue = toks[b-1].low
					} else if b > 1 {
						cue = toks[b-2].low
					}
					switch {
					case pluralOrgCues[cue]:
						n.org += 2
					case productNouns[cue]:
						n.product = true
					}
					break
				}
				if t := toks[b]; t.kind == tPunct && t.text != "," || t.kind == tWord && !nameToken(t) && !coord[t.low] && !listCues[t.low] && !determiners[t.low] {
					break
				}
			}
		}
	}
}

var coord = setOf("and", "et", "&", "or", "ou")

// listStart returns the index of the token that opens the list m.first is
// in ("(" or a cue), skipping names, commas, conjunctions and articles; -1
// when there is none within reach.
func listStart(toks []token, first int) int {
	for b := first - 1; b >= 0 && b >= first-20; b-- {
		t := toks[b]
		switch {
		case t.text == "(" || t.text == ":":
			return b
		case t.text == "," || coord[t.low] || determiners[t.low] || nameToken(t) || t.kind == tNum:
			continue
		}
		return -1
	}
	return -1
}

// mentionEndingAt returns the name whose mention ends just before toks[k].
func (ns *names) mentionEndingAt(si, k int) *name {
	for _, mi := range ns.in(si) {
		if m := ns.mentions[mi]; m.last == k {
			return ns.byKey[m.key]
		}
	}
	return nil
}

// chains gives every unknown name of a list that names a company the
// evidence of being one: "Nokia and Samsung", "France Télévisions, Radio
// France, Radio-Canada, la RTS et la RTBF". A list with a person or a
// place in it is not a list of companies.
func (ns *names) chains(strongOrg func(*name) bool) {
	for si, idx := range ns.bySent {
		toks := ns.d.sents[si].toks
		var chain []*name
		flush := func() {
			if len(chain) < 2 {
				chain = chain[:0]
				return
			}
			org, other := false, false
			for _, n := range chain {
				switch {
				case strongOrg(n):
					org = true
				case n.person >= 2 || n.place || n.thing || n.product:
					other = true
				}
			}
			if org && !other {
				for _, n := range chain {
					if !strongOrg(n) {
						n.org += 2
					}
				}
			}
			chain = chain[:0]
		}
		for k, i := range idx {
			m := ns.mentions[i]
			if len(chain) > 0 {
				prev := ns.mentions[idx[k-1]]
				if !listGap(toks, prev.last, m.first) {
					flush()
				}
			}
			chain = append(chain, ns.byKey[m.key])
		}
		flush()
	}
}

// listGap reports whether toks[a:b] joins two items of a list: a comma or
// a conjunction, with articles.
func listGap(toks []token, a, b int) bool {
	if b <= a || b-a > 3 {
		return false
	}
	sep := false
	for _, t := range toks[a:b] {
		switch k := t.low; {
		case t.text == "," || coord[k]:
			sep = true
		case determiners[k]:
		default:
			return false
		}
	}
	return sep
}

// productNouns are plural nouns that lists of products follow.
var productNouns = setOf("devices", "products", "consoles", "phones", "smartphones", "handsets", "gadgets", "tablets", "apps", "models", "appareils", "produits", "telephones", "tablettes", "applications", "modeles", "terminaux", "boxes", "players")

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

// firstInBody is where a name first appears in the body; a name only the
// headline uses comes after all others.
func (ns *names) firstInBody(n *name) int {
	for _, mi := range n.mentions {
		if m := ns.mentions[mi]; !ns.d.sents[m.sent].heading {
			return m.start
		}
	}
	return len(ns.d.text) + ns.mentions[n.mentions[0]].start
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
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(i, j int) { parent[find(j)] = find(i) }
	// One pass per way two names can be one company: the same gazetteer
	// entry, the same core, or one the acronym of the other.
	seen := map[string]int{}
	link := func(key string, i int) {
		if key == "" {
			return
		}
		if j, ok := seen[key]; ok {
			union(j, i)
		} else {
			seen[key] = i
		}
	}
	for i, n := range orgs {
		if n.gaz != "" {
			link("gaz:"+n.gaz, i)
		}
		link("legal:"+legalCore(n.key), i)
	}
	// A descriptive word dropped ("Sony Pictures Television", then
	// "Sony") is the same company when the long name came first; a long
	// name after the short one is a division ("Sky", then "Sky News").
	cores := map[string][]int{}
	for i, n := range orgs {
		cores[core(n.key)] = append(cores[core(n.key)], i)
	}
	for _, is := range cores {
		for _, i := range is {
			for _, j := range is {
				a, b := orgs[i], orgs[j]
				if len(a.key) > len(b.key) && legalCore(a.key) != legalCore(b.key) && ns.firstInBody(a) < ns.firstInBody(b) {
					union(i, j)
				}
			}
		}
	}
	// Acronyms join the names they abbreviate, never two long names with
	// the same initials.
	longs := map[string][]int{}
	for i, n := range orgs {
		for _, in := range initialsOf(n.text) {
			longs[in] = append(longs[in], i)
		}
	}
	for i, n := range orgs {
		if w := strings.Fields(n.text); len(w) == 1 && acronym(w[0]) && !strings.ContainsAny(w[0], ".& ") {
			for _, j := range longs[strings.ToUpper(w[0])] {
				union(j, i)
			}
		}
	}
	groups := map[int]*companyGroup{}
	var out []*companyGroup
	for i, n := range orgs {
		r := find(i)
		g := groups[r]
		if g == nil {
			g = &companyGroup{first: 1 << 30}
			groups[r] = g
			out = append(out, g)
		}
		g.forms = append(g.forms, n)
		if off := ns.firstInBody(n); off < g.first {
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
	ns.groupOf = map[*name]*companyGroup{}
	ns.groups = out
	for _, g := range out {
		for _, f := range g.forms {
			ns.groupOf[f] = g
		}
	}
	return out
}

// genericTail are words that can be dropped from the end of a company name
// without naming another company.
var genericTail = setOf("pictures", "television", "televisions", "entertainment", "studios", "studio", "group",
	"groupe", "inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "corporation", "company", "holdings",
	"holding", "networks", "network", "enterprises", "plc", "sa", "llc", "lp", "l.p.", "ag", "communications",
	"radio", "cos", "bros", "bros.", "brothers", "international", "fc", "afc", "cf")

// legalForms are the words of a company's legal form: "Tempo Enterprises
// Inc" and "Tempo Enterprises" are one company wherever they appear.
var legalForms = setOf("inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "corporation", "company",
	"plc", "sa", "llc", "lp", "l.p.", "ag", "cos", "group", "groupe", "holdings", "holding", "fc", "afc", "cf", "gmbh", "nv", "bv", "spa", "sas", "sarl")

// legalCore strips the legal form from the end (and a leading "groupe")
// of a folded name.
func legalCore(key string) string {
	w := strings.Fields(key)
	for len(w) > 1 && (w[0] == "groupe" || w[0] == "group" || w[0] == "les" || w[0] == "the" || w[0] == "le" || w[0] == "la") {
		w = w[1:]
	}
	for len(w) > 1 && legalForms[w[len(w)-1]] {
		w = w[:len(w)-1]
	}
	// "R.R. Donnelly and Sons", "Lazard Frères & Cie".
	if n := len(w); n > 2 && (w[n-2] == "and" || w[n-2] == "&" || w[n-2] == "et") && (w[n-1] == "sons" || w[n-1] == "fils" || w[n-1] == "cie" || w[n-1] == "co") {
		w = w[:n-2]
	}
	return strings.Join(w, " ")
}

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

// initialsOf returns the acronyms a multi-word name can be written as:
// its initials, with and without a generic last word (TCI and TC for
// Tele-Communications Inc).
func initialsOf(long string) []string {
	words := strings.FieldsFunc(long, func(r rune) bool { return r == ' ' || r == '-' || r == '\'' || r == '’' })
	var all, noTail []rune
	for i, w := range words {
		lw := strings.ToLower(w)
		if connectors[lw] || lw == "l" || lw == "d" || lw == "the" || lw == "le" || lw == "la" || lw == "les" {
			continue
		}
		r := unicode.ToUpper(firstRune(w))
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		all = append(all, r)
		if !(i == len(words)-1 && genericTail[lw]) {
			noTail = append(noTail, r)
		}
	}
	var out []string
	if len(all) >= 2 && len(words) >= 2 {
		out = append(out, string(all))
		if len(noTail) >= 2 && len(noTail) < len(all) {
			out = append(out, string(noTail))
		}
	}
	return out
}

// isAcronymOf reports whether short is the initials of long: TCI of
// Tele-Communications Inc, MRC of Media Rights Capital, LFP of Ligue de
// football professionnel. Connectives (de, of, and) have no initial; a
// generic last word (Inc, Group) may have one or not.
func isAcronymOf(short, long string) bool {
	if !acronym(short) || strings.ContainsAny(short, ".& ") {
		return false
	}
	return slices.Contains(initialsOf(long), strings.ToUpper(short))
}

// capitalize upper-cases a word's first letter.
func capitalize(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[n:]
}
