package extractors

// The clause reader: the deals one cue reports in its clause, with the
// subject side, the counterparties, the type and the status.

import (
	"strconv"
	"strings"
)

// definiteBefore: a deal named with a definite article refers to one the
// text has reported ("le contrat", "the deal").
var definiteBefore = cueRe(`(?i)\b(?:the|this|that|le|la|l['’]|du|ce|cet|cette|said)\s*$`)

// betweenEnd ends a cue whose parties all follow it.
var betweenEnd = cueRe(`(?i)\b(?:between|entre)$`)

// withPrep introduces a party to a deal: "with X", "avec X", "entre X".
var withPrep = cueRe(`(?i)\b(?:with|avec|between|entre|and|et)\s+(?:\S+\s+){0,3}$`)

// financing: a takeover named in a phrase about its financing, not done
// by the clause's subject: "increased its commitment for the Viacom
// takeover".
var financing = cueRe(`(?i)\b(?:for|toward|towards|to finance|to fund|pour financer)\s+(?:the|a|its|le|la|l['’])\s*(?:\S+\s+)?$`)

var governmentBefore = cueRe(`(?i)\b(?:administration|gouvernement|government|cabinet|régime|regime)\s+$`)

// impersonal: "il y a", "il est prévu que": no company is meant.
var impersonal = cueRe(`(?i)^\s*(?:y a|y avait|est (?:prévu|possible|question|temps|clair|vrai)|faut|s['’]agit|semble|reste|(?:was|is|has been|had been) (?:reported|said|understood|expected|believed|thought|announced|confirmed|likely|unclear|not clear|possible|time)|emerged|appears|seems)\b`)

// cueClause is one cue in its clause: what clauseDeals reads.
type cueClause struct {
	r       *dealReader
	s       *sentence
	si      int
	text    string // the sentence, names masked
	actors  []actor
	clauses []int // the sentence's clause bounds
	ci      int   // the clause: [clauses[ci], clauses[ci+1])
	cs, ce  int
	h       cueHit
	next    int // where the next cue's reach begins
	// definite: a generic cue after a definite article, "the deal": a deal
	// already named.
	definite bool
}

// rel returns the masked text between document offsets a and b.
func (c *cueClause) rel(a, b int) string { return between(c.text, a-c.s.start, b-c.s.start) }

// slot is a counterparty of a cue.
type slot struct {
	a     actor
	coord bool // coordinated with the one before
}

