package extractors

import (
	"context"
	"strings"

	"github.com/dealwire/dealwire/extractors/content"
)

// The language component: which language a text is in, and what dealwire
// reads in a language it has no rules for.

// Supported reports whether dealwire extracts lang in full.
func Supported(lang string) bool { return lang == "en" || lang == "fr" }

// stopwords are each language's commonest short words, which tell the
// languages apart on a few hundred words of news.
var stopwords = map[string]map[string]bool{
	"en": setOf("the", "and", "of", "to", "is", "that", "for", "with", "has", "was", "it", "as", "by", "will", "from", "this", "are", "have", "its", "said", "which", "been", "were", "would", "their", "they", "an", "be", "at", "or", "but", "not"),
	"fr": setOf("le", "la", "les", "des", "du", "de", "et", "est", "une", "un", "pour", "dans", "qui", "que", "sur", "au", "aux", "avec", "par", "plus", "son", "sa", "ses", "été", "ont", "mais", "cette", "ce", "il", "elle", "sont", "pas"),
	"de": setOf("der", "die", "das", "und", "ist", "nicht", "mit", "von", "den", "dem", "ein", "eine", "auf", "für", "sich", "auch", "wird", "werden", "hat", "zu", "im", "bei", "nach", "einen", "über", "wie", "oder", "sind", "noch", "aus"),
	"es": setOf("el", "los", "las", "del", "y", "que", "en", "una", "por", "con", "para", "es", "se", "su", "sus", "como", "más", "pero", "fue", "ha", "han", "este", "esta", "también", "entre", "sobre", "al", "lo", "desde", "muy"),
	"it": setOf("il", "gli", "della", "delle", "dei", "e", "che", "di", "una", "per", "con", "non", "sono", "anche", "alla", "nel", "nella", "è", "ha", "hanno", "questo", "questa", "come", "più", "ma", "dal", "degli", "sul", "tra", "stato"),
	"pt": setOf("o", "os", "as", "da", "do", "das", "dos", "e", "que", "em", "uma", "um", "para", "com", "não", "por", "mais", "na", "no", "ao", "foi", "são", "como", "mas", "seu", "sua", "também", "pelo", "pela", "já"),
	"nl": setOf("de", "het", "een", "en", "van", "is", "dat", "niet", "op", "te", "met", "voor", "zijn", "aan", "ook", "bij", "door", "naar", "om", "wordt", "worden", "heeft", "nog", "maar", "uit", "dit", "deze", "over", "er", "als"),
}

// langs fixes the order in which ties are broken.
var langs = []string{"en", "fr", "de", "es", "it", "pt", "nl"}

// detectLang returns the language of text by its stopwords, or "" when
// too few are seen to tell.
func detectLang(text string) string {
	counts := map[string]int{}
	words := 0
	for w := range strings.FieldsFuncSeq(text, func(r rune) bool { return !isWordChar(r) }) {
		if words++; words > 2000 {
			break
		}
		w = strings.ToLower(w)
		for _, l := range langs {
			if stopwords[l][w] {
				counts[l]++
			}
		}
	}
	best, second := "", 0
	for _, l := range langs {
		switch {
		case counts[l] > counts[best]:
			second = counts[best]
			best = l
		case counts[l] > second:
			second = counts[l]
		}
	}
	if counts[best] < 3 || counts[best] < second*3/2 {
		if best == "en" || best == "fr" {
			return best // mixed English and French: the rules read both
		}
		return ""
	}
	return best
}

func isWordChar(r rune) bool {
	return r == '\'' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= 0xC0 && r != 0xD7 && r != 0xF7
}

// knownOnly is the result for a language dealwire has no rules for: the
// companies of the knowledge base that the text names unambiguously, and
// nothing that English or French rules would guess.
func knownOnly(blocks []content.Block, lang string) *Result {
	d := &doc{blocks: blocks, lang: lang}
	segmenter{}.process(context.Background(), d)
	res := &Result{Companies: []Company{}, Titles: []Title{}, People: []Person{}, Dates: []Date{}, Figures: []Figure{}, Deals: []Deal{}}
	seen := map[string]bool{}
	for _, s := range d.sents {
		for i := 0; i < len(s.toks); i++ {
			name, j := knownNameAt(d.text, s.toks, i)
			if j == i {
				continue
			}
			if !seen[name] {
				seen[name] = true
				res.Companies = append(res.Companies, Company{Name: name, Mentions: []string{d.text[s.toks[i].start:s.toks[j-1].end]}})
			}
			i = j - 1
		}
	}
	return res
}

// knownNameAt returns the gazetteer name of the longest unambiguous known
// company written with capitals at toks[i], and where it ends; i when none.
func knownNameAt(text string, toks []token, i int) (string, int) {
	if !nameToken(toks[i]) {
		return "", i
	}
	name, best := "", i
	for j := i + 1; j <= len(toks) && j <= i+5; j++ {
		if g, ok := lex.companies[fold(text[toks[i].start:toks[j-1].end])]; ok && !g.ambiguous {
			name, best = g.name, j
		}
	}
	return name, best
}
