package extractors

import (
	"strings"
)

// Metrics.
const (
	MetricSubscribers = "subscribers"
	MetricMoney       = "money"
	MetricEpisodes    = "episodes"
)

// Qualifiers.
const (
	QualTotal     = "total"
	QualNew       = "new"
	QualLost      = "lost"
	QualTarget    = "target"
	QualDealValue = "deal_value"
)

var (
	subscriberNoun = cueRe(`(?i)^\s*(?:(?:de|d['’]|of|[\pL.-]+)\s+){0,3}?(?:d['’]\s*|of\s+)?(subscri(?:bers?|ptions?)|souscripteurs|abonn(?:é|e)s?|abonnements?|members?|memberships?|membres|accounts?|(?:svod|paying|paid|premium|subscription) users|utilisateurs payants|comptes|customers?|clients|homes|households|foyers(?:\s+abonnés)?)\b`)
	episodeNoun    = cueRe(`(?i)^\s*(?:[\d]+-(?:minute|hour|min)\s+|(?:new|nouveaux|inédits)\s+)?(episodes?|épisodes?|episodios)\b`)
	qualNew        = cueRe(`(?i)\b(new|gained|gains?|added|adds|adding|additions?|net|recruited|won|attracted|signed up|increase|increased|rise|rose|grew by|growth of|up by|hausse de|progression de|croissance de|nouveaux|nouvelles|gagné|gagne|recruté|recrute|conquis|séduit|seduit|attiré|souscrits|ajouté|supplémentaires|en net)\b`)
	qualLost       = cueRe(`(?i)\b(lost|loses|losing|loss|shed|cancell?ed|churn|fell|dropped|decline of|decrease of|baisse de|recul de|chute de|perdu|perd|perte|désabonn\w*|resilie|résilié)\b`)
	qualTarget     = cueRe(`(?i)\b(aim|aims|aiming|target|targets|goal|forecast|forecasts|predict|predicts|predicting|expects?|expected|hopes?|projected|by 20\d\d|by that date|by then|will be|will have|will reach|would reach|promised|promises|promis|promet|objectif|vise|viser|ambition|ambitionne|prévoit|prevoit|espère|espere|compte atteindre|atteindra|d'ici|d’ici|à terme)\b`)
	qualTotal      = cueRe(`(?i)\b(au total|in total|en tout|a total of|un total de|(?:its|the|their|a) total (?:to|of)|(?:son|leur) total à|now (?:has|have|counts?|boasts?|stands at)|compte désormais|totalise\w*|reaching|reached|atteignant|(?:ended|ending|ends|finished|finishing|closed|closing)\s+(?:\S+\s+){0,4}with|(?:termine|terminé|terminait|termin\w+|clôtur\w+|finit|fini)\s+(?:\S+\s+){0,4}avec)\b`)
	dealValueCue   = cueRe(`(?i)\b(for|pour|valued at|valu(?:ed|ing|es)(?:\s+\S+){1,4}\s+at|valoris\w*(?:\s+\S+){0,4}\s+à|value of|worth|valuing|bidding|paid|pay|pays|paying|spend|spends|spent|shell(?:s|ed)? out|raised|raises|raising|bid|offer|offered|price|sum|cost|costs|estimated|consideration|contre|montant|payé|paie|paiera|verse|versé|versera|débours\w*|moyennant|évalué|estimé|estimé à|chèque|coût|prix|price tag|sur la table|mis|for about|s'offrir|racheter|acquérir|to buy|to acquire|investissement de|investment of|invest|invests|invested|investing|investir|investit|investira|investi|lève|levé|levée de)\b`)
	dealSentence   = cueRe(`(?i)\b(buy|bought|buys|acquir\w*|purchas\w*|sell|sells|sold|sale|resale|revente|revend\w*|takeover|bid|offer\w*|deal|agreement|partnership|package|merger|stake|rights|exchange|value|pays?|paid|spen[dt]|raised|raises|funding|invest\w*|consideration|droits|rach[eè]t\w*|rachats?|fusion|reprise|acqui\w*|cède|céd\w*|cession|vend\w*|accord|contrat|partenariat|transaction|offre|exclusivité|débours\w*|financement|levée de fonds|s'offrir|s'assurer|extension|renewal|prolongation|renouvellement|opération)\b`)
)

