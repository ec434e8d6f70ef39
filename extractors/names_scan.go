package extractors

// Scanning for names: runs of capitalised words, split and joined by
// their connectors, gazetteer hits and acronym definitions.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// headingMentions finds the companies already known from the body in the
// headlines, which the name finder reads only for gazetteer names.
func (ns *names) headingMentions() {
	have := map[span]bool{}
	for _, m := range ns.mentions {
		have[m.span] = true
	}
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
				if fold(ns.d.text[t.start:end]) != n.key || have[span{t.start, end}] {
					continue
				}
				ns.mentions = append(ns.mentions, mention{span: span{t.start, end}, text: ns.d.text[t.start:end], key: n.key, sent: si, first: i, last: i + w})
			}
		}
	}
}

// headingKnown finds in a headline the companies the gazetteer knows
// unambiguously, whether or not the body names them: "Hulu announces ...".
func (ns *names) headingKnown(si int) {
	toks := ns.d.sents[si].toks
	for i := 0; i < len(toks); i++ {
		j := gazetteerAt(ns.d.text, toks, i)
		if j == i && nameToken(toks[i]) {
			if g, ok := lex.companies[toks[i].low]; ok && !g.ambiguous && !toks[i].upper || ok && !g.ambiguous && len(toks[i].text) <= 5 {
				j = i + 1
			}
		}
		if j > i {
			ns.addKnown(si, i, j)
			i = j - 1
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
			ns.addKnown(si, i, j)
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
	// "XM Satellite Radio Holdings Inc": the legal form belongs to the name.
	for best > i && best < len(toks) && toks[best].cap && lex.strong[toks[best].low] {
		best++
		if best < len(toks) && toks[best].text == "." && toks[best-1].end == toks[best].start && abbreviatedForms[toks[best-1].low] {
			best++
		}
	}
	return best
}

// abbreviatedForms are legal forms written with a period: "Inc.".
var abbreviatedForms = setOf("inc", "corp", "co", "ltd", "cos", "bros")

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
	if j-i >= 3 && lex.roleWords[toks[i].low] && (toks[i+1].low == "of" || toks[i+1].low == "de" || toks[i+1].low == "du") {
		ns.addSplit(si, i+2, j) // "CEO of Washington Post Co"
		return
	}
	if q := companyTail(ns.d.text, toks, i, j); q > 0 {
		ns.addSpan(si, i, q) // "Beatrice Springborn Hulu's VP"
		ns.addKnown(si, q, j)
		return
	}
	for p := i + 1; p+1 < j; p++ {
		if !isFirstName(toks[p].low) || !toks[p+1].cap {
			continue
		}
		if lex.roleWords[toks[p-1].low] && !lex.companies[toks[p-1].low].ambiguous {
			// "Controversial DJ Howard Stern": a role, then the person;
			// "Embracer CEO Lars Wingefors": a company's role, then the
			// person.
			if p-1 > i && companyBeforeRole(ns.d.text, toks, i, p-1) {
				ns.addSpan(si, i, p-1)
			}
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

// companyBeforeRole reports whether toks[i:j], before a role word, names
// a company: one the gazetteer knows, an acronym, or words that are none
// of the lexicon's ordinary words ("Controversial DJ" names none).
func companyBeforeRole(text string, toks []token, i, j int) bool {
	if g, ok := lex.companies[fold(text[toks[i].start:toks[j-1].end])]; ok && !g.ambiguous {
		return true
	}
	if j-i == 1 && acronym(toks[i].text) {
		return true
	}
	for _, t := range toks[i:j] {
		if lex.common[t.low] || lex.function[t.low] || demonyms[t.text] || lex.roleWords[t.low] {
			return false
		}
	}
	return true
}

// companyTail returns where a known company's name ends a run that opens
// with a person's given and family names, or 0.
func companyTail(text string, toks []token, i, j int) int {
	if j-i < 3 || !isFirstName(toks[i].low) {
		return 0
	}
	for q := i + 2; q < j; q++ {
		if g, ok := lex.companies[fold(text[toks[q].start:toks[j-1].end])]; ok && !g.ambiguous {
			return q
		}
	}
	return 0
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
// addKnown records the gazetteer name toks[i:j] whole: "New York Post"
// keeps its first word at the start of a sentence.
func (ns *names) addKnown(si, i, j int) {
	ns.addMention(si, i, j, false)
}

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
	// A first name and one such word are a person: "James May".
	surname := j == i+2 && lex.firstNames[toks[i].low] && !toks[i+1].sentStart
	for !surname && j > i+1 && (lex.function[toks[j-1].low] && !toks[j-1].upper && !nameTails[toks[j-1].low]) || j == i+1 && lex.function[toks[i].low] && !toks[i].upper {
		j--
	}
	if i >= j {
		return
	}
	ns.addMention(si, i, j, honorific)
}

// addMention records toks[i:j] as a mention, unless it lies in a title;
// honorific says a title such as "M." came before it.
func (ns *names) addMention(si, i, j int, honorific bool) {
	toks := ns.d.sents[si].toks
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