// clauseDeals reads the deals cue h reports in clause ci: its subject side
// before it, its counterparties after it up to next.
func (r *dealReader) clauseDeals(si int, text string, actors []actor, clauses []int, ci int, h cueHit, next int) []*dealDraft {
	c := &cueClause{r: r, s: &r.d.sents[si], si: si, text: text, actors: actors, clauses: clauses, ci: ci,
		cs: clauses[ci], ce: clauses[ci+1], h: h, next: next}
	c.definite = h.generic && definiteBefore.MatchString(c.rel(max(c.cs, h.start-12), h.start))
	agents := c.agents()
	others := c.moreCounterparties(agents, c.counterparties())
	if len(agents) == 0 && len(others) > 0 && h.generic && !others[0].a.ref {
		// "Le contrat avec WarnerMedia court sur plusieurs années": the
		// deal of the company the text is about.
		agents = []actor{{ref: true, start: h.start, end: h.start}}
	}
	if len(others) >= 2 && betweenEnd.MatchString(c.rel(h.start, h.end)) {
		// "talks between Orange, TF1 and Canal+": the parties are named
		// after the cue, whoever the sentence began with.
		agents = nil
	}
	if c.definite && len(others) == 0 {
		return nil // "under the agreement in principle, ...": the deal reported
	}
	ag, runs, people := c.resolve(agents, others)
	if c.namesNoDeal() {
		return nil
	}
	cueText := c.rel(h.start, h.end)
	object := c.object(others)
	ts := r.dealTitles(c.cs, c.titleEnd())
	typ := c.dealType(cueText, object, people)
	if typ == Talent && len(people) == 0 {
		return nil
	}
	if typ == Production && pastCredit.MatchString(lastWords(c.rel(c.cs, h.start), 3)+" "+cueText) {
		return nil // "House of Cards was produced by MRC": a credit, not a deal
	}
	if deniedRe.MatchString(lastWords(c.rel(c.cs, h.start), 8)) {
		return nil // "a démenti les rumeurs sur un rapprochement"
	}
	if typ != Talent {
		people = nil
	}
	status := c.status(cueText)
	inferred := false // the titles come from the sentences before
	if len(ts) == 0 && (typ == Licensing || typ == Production) && (workRef.MatchString(cueText+" "+object) || len(ag)+len(runs) == 1 && rightsRe.MatchString(object)) {
		// "Fox has bought the rights", "la plateforme produira une série":
		// the work the text was about.
		ts = r.recentTitles(si)
		inferred = len(ts) > 0
	}
	var out []*dealDraft
	for _, os := range c.partySets(typ, others, runs) {
		dd := &dealDraft{typ: typ, status: status, agents: ag, others: os, people: people, titles: ts, inferred: inferred,
			evidence: []int{si}, gives: h.gives, passive: h.passive, orders: ordersRe.MatchString(cueText), heading: c.s.heading,
			cue: strings.ToLower(r.d.text[h.start:h.end]), generic: h.generic}
		if !dd.enough(c.rel(h.start, min(c.ce, h.end+80))) {
			continue
		}
		out = append(out, dd)
	}
	return out
}

