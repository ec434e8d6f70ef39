package extractors

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// civil is a calendar date; y == 0 means unknown, m == 0 or d == 0 mean
// that part is not known.
type civil struct{ y, m, d int }

func (c civil) known() bool { return c.y > 0 }

func parseCivil(s string) civil {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return civil{}
	}
	return civil{t.Year(), int(t.Month()), t.Day()}
}

// dateMention is a date expression found in the text.
type dateMention struct {
	span
	text  string
	value string
}

var monthNames = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"oct": 10, "nov": 11, "dec": 12,
	"janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
	"juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
	"décembre": 12, "decembre": 12,
}

const (
	enMonth = `January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?`
	frMonth = `janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre`
	ordinal = `(?:st|nd|rd|th|er|e)?`
)

var quarterWords = map[string]int{
	"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
	"premier": 1, "1er": 1, "deuxième": 2, "deuxieme": 2, "2e": 2, "2ème": 2,
	"troisième": 3, "troisieme": 3, "3e": 3, "3ème": 3, "quatrième": 4, "quatrieme": 4, "4e": 4, "4ème": 4,
}

// datePattern is one kind of date expression and how to resolve it.
type datePattern struct {
	re      *pattern
	resolve func(m []string, d *doc, at int) string
	// claims: a match keeps its text even when it resolves to nothing.
	claims bool
}

// Patterns are tried in order; a later one never overlaps an earlier match.
var datePatterns = []datePattern{
	{compile(`\b(\d{4})-(\d{2})-(\d{2})\b`), func(m []string, _ *doc, _ int) string {
		return fullDate(atoi(m[1]), atoi(m[2]), atoi(m[3]))
	}, false},
	{compile(`(?i)\b(\d{1,2})` + ordinal + `\s+(` + enMonth + `|` + frMonth + `)\s+(\d{4})\b`), func(m []string, _ *doc, _ int) string {
		return fullDate(atoi(m[3]), month(m[2]), atoi(m[1]))
	}, false},
	{compile(`\b(` + enMonth + `)\s+(\d{1,2})` + ordinal + `,?\s+(\d{4})\b`), func(m []string, _ *doc, _ int) string {
		return fullDate(atoi(m[3]), month(m[1]), atoi(m[2]))
	}, false},
	// Quarters: Q4 2013, the third quarter of 2004, deuxième trimestre 2013, T1 2020.
	{compile(`(?i)\b(first|second|third|fourth|1st|2nd|3rd|4th|premier|1er|deuxi[èe]me|second|2e|2ème|troisi[èe]me|3e|3ème|quatri[èe]me|4e|4ème)\s+(?:fiscal\s+|financial\s+)?(?:quarter|trimestre)(?:\s+(?:of\s+|de\s+)?(?:fiscal\s+)?((?:19|20)\d{2}))?\b`), func(m []string, d *doc, at int) string {
		return quarter(quarterWords[strings.ToLower(m[1])], m[2], d, at)
	}, false},
	{compile(`\b(?:Q|T)([1-4])(?:\s+|[-/])?((?:19|20)\d{2})?\b`), func(m []string, d *doc, at int) string {
		if m[2] == "" && !strings.HasPrefix(m[0], "Q") {
			return "" // T1 alone is too ambiguous
		}
		return quarter(atoi(m[1]), m[2], d, at)
	}, false},
	// Month and year: September of 2014, juin 2019, novembre 2019.
	{compile(`(?i)\b(` + enMonth + `|` + frMonth + `)\s+(?:of\s+|de\s+|d'|d’)?((?:19|20)\d{2})\b`), func(m []string, _ *doc, _ int) string {
		if !monthWordOK(m[1]) {
			return ""
		}
		return fmt.Sprintf("%04d-%02d", atoi(m[2]), month(m[1]))
	}, false},
	// Day and month without a year: le 17 août, on 3 January, August 15.
	{compile(`(?i)\b(\d{1,2})` + ordinal + `\s+(` + enMonth + `|` + frMonth + `)\b`), func(m []string, d *doc, at int) string {
		if !monthWordOK(m[2]) {
			return ""
		}
		y := yearFor(d, at, month(m[2]), atoi(m[1]))
		return fullDate(y, month(m[2]), atoi(m[1]))
	}, false},
	{compile(`\b(` + enMonth + `)\s+(\d{1,2})` + ordinal + `\b`), func(m []string, d *doc, at int) string {
		if !monthWordOK(m[1]) {
			return ""
		}
		y := yearFor(d, at, month(m[1]), atoi(m[2]))
		return fullDate(y, month(m[1]), atoi(m[2]))
	}, false},
	// Month with a relative word: January this year, last April.
	{compile(`\b(` + enMonth + `)\s+(this|last|next)\s+year\b`), func(m []string, d *doc, _ int) string {
		if !d.pub.known() {
			return ""
		}
		y := d.pub.y
		switch m[2] {
		case "last":
			y--
		case "next":
			y++
		}
		return fmt.Sprintf("%04d-%02d", y, month(m[1]))
	}, true},
	{compile(`\b(last|next|this)\s+(` + enMonth + `)\b`), func(m []string, d *doc, _ int) string {
		if !d.pub.known() || !monthWordOK(m[2]) {
			return ""
		}
		mo := month(m[2])
		y := d.pub.y
		switch m[1] {
		case "last":
			if mo >= d.pub.m {
				y--
			}
		case "next":
			if mo <= d.pub.m {
				y++
			}
		}
		return fmt.Sprintf("%04d-%02d", y, mo)
	}, false},
	// Relative years and months.
	{compile(`(?i)\b(?:(?:early|late|earlier|later)\s+)?(next|last|this|coming|past)\s+(year|month)\b`), func(m []string, d *doc, _ int) string {
		return relative(d, strings.ToLower(m[1]), strings.ToLower(m[2]))
	}, true},
	{compile(`(?i)\b(?:l'|l’)(an|année)\s+(prochaine?|derni[èe]re?|pass[ée]e?)\b|\b(?:cette|cet)\s+(année)\b|\b(?:le\s+)?(mois)\s+(prochain|dernier|pass[ée])\b|\b(ce\s+mois)(?:-ci)?\b`), func(m []string, d *doc, _ int) string {
		switch {
		case m[1] != "":
			return relative(d, frRel(m[2]), "year")
		case m[3] != "":
			return relative(d, "this", "year")
		case m[4] != "":
			return relative(d, frRel(m[5]), "month")
		case m[6] != "":
			return relative(d, "this", "month")
		}
		return ""
	}, true},
	// A month alone: in March, en juin, fin mars, mi-juin.
	{compile(`(?i)\b(?:(?:in|since|by|until|from|early|late|mid-?|en|depuis|fin|début|debut|mi-|courant|d'ici|jusqu'en)\s+|mi-)(` + enMonth + `|` + frMonth + `)\b`), func(m []string, d *doc, at int) string {
		if !monthWordOK(m[1]) {
			return ""
		}
		mo := month(m[1])
		y := yearFor(d, at, mo, 0)
		if y == 0 {
			return ""
		}
		return fmt.Sprintf("%04d-%02d", y, mo)
	}, false},
	// A year on its own.
	{compile(`\b((?:19|20)\d{2})\b`), func(m []string, d *doc, at int) string {
		return ""
	}, false},
}