// regionWords map how a text names a region to its code.
var regionWords = []struct {
	re   *pattern
	code string
}{
	{cueRe(`\b(?i:aux|in the|across the|in)\s+(?:É|E)tats-Unis\b|\bin the (?:US|U\.S\.|United States|USA)\b|\b(?:US|U\.S\.|American|américains)\b`), "US"},
	{cueRe(`(?i)\b(?:in|en|au)\s+(?:the\s+)?(?:UK|U\.K\.|Britain|Royaume-Uni|Grande-Bretagne)\b`), "GB"},
	{cueRe(`(?i)\ben France\b|\bin France\b|\bfrançais\b`), "FR"},
	{cueRe(`(?i)\b(?:in|en)\s+Europe\b`), "EU"},
	{cueRe(`(?i)\b(?:worldwide|globally|dans le monde|across the globe|around the world|au niveau mondial|dans \d+ pays|in \d+ countries)\b`), "WORLD"},
}

// findFigures reads subscriber counts, money and episode counts.
func findFigures(d *doc, ns *names, dates []dateMention, groups []*companyGroup) []Figure {
	var out []Figure
	var lastSubs *Figure
	lastSubsSent := -10
	for si, s := range d.sents {
		text := d.text[s.start:s.end]
		amounts := findAmounts(d.text, s.start, s.end, d.lang)
		lastCurrency := ""
		for _, a := range amounts {
			after := d.text[a.ctxEnd():max(a.ctxEnd(), min(s.end, a.ctxEnd()+60))]
			before := d.text[max(s.start, a.start-60):a.start]
			lead := d.text[max(s.start, a.start-120):a.start] // where a count's noun may come first
			f := Figure{Value: a.value, Text: strings.TrimSpace(d.text[a.start:a.end])}
			level := false
			near := lastWords(before, 6) + " _ " + firstWords(after, 5)
			switch {
			case a.currency != "":
				f.Metric = MetricMoney
				f.Currency = a.currency
				if dealSentence.MatchString(text) && (dealValueCue.MatchString(near) || dealAfter.MatchString(firstWords(after, 4))) && !perUnit.MatchString(firstWords(after, 3)) {
					f.Qualifier = QualDealValue
				}
			case subscriberNoun.MatchString(after) && !homesPassed.MatchString(lastWords(before, 3)):
				f.Metric = MetricSubscribers
				f.Text = strings.TrimSpace(d.text[a.start:min(len(d.text), a.end+len(subscriberNoun.FindString(after)))])
			case episodeNoun.MatchString(after):
				f.Metric = MetricEpisodes
			case a.currency == "" && !isYearLike(a) && subscribersTo.MatchString(lead):
				// "Kayo grew its number of paid subscribers by 8 per cent
				// to 1,442,000": the count named before its level.
				f.Metric = MetricSubscribers
				level = true
			case a.scaled && lastCurrency != "" && dealValueCue.MatchString(lastWords(before, 3)):
				// "... 230 millions de dollars, ainsi que Anchor pour plus de
				// 100 millions": the currency goes without saying.
				f.Metric, f.Currency = MetricMoney, lastCurrency
				if dealSentence.MatchString(text) {
					f.Qualifier = QualDealValue
				}
			case a.scaled && a.value >= 1e6 && forPrice.MatchString(lastWords(before, 1)) && dealSentence.MatchString(text) && !otherNoun(after) && !subscriberNoun.MatchString(after):
				// "acquired Mojang for 2.5 billion": a price, whatever the
				// currency the text left out.
				f.Metric, f.Qualifier = MetricMoney, QualDealValue
			case a.scaled && lastSubs != nil && si-lastSubsSent <= 1 && !isYearLike(a) && !otherNoun(after):
				// "contre un peu plus de 2 millions sur les deux trimestres
				// précédents": the count of the figure just before.
				f.Metric = MetricSubscribers
			default:
				continue
			}
			if f.Currency != "" {
				lastCurrency = f.Currency
			}
			if a.value <= 0 || f.Metric == MetricMoney && f.Qualifier == "" {
				// An amount that is not a deal's value (a price, revenue, a
				// valuation) is not reported: measured on annotated news,
				// such amounts were noise far more often than facts.
				continue
			}
			if f.Metric == MetricSubscribers && !a.scaled && a.value < 1000 {
				continue // "15 years a customer", "34 ans sont abonnés"
			}
			clause := clauseAround(d, s, a.span)
			if f.Metric == MetricSubscribers {
				q, cued := subscriberQualifier(lastWords(before, 6), firstWords(after, 8))
				f.Qualifier = q
				if level {
					f.Qualifier = levelQualifier(lead, q)
				}
				if !cued && lastSubs != nil && si-lastSubsSent <= 1 && !subscriberNoun.MatchString(after) {
					f.Qualifier = lastSubs.Qualifier
				}
				f.Company = figureCompany(d, ns, groups, si, a.start, a.start+len(f.Text))
				f.Region = regionOf(clause)
				f.Period = periodOf(dates, s, a.span)
				f.Unit = "subscribers"
			}
			if f.Metric == MetricMoney {
				f.Company = figureCompany(d, ns, groups, si, a.start, a.end)
				f.Unit = f.Currency
			}
			out = append(out, f)
			if f.Metric == MetricSubscribers {
				lastSubs = &out[len(out)-1]
				lastSubsSent = si
			}
		}
	}
	return out
}

