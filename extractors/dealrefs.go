package extractors

// References to works and names in the deal clauses: the titles a deal is
// about, the names masked out of a sentence.

import (
	"strings"
)

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