// agents returns the subject side of the cue: the clause's subject and the
// names coordinated with it, or the owner of a nominal cue ("Bertelsmann's
// purchase").
func (c *cueClause) agents() []actor {
	d, actors, h, cs := c.r.d, c.actors, c.h, c.cs
	var agents []actor
	for i := len(actors) - 1; i >= 0; i-- {
		a := actors[i]
		if a.end <= h.start && a.start >= cs && owns(d, a, h.start) && !a.source {
			agents = ownersBefore(d, actors, i, cs)
			break
		}
		if a.end <= h.start-40 {
			break
		}
	}
	if agents == nil && !financing.MatchString(c.rel(max(cs, h.start-40), h.start)) {
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
	if pair := hyphenPair(d, actors, cs, h.start, h.end); pair != nil {
		agents = pair // "the MLS-Apple partnership", "le rapprochement TF1-M6"
	}
	if jv := jointVenture(d, actors, h); jv != nil {
		agents = []actor{*jv} // "its TKR Cable Co joint venture with TCI": its owner's
	}
	if agents == nil && c.ci > 0 {
		// "TikTok: pas de décision sur l'accord avec Oracle": the sentence's
		// subject carries over into a clause that has none.
		agents = subjectAt(d, actors, c.clauses[0], c.clauses[1])
	}
	return agents
}

// ownersBefore returns the owner actors[i] of a nominal cue with the
// names coordinated before it: "HBO and Sky's drama partnership".
func ownersBefore(d *doc, actors []actor, i, cs int) []actor {
	out := []actor{actors[i]}
	for j := i - 1; j >= 0 && actors[j].start >= cs; j-- {
		if actors[j].source || !coordGap.MatchString(between(d.text, actors[j].end, actors[j+1].start)) {
			break
		}
		out = append([]actor{actors[j]}, out...)
	}
	return out
}

// hyphenPair returns two names joined by a hyphen right before or right
// after a nominal cue [at, end), or nil.
func hyphenPair(d *doc, actors []actor, cs, at, end int) []actor {
	for i := 0; i+1 < len(actors); i++ {
		a, b := actors[i], actors[i+1]
		if a.start < cs || !isDash(between(d.text, a.end, b.start)) {
			continue
		}
		if b.end <= at && pairGapBefore.MatchString(between(d.text, b.end, at)) || a.start >= end && a.start-end <= 2 {
			return []actor{a, b}
		}
	}
	return nil
}

// pairGapBefore: what may stand between a pair of names and its cue ("the
// MLS-Apple broadcast partnership").
var pairGapBefore = compile(`^\s+(?:[\pL-]+\s+)?$`)

// counterparties returns the first name after the cue, the names
// coordinated with it, and those a preposition attaches to the cue.
func (c *cueClause) counterparties() []slot {
	text, h := c.r.d.text, c.h
	var others []slot
	prev := h.end
	owner := ""
	for _, a := range c.actors {
		if a.start < h.end || a.start >= c.next || a.start >= c.ce {
			continue
		}
		if a.person != "" && h.typ == Talent && !a.source {
			// "a recruté plusieurs figures, dont Anne-Laure Bonnet": the
			// people hired, however far.
			others = append(others, slot{a: a})
			prev = a.end
			continue
		}
		if a.owner && len(others) > 0 {
			// "agreements with Disney, Comcast's NBCUniversal and
			// Amazon": the owner stands aside, the list goes on.
			owner = between(text, a.start, a.end)
			continue
		}
		if a.source || a.aside || a.owner {
			prev = a.end
			continue
		}
		gap := between(text, prev, a.start)
		if owner != "" {
			if i := strings.LastIndex(gap, owner); i >= 0 {
				gap = gap[:i] // ", " before "Comcast's"
			}
			owner = ""
		}
		before := strings.TrimRight(between(text, max(h.end, a.start-60), a.start), "<(\"“«‘'’ ") + " "
		if c.definite && !withPrep.MatchString(before) {
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
		}
		prev = a.end
	}
	return others
}

// moreCounterparties looks before the cue for counterparties when none
// follow it.
func (c *cueClause) moreCounterparties(agents []actor, others []slot) []slot {
	d, h := c.r.d, c.h
	if len(others) == 0 && len(agents) == 1 && owns(d, agents[0], h.start) && !agents[0].possessive {
		// "Sony Television signs Netflix's first big studio deal": the
		// clause's subject is the other party.
		for _, a := range subjectAt(d, c.actors, c.cs, agents[0].start) {
			others = append(others, slot{a: a})
		}
	}
	if len(others) == 0 && len(agents) > 0 && (h.generic || h.typ == Partnership) {
		// "BSkyB bought its stake in Sunderland as part of a partnership
		// deal": the clause's other party is the deal's.
		for _, a := range c.actors {
			if a.start > agents[len(agents)-1].end && a.end <= h.start && a.start >= c.cs && a.prep && !a.source && !a.aside && !a.owner && !a.possessive {
				others = append(others, slot{a: a})
			}
		}
	}
	return others
}

// resolve resolves the references and sorts the names into companies and
// people: the agents' companies, the coordinated runs of counterparties,
// the people named.
func (c *cueClause) resolve(agents []actor, others []slot) ([]*companyGroup, [][]*companyGroup, []string) {
	var people []string
	group := func(a actor, exclude []*companyGroup) *companyGroup {
		if a.person != "" {
			people = appendNew(people, a.person)
			return nil
		}
		if a.g != nil {
			return a.g
		}
		return c.r.antecedent(c.actors, c.clauses, c.si, c.ci, a.start, exclude)
	}
	var ag []*companyGroup
	for _, a := range agents {
		if g := group(a, ag); g != nil {
			ag = appendGroup(ag, g)
		}
	}
	var runs [][]*companyGroup
	for _, o := range others {
		g := group(o.a, ag)
		if g == nil || containsGroup(ag, g) {
			continue
		}
		if o.coord && len(runs) > 0 {
			runs[len(runs)-1] = appendGroup(runs[len(runs)-1], g)
		} else {
			runs = append(runs, []*companyGroup{g})
		}
	}
	return ag, runs, people
}

// namesNoDeal reports a cue that names no deal here.
func (c *cueClause) namesNoDeal() bool {
	h, cs := c.h, c.cs
	switch {
	case takeOverFrom.MatchString(c.rel(h.start, min(c.ce, h.end+8))):
		return true // "taking over from the BBC": replacing, not buying
	case notADeal.MatchString(c.rel(max(cs, h.start-30), h.start)):
		return true // "la politique d'acquisition"
	case h.typ == Partnership && legalPartnership.MatchString(c.rel(max(cs, h.start-20), h.start)):
		return true // "a California limited partnership": a legal form
	}
	return false
}

// object returns what the cue is about: what is bought is what comes
// before the first counterparty, or what it owns ("buying BSkyB's stake").
func (c *cueClause) object(others []slot) string {
	h, ce, next := c.h, c.ce, c.next
	object := c.rel(h.end, min(next, ce, h.end+80))
	if len(others) > 0 && others[0].a.start < h.end+80 {
		o := others[0].a
		object = c.rel(h.end, max(h.end, min(o.start, next, ce)))
		if after := c.rel(o.end, min(ce, o.end+40)); strings.HasPrefix(after, "'s ") || strings.HasPrefix(after, "’s ") || doubleObject.MatchString(after) {
			// "buying BSkyB's stake", "ESPN sold EA the rights".
			object += " " + firstWords(after, 4)
		}
	}
	if h.passive {
		object = c.rel(c.cs, h.start) // "Plusieurs autres films acquis par Apple"
	}
	return object
}

// titleEnd returns where the titles of the cue's deal end: the clause's
// end, or the next clause's after a colon.
func (c *cueClause) titleEnd() int {
	if strings.HasSuffix(strings.TrimSpace(c.rel(c.cs, c.ce)), ":") && c.ci+2 < len(c.clauses) {
		return c.clauses[c.ci+2] // "l'acquisition de droits prestigieux : la Premier League, ..."
	}
	return c.ce
}

// dealType returns the cue's type, refined by what it is about.
func (c *cueClause) dealType(cueText, object string, people []string) string {
	h := c.h
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
		if techRe.MatchString(c.rel(c.cs, c.ce)) && typ != Licensing && typ != Acquisition && typ != Investment {
			typ = Partnership
		}
		if len(people) > 0 {
			typ = Talent
		}
	}
	switch {
	case typ == Acquisition && (rightsRe.MatchString(object) || hasTitle(c.r.titles, h.end, h.end+len(object)) || c.ownersWork()):
		typ = Licensing
	case (typ == Acquisition || typ == Investment) && stakeRe.MatchString(object+" "+cueText) && !controlRe.MatchString(object) && !majority(object):
		typ = Investment
	case typ == Investment && controlRe.MatchString(cueText):
		typ = Acquisition // "devient actionnaire majoritaire de"
	case typ == Acquisition && majority(object):
		typ = Acquisition
	case typ == Production && len(people) > 0 && personalDeal.MatchString(cueText):
		typ = Talent // "Shonda Rhimes signed an overall deal with Netflix"
	case typ == Distribution && c.workArrives():
		typ = Licensing
	case typ == "" && len(people) > 0:
		typ = Talent
	case typ == "":
		typ = Partnership
		clause := c.rel(c.cs, c.ce)
		for _, ct := range contextTypes {
			if ct.re.MatchString(clause) {
				typ = ct.typ
				break
			}
		}
	}
	return typ
}