func isYearLike(a amount) bool {
	return !a.scaled && a.value >= 1900 && a.value <= 2100
}

func lastWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[len(f)-n:]
	}
	return strings.Join(f, " ")
}

// clauseAround returns the part of the sentence around sp bounded by
// semicolons, "while"/"contre"-style contrasts and sentence ends.
func clauseAround(d *doc, s sentence, sp span) string {
	text := d.text[s.start:s.end]
	a, b := sp.start-s.start, sp.end-s.start
	start := 0
	for _, sep := range []string{";", " contre ", " while ", " whereas ", " tandis que ", " alors que ", " compared with ", " vs "} {
		if i := strings.LastIndex(text[:a], sep); i >= 0 && i+len(sep) > start {
			start = i + len(sep)
		}
	}
	end := len(text)
	for _, sep := range []string{";", " contre ", " while ", " whereas ", " tandis que ", " alors que ", " compared with ", " vs "} {
		if i := strings.Index(text[b:], sep); i >= 0 && b+i < end {
			end = b + i
		}
	}
	return text[start:end]
}

// subscriberQualifier reads what a subscriber count is from the words
// around it: a stated total, a loss, a gain or a target. It reports
// whether any cue was found (without one, the count is a total).
func subscriberQualifier(before, after string) (string, bool) {
	// The words before the number come first ("a gagné 587.000 abonnés
	// ... (en déduisant les désabonnements)"), then those after it, up to
	// a relative clause or a comma: "subscribers, which are expected to
	// grow" says nothing of the count.
	if i := clauseCut.FindStringIndex(after); i != nil {
		after = after[:i[0]]
	}
	after = beforeNextCount(after)
	// The cue nearest to the number wins, on either side ("gained 3.5
	// million, reaching 71 million", "soit 500 000 nouveaux abonnés"). An
	// objective stands whatever else is said: "vise 10 millions d'abonnés
	// au total d'ici 2025".
	qb, db := nearestQualifier(before, true)
	qa, da := nearestQualifier(after, false)
	switch {
	case qb == QualTarget || qa == QualTarget:
		return QualTarget, true
	case db >= 0 && (da < 0 || db <= da):
		return qb, true
	case da >= 0:
		return qa, true
	}
	return QualTotal, false
}

// qualifierCues are the cues of a count's qualifier, in the order they
// win when they end at the same place.
var qualifierCues = []struct {
	q  string
	re *pattern
}{{QualTarget, qualTarget}, {QualLost, qualLost}, {QualNew, qualNew}, {QualTotal, qualTotal}}

