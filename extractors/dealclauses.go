package extractors

// Reading deals clause by clause: the cues of each sentence and the
// clauses they fall in (the actors are in dealactors.go, the clause
// reader in dealreader.go).

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

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
	r.census.count(si, hits, s.heading)
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
			if c.verbOnly {
				if i := strings.IndexByte(text[a:b], ' '); i > 0 {
					b = a + i
				}
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

// namesListAfter: masked names listed after a dash, the members of the
// noun before it.
var namesListAfter = compile(`^\s*_+(?:[^\pL_]{0,3}_+)*\s*,\s*_`)

func isDash(sep string) bool {
	switch strings.TrimSpace(sep) {
	case "–", "—", "-":
		return true
	}
	return false
}

// clauseBounds returns the clause boundaries of a sentence: offsets from
// its start to its end.
func clauseBounds(text string, off int) []int {
	out := []int{off}
	for _, loc := range clauseSep.FindAllIndexHits(text, scanNeedles(strings.ToLower(text))) {
		a, b := trimToWord(text, loc[0], loc[1])
		if strings.EqualFold(text[a:b], "since") && startsWithDigit(text[b:]) {
			continue // "since 1984": a date, not a clause
		}
		if isDash(text[loc[0]:loc[1]]) && namesListAfter.MatchString(text[loc[1]:]) {
			continue // "agreements with the four ISPs – A, B, C and D": a list
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
