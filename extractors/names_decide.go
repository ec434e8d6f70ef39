package extractors

// Deciding what each name is from its evidence, then from the names
// around it: lists, chains and the forms that vouch for each other.

import (
	"strings"
	"unicode"
)

// decide settles each name's kind, then lets names vouch for each other.
func (ns *names) decide() {
	ns.relations()
	for _, n := range ns.order {
		if n.acronym && len(n.mentions) >= 2 {
			n.org++ // an acronym the article repeats is a name it uses
		}
		n.kind = kindUnknown
		switch {
		case calendarWords[n.key]:
			n.kind = kindThing // "said Monday", "Dec. 4"
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
		// "Steve Jobs", "Kathleen Kennedy": a given name and a surname,
		// unknown to the gazetteer, with only weak company evidence.
		if n.kind == kindOrg && n.gaz == "" && n.org < 3 && len(words) >= 2 && isFirstName(words[0]) && personShaped(n.text) {
			n.kind = kindPerson
		}
		// "Luke Cage", "Top Gear": a well-known work, not a person or a
		// company, unless the gazetteer knows a company by that name.
		if n.gaz == "" && (n.kind == kindPerson || n.kind == kindOrg) && works.known(n.text) {
			n.kind = kindThing
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
	// "Spotify Premium", "Trinity College", "Project Kangaroo": a
	// company's product, an institution, a project.
	last := fold(raw[len(raw)-1])
	if g, ok := lex.companies[fold(raw[0])]; ok && !g.ambiguous || institutionHeads[last] || productTails[last] || projectWords[fold(raw[0])] {
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

// calendarWords name days and months, never companies.
var calendarWords = setOf("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
	"jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")

// productTails end names of products and services, not people: "Game
// Pass", "Stadia Pro", "Stan Originals".
var productTails = setOf("pass", "pro", "premium", "originals", "original", "plus", "stick", "cube", "console", "box", "app", "line", "edition", "sensation", "live", "online", "store")

// projectWords open names of projects and operations, not people.
var projectWords = setOf("project", "projet", "operation", "plan", "programme", "program")

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
