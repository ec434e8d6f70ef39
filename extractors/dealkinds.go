package extractors

import (
	"slices"
	"strings"

	"github.com/dealwire/dealwire/extractors/kb"
)

// What the parties are says what a deal reported with a generic cue ("a
// deal", "un accord") is about, where the clause does not: a league's deal
// with a broadcaster sells rights, an operator's deal with a channel or a
// service carries it.

var (
	rightsSellers = kindSet("league", "federation", "club")
	rightsBuyers  = kindSet("broadcaster", "network", "channel", "streaming", "tech", "telecom", "cable", "satellite", "conglomerate", "studio", "radio")
	carriers      = kindSet("telecom", "isp", "cable", "satellite")
	carried       = kindSet("streaming", "channel", "network", "broadcaster")
)

func kindSet(ks ...kb.Kind) map[kb.Kind]bool {
	m := make(map[kb.Kind]bool, len(ks))
	for _, k := range ks {
		m[k] = true
	}
	return m
}

// softPartnership is a partnership cue that says nothing of what the
// partners do together ("an alliance", "a partnership"), unlike a joint
// venture or a bundle: what the parties are may tell the type.
var softPartnership = cueRe(`(?i)^(?:(?:strategic |exclusive |new |global |commercial )?partnerships?|partenariats?|alliances?|all(?:y|ies|ied) (?:with|to)|s['’]all(?:ie|ient|ier|iant|ié|iée)|alliée? (?:à|avec)|partner(?:s|ed|ing)? (?:with|up)|in partnership|team(?:s|ed|ing)? (?:up|with)|teaming up|join(?:s|ed|ing)? forces|s['’]associ(?:e|ent|er|ant)|collaborat(?:e|es|ed|ing|ion)|en collaboration|coopération)$`)

// kindType returns the type the parties' kinds in the knowledge base imply
// for a generic deal between them, or "" when they imply none.
func kindType(parties []*companyGroup) string {
	var kinds []kb.Kind
	for _, g := range parties {
		if e, ok := kb.Default().Lookup(g.name); ok {
			kinds = append(kinds, e.Kind)
		}
	}
	switch {
	case pairOf(kinds, rightsSellers, rightsBuyers):
		return Licensing
	case pairOf(kinds, carriers, carried):
		return Distribution
	}
	return ""
}

// pairOf reports whether two different parties are one of a and one of b.
func pairOf(kinds []kb.Kind, a, b map[kb.Kind]bool) bool {
	for i, x := range kinds {
		for j, y := range kinds {
			if i != j && a[x] && b[y] {
				return true
			}
		}
	}
	return false
}

// notParty reports a name that can be no party to a deal: a place, a
// region, a currency or an acronym the lexicon knows is not a company
// ("US", "MENA", "Rs").
func notParty(g *companyGroup) bool {
	k := fold(g.name)
	return lex.places[k] || lex.acronyms[g.name] || regionsAndCurrencies[k]
}

var regionsAndCurrencies = setOf("rs", "inr", "usd", "eur", "gbp", "jpy", "cad", "chf", "mena", "emea", "apac", "latam", "asia-pacific", "europe", "america", "americas")

// dropNonParties removes from gs the names that can be no party.
func dropNonParties(gs []*companyGroup) []*companyGroup {
	out := gs[:0:0]
	for _, g := range gs {
		if !notParty(g) {
			out = append(out, g)
		}
	}
	return out
}

// outlets are the kinds of the press, which reports deals far more often
// than it makes them, except when it is bought, merged or invested in.
var outlets = kindSet("newspaper", "magazine", "news_agency")

// dropOutlets removes from gs the press the knowledge base knows, for a
// deal of a type the press rarely makes: "Netflix is in talks with Canal+,
// Le Figaro reports".
func dropOutlets(typ string, gs, all []*companyGroup) []*companyGroup {
	if typ == Acquisition || typ == Investment || typ == Merger || pressOnly(all) {
		return gs
	}
	out := gs[:0:0]
	for _, g := range gs {
		if e, ok := kb.Default().Lookup(g.name); ok && outlets[e.Kind] {
			continue
		}
		out = append(out, g)
	}
	return out
}

// pressOnly reports parties that are all press: publishers and their
// titles joining forces make the deal they report.
func pressOnly(gs []*companyGroup) bool {
	for _, g := range gs {
		e, ok := kb.Default().Lookup(g.name)
		if !ok || !outlets[e.Kind] && e.Kind != "publisher" {
			return false
		}
	}
	return len(gs) >= 2
}

// dropRestated removes from a deal's parties a name another party's name
// restates: "Random House" beside "Penguin Random House", "Element"
// beside "Element Pictures". Within one deal they are one company.
func dropRestated(dd *dealDraft) {
	all := dd.parties()
	restated := func(g *companyGroup) bool {
		w := strings.Fields(fold(g.name))
		for _, h := range all {
			hw := strings.Fields(fold(h.name))
			if h != g && len(hw) > len(w) && (slices.Equal(hw[:len(w)], w) || slices.Equal(hw[len(hw)-len(w):], w)) {
				return true
			}
		}
		return false
	}
	keep := func(gs []*companyGroup) []*companyGroup {
		out := gs[:0:0]
		for _, g := range gs {
			if !restated(g) {
				out = append(out, g)
			}
		}
		return out
	}
	dd.agents, dd.others = keep(dd.agents), keep(dd.others)
}
