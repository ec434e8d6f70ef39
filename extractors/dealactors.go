package extractors

// The actors of a clause: the names, pronouns and noun phrases that can
// be parties, which of them is the subject, and what a reference stands
// for.

import (
	"sort"
	"strings"
)

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
		a.source = !a.ref && (sourceCue.MatchString(between(d.text, max(s.start, a.start-40), a.start)) || sourcesAfter.MatchString(between(d.text, a.end, min(s.end, a.end+30))))
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
