package extractors

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// titleMention is a title of a work found in the text.
type titleMention struct {
	span
	name string
	kind string
}

// workCues name the kind of work a title that follows (or precedes) is.
var workCues = map[string]string{
	"series": "series", "serie": "series", "show": "series", "shows": "series", "drama": "series", "dramas": "series",
	"sitcom": "series", "thriller": "series", "comedy": "series", "feuilleton": "series", "fiction": "series",
	"saga": "series", "soap": "series", "telenovela": "series", "miniseries": "series", "mini-serie": "series",
	"emission": "show", "programme": "show", "program": "show", "magazine": "show", "talk-show": "show",
	"film": "film", "films": "film", "movie": "film", "movies": "film", "long-metrage": "film", "blockbuster": "film",
	"documentary": "documentary", "documentaire": "documentary", "docuseries": "documentary",
	"podcast": "podcast", "podcasts": "podcast",
	"game": "game", "games": "game", "jeu": "game", "jeux": "game", "franchise": "franchise",
	"book": "book", "novel": "book", "roman": "book", "livre": "book", "album": "album",
	"remake": "film", "sequel": "film", "prequel": "film", "adaptation": "film", "spin-off": "series", "suite": "film",
}

// titleFollowers after a quoted span mark it as a work.
var titleFollowers = setOf("starring", "created", "produced", "directed", "written", "avec", "realise", "realisee",
	"cree", "creee", "incarne", "incarnee", "was", "premiered", "season", "saison", "episode", "episodes")

type quotePair struct{ open, close rune }

var quotePairs = []quotePair{{'“', '”'}, {'«', '»'}, {'‘', '’'}, {'"', '"'}, {'„', '“'}}

// findTitles returns the titles of works: quoted spans, <em>/<i> runs and
// capitalised spans after a cue word ("the drama Empresses In The Palace")
// that look like titles rather than speech or names.
func findTitles(d *doc) []titleMention {
	var out []titleMention
	add := func(s, e int, kind string, cue bool) {
		if inner := strings.TrimSpace(d.text[s:e]); strings.HasSuffix(inner, ",") {
			return // "..., he said": speech goes on
		}
		s, e = trimTitle(d.text, s, e)
		if e <= s {
			return
		}
		text := d.text[s:e]
		if !looksLikeTitle(text, cue, d.lang) {
			return
		}
		for _, o := range out {
			if s < o.end && e > o.start {
				return
			}
		}
		if kind == "" {
			kind = cueBefore(d, s)
		}
		out = append(out, titleMention{span: span{s, e}, name: text, kind: kind})
	}
	for _, s := range d.sents {
		text := d.text[s.start:s.end]
		for _, qp := range quotePairs {
			for i := 0; i < len(text); {
				o := strings.IndexRune(text[i:], qp.open)
				if o < 0 {
					break
				}
				o += i
				os := o + utf8.RuneLen(qp.open)
				if qp.open == '‘' || qp.open == '"' {
					// Must open a word: preceded by a space, a bracket or the start.
					if o > 0 {
						if r, _ := utf8.DecodeLastRuneInString(text[:o]); unicode.IsLetter(r) || unicode.IsDigit(r) {
							i = os
							continue
						}
					}
				}
				c := closingQuote(text, os, qp.close)
				if c < 0 {
					i = os
					continue
				}
				cue := cueBefore(d, s.start+o) != "" || followerAfter(d, s.start+c+utf8.RuneLen(qp.close))
				if !(nicknameBefore.MatchString(text[:o]) && ofPersonAfter.MatchString(text[c+utf8.RuneLen(qp.close):])) {
					add(s.start+os, s.start+c, "", cue)
				}
				i = c + utf8.RuneLen(qp.close)
			}
		}
	}
	for _, e := range d.emph {
		// "Relayé par <i>Le Figaro</i>": a publication cited, not a work.
		if !sourceCue.MatchString(d.text[max(0, e.start-40):e.start]) {
			add(e.start, e.end, "", cueBefore(d, e.start) != "")
		}
	}
	for si := range d.sents {
		cueTitles(d, si, add)
		creditTitles(d, si, add)
		partTitles(d, si, add)
	}
	// A known work holds a shorter title a cue read in it: "la série Baron
	// noir" is "Baron noir", not "Baron".
	knownTitles(d, func(s, e int, kind string, cue bool) {
		out = slices.DeleteFunc(out, func(o titleMention) bool {
			return o.start >= s && o.end <= e && o.end-o.start < e-s
		})
		add(s, e, kind, cue)
	})
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// nicknameBefore: a quoted name in apposition to a person is a nickname
// or a part, not a work: `Chris Noth, le "Mister Big" de Carrie Bradshaw`.
var (
	nicknameBefore = compile(`\p{Lu}\p{Ll}+,\s+(?:le|la|the|alias|dit|dite|aka)\s*$`)
	ofPersonAfter  = compile(`^\s*(?:de|of|d['’])\s*\p{Lu}\p{Ll}+\s+\p{Lu}`)
)

// closingQuote finds the quote that closes one opened at i; a closing ’
// must not be an apostrophe inside a word.
func closingQuote(text string, i int, close rune) int {
	for j := i; j < len(text); {
		r, size := utf8.DecodeRuneInString(text[j:])
		if r == close {
			if close == '’' && j+size < len(text) {
				if n, _ := utf8.DecodeRuneInString(text[j+size:]); unicode.IsLetter(n) {
					j += size
					continue
				}
			}
			return j
		}
		j += size
	}
	return -1
}

// trimTitle drops spaces and the punctuation American style puts inside
// quotes ("Damages.").
func trimTitle(text string, s, e int) (int, int) {
	for s < e {
		r, size := utf8.DecodeRuneInString(text[s:e])
		if !unicode.IsSpace(r) && r != '"' && r != '“' && r != '«' {
			break
		}
		s += size
	}
	for e > s {
		r, size := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) && !strings.ContainsRune(".,;:!\"”»", r) {
			break
		}
		if r == '!' || r == '?' {
			break // part of titles like "Yes!"
		}
		e -= size
	}
	return s, e
}