// nearestQualifier returns the qualifier whose cue in near is nearest to
// the count, and its distance in bytes (-1: none): the last cue when near
// comes before the count, the first after it. A target anywhere wins.
func nearestQualifier(near string, before bool) (string, int) {
	best, at := "", -1
	for _, c := range qualifierCues {
		locs := c.re.FindAllStringIndex(near, -1)
		if len(locs) == 0 {
			continue
		}
		if c.q == QualTarget {
			return QualTarget, 0
		}
		pos := locs[0][0]
		if before {
			pos = len(near) - locs[len(locs)-1][1]
		}
		if at < 0 || pos < at {
			best, at = c.q, pos
		}
	}
	return best, at
}

// beforeNextCount cuts the words after a count where a cue of the next
// count begins: in "67.5 million subscribers after adding 4.6 million",
// "adding" is said of 4.6 million, not of 67.5 million.
func beforeNextCount(after string) string {
	loc := nextCount.FindStringIndex(after)
	if loc == nil {
		return after
	}
	head := after[:loc[0]]
	for _, c := range qualifierCues {
		for _, m := range c.re.FindAllStringIndex(head, -1) {
			if len(strings.Fields(head[m[1]:])) <= 2 {
				return head[:m[0]]
			}
		}
	}
	return after
}

// nextCount finds a number.
var nextCount = compile(`\d`)

// clauseCut ends the words after a count that still speak of it.
var clauseCut = cueRe(`(?i)(,|;|\(|\b(which|that|who|qui|dont|while|alors que|tandis que)\b)`)

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[:n]
	}
	return strings.Join(f, " ")
}

// levelQualifier reads a count named after its noun from the words in
// between: "subscribers rose to N" and "lost 31,000 subscribers to N"
// state a total, "subscriber addition of N" a gain; q is what the words
// around the count said.
func levelQualifier(before, q string) string {
	loc := subscribersTo.FindStringSubmatchIndex(before)
	if loc == nil || q == QualTarget {
		return q
	}
	gap := before[loc[2]:]
	if levelTo.MatchString(gap) {
		return QualTotal
	}
	if q, cued := subscriberQualifier(gap, ""); cued {
		return q
	}
	return QualTotal
}

// levelTo ends the words that lead to a level: "rose to", "est passé à".
var levelTo = compile(`(?i)\b(?:to|à|at|reached|hit|topped|atteint|totall?ed|stood at)\s+(?:\S+\s+){0,3}$`)

// forPrice is the word before a price: "for 2.5 billion".
var forPrice = cueRe(`(?i)^(?:for|pour|contre)$`)

// otherNoun opens the words after a number that counts something else
// ("80 million crowns"): a word that is neither a function word nor
// punctuation.
func otherNoun(after string) bool {
	return wordAfter.MatchString(after) && !functionWordAfter.MatchString(after)
}

var (
	wordAfter         = compile(`^\s*[\pL][\pL'’-]{3,}`)
	functionWordAfter = compile(`(?i)^\s*(?:sur|dans|pour|over|from|with|avec|during|pendant|depuis|since|last|this|that|which|plus|more|less|moins|only|seulement|fin|end|at|au|aux|par|selon|according|soit|contre|versus|against|after|après|before|avant|year|ans?|années?|quarter|trimestre|months?|mois|weeks?|semaines?)\b`)
)

// subscribersTo ends the words before a count of subscribers named
// first: "subscriber base of", "total subscribers rose to", "le nombre
// d'abonnés est passé de".
var subscribersTo = compile(`(?i)\b((?:subscri\w*|abonn[ée]s|abonnements|souscripteurs|clients|customers|members|membres|households|foyers|accounts|comptes)\b(?:\s+[^\s.,;:()]+){0,10}?\s+(?:to|of|at|à|de|reached|hit|topped|atteint|totall?ed|stood at)\s+(?:(?:about|around|some|nearly|almost|more than|over|just over|près de|environ|plus de|quelque|un peu plus de)\s+)?)$`)

// homesPassed: "passing about 180,000 homes" counts homes a cable passes,
// not subscribers.
var homesPassed = cueRe(`(?i)\b(passing|passes|passed|pass)\b`)

// dealAfter follows a deal's value: "in a $156m deal".
var dealAfter = cueRe(`(?i)\b(deal|pact|agreement|contract|accord|contrat|transaction|takeover|acquisition|merger|fusion|rachat|sale|vente|purchase|offer|bid|offre|partnership|partenariat|joint venture|investment|investissement|funding|financing|round|tour de table|levée|stake|participation|series[- ][a-f]|seed|s'offrir|s'assurer|sur la table|pour racheter|pour acquérir|exclusivité)\b`)