// doneRe: the deal was signed, approved or completed, whatever was said
// of it before.
var doneRe = cueRe(`(?i)\b(?:signed|inked|sealed|completed|finali[sz]ed|approved|cleared|a signé|ont signé|finalisé\w*|bouclé\w*|autorisé\w*|validé\w*|approuvé\w*)\b`)

// pastCredit: a work's maker named in the past tense.
var pastCredit = cueRe(`(?i)\b(?:was|were|had been|has been|a été|ont été|avait été|avaient été)\s+(?:\S+\s+)?(?:co-?)?produ(?:ced|ite?s?) (?:by|par)\b`)

// personalDeal: a production deal a person signs is a talent deal.
var personalDeal = cueRe(`(?i)\b(?:overall|first-look|development|talent) (?:deal|pact|agreement)s?\b`)

// ownersWork reports a cue whose object is a work named with its owner:
// "Netflix bought JTBC's 'Man to Man'" buys the work's rights, not JTBC.
func (c *cueClause) ownersWork() bool {
	for _, a := range c.actors {
		if a.start < c.h.end || a.start >= c.ce {
			continue
		}
		gap := c.r.d.text[a.end:min(len(c.r.d.text), a.end+6)]
		if !a.possessive && !strings.HasPrefix(gap, "'s") && !strings.HasPrefix(gap, "’s") {
			return false
		}
		for _, t := range c.r.titles {
			if t.start >= a.end && t.start-a.end <= 6 {
				return true
			}
		}
		return false
	}
	return false
}