// speechPronouns betray a quotation rather than a title; speechVerbs do
// too in a longer run.
var (
	speechPronouns   = setOf("i", "we", "you", "our", "my", "us", "me", "je", "nous", "vous", "j'", "notre", "nos", "c'est", "il", "elle", "on", "they", "he", "she")
	speechVerbsTitle = setOf("is", "are", "was", "were", "est", "sont", "will", "would", "have", "has", "had", "be", "been", "that", "which", "who", "qui", "que")
)

// looksLikeTitle decides whether a quoted or emphasised run is the title of
// a work: short, opening with a capital, mostly capitalised in English, and
// without the marks of reported speech. cue says the context announces a
// work, which relaxes the test.
func looksLikeTitle(text string, cue bool, lang string) bool {
	words := strings.Fields(text)
	if len(words) == 0 || len(words) > 10 || len(text) > 90 {
		return false
	}
	r := firstRune(text)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
		return false
	}
	if unicode.IsDigit(r) && (len(words) > 3 || strings.ContainsAny(text, "%$€£") || scaleWords[fold(strings.Trim(words[len(words)-1], ",."))] > 0) {
		return false // an amount, not "24" or "1917"
	}
	if strings.ContainsAny(text, ".?!") && len(words) > 3 && !cue {
		return false
	}
	if g, ok := lex.companies[fold(text)]; ok && !g.ambiguous {
		return false
	}
	if lex.places[fold(text)] && !cue {
		return false
	}
	capped, content, speech := 0, 0, 0
	for i, w := range words {
		fw := fold(strings.Trim(w, ",;:"))
		// A pronoun is speech, but a title may open with one: "I, Robot",
		// "We Need to Talk About Kevin".
		if speechPronouns[fw] && !(i == 0 && len(words) > 1 && unicode.IsUpper(firstRune(words[1]))) || i > 0 && speechVerbsTitle[fw] && len(words) > 6 {
			speech++
		}
		if len([]rune(w)) <= 3 && !unicode.IsUpper(firstRune(w)) {
			continue // short function words
		}
		content++
		if unicode.IsUpper(firstRune(w)) || unicode.IsDigit(firstRune(w)) {
			capped++
		}
	}
	if len(words) == 1 {
		return cue || !lex.function[fold(text)] && !lex.common[fold(text)]
	}
	if speech > 0 && !cue {
		return false
	}
	if cue {
		return true
	}
	if capped*2 >= content && capped > 0 {
		return true // title case
	}
	// Sentence case: a short title ("Orange is the new black"), unless it
	// reads as speech.
	return len(words) <= 6 && speech == 0 && !(lang != "fr" && speechLike(text))
}