// monthWordOK rejects words that are months only sometimes: English "may"
// and "march" must be capitalised.
func monthWordOK(w string) bool {
	switch w {
	case "may", "march", "mar", "jan", "dec", "sept", "sep", "oct", "nov", "aug", "jun", "jul", "apr", "feb":
		return false
	}
	return true
}

func frRel(w string) string {
	w = strings.ToLower(w)
	switch {
	case strings.HasPrefix(w, "proch"):
		return "next"
	default:
		return "last"
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func month(s string) int {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	return monthNames[s]
}

func fullDate(y, m, d int) string {
	if y < 1000 || m < 1 || m > 12 || d < 1 || d > 31 {
		return ""
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return ""
	}
	return t.Format("2006-01-02")
}

// relative resolves next/last/this year or month against the publication
// date.
func relative(d *doc, rel, unit string) string {
	if !d.pub.known() {
		return ""
	}
	delta := 0
	switch rel {
	case "next", "coming":
		delta = 1
	case "last", "past":
		delta = -1
	}
	if unit == "year" {
		return strconv.Itoa(d.pub.y + delta)
	}
	t := time.Date(d.pub.y, time.Month(d.pub.m)+time.Month(delta), 1, 0, 0, 0, 0, time.UTC)
	return t.Format("2006-01")
}

// quarter resolves a quarter; without a year it is the latest such
// quarter on or before publication, or the year stated nearby.
func quarter(q int, year string, d *doc, at int) string {
	if q < 1 || q > 4 {
		return ""
	}
	y := atoi(year)
	if y == 0 {
		if ny := nearbyYear(d, at); ny > 0 {
			y = ny
		} else if d.pub.known() {
			y = d.pub.y
			if (q-1)*3+1 > d.pub.m {
				y--
			}
		}
	}
	if y == 0 {
		return ""
	}
	return fmt.Sprintf("%04d-Q%d", y, q)
}

// yearFor picks the year of a month (and day) given without one. With a
// publication date it is the publication year, moved only by the words
// after the date ("en juin dernier", "le 12 mai prochain"). Without one it
// is the year written in the same sentence, else the year the article
// speaks of most.
func yearFor(d *doc, at, mo, day int) int {
	if !d.pub.known() {
		if y := nearbyYear(d, at); y > 0 {
			return y
		}
		return d.mainYear()
	}
	y := d.pub.y
	after := mo > d.pub.m || mo == d.pub.m && day > d.pub.d
	switch relWordAfter(d, at) {
	case "last":
		if after || mo == d.pub.m && day == 0 {
			y--
		}
	case "next":
		if !after {
			y++
		}
	}
	return y
}

var relAfter = compile(`(?i)^(?:[\pL\d'’-]+\s+){0,3}?(?:` + enMonth + `|` + frMonth + `)\s+(?:\d{1,2}\s+)?(dernier|derni[èe]re|pass[ée]e?|prochaine?)\b`)

// relWordAfter reads "dernier"/"prochain" right after the date at offset at.
func relWordAfter(d *doc, at int) string {
	rest := d.text[at:min(len(d.text), at+40)]
	m := relAfter.FindStringSubmatch(rest)
	if m == nil {
		return ""
	}
	switch strings.ToLower(m[1]) {
	case "prochain", "prochaine", "next":
		return "next"
	}
	return "last"
}

var yearRe = compile(`\b(19|20)\d{2}\b`)

// nearbyYear returns the year written in the same sentence, if exactly one
// is.
func nearbyYear(d *doc, at int) int {
	s := d.sentenceAt(at)
	if s == nil {
		return 0
	}
	ys := yearRe.FindAllString(d.text[s.start:s.end], 3)
	if len(ys) != 1 {
		return 0
	}
	return atoi(ys[0])
}

// mainYear is the year the article's full dates and months name most
// often, or 0.
func (d *doc) mainYear() int {
	if d.year != nil {
		return *d.year
	}
	counts := map[int]int{}
	best := 0
	for _, loc := range matchSentences(d, fullDateRe) {
		y := atoi(d.text[loc[2]:loc[3]])
		counts[y]++
		if counts[y] > counts[best] {
			best = y
		}
	}
	d.year = &best
	return best
}

// fullDateRe finds the year of a full date or a month and year.
var fullDateRe = compile(`(?i)(?:` + enMonth + `|` + frMonth + `)\s+(?:\d{1,2},?\s+)?(?:of\s+|de\s+)?((?:19|20)\d{2})\b`)

// sentenceAt returns the sentence holding byte offset at.
func (d *doc) sentenceAt(at int) *sentence {
	lo, hi := 0, len(d.sents)
	for lo < hi {
		mid := (lo + hi) / 2
		if d.sents[mid].end <= at {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < len(d.sents) && d.sents[lo].start <= at {
		return &d.sents[lo]
	}
	return nil
}

// countNouns follow a number that counts things rather than naming a year.
var countNouns = compile(`^\s*(?:[-–]|to\s+\d|à\s+\d|subscribers?|abonn|customers?|clients?|members?|homes?|foyers|employees?|salariés|jobs|emplois|people|personnes|users?|utilisateurs|episodes?|épisodes|shares?|actions|titles|stations?|cha[iî]nes|films?|movies|copies|units|unités|dollars|euros|pounds|livres|\$|€|£|mln|million|milliard|billion|bn|m\b)`)

// yearContext precedes a number that names a year.
var yearContext = compile(`(?i)(?:\b(?:in|since|by|until|from|of|for|during|before|after|early|late|mid|en|depuis|dès|fin|début|debut|mi|d'ici|jusqu'en|avant|après|l'exercice|exercice|saison|année|year|fiscal|the|its|their|rentrée|automne|printemps|été|hiver|autumn|spring|summer|winter|restate|and|et|à|au|entre|between)\s+|[-–]|')$`)

// findDates returns the document's date expressions, resolved.
// matchSentences returns the submatch offsets, in d.text, of re's matches
// near the date words of each sentence (see dateWindows): short texts,
// and none at all in most sentences.
func matchSentences(d *doc, re *pattern) [][]int {
	var out [][]int
	for si := range d.sents {
		for _, w := range d.dateWindows(si) {
			text := d.text[w.start:w.end]
			if !re.mayMatchHits(text, d.needles(si)) {
				continue
			}
			for _, loc := range re.Regexp.FindAllStringSubmatchIndex(text, -1) {
				for i := range loc {
					if loc[i] >= 0 {
						loc[i] += w.start
					}
				}
				out = append(out, loc)
			}
		}
	}
	return out
}

// dateWords are the words of relative dates and quarters.
var dateWords = setOf("next", "last", "this", "coming", "past", "year", "month", "quarter", "an", "annee",
	"mois", "prochain", "prochaine", "dernier", "derniere", "passe", "passee", "cette", "cet", "ce",
	"trimestre", "semestre", "half")

// dateWord reports a month name or a word of relative time, alone or in
// a compound ("mi-juin").
func dateWord(w string) bool {
	for _, part := range strings.Split(w, "-") {
		if monthNames[strings.TrimSuffix(part, ".")] > 0 || dateWords[part] {
			return true
		}
	}
	return false
}

// dateWindows returns the spans of sentence si around its date words:
// month names, numbers and words of relative time, with the few words
// before and after them a date expression can take. Every date pattern
// holds one such word.
func (d *doc) dateWindows(si int) []span {
	s := &d.sents[si]
	if s.dateWin != nil {
		return *s.dateWin
	}
	const before, after = 48, 40
	var out []span
	for _, t := range s.toks {
		if !(t.digit || dateWord(t.low)) {
			continue
		}
		a, b := max(s.start, t.start-before), min(s.end, t.end+after)
		// Start and end between words.
		for a > s.start && d.text[a-1] != ' ' && d.text[a-1] != '\n' {
			a--
		}
		for b < s.end && d.text[b] != ' ' && d.text[b] != '\n' {
			b++
		}
		if n := len(out); n > 0 && a <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, b)
		} else {
			out = append(out, span{a, b})
		}
	}
	s.dateWin = &out
	return out
}

func findDates(d *doc) []dateMention {
	var out []dateMention
	var claimed []span
	taken := func(s, e int) bool {
		for _, o := range out {
			if s < o.end && e > o.start {
				return true
			}
		}
		for _, o := range claimed {
			if s < o.end && e > o.start {
				return true
			}
		}
		return false
	}
	for pi, p := range datePatterns {
		last := pi == len(datePatterns)-1
		for _, loc := range matchSentences(d, p.re) {
			s, e := loc[0], loc[1]
			if taken(s, e) {
				continue
			}
			m := make([]string, len(loc)/2)
			for i := range m {
				if loc[2*i] >= 0 {
					m[i] = d.text[loc[2*i]:loc[2*i+1]]
				}
			}
			var v string
			if last {
				v = bareYear(d, s, e)
			} else {
				v = p.resolve(m, d, s)
			}
			if v == "" {
				if p.claims {
					// Recognised, but not resolvable ("January this year"
					// without a publication date): no later pattern may
					// read part of it.
					claimed = append(claimed, span{s, e})
				}
				continue
			}
			out = append(out, dateMention{span: span{s, e}, text: m[0], value: v})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// bareYear accepts a four-digit number as a year unless it counts
// something, is part of a range of periods (2004-05, 2020-2024) or an
// amount.
func bareYear(d *doc, s, e int) string {
	before := d.text[max(0, s-24):s]
	after := d.text[e:min(len(d.text), e+16)]
	if strings.HasSuffix(before, "-") || strings.HasSuffix(before, "–") || strings.HasSuffix(before, "/") {
		return ""
	}
	if len(after) > 0 && (after[0] == '-' || strings.HasPrefix(after, "–") || after[0] == '/') {
		// 2004-05, 2020-2024: a range of periods, not a date.
		return ""
	}
	if countNouns.MatchString(after) && !yearContext.MatchString(before) {
		return ""
	}
	if strings.HasSuffix(strings.TrimSpace(before), "$") || strings.HasSuffix(strings.TrimSpace(before), "€") || strings.HasSuffix(strings.TrimSpace(before), "£") {
		return ""
	}
	if len(after) > 0 && (after[0] == ',' || after[0] == '.') && len(after) > 1 && after[1] >= '0' && after[1] <= '9' {
		return ""
	}
	y := atoi(d.text[s:e])
	if y < 1900 || y > 2100 {
		return ""
	}
	return strconv.Itoa(y)
}
