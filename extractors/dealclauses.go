package extractors

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Reading deals clause by clause: the cues, the clauses, the names that
// can be parties, and who does what to whom.

// actor is a party a clause can name: a company, a person, or a pronoun or
// noun phrase standing for a company.
type actor struct {
	g          *companyGroup
	person     string
	start, end int
	ref        bool // "it", "la plateforme": g is resolved on use
	possessive bool // "its"
	prep       bool // inside a prepositional phrase: not a subject
	source     bool // cited as the source of the report
	aside      bool // in parentheses or an apposition of ownership
	owner      bool // possessor of the next name: "Robert Sillerman's Sports..."
}

// cueHit is one deal cue found in a sentence.
type cueHit struct {
	dealCue
	start, end int
	generic    bool // the cue has no type of its own ("deal", "accord")
}

// inherit returns a deal of another type between the parties of last, when
// the sentence refers back to last and reports work of that type.
func (r *dealReader) inherit(last *dealDraft, text string, si int) *dealDraft {
	s := &r.d.sents[si]
	for _, h := range findCues(text, s.start) {
		if h.typ != Production && h.typ != Licensing && h.typ != Distribution || h.typ == last.typ {
			continue
		}
		ts := r.dealTitles(s.start, s.end)
		if len(ts) == 0 {
			continue
		}
		return &dealDraft{typ: h.typ, status: last.status, agents: last.agents, others: last.others,
			titles: ts, evidence: []int{si}}
	}
	return nil
}

// sentenceDeals reads the deals one sentence reports, clause by clause.
func (r *dealReader) sentenceDeals(si int, text string) []*dealDraft {
	d := r.d
	s := &d.sents[si]
	hits := findCues(text, s.start)
	if len(hits) == 0 {
		return nil
	}
	r.census.count(hits, s.heading)
	clauses := clauseBounds(text, s.start)
	actors := r.sentenceActors(si, text, clauses)
	var out []*dealDraft
	for ci := 0; ci+1 < len(clauses); ci++ {
		cs, ce := clauses[ci], clauses[ci+1]
		var in []cueHit
		specific := false
		for _, h := range hits {
			if h.start < cs || h.start >= ce {
				continue
			}
			// "purchase of a stake in": cues a few words apart, with no
			// name between them, make one phrase.
			if n := len(in); n > 0 && (modifierCue.MatchString(between(d.text, h.start-4, h.end)) || len(strings.Fields(between(d.text, in[n-1].end, h.start))) <= 5 && !actorBetween(actors, in[n-1].end, h.start)) {
				in[n-1] = in[n-1].join(h)
			} else {
				in = append(in, h)
			}
			specific = specific || in[len(in)-1].typ != ""
		}
		if specific {
			// "signed a deal with Netflix to create original series": the
			// generic cue has the parties, the specific one the type.
			for i := range in {
				if in[i].typ == "" {
					in[i] = in[i].join(nearestSpecific(in, i))
				}
			}
		}
		for i, h := range in {
			next := ce
			if i+1 < len(in) {
				next = in[i+1].start
			}
			out = append(out, r.clauseDeals(si, text, actors, clauses, ci, h, next)...)
		}
	}
	return out
}

// nearestSpecific returns the typed cue nearest to in[i].
func nearestSpecific(in []cueHit, i int) cueHit {
	best := -1
	for j, h := range in {
		if h.typ != "" && (best < 0 || abs(j-i) < abs(best-i)) {
			best = j
		}
	}
	o := in[best]
	o.end = in[i].end
	return o
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// join extends a cue with the one that continues its phrase.
func (h cueHit) join(o cueHit) cueHit {
	if h.typ == "" {
		h.typ, h.gives = o.typ, o.gives
	}
	if h.status == "" {
		h.status = o.status
	}
	h.passive = h.passive || o.passive
	h.end = o.end
	return h
}

func actorBetween(actors []actor, a, b int) bool {
	for _, x := range actors {
		if x.start >= a && x.start < b && !x.possessive {
			return true
		}
	}
	return false
}

// findCues returns the deal cues of a sentence's masked text, the more
// specific cue winning where two overlap, in text order.
func findCues(text string, off int) []cueHit {
	var hits []cueHit
	h := scanNeedles(strings.ToLower(text))
	for i := range dealCues {
		c := &dealCues[i]
		for _, loc := range c.re.FindAllIndexHits(text, h) {
			a, b := trimToWord(text, loc[0], loc[1])
			if a >= b {
				continue
			}
			overlaps := false
			for _, h := range hits {
				if a < h.end-off && b > h.start-off {
					overlaps = true
					break
				}
			}
			if !overlaps {
				hits = append(hits, cueHit{dealCue: *c, start: off + a, end: off + b, generic: c.typ == ""})
			}
		}
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].start < hits[j].start })
	return hits
}