// cueBefore returns the kind of work named by a cue word just before
// offset at: "the drama “Damages”", "la série « Marseille »".
func cueBefore(d *doc, at int) string {
	s := d.sentenceAt(at)
	if s == nil {
		return ""
	}
	var prev []token
	for _, t := range s.toks {
		if t.end > at {
			break
		}
		prev = append(prev, t)
	}
	for k := 1; k <= 4 && k <= len(prev); k++ {
		t := prev[len(prev)-k]
		if t.kind == tPunct {
			if k == 1 && isOpenQuote(t.text) {
				continue
			}
			break
		}
		if kind, ok := workCues[t.low]; ok {
			return kind
		}
		if t.cap && k > 1 {
			break
		}
	}
	return ""
}

func followerAfter(d *doc, at int) bool {
	rest := d.text[at:min(len(d.text), at+40)]
	f := strings.Fields(rest)
	if len(f) == 0 {
		return false
	}
	if titleFollowers[fold(strings.Trim(f[0], ",;:"))] {
		return true
	}
	// An apposition: `"Marseille", la série de Netflix`.
	if strings.HasPrefix(strings.TrimSpace(rest), ",") && len(f) >= 3 && determiners[fold(f[1])] {
		_, isWork := workCues[fold(strings.Trim(f[2], ",;:"))]
		return isWork
	}
	return false
}

// titleSmallWords may appear uncapitalised inside an unquoted title.
var titleSmallWords = setOf("of", "the", "in", "on", "and", "a", "an", "to", "for", "at", "de", "la", "le", "les", "des", "du", "l'", "d'", "et", "en", "au", "aux")

// cueTitles finds unquoted titles after a cue word: "the Chinese drama
// Empresses In The Palace", "la série Marseille".
func cueTitles(d *doc, si int, add func(s, e int, kind string, cue bool)) {
	s := &d.sents[si]
	toks := s.toks
	for i, t := range toks {
		kind, ok := workCues[t.low]
		if !ok || t.cap || i+1 >= len(toks) {
			continue
		}
		j := i + 1
		// "le jeu de science-fiction Starfield": a genre between.
		if j+2 < len(toks) && (toks[j].low == "de" || toks[j].low == "d'" || toks[j].low == "d’") && !toks[j+1].cap && toks[j+1].kind == tWord && len(toks[j+1].text) > 3 && !determiners[toks[j+1].low] {
			j += 2
		}
		// "franchises such as The Lord of the Rings, Tomb Raider and
		// Borderlands", "les séries comme Engrenages": a list follows.
		list := false
		if n := listOpener(toks, j); n > j {
			j, list = n, true
		}
		if toks[j].kind == tNum && len(toks[j].text) <= 4 && (j+1 == len(toks) || toks[j+1].kind != tWord && toks[j+1].text != "%") {
			add(toks[j].start, toks[j].end, kind, true) // "hit TV series 24"
			continue
		}
		if !nameToken(toks[j]) {
			continue
		}
		if j+2 <= len(toks) && lex.firstNames[toks[j].low] && (j+2 == len(toks) || !nameToken(toks[j+2])) && j+1 < len(toks) && toks[j+1].cap {
			continue // "le producteur de la série Pascal Breton": a person
		}
		list = list || pluralCue[t.low]
		k := titleRun(toks, j, list)
		if d.lang == "fr" {
			k = sentenceCaseTail(toks, j, k)
		}
		add(toks[j].start, toks[k-1].end, kind, true)
		if list {
			// "the films Piranhas and La vie devant soi": each item.
			for next := listNext(toks, k); next > k; next = listNext(toks, k) {
				k = titleRun(toks, next, true)
				add(toks[next].start, toks[k-1].end, kind, true)
			}
		}
	}
}