// perUnit follows a price rather than a deal's value: "25 euros par mois".
// A yearly or per-episode fee is the deal's price, and counts.
var perUnit = cueRe(`(?i)^\S*\s*\b(par|per|a|an|each|chacun|la|le)\s+(mois|month|share|action|unit|unité|subscriber|abonné)\b|^\S*\s*\b(a share|par action|par mois|per month|monthly|mensuel)\b|^-(?:a|per)-share\b`)

func regionOf(clause string) string {
	for _, r := range regionWords {
		if r.re.MatchString(clause) {
			return r.code
		}
	}
	return ""
}

// periodOf returns the date expression closest to the figure in its
// sentence.
func periodOf(dates []dateMention, s sentence, sp span) string {
	best, bestDist := "", 1<<30
	for _, dm := range dates {
		if dm.start < s.start || dm.end > s.end {
			continue
		}
		dist := dm.start - sp.end
		if dist < 0 {
			dist = sp.start - dm.end
		}
		if dist < bestDist {
			best, bestDist = dm.value, dist
		}
	}
	return best
}

// figureCompany returns the company a figure belongs to: the first company
// named in the figure's clause before it ("Telewest provides digital cable
// to 1.7 million customers"), the one it is "of" ("5,8 millions d'abonnés
// du New York Times"), or, when a pronoun stands for it ("It currently has
// 7.4 million subscribers"), the company the text is about.
func figureCompany(d *doc, ns *names, groups []*companyGroup, si, at, end int) string {
	s := &d.sents[si]
	cs := clauseStart(d, s, at)
	var first, after, inside *companyGroup
	firstAt, firstEnd, afterAt := 1<<30, 0, 1<<30
	for _, mi := range ns.in(si) {
		g := ns.companyAt(mi)
		if g == nil {
			continue
		}
		m := ns.mentions[mi]
		if m.start > at && m.end <= end && inside == nil {
			inside = g // "10 million Oksusu subscribers"
		}
		if m.end <= at && possessive.MatchString(d.text[m.end:at]) {
			inside = g // "Crunchyroll's 3 million paying subscribers"
		}
		if m.start >= cs && m.end <= at && (m.start < firstAt || first != nil && m.start >= firstEnd && ownerOf.MatchString(d.text[firstEnd:m.start])) {
			// "Sony's Funimation, a distributor with 1 million
			// subscribers": the owned company, not its owner.
			first, firstAt, firstEnd = g, m.start, m.end
		}
		if m.start > at && m.start < afterAt && m.start-at < 80 {
			after, afterAt = g, m.start
		}
	}
	if inside != nil {
		return inside.name
	}
	if first != nil && !pronounSubject(d.text[cs:firstAt]) {
		return first.name
	}
	if after != nil && (ofRe.MatchString(d.text[at:afterAt]) || frontedWith.MatchString(d.text[cs:at]) && strings.Contains(d.text[at:afterAt], ",")) {
		return after.name // "with 17 million subscribers, Sky is"
	}
	if lead := strings.TrimSpace(d.text[cs:at]); first == nil && definiteRef.MatchString(lead) && refToCompany.MatchString(lead) {
		// "The streaming company added 6.77 million": the company the
		// article is about, more than the one named last.
		if g := topic(ns, si, cs); g != nil {
			return g.name
		}
	}
	if g := salient(ns, si, cs, nil); g != nil {
		return g.name
	}
	if first != nil {
		return first.name
	}
	return ""
}

// frontedWith opens a phrase that describes the subject after it: "With
// 17 million subscribers, Sky".
var frontedWith = compile(`(?i)^\W*(?:with|avec|fort(?:e)? de|riche de|boasting)\s`)

// definiteRef opens a noun phrase that stands for a company: "the
// streaming company", "le groupe"; a pronoun stands for the last one.
var definiteRef = compile(`(?i)^(?:the|le|la|l['’])\s*\pL`)

