package extractors

import (
	"regexp"
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
	subscriberNoun = regexp.MustCompile(`(?i)^\s*(?:(?:new|net|paying|paid|digital|basic|total|additional|active|premium|nouveaux|nouvelles|payants|numériques|numeriques|de)\s+){0,2}(?:d['’]\s*|of\s+)?(subscri(?:bers?|ptions?)|abonn(?:é|e)s?|abonnements?|members?|membres|accounts?|comptes|customers?|clients|homes|households|foyers(?:\s+abonnés)?)\b`)
	episodeNoun    = regexp.MustCompile(`(?i)^\s*(?:[\d]+-(?:minute|hour|min)\s+|(?:new|nouveaux|inédits)\s+)?(episodes?|épisodes?|episodios)\b`)
	qualNew        = regexp.MustCompile(`(?i)\b(new|gained|gains?|added|adds|adding|additions?|net|recruited|won|attracted|signed up|nouveaux|nouvelles|gagné|gagne|recruté|recrute|conquis|séduit|seduit|attiré|souscrits|ajouté|supplémentaires)\b`)
	qualLost       = regexp.MustCompile(`(?i)\b(lost|loses|losing|loss|shed|cancell?ed|churn|fell|dropped|perdu|perd|perte|désabonn|resilie|résilié)\b`)
	qualTarget     = regexp.MustCompile(`(?i)\b(aim|aims|aiming|target|targets|goal|forecast|forecasts|predict|predicts|predicting|expects?|expected|hopes?|projected|by 20\d\d|objectif|vise|viser|atteindre|ambition|ambitionne|prévoit|prevoit|espère|espere|compte atteindre|d'ici|à terme|a terme)\b`)
	dealValueCue   = regexp.MustCompile(`(?i)\b(for|pour|valued at|worth|valuing|paid|pay|paying|bid|offer|offered|price|deal|sum|montant|payé|verse|versé|moyennant|contre|évalué|estimé à|rachat|acquisition|transaction|vente)\b`)
	dealSentence   = regexp.MustCompile(`(?i)\b(buy|bought|buys|acquir\w*|purchas\w*|sell|sells|sold|sale|takeover|bid|offer\w*|deal|merger|stake|rights|droits|rach[eè]t\w*|acqui\w*|cède|céd\w*|cession|vend\w*|accord|contrat|transaction|offre)\b`)
)

// regionWords map how a text names a region to its code.
var regionWords = []struct {
	re   *regexp.Regexp
	code string
}{
	{regexp.MustCompile(`(?i)\b(?:aux|in the|across the|in)\s+(?:É|E)tats-Unis\b|\bin the (?:US|U\.S\.|United States|USA)\b|\b(?:US|U\.S\.|American|américains)\b`), "US"},
	{regexp.MustCompile(`(?i)\b(?:in|en|au)\s+(?:the\s+)?(?:UK|U\.K\.|Britain|Royaume-Uni|Grande-Bretagne)\b`), "GB"},
	{regexp.MustCompile(`(?i)\ben France\b|\bin France\b|\bfrançais\b`), "FR"},
	{regexp.MustCompile(`(?i)\b(?:in|en)\s+Europe\b`), "EU"},
	{regexp.MustCompile(`(?i)\b(?:worldwide|globally|dans le monde|across the globe|around the world|au niveau mondial|dans \d+ pays|in \d+ countries)\b`), "WORLD"},
}

// findFigures reads subscriber counts, money and episode counts.
func findFigures(d *doc, ns *names, dates []dateMention, groups []*companyGroup) []Figure {
	var out []Figure
	var lastSubs *Figure
	lastSubsSent := -10
	for si, s := range d.sents {
		text := d.text[s.start:s.end]
		amounts := findAmounts(d.text, s.start, s.end, d.lang)
		for _, a := range amounts {
			after := d.text[a.end:min(len(d.text), a.end+60)]
			before := d.text[max(s.start, a.start-60):a.start]
			f := Figure{Value: a.value, Text: strings.TrimSpace(d.text[a.start:a.end])}
			switch {
			case a.currency != "":
				f.Metric = MetricMoney
				f.Currency = a.currency
				if dealSentence.MatchString(text) && dealValueCue.MatchString(lastWords(before, 4)) {
					f.Qualifier = QualDealValue
				}
			case subscriberNoun.MatchString(after):
				f.Metric = MetricSubscribers
				f.Text = strings.TrimSpace(d.text[a.start:min(len(d.text), a.end+len(subscriberNoun.FindString(after)))])
			case episodeNoun.MatchString(after):
				f.Metric = MetricEpisodes
			case a.scaled && lastSubs != nil && si-lastSubsSent <= 1 && !isYearLike(a):
				// "contre un peu plus de 2 millions sur les deux trimestres
				// précédents": the count of the figure just before.
				f.Metric = MetricSubscribers
			default:
				continue
			}
			if a.value <= 0 {
				continue
			}
			clause := clauseAround(d, s, a.span)
			if f.Metric == MetricSubscribers {
				f.Qualifier = subscriberQualifier(clause, before)
				if f.Qualifier == QualTotal && lastSubs != nil && si-lastSubsSent <= 1 && !subscriberNoun.MatchString(after) {
					f.Qualifier = lastSubs.Qualifier
				}
				f.Company = figureCompany(d, ns, groups, si, a.start)
				f.Region = regionOf(clause)
				f.Period = periodOf(dates, s, a.span)
				f.Unit = "subscribers"
			}
			if f.Metric == MetricMoney {
				f.Company = figureCompany(d, ns, groups, si, a.start)
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

func subscriberQualifier(clause, before string) string {
	switch {
	case qualTarget.MatchString(clause):
		return QualTarget
	case qualLost.MatchString(clause):
		return QualLost
	case qualNew.MatchString(clause):
		return QualNew
	}
	return QualTotal
}

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

// figureCompany returns the company a figure belongs to: the last company
// named before it in its sentence, else the subject of the sentence before
// (a pronoun refers back to it).
func figureCompany(d *doc, ns *names, groups []*companyGroup, si, at int) string {
	best := ""
	for _, g := range groups {
		for _, f := range g.forms {
			for _, mi := range f.mentions {
				m := ns.mentions[mi]
				if m.sent == si && m.end <= at {
					best = g.name
				}
			}
		}
	}
	if best != "" {
		return best
	}
	for back := si - 1; back >= 0 && back >= si-2; back-- {
		if g := subjectOf(ns, groups, back); g != nil {
			return g.name
		}
	}
	// After the number: "... d'abonnés de Netflix".
	for _, g := range groups {
		for _, f := range g.forms {
			for _, mi := range f.mentions {
				if m := ns.mentions[mi]; m.sent == si {
					return g.name
				}
			}
		}
	}
	return ""
}

// subjectOf returns the first company named in sentence si.
func subjectOf(ns *names, groups []*companyGroup, si int) *companyGroup {
	var best *companyGroup
	bestAt := 1 << 30
	for _, g := range groups {
		for _, f := range g.forms {
			for _, mi := range f.mentions {
				if m := ns.mentions[mi]; m.sent == si && m.start < bestAt {
					best, bestAt = g, m.start
				}
			}
		}
	}
	return best
}