// titleRun returns the end of the capitalised run that makes a title
// starting at toks[j]: names, numbers after the first word, and small
// words between names ("Game of Thrones", "La vie devant soi"). In a list
// a conjunction ends the title: "Harrow and Red Dwarf" are two.
func titleRun(toks []token, j int, list bool) int {
	k := j
	for k < len(toks) {
		if nameToken(toks[k]) || toks[k].kind == tNum && k > j {
			k++
			continue
		}
		if list && conjunctions[toks[k].low] {
			break
		}
		if titleSmallWords[toks[k].low] && k+1 < len(toks) && nameToken(toks[k+1]) {
			k++
			continue
		}
		break
	}
	return k
}

// sentenceCaseTail extends a French title that opens with an article
// through the lower-case words French titles keep ("la série Le Silence
// des vagues à la rentrée": "Le Silence des vagues"), up to a
// preposition, a verb-like word or punctuation, and at most five words.
func sentenceCaseTail(toks []token, j, k int) int {
	if !frTitleArticles[toks[j].low] || k >= len(toks) || k-j > 3 {
		return k
	}
	end := k
	for n := 0; k < len(toks) && n < 5; n++ {
		t := toks[k]
		andThe := t.low == "et" && k+1 < len(toks) && !toks[k+1].cap && frTitleArticles[toks[k+1].low]
		if t.kind != tWord || t.cap && !titleSmallWords[t.low] || frTitleStops[t.low] && !andThe || verbLike(t.low) {
			break
		}
		k++
		if !titleSmallWords[t.low] {
			end = k // a title does not end on "de" or "la"
		}
	}
	return end
}

var (
	frTitleArticles = setOf("le", "la", "les", "l'", "l’", "un", "une")
	frTitleStops    = setOf("à", "a", "pour", "sur", "avec", "dans", "par", "en", "chez", "depuis", "qui", "que", "qu'", "dont", "est", "sont", "sera", "seront", "ont", "va", "vont", "et", "ou", "mais", "comme", "lors", "après", "avant", "cette", "ce", "ces", "son", "sa", "ses", "leur", "leurs", "on", "il", "elle", "se", "s'", "ne", "n'", "pas", "plus", "aussi", "déjà", "encore", "sans", "entre", "vers", "selon", "au", "aux", "fait", "fera")
)