// topic returns the company a reference at offset at of sentence si most
// likely stands for: one named in the last sentences, the more often
// the article names it the likelier.
func topic(ns *names, si, at int) *companyGroup {
	var best *companyGroup
	bestScore := 0.0
	for back := max(0, si-3); back <= si; back++ {
		for _, mi := range ns.in(back) {
			g := ns.companyAt(mi)
			if g == nil || back == si && ns.mentions[mi].start >= at {
				continue
			}
			score := 1/float64(1+si-back) + 0.25*float64(min(mentionCount(g), 12))
			if best == nil || score > bestScore {
				best, bestScore = g, score
			}
		}
	}
	return best
}

// mentionCount is how often the article names g, in any of its forms.
func mentionCount(g *companyGroup) int {
	n := 0
	for _, f := range g.forms {
		n += len(f.mentions)
	}
	return n
}

// possessive joins an owner to the count right after it: "Sky's 23m".
var possessive = compile(`^(?:['’]s?|\s+(?:a|à|has|have|had|compte|avait|with))\s+(?:(?:about|around|some|nearly|almost|more than|over|près de|environ|plus de)\s+)?$`)

// ownerOf joins an owner to the company it owns: "Sony's Funimation".
var ownerOf = compile(`^['’]s?\s+$`)

// ofRe joins a count to its owner after it: "d'abonnés de Netflix",
// "subscribers of Sky".
var ofRe = cueRe(`(?i)\b(de|du|des|d'|d’|of|at|chez|pour)\s+(la\s+|le\s+|l'|l’|the\s+)?$`)

// clauseStart returns where the clause holding offset at begins.
func clauseStart(d *doc, s *sentence, at int) int {
	start := s.start
	text := d.text[s.start:at]
	for _, sep := range clauseSeps {
		if i := strings.LastIndex(text, sep); i >= 0 && s.start+i+len(sep) > start {
			start = s.start + i + len(sep)
		}
	}
	return start
}

// clauseSeps end the clause before a figure: punctuation, contrasts, and
// reported speech ("Variety reports that Apple TV has 45 million
// subscribers": the report's subject is not the count's).
var clauseSeps = []string{";", " - ", " – ", " — ", ": ", " while ", " whereas ", " alors que ", " tandis que ", " but ", " mais ",
	" reports that ", " reported that ", " said that ", " says that ", " notes that ", " noted that ", " estimates that ", " estimated that ", " believes that ",
	" indique que ", " affirme que ", " rapporte que ", " révèle que ", " explique que ", " précise que ", " estime que "}

// pronounSubject reports a clause that opens with a pronoun or a noun
// phrase standing for a company ("it", "le groupe"), so that the first
// company named is not the clause's subject.
func pronounSubject(lead string) bool {
	lead = strings.TrimSpace(lead)
	// "It said Valley Cable operates ...": the pronoun only reports.
	return refToCompany.MatchString(lead) && !reporting.MatchString(lead)
}

// reporting is a pronoun and a verb of saying: what follows has its own
// subject.
var reporting = cueRe(`(?i)^(it|he|she|they|the company|il|elle|le groupe|la société)\s+(said|says|added|told|explained|noted|a\s+(indiqué|précisé|annoncé|affirmé|expliqué|ajouté)|indique|précise|annonce|affirme|explique)\b`)

// salient returns the company the text is about at offset at of sentence
// si: the subjects and mentions of this sentence up to at and of the three
// before it, the nearer and the more often named the likelier, leaving
// out the companies in exclude.
func salient(ns *names, si, at int, exclude []*companyGroup) *companyGroup {
	scores := map[*companyGroup]float64{}
	var best *companyGroup
	for back := max(0, si-3); back <= si; back++ {
		for _, mi := range ns.in(back) {
			g := ns.companyAt(mi)
			m := ns.mentions[mi]
			if g == nil || back == si && m.start >= at || containsGroup(exclude, g) {
				continue
			}
			w := 1.0
			if m.initial {
				w = 2 // a subject
			}
			scores[g] += w / float64(1+si-back)
			if best == nil || scores[g] > scores[best] || scores[g] == scores[best] && g.first < best.first {
				best = g
			}
		}
	}
	return best
}
