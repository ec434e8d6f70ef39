package extractors

// The evidence about what a name is: from its own words (intrinsic), and
// from the words around each of its mentions (context).

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

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
	w := window{toks: ns.d.sents[m.sent].toks, first: m.first, last: m.last}
	ns.markEvidence(n, m, w)
	ns.objectEvidence(n, w)
	cueEvidence(n, w)
	ns.appositionEvidence(n, w)
	verbEvidence(n, w)
	ns.roleEvidence(n, w)
}

// window is the tokens around one mention, toks[first:last].
type window struct {
	toks        []token
	first, last int
}

// prev returns the folded k-th token before the mention, or "".
func (w window) prev(k int) string {
	if w.first-k < 0 {
		return ""
	}
	return w.toks[w.first-k].low
}

// next returns the folded k-th token after the mention, or "".
func (w window) next(k int) string {
	if w.last+k-1 >= len(w.toks) {
		return ""
	}
	return w.toks[w.last+k-1].low
}

// markEvidence reads the marks a mention carries: brackets, a stock
// exchange, an honorific, an acronym definition, a region, a country.
func (ns *names) markEvidence(n *name, m mention, w window) {
	toks := w.toks
	// Reuters marks companies with angle brackets (<Eagle Cable>), and
	// tickers the same way after a name (Walt Disney Co <DIS>).
	if w.prev(1) == "<" && w.next(1) == ">" {
		if n.acronym && m.first >= 2 && nameToken(toks[m.first-2]) {
			n.thing = true
		} else {
			n.org += 4
		}
	}
	if x := w.prev(2); w.prev(1) == ":" && (x == "nyse" || x == "nasdaq" || x == "lse" || x == "euronext" || x == "tsx") {
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
	if w.next(1) == "(" && lex.places[w.next(2)] {
		n.place = true
	}
	// "the UK's Home Choice", "China's LeTV": a country's company.
	if x := w.prev(1); (x == "'s" || x == "’s") && m.first >= 2 && lex.places[toks[m.first-2].low] && !lex.firstNames[strings.Fields(n.key)[0]] {
		n.org += 2
	}
}

// objectEvidence reads what a mention is the object of: a role ("chief of
// Brightcove"), a purchase, a place preposition ("in Redmond").
func (ns *names) objectEvidence(n *name, w window) {
	toks, first := w.toks, w.first
	// "chief of Brightcove", "directeur général de Mediapro": an employer.
	if x := w.prev(1); (x == "of" || x == "de" || x == "du" || x == "at" || x == "chez") && first >= 2 {
		if roleEndsAt(toks, first-2, ns.d.lang) {
			n.org += 2
		}
	}
	// "Gencorp said its ...": only an organisation says "its".
	if speechOrBusiness[w.next(1)] && (w.next(2) == "its" || w.next(2) == "it") {
		n.org += 2
	}
	// The object of a purchase: "a racheté début 2019 le spécialiste Gimlet
	// ..., ainsi que l'interface de production Anchor".
	for k, limit := 1, 8; k <= limit && first-k >= 0; k++ {
		t := toks[first-k]
		if t.text == "," && k > 1 && alsoWords[toks[first-k+1].low] {
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
	if x := w.prev(1); (x == "in" || x == "a" || x == "at" || x == "near" || x == "à") && w.last-first == 1 {
		if !placeExceptions[w.prev(2)] {
			n.placeHint++
		}
	}
}

// cueEvidence reads a cue before a mention, possibly with adjectives
// between: "streaming giant Netflix", "la chaîne cryptée Canal+", "le
// groupe audiovisuel M6".
func cueEvidence(n *name, w window) {
	toks, first := w.toks, w.first
	for k := 1; k <= 3; k++ {
		x := w.prev(k)
		if x == "" || x == "," || x == "." {
			break
		}
		if orgCues[x] {
			n.org += 2.5
			break
		}
		// "l'américain Oracle", "l'allemand RTL": a company's nationality.
		if k == 1 && !toks[first-1].cap && demonyms[capitalize(toks[first-1].text)] && (w.prev(2) == "l'" || w.prev(2) == "l’" || w.prev(2) == "le" || w.prev(2) == "la") {
			n.org += 2.5
			break
		}
		if honorifics[x] && k == 1 {
			n.person += 3
			break
		}
		if k == 1 && orgObjects[x] {
			n.org += 1
		}
		t := toks[first-k]
		if t.kind != tWord || t.cap && k > 1 {
			break
		}
	}
}

// appositionEvidence reads what follows a mention: an apposition
// ("Mediapro, le propriétaire de la chaîne", "Viacom, the media company")
// or a possession ("Netflix's chief content officer").
func (ns *names) appositionEvidence(n *name, w window) {
	if w.next(1) == "," {
		for k := 2; k <= 5; k++ {
			x := w.next(k)
			if x == "" || x == "," || x == "." {
				break
			}
			if orgAppositions[x] {
				n.org += 2
				break
			}
			if x == "who" || x == "qui" && k == 2 {
				n.person += 1
				break
			}
			if roleAt(w.toks, w.last+k-1, ns.d.lang) != "" && k <= 3 {
				n.person += 2
				break
			}
		}
	}
	// Possessive: "Netflix's chief content officer", "AMC's Breaking Bad".
	if x := w.next(1); x == "'s" || x == "’s" || x == "'" || x == "’" {
		if orgPossessions[w.next(2)] || orgPossessions[w.next(3)] {
			n.org += 1.5
		}
	}
}

// verbEvidence reads the nouns and verbs next to a mention: "the Sirius
// subscription service", "Microsoft's IPTV Edition software", "Netflix
// signed", "added Sarandos".
func verbEvidence(n *name, w window) {
	// "the Sirius subscription service", "the Sky network": a business
	// named by what it is; "Microsoft's IPTV Edition software": a product.
	if p := w.prev(1); p == "the" || p == "le" || p == "la" || p == "l'" || p == "l’" {
		for k := 1; k <= 2; k++ {
			if x := w.next(k); businessNouns[x] && (k == 1 || !nameToken(w.toks[w.last])) {
				n.org += 2
				break
			}
		}
	}
	if p := w.prev(1); productAfter[w.next(1)] && (p == "'s" || p == "’s" || p == "its" || p == "their") {
		n.thing = true
	}
	// "X Inc said", "Netflix signed", "Mediapro s'est allié".
	if businessVerbs[w.next(1)] {
		n.org += 0.5
	}
	if speechVerbs[w.next(1)] || speechVerbs[w.prev(1)] && w.prev(2) != "company" {
		n.person += 1.5
	}
}

// roleEvidence reads a person's role around a mention: "chief executive
// Michael Lynton", "le patron de Canal+, Maxime Saada".
func (ns *names) roleEvidence(n *name, w window) {
	if w.first > 0 {
		if r := roleBefore(w.toks, w.first, ns.d.lang); r != "" {
			n.person += 2
			if n.role == "" {
				n.role = r
			}
		}
	}
	if w.next(1) == "," {
		if r := roleAfter(w.toks, w.last+1, ns.d.lang); r != "" {
			n.person += 1.5
			if n.role == "" {
				n.role = r
			}
		}
	}
}