// verbLike: a French participle or conjugated ending ("diffusée",
// "arrivant", "sortira", "revenait").
func verbLike(w string) bool {
	for _, suf := range []string{"é", "ée", "és", "ées", "ant", "era", "ront", "ait", "aient", "ira"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}

// creditTitles reads the works credited to a person in parentheses after
// their name: "directed by Johan Renck (Breaking Bad, The Walking Dead)".
func creditTitles(d *doc, si int, add func(s, e int, kind string, cue bool)) {
	toks := d.sents[si].toks
	for k := 2; k+1 < len(toks); k++ {
		if toks[k].text != "(" || !personBefore(toks, k) {
			continue
		}
		for i := k + 1; i < len(toks) && nameToken(toks[i]); {
			j := titleRun(toks, i, true)
			if credited(d.text[toks[i].start:toks[j-1].end]) {
				add(toks[i].start, toks[j-1].end, "", true)
			}
			next := listNext(toks, j)
			if next == j {
				break
			}
			i = next
		}
	}
}

// partTitles reads the work a part of it names: "the second season of
// Stranger Things", "la saison 3 de Lupin", "a sequel to Top Gun".
func partTitles(d *doc, si int, add func(s, e int, kind string, cue bool)) {
	toks := d.sents[si].toks
	for i, t := range toks {
		kind, ok := workParts[t.low]
		if !ok || t.cap {
			continue
		}
		j := i + 1
		if j < len(toks) && toks[j].kind == tNum {
			j++ // "season 2 of"
		}
		if j+1 >= len(toks) || !partLinks[toks[j].low] || !nameToken(toks[j+1]) {
			continue
		}
		k := titleRun(toks, j+1, false)
		if credited(d.text[toks[j+1].start:toks[k-1].end]) {
			add(toks[j+1].start, toks[k-1].end, kind, true)
		}
	}
}

// workParts name a part of a work, and the work's kind.
var workParts = map[string]string{
	"season": "series", "seasons": "series", "saison": "series", "saisons": "series", "episode": "series", "episodes": "series",
	"episode's": "series", "finale": "series", "sequel": "film", "prequel": "film", "remake": "film", "reboot": "", "spin-off": "series",
	"spinoff": "series", "adaptation": "", "suite": "film",
}

// partLinks join a part to its work.
var partLinks = setOf("of", "to", "de", "du", "d'", "d’")

// personBefore reports a name of two or three capitalised words, the first
// a given name, right before toks[k].
func personBefore(toks []token, k int) bool {
	for n := 2; n <= 3 && k-n >= 0; n++ {
		run := toks[k-n : k]
		ok := lex.firstNames[run[0].low]
		for _, t := range run {
			ok = ok && nameToken(t) && !t.upper
		}
		if ok {
			return true
		}
	}
	return false
}

// credited reports whether a credit is a work rather than a company, an
// acronym or a place.
func credited(text string) bool {
	k := fold(text)
	_, company := lex.companies[k]
	return !company && !lex.places[k] && !lex.acronyms[text] && strings.ToUpper(text) != text
}

var conjunctions = setOf("and", "et", "&", "or", "ou", "y", "e")

// pluralCue are work cues that announce several works.
var pluralCue = setOf("series", "shows", "dramas", "films", "movies", "podcasts", "games", "jeux", "franchises", "comedies", "sitcoms", "blockbusters", "documentaires", "documentaries", "emissions", "programmes", "romans", "novels", "books", "livres")

// listOpener returns the index after "such as", "including", "like",
// "comme", "notamment", "tels que" or "dont" at toks[j], or j.
func listOpener(toks []token, j int) int {
	if j >= len(toks) {
		return j
	}
	switch toks[j].low {
	case "including", "like", "comme", "notamment", "dont", "incluant":
		return j + 1
	case "such", "tels", "telles":
		if j+1 < len(toks) && (toks[j+1].low == "as" || toks[j+1].low == "que") {
			return j + 2
		}
	}
	return j
}

// listNext returns where the next item of a list of titles starts after
// the item ending at toks[k] (", X", " and X", " et X", ", and X"), or k.
func listNext(toks []token, k int) int {
	n := k
	if n < len(toks) && toks[n].text == "," {
		n++
	}
	if n < len(toks) && (toks[n].low == "and" || toks[n].low == "et" || toks[n].low == "or" || toks[n].low == "ou" || toks[n].text == "&") {
		n++
	}
	if n == k || n >= len(toks) || !nameToken(toks[n]) {
		return k
	}
	return n
}

// titleSpans returns the spans of the titles, and every other place in the
// text their names occur, so that names inside titles are not taken for
// companies or people.
func titleSpans(d *doc, ts []titleMention) []span {
	var out []span
	for _, t := range ts {
		out = append(out, t.span)
		if len(strings.Fields(t.name)) < 2 {
			continue
		}
		for i := 0; i < len(d.text); {
			k := strings.Index(d.text[i:], t.name)
			if k < 0 {
				break
			}
			out = append(out, span{i + k, i + k + len(t.name)})
			i += k + len(t.name)
		}
	}
	return out
}

// plausibleTitle rejects what no work is called: an empty or one- or
// two-letter name, or one word the text also writes in lower case or the
// lexicon knows as a common word, a place or a day.
func plausibleTitle(d *doc, name string) bool {
	words := titleWords(name)
	if len(words) == 0 || len(strings.Join(words, "")) < 3 {
		return false
	}
	if len(words) > 1 {
		return true
	}
	w := words[0]
	return !lex.common[w] && !lex.function[w] && !lex.places[w] && !calendarWords[w] && !d.lowerSeen[strings.ToLower(name)]
}

// titlesOut dedupes the titles of works, folding case.
func titlesOut(d *doc, ts []titleMention) []Title {
	var out []Title
	seen := map[string]int{}
	for _, t := range ts {
		if t.kind == "competition" || !plausibleTitle(d, t.name) {
			// A competition is what a sports-rights deal is about, not a
			// creative work: deals keep it, the titles do not.
			continue
		}
		k := fold(t.name)
		if i, ok := seen[k]; ok {
			if out[i].Kind == "" {
				out[i].Kind = t.kind
			}
			continue
		}
		seen[k] = len(out)
		out = append(out, Title{Name: t.name, Kind: t.kind})
	}
	return out
}