// sportsContent: games and matches are content whose rights are sold.
var sportsContent = cueRe(`(?i)\b(?:games|matches|matchs|rencontres|fights|races|courses|grands prix|tournaments?|tournois?)\b`)

// workArrives reports whether what a carriage cue carries is a work ("the
// drama is coming to Netflix", "the film will be distributed by Focus"):
// its rights are licensed.
func (c *cueClause) workArrives() bool {
	before := c.rel(c.cs, c.h.start)
	return (hasTitle(c.r.titles, c.cs, c.ce) || workRef.MatchString(before) || sportsContent.MatchString(before)) && !operatorRe.MatchString(before+" "+c.rel(c.h.end, c.ce))
}

// status returns the cue's own status, or the clause's modality.
func (c *cueClause) status(cueText string) string {
	h := c.h
	switch {
	case endedRe.MatchString(c.rel(c.cs, c.ce)):
		return Ended
	case doneRe.MatchString(c.rel(c.cs, c.ce)):
		return Agreed // "the proposed acquisition was approved", "signed after months of talks"
	case h.status != "":
		return h.status
	case talksBefore.MatchString(lastWords(c.rel(c.cs, h.start), 10)+" "+cueText) || talksAfter.MatchString(c.rel(h.end, min(c.ce, h.end+60))):
		return Talks
	}
	return Agreed
}

// partySets returns the counterparties of each deal the cue reports: one
// deal per counterparty of a plural cue or of a purchase of several
// companies, one joint deal otherwise. "a racheté Gimlet et Anchor" are
// two purchases; "une offre faite par Microsoft et Walmart" is one joint
// bid.
func (c *cueClause) partySets(typ string, others []slot, runs [][]*companyGroup) [][]*companyGroup {
	h := c.h
	split := h.plural || !h.generic && (typ == Acquisition || typ == Investment || typ == Distribution) && len(others) > 0 && !others[0].a.prep
	if !split || len(runs) == 0 || len(runs[0]) <= 1 {
		return [][]*companyGroup{flatten(runs)}
	}
	rest := flatten(runs[1:])
	var sets [][]*companyGroup
	for _, g := range runs[0] {
		sets = append(sets, appendGroup([]*companyGroup{g}, rest...))
	}
	return sets
}

// doubleObject: a second object after the first name: "sold EA the rights".
var doubleObject = cueRe(`(?i)^\s+(?:the|its|their|a|an|les|le|la|l['’]|ses|des)\s+`)

var deniedRe = cueRe(`(?i)\b(?:denied|denies|deny|denying|démenti\w*|dément\w*|ruled out|rules out|exclu\w*)\b`)

var legalPartnership = cueRe(`(?i)\b(?:limited|general|master limited)\s+$`)

var takeOverFrom = cueRe(`(?i)^(?:take|takes|took|taking|taken) over from\b`)

// "produced by X": the party after the cue produces, as after an order.
var ordersRe = cueRe(`(?i)\b(?:order\w*|commission\w*|greenl\w*|green-?l\w*|command\w*|renew\w*|renouvel\w*|produced by|produite?s? par)\b`)

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