// trimToWord shrinks [a, b) of text to start and end on a letter or digit:
// cue patterns consume the character next to a word boundary.
func trimToWord(text string, a, b int) (int, int) {
	for a < b {
		r, n := utf8.DecodeRuneInString(text[a:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		a += n
	}
	for b > a {
		r, n := utf8.DecodeLastRuneInString(text[:b])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '%' || r == '+' {
			break
		}
		b -= n
	}
	return a, b
}

// clauseSep ends a clause: a semicolon, a dash, a colon, a conjunction
// that opens a clause with its own subject, or a verb of saying.
var clauseSep = cueRe(`(?i),\s*(?:dit|a dit|said|says|according to|selon)\s|["”»]\s*,?\s*(?:a |ont |avait )?(?:estime|explique|indique|affirme|précise|souligne|ajoute|déclare|dit|insisté|estimé|expliqué|indiqué|affirmé|précisé|souligné|ajouté|déclaré|said|says|added|explained|noted|told)|\b(?:reported|announced|confirmed|understands|understood|believes|revealed|learned|learnt|disclosed|stated|indicated|annoncé|indiqué|confirmé|révélé|appris|affirmé)(?:\s+[^\s,;:]+){0,3}?\s+(?:that|que|qu['’])\b|;|\s[–—-]\s|:\s|,\s*(?:while|whereas|although|though|alors que|tandis que|car|même si|bien que|meaning|allowing|enabling|permettant|lui permettant|leur permettant|ce qui)\b|\b(?:but|mais|when|quand|lorsque|lorsqu['’])\b|\b(?:since|because|whereas|although|depuis que|depuis qu['’]|parce que|parce qu['’]|puisque|puisqu['’]|lorsque|lorsqu['’]|alors que|tandis que|bien que)\b|\b(?:said|says|told \w+|added|explained|noted|announced that|confirmed that|(?:a|ont|avait|avaient) (?:indiqué|annoncé|affirmé|précisé|confirmé|expliqué|assuré|souligné|estimé|déclaré|dit|jugé)(?: \S+)? (?:que|qu['’])|(?:estime|explique|indique|affirme|précise|assure|dit|juge)(?:nt)? (?:que|qu['’]))\b`)

// clauseBounds returns the clause boundaries of a sentence: offsets from
// its start to its end.
func clauseBounds(text string, off int) []int {
	out := []int{off}
	for _, loc := range clauseSep.FindAllIndexHits(text, scanNeedles(strings.ToLower(text))) {
		a, b := trimToWord(text, loc[0], loc[1])
		if strings.EqualFold(text[a:b], "since") && startsWithDigit(text[b:]) {
			continue // "since 1984": a date, not a clause
		}
		if b <= loc[0] {
			b = loc[1]
		}
		if off+b > out[len(out)-1] && b < len(text) {
			out = append(out, off+b)
		}
	}
	// ", Redstone said": the speaker's clause starts at the comma.
	for _, loc := range speakerSep.FindAllStringIndex(text, -1) {
		if loc[0] > 0 {
			out = append(out, off+loc[0])
		}
	}
	sort.Ints(out)
	out = slices.Compact(out)
	return append(out, off+len(text))
}

var speakerSep = compile(`,\s*(?:[\p{Lu}_][^\s,]*\s+){1,4}(?:said|says|told|added|a dit|a indiqué|a précisé|a déclaré)\b`)

// prepositions put a name in a prepositional phrase ("à son principal
// rival Sony", "de l'Egyptian Theatre"): it heads no clause.
var prepositions = setOf("of", "de", "du", "des", "from", "to", "au", "aux", "with", "avec", "by", "par",
	"for", "pour", "in", "dans", "sur", "on", "at", "chez", "via", "than", "like", "comme", "among", "parmi",
	"between", "entre", "against", "contre", "versus", "vs", "into", "over", "under", "sous", "about",
	"regarding", "concernant", "including", "dont", "notamment", "d'", "d’")

// inPhrase reports a preposition among the four words before offset at
// of sentence s, after its clause start cs and with no punctuation
// between.
func inPhrase(s *sentence, cs, at int) bool {
	k := sort.Search(len(s.toks), func(i int) bool { return s.toks[i].start >= at })
	words := 0
	for k--; k >= 0 && s.toks[k].start >= cs && words < 4; k-- {
		t := s.toks[k]
		if t.kind == tPunct {
			if t.text == "'" || t.text == "’" || t.text == "<" || t.text == "\"" || t.text == "“" {
				continue
			}
			return false
		}
		if prepositions[t.low] || t.text == "à" || t.text == "À" {
			return true
		}
		if t.low != "l'" && t.low != "l’" {
			words++
		}
	}
	return false
}

var coordGap = cueRe(`(?i)^\s*(?:,\s*(?:l['’]|le |la |les |the |son |sa |ses |its |leur )?|(?:,\s*)?(?:and|et|&|ainsi que|as well as|or|ou|/)\s+(?:(?:l['’]|le |la |les |the |son |sa |ses |its |leur )?[^\s,;:()]+\s+){0,3}(?:l['’]|d['’])?)$`)

// alsoGap adds a name to the ones before it after other words: "le
// spécialiste Gimlet pour 230 millions, ainsi que l'interface Anchor".
var alsoGap = cueRe(`(?i),?\s*(?:ainsi que|as well as|and also|et aussi|et également|along with)\s+(?:[^\s,;:()]+\s+){0,3}(?:l['’]|d['’])?$`)

// sentenceActors lists the parties sentence si can name, in text order.
func (r *dealReader) sentenceActors(si int, masked string, clauses []int) []actor {
	d, ns := r.d, r.ns
	s := &d.sents[si]
	var out []actor
	for _, mi := range ns.in(si) {
		m := ns.mentions[mi]
		n := ns.byKey[m.key]
		a := actor{start: m.start, end: m.end}
		switch {
		case ns.groupOf[n] != nil:
			a.g = ns.groupOf[n]
		case n != nil && n.kind == kindPerson:
			// An executive speaks for the company: "M. Roures espère
			// annoncer un accord avec Facebook" is Mediapro's deal; an
			// official signs no talent deal.
			switch g := ns.employer(n); {
			case g != nil:
				a.g = g
			case ns.official(n):
				continue
			default:
				a.person = ns.personName(n)
			}
		default:
			continue
		}
		out = append(out, a)
	}
	for _, loc := range refRe.FindAllStringIndex(masked, -1) {
		a, b := trimToWord(masked, loc[0], loc[1])
		if a >= b || strings.Contains(masked[a:b], "_") {
			continue
		}
		w := strings.ToLower(masked[a:b])
		if (w == "il" || w == "elle" || w == "it") && impersonal.MatchString(masked[b:]) {
			continue
		}
		if m := npHead.FindString(masked[b:]); m != "" && !strings.ContainsAny(m, ",") && !hasCoord(m) && w != "its" {
			continue // "le groupe M6", "le studio de production The Ringer": the name says it
		}
		out = append(out, actor{start: s.start + a, end: s.start + b, ref: true, possessive: w == "its"})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	depth := 0
	last := s.start
	for i := range out {
		a := &out[i]
		if a.start > last {
			for _, c := range between(d.text, last, a.start) {
				switch c {
				case '(', '<':
					depth++
				case ')', '>':
					depth = max(depth-1, 0)
				}
			}
			last = a.start
		}
		cs := s.start
		for _, c := range clauses {
			if c <= a.start {
				cs = c
			}
		}
		before := strings.TrimRight(between(d.text, max(cs, a.start-60), a.start), "<(\"“«‘'’ ") + " "
		a.prep = inPhrase(s, cs, a.start)
		a.source = !a.ref && sourceCue.MatchString(between(d.text, max(s.start, a.start-40), a.start))
		// "<Eagle Cable>" marks a name; "(RTL, RTL2)" sets names aside, and
		// so does "L'administration Trump".
		a.aside = depth > 0 && d.text[a.start-1] != '<' || ownerAppos.MatchString(before) || a.person != "" && governmentBefore.MatchString(before)
		// "des réalisateurs Yousri Nasrallah et Youssef Chahine": the
		// second name is in the same phrase as the first.
		if i > 0 && out[i-1].prep && !a.prep && coordGap.MatchString(between(d.text, out[i-1].end, a.start)) {
			a.prep = true
		}
		if i+1 < len(out) && !a.ref && a.end <= out[i+1].start {
			gap := between(d.text, a.end, out[i+1].start)
			a.owner = gap == "'s " || gap == "’s " || gap == "' " || gap == "’ "
		}
	}
	return out
}

// npHead: a reference that heads a name ("le studio de production The
// Ringer") rather than standing for one; names are masked with "_".
var npHead = compile(`^ (?:(?:de |d['’]|of |du )?[\p{Ll}-]+ ){0,2}_`)

func hasCoord(s string) bool {
	for _, w := range strings.Fields(s) {
		if coord[w] {
			return true
		}
	}
	return false
}

// definiteBefore: a deal named with a definite article refers to one the
// text has reported ("le contrat", "the deal").
var definiteBefore = cueRe(`(?i)\b(?:the|this|that|le|la|l['’]|du|ce|cet|cette|said)\s*$`)

// withPrep introduces a party to a deal: "with X", "avec X", "entre X".
var withPrep = cueRe(`(?i)\b(?:with|avec|between|entre|and|et)\s+(?:\S+\s+){0,3}$`)

// financing: a takeover named in a phrase about its financing, not done
// by the clause's subject: "increased its commitment for the Viacom
// takeover".
var financing = cueRe(`(?i)\b(?:for|toward|towards|to finance|to fund|pour financer)\s+(?:the|a|its|le|la|l['’])\s*(?:\S+\s+)?$`)

var governmentBefore = cueRe(`(?i)\b(?:administration|gouvernement|government|cabinet|régime|regime)\s+$`)

// impersonal: "il y a", "il est prévu que": no company is meant.
var impersonal = cueRe(`(?i)^\s*(?:y a|y avait|est (?:prévu|possible|question|temps|clair|vrai)|faut|s['’]agit|semble|reste|(?:was|is|has been|had been) (?:reported|said|understood|expected|believed|thought|announced|confirmed|likely|unclear|not clear|possible|time)|emerged|appears|seems)\b`)

// clauseDeals reads the deals cue h reports in clause ci: its subject side
// before it, its counterparties after it up to next.
func (r *dealReader) clauseDeals(si int, text string, actors []actor, clauses []int, ci int, h cueHit, next int) []*dealDraft {
	d, titles := r.d, r.titles
	s := &d.sents[si]
	cs, ce := clauses[ci], clauses[ci+1]
	rel := func(a, b int) string { return between(text, a-s.start, b-s.start) }

	// The subject side: the clause's subject and the names coordinated
	// with it, or the owner of a nominal cue ("Bertelsmann's purchase").
	var agents []actor
	for i := len(actors) - 1; i >= 0; i-- {
		a := actors[i]
		if a.end <= h.start && a.start >= cs && owns(d, a, h.start) && !a.source {
			agents = []actor{a}
			break
		}
		if a.end <= h.start-40 {
			break
		}
	}
	if agents == nil && !financing.MatchString(rel(max(cs, h.start-40), h.start)) {
		agents = subjectAt(d, actors, cs, h.start)
	}
	if rel, main := relativeSubject(d, actors, cs, h.start); rel != nil {
		// "Netflix a conclu un partenariat avec TF1, qui diffusera les
		// épisodes": TF1 broadcasts, under the deal with Netflix.
		agents = []actor{*rel}
		for _, a := range main {
			if a.g != rel.g || a.ref {
				agents = append(agents, a)
			}
		}
	}
	if jv := jointVenture(d, actors, h); jv != nil {
		agents = []actor{*jv} // "its TKR Cable Co joint venture with TCI": its owner's
	}
	if agents == nil && ci > 0 {
		// "TikTok: pas de décision sur l'accord avec Oracle": the sentence's
		// subject carries over into a clause that has none.
		agents = subjectAt(d, actors, clauses[0], clauses[1])
	}

	// The counterparties: the first name after the cue, the names
	// coordinated with it, and those a preposition attaches to the cue.
	type slot struct {
		a     actor
		coord bool // coordinated with the one before
	}
	var others []slot
	prev := h.end
	definite := h.generic && definiteBefore.MatchString(rel(max(cs, h.start-12), h.start))
	for _, a := range actors {
		if a.start < h.end || a.start >= next || a.start >= ce {
			continue
		}
		if a.person != "" && h.typ == Talent && !a.source {
			// "a recruté plusieurs figures, dont Anne-Laure Bonnet": the
			// people hired, however far.
			others = append(others, slot{a: a})
			prev = a.end
			continue
		}
		if a.source || a.aside || a.owner {
			prev = a.end
			continue
		}
		gap := between(d.text, prev, a.start)
		before := strings.TrimRight(between(d.text, max(h.end, a.start-60), a.start), "<(\"“«‘'’ ") + " "
		if definite && !withPrep.MatchString(before) {
			// "le montant du contrat qui inclut des podcasts basés sur le
			// catalogue de la Warner Bros.": a deal already named; a new
			// party comes with "avec", "with", "entre".
			prev = a.end
			continue
		}
		switch {
		case len(others) == 0 && (len(strings.Fields(gap)) <= 8 || partyPrep.MatchString(before)):
			others = append(others, slot{a: a})
		case len(others) > 0 && (coordGap.MatchString(gap) || alsoGap.MatchString(gap)):
			others = append(others, slot{a: a, coord: true})
		case len(others) > 0 && partyPrep.MatchString(before) && len(strings.Fields(gap)) <= 12:
			others = append(others, slot{a: a})
		default:
			prev = a.end
			continue
		}
		prev = a.end
	}

	if len(others) == 0 && len(agents) == 1 && owns(d, agents[0], h.start) && !agents[0].possessive {
		// "Sony Television signs Netflix's first big studio deal": the
		// clause's subject is the other party.
		for _, a := range subjectAt(d, actors, cs, agents[0].start) {
			others = append(others, slot{a: a})
		}
	}
	if len(others) == 0 && len(agents) > 0 && (h.generic || h.typ == Partnership) {
		// "BSkyB bought its stake in Sunderland as part of a partnership
		// deal": the clause's other party is the deal's.
		for _, a := range actors {
			if a.start > agents[len(agents)-1].end && a.end <= h.start && a.start >= cs && a.prep && !a.source && !a.aside && !a.owner && !a.possessive {
				others = append(others, slot{a: a})
			}
		}
	}

	if len(agents) == 0 && len(others) > 0 && h.generic && !others[0].a.ref {
		// "Le contrat avec WarnerMedia court sur plusieurs années": the
		// deal of the company the text is about.
		agents = []actor{{ref: true, start: h.start, end: h.start}}
	}

	if definite && len(others) == 0 {
		return nil // "under the agreement in principle, ...": the deal reported
	}

	// Resolve the references and sort the names into companies and people.
	var people []string
	resolve := func(a actor, exclude []*companyGroup) *companyGroup {
		if a.person != "" {
			people = appendNew(people, a.person)
			return nil
		}
		if a.g != nil {
			return a.g
		}
		return r.antecedent(actors, clauses, si, ci, a.start, exclude)
	}
	var ag []*companyGroup
	for _, a := range agents {
		if g := resolve(a, ag); g != nil {
			ag = appendGroup(ag, g)
		}
	}
	var runs [][]*companyGroup // coordinated runs of counterparties
	for _, o := range others {
		g := resolve(o.a, ag)
		if g == nil || containsGroup(ag, g) {
			continue
		}
		if o.coord && len(runs) > 0 {
			runs[len(runs)-1] = appendGroup(runs[len(runs)-1], g)
		} else {
			runs = append(runs, []*companyGroup{g})
		}
	}

	if takeOverFrom.MatchString(rel(h.start, min(ce, h.end+8))) {
		return nil // "taking over from the BBC": replacing, not buying
	}
	if notADeal.MatchString(rel(max(cs, h.start-30), h.start)) {
		return nil // "la politique d'acquisition"
	}
	if h.typ == Partnership && legalPartnership.MatchString(rel(max(cs, h.start-20), h.start)) {
		return nil // "a California limited partnership": a legal form
	}

	// The type: the cue's, refined by what it is about.
	cueText := rel(h.start, h.end)
	object := rel(h.end, min(next, ce, h.end+80))
	if len(others) > 0 && others[0].a.start < h.end+80 {
		// What is bought is what comes before the first name, or what the
		// name owns: "buying BSkyB's stake".
		o := others[0].a
		object = rel(h.end, max(h.end, min(o.start, next, ce)))
		if after := rel(o.end, min(ce, o.end+40)); strings.HasPrefix(after, "'s ") || strings.HasPrefix(after, "’s ") || doubleObject.MatchString(after) {
			// "buying BSkyB's stake", "ESPN sold EA the rights".
			object += " " + firstWords(after, 4)
		}
	}
	if h.passive {
		object = rel(cs, h.start) // "Plusieurs autres films acquis par Apple"
	}
	titleEnd := ce
	if strings.HasSuffix(strings.TrimSpace(rel(cs, ce)), ":") && ci+2 < len(clauses) {
		titleEnd = clauses[ci+2] // "l'acquisition de droits prestigieux : la Premier League, ..."
	}
	ts := r.dealTitles(cs, titleEnd)
	typ := h.typ
	if h.generic {
		// "une série d'accords avec les opérateurs SFR, ...": what the
		// cue's own object says comes first.
		for _, ct := range contextTypes {
			if ct.re.MatchString(cueText + " " + object) {
				typ = ct.typ
				break
			}
		}
		if techRe.MatchString(rel(cs, ce)) && typ != Licensing && typ != Acquisition && typ != Investment {
			typ = Partnership
		}
		if len(people) > 0 {
			typ = Talent
		}
	}
	switch {
	case typ == Acquisition && (rightsRe.MatchString(object) || hasTitle(titles, h.end, h.end+len(object))):
		typ = Licensing
	case (typ == Acquisition || typ == Investment) && stakeRe.MatchString(object+" "+cueText) && !controlRe.MatchString(object) && !majority(object):
		typ = Investment
	case typ == Acquisition && majority(object):
		typ = Acquisition
	case typ == "" && len(people) > 0:
		typ = Talent
	case typ == "":
		typ = Partnership
		clause := rel(cs, ce)
		for _, ct := range contextTypes {
			if ct.re.MatchString(clause) {
				typ = ct.typ
				break
			}
		}
	}
	if typ == Talent && len(people) == 0 {
		return nil
	}
	if deniedRe.MatchString(lastWords(rel(cs, h.start), 8)) {
		return nil // "a démenti les rumeurs sur un rapprochement"
	}
	if typ != Talent {
		people = nil
	}

	// The status: the cue's own, or the clause's modality.
	status := Agreed
	clause := rel(cs, ce)
	switch {
	case endedRe.MatchString(clause):
		status = Ended
	case h.status != "":
		status = h.status
	case talksBefore.MatchString(lastWords(rel(cs, h.start), 10)+" "+cueText) || talksAfter.MatchString(rel(h.end, min(ce, h.end+60))):
		status = Talks
	}

	// One deal per counterparty of a plural cue or of a purchase of
	// several companies; one joint deal otherwise.
	// "a racheté Gimlet et Anchor" are two purchases; "une offre faite par
	// Microsoft et Walmart" is one joint bid.
	split := h.plural || !h.generic && (typ == Acquisition || typ == Investment || typ == Distribution) && len(others) > 0 && !others[0].a.prep
	var sets [][]*companyGroup
	if split && len(runs) > 0 && len(runs[0]) > 1 {
		rest := flatten(runs[1:])
		for _, g := range runs[0] {
			sets = append(sets, appendGroup([]*companyGroup{g}, rest...))
		}
	} else {
		sets = [][]*companyGroup{flatten(runs)}
	}
	inferred := false // the titles come from the sentences before
	if len(ts) == 0 && (typ == Licensing || typ == Production) && (workRef.MatchString(cueText+" "+object) || len(ag)+len(runs) == 1 && rightsRe.MatchString(object)) {
		// "Fox has bought the rights", "la plateforme produira une série":
		// the work the text was about.
		ts = r.recentTitles(si)
		inferred = len(ts) > 0
	}
	var out []*dealDraft
	for _, os := range sets {
		dd := &dealDraft{typ: typ, status: status, agents: ag, others: os, people: people, titles: ts, inferred: inferred,
			evidence: []int{si}, gives: h.gives, passive: h.passive, orders: ordersRe.MatchString(cueText), heading: s.heading,
			cue: strings.ToLower(d.text[h.start:h.end]), generic: h.generic}
		if !dd.enough(rel(h.start, min(ce, h.end+80))) {
			continue
		}
		out = append(out, dd)
	}
	return out
}

// relativeSubject returns the name a relative clause holding the cue at
// offset at hangs on ("TF1, qui diffusera"), and the clause's subject.
func relativeSubject(d *doc, actors []actor, cs, at int) (*actor, []actor) {
	for i := len(actors) - 1; i >= 0; i-- {
		a := actors[i]
		if a.end > at {
			continue
		}
		if a.start < cs || !relativeAfter.MatchString(between(d.text, a.end, at)) {
			return nil, nil
		}
		return &actors[i], subjectAt(d, actors, cs, a.start)
	}
	return nil, nil
}

var relativeAfter = cueRe(`(?i)^\s*,\s*(?:qui|which|who|that)\s+(?:\S+\s+){0,3}$`)

// jointVenture returns the owner of a joint venture named just before the
// cue: "its TKR Cable Co joint venture", "Knight-Ridder's TKR joint
// venture". The venture itself is not a party to it.
func jointVenture(d *doc, actors []actor, h cueHit) *actor {
	if !jvRe.MatchString(between(d.text, h.start, h.end)) {
		return nil
	}
	for i := len(actors) - 1; i > 0; i-- {
		name, owner := actors[i], actors[i-1]
		if name.end > h.start || strings.TrimSpace(between(d.text, name.end, h.start)) != "" {
			continue
		}
		if owner.possessive && strings.TrimSpace(between(d.text, owner.end, name.start)) == "" || owner.owner {
			return &owner
		}
		return nil
	}
	return nil
}

var jvRe = cueRe(`(?i)\b(?:joint[- ]ventures?|co-?entreprises?|JV)\b`)

// owns reports a name or possessive pronoun owning the cue at offset at:
// "Bertelsmann's purchase", "its deal".
func owns(d *doc, a actor, at int) bool {
	gap := between(d.text, a.end, at)
	if a.possessive {
		return possessiveGap.MatchString(" " + gap)
	}
	return possessiveOf.MatchString(gap)
}

var (
	possessiveOf  = compile(`^['’]s?\s+(?:\S+\s+){0,3}$`)
	possessiveGap = compile(`^\s+(?:\S+\s+){0,3}$`)
)

// doubleObject: a second object after the first name: "sold EA the rights".
var doubleObject = cueRe(`(?i)^\s+(?:the|its|their|a|an|les|le|la|l['’]|ses|des)\s+`)

var deniedRe = cueRe(`(?i)\b(?:denied|denies|deny|denying|démenti\w*|dément\w*|ruled out|rules out|exclu\w*)\b`)

var legalPartnership = cueRe(`(?i)\b(?:limited|general|master limited)\s+$`)

var takeOverFrom = cueRe(`(?i)^(?:take|takes|took|taking|taken) over from\b`)

var ordersRe = cueRe(`(?i)\b(?:order\w*|commission\w*|greenl\w*|green-?l\w*|command\w*)\b`)

// subjectAt returns the subject of the clause between cs and at: its first
// name outside a prepositional phrase, with the names coordinated with it.
func subjectAt(d *doc, actors []actor, cs, at int) []actor {
	var out []actor
	for _, a := range actors {
		if a.start < cs || a.end > at {
			continue
		}
		if len(out) == 0 {
			if a.prep || a.source || a.aside || a.owner || a.possessive {
				continue
			}
			out = append(out, a)
			continue
		}
		if coordGap.MatchString(between(d.text, out[len(out)-1].end, a.start)) && !a.source && !a.aside {
			out = append(out, a)
			continue
		}
		if !a.owner {
			break
		}
	}
	return out
}

// antecedent resolves a reference at offset at: the subject of an earlier
// clause of the sentence, else the company the text is about.
func (r *dealReader) antecedent(actors []actor, clauses []int, si, ci, at int, exclude []*companyGroup) *companyGroup {
	d, ns := r.d, r.ns
	for c := ci; c >= 0; c-- {
		end := clauses[c+1]
		if c == ci {
			end = at
		}
		for _, a := range subjectAt(d, actors, clauses[c], end) {
			if a.g != nil && !containsGroup(exclude, a.g) {
				return a.g
			}
		}
	}
	// "La plateforme a racheté Gimlet ... Elle a mis la main sur The
	// Ringer": a pronoun continues the previous sentence's subject.
	if si > 0 {
		if g := r.subject(si - 1); g != nil && !containsGroup(exclude, g) {
			return g
		}
	}
	return salient(ns, si, at, exclude)
}

// subject returns the company sentence si is about: the subject of its
// first clause, a pronoun there standing for the previous sentence's.
func (r *dealReader) subject(si int) *companyGroup {
	if g, ok := r.subjects[si]; ok {
		return g
	}
	r.subjects[si] = nil // no cycles
	text := maskNames(r.d, r.ns, r.titles, si)
	clauses := clauseBounds(text, r.d.sents[si].start)
	actors := r.sentenceActors(si, text, clauses)
	var g *companyGroup
	if sub := subjectAt(r.d, actors, clauses[0], clauses[1]); len(sub) > 0 {
		switch {
		case sub[0].g != nil:
			g = sub[0].g
		case sub[0].ref && si > 0:
			g = r.subject(si - 1)
		}
	}
	r.subjects[si] = g
	return g
}

// majority: a stake that gives control.
func majority(object string) bool {
	m := pctRe.FindStringSubmatch(object)
	if m == nil {
		return false
	}
	v, err := strconv.ParseFloat(strings.Replace(m[1], ",", ".", 1), 64)
	return err == nil && v > 50
}

var pctRe = compile(`(\d+(?:[.,]\d+)?)\s*(?:%|pct|per ?cent|percent)`)

// enough reports whether a draft names enough to be a deal: two parties,
// or one party and the work or asset it is about.
func (dd *dealDraft) enough(window string) bool {
	n := len(dd.parties())
	switch {
	case dd.typ == Talent:
		return len(dd.people) > 0 && n > 0
	case n >= 2:
		return true
	case n == 1:
		switch dd.typ {
		case Licensing, Production:
			return len(dd.titles) > 0 || dd.typ == Licensing && (assetRe.MatchString(window) || broadcastRe.MatchString(window))
		case Acquisition, Distribution:
			return assetRe.MatchString(window)
		case Investment:
			return stakeRe.MatchString(window)
		}
	}
	return false
}

var broadcastRe = cueRe(`(?i)\b(?:broadcast\w*|stream\w*|to air|diffus\w*|retransm\w*)\b`)

// workRef: a cue's object that refers back to a work named before.
var workRef = cueRe(`(?i)\b(?:the|its|their|these|those|le|la|les|l['’]|ses|leurs|ces|cette|ce)\s+(?:\w+\s+)?(?:rights|droits|film|movie|series|série|show|drama|book|novel|podcast|documentary|documentaire|feuilleton|émission)\b`)

// recentTitles returns the titles of the nearest of the three sentences
// before si that names any, else those of the headline.
func (r *dealReader) recentTitles(si int) []string {
	d := r.d
	for back := si - 1; back >= 0 && back >= si-3; back-- {
		if ts := r.dealTitles(d.sents[back].start, d.sents[back].end); len(ts) > 0 {
			return ts
		}
	}
	if len(d.sents) > 0 && d.sents[0].heading {
		if ts := r.dealTitles(d.sents[0].start, d.sents[0].end); len(ts) > 0 {
			return ts[:1] // the headline's work
		}
	}
	return nil
}

// dealTitles returns the titles between start and end that a deal can be
// about: not those cited as someone's earlier work.
func (r *dealReader) dealTitles(start, end int) []string {
	var out []string
	for _, t := range r.titles {
		if t.start >= start && t.end <= end && !creditBefore.MatchString(between(r.d.text, max(start, t.start-40), t.start)) {
			out = appendNew(out, t.name)
		}
	}
	return out
}

func hasTitle(ts []titleMention, start, end int) bool {
	for _, t := range ts {
		if t.start >= start && t.end <= end {
			return true
		}
	}
	return false
}

// maskNames returns the sentence's text with the names of companies,
// people and titles blanked out, so that "Media Rights Capital" or
// "Providence Equity Partners" trigger no deal.
func maskNames(d *doc, ns *names, titles []titleMention, si int) string {
	s := &d.sents[si]
	b := []byte(d.text[s.start:s.end])
	blank := func(sp span) {
		for i := max(sp.start, s.start); i < min(sp.end, s.end); i++ {
			if b[i-s.start] != ' ' {
				b[i-s.start] = '_'
			}
		}
	}
	for _, mi := range ns.in(si) {
		if m := ns.mentions[mi]; ns.byKey[m.key].kind == kindOrg || ns.byKey[m.key].kind == kindPerson {
			blank(m.span)
		}
	}
	for _, t := range titles {
		if t.start >= s.start && t.end <= s.end {
			blank(t.span)
		}
	}
	return string(b)
}

func sentenceTitles(ts []titleMention, start, end int) []string {
	var out []string
	for _, t := range ts {
		if t.start >= start && t.end <= end {
			out = appendNew(out, t.name)
		}
	}
	return out
}

// between returns text[a:b], or "" when the offsets cross.
func between(text string, a, b int) string {
	a, b = max(a, 0), min(b, len(text))
	if a >= b {
		return ""
	}
	return text[a:b]
}

func startsWithDigit(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && s[0] >= '0' && s[0] <= '9'
}
