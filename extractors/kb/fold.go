package kb

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold returns the lookup key of a company name in the knowledge base. Case, accents, curly apostrophes,
// dots and commas do not count; "+" reads " plus" and "&" reads " and"; a
// leading article (the, le, la, les, l') or "groupe" and trailing legal
// forms (Inc, Corp, Co, Ltd, LLC, SA, SAS, AG, GmbH, plc, Group, Groupe…)
// are dropped, so "The Walt Disney Co." and "Walt Disney" share a key.
// The extractor's own company key (extractors.CompanyKey, which also drops
// descriptive words such as Pictures) is separate: deal ids depend on it.
func Fold(s string) string {
	w := strings.Fields(normalize(s))
	for len(w) > 1 && leading[w[0]] {
		w = w[1:]
	}
	for len(w) > 1 && legalForms[w[len(w)-1]] {
		w = w[:len(w)-1]
	}
	// "R.R. Donnelley & Sons", "Lazard Frères & Cie".
	if n := len(w); n > 2 && (w[n-2] == "and" || w[n-2] == "et") && family[w[n-1]] {
		w = w[:n-2]
	}
	return strings.Join(w, " ")
}

// normalize folds case, accents and punctuation but keeps every word:
// "Groupe Canal+" becomes "groupe canal plus".
func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '.', r == ',':
		case r == '+':
			b.WriteString(" plus ")
		case r == '&':
			b.WriteString(" and ")
		case r == '’' || r == '‘' || r == 'ʼ' || r == '`':
			b.WriteByte('\'')
		case r == '–' || r == '—' || r == '‐' || r == '‑':
			b.WriteByte('-')
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			if s, ok := letters[r]; ok {
				b.WriteString(s)
				continue
			}
			b.WriteRune(unicode.ToLower(r))
		}
	}
	k := strings.Join(strings.Fields(b.String()), " ")
	for _, p := range []string{"l'", "d'"} {
		if rest, ok := strings.CutPrefix(k, p); ok && rest != "" {
			k = rest
		}
	}
	return k
}

// letters spells the letters that do not decompose into a base letter and
// accents.
var letters = map[rune]string{
	'ø': "o", 'Ø': "o", 'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d",
	'œ': "oe", 'Œ': "oe", 'æ': "ae", 'Æ': "ae", 'ß': "ss", 'ı': "i",
}

var leading = setOf("the", "le", "la", "les", "groupe", "group")

var legalForms = setOf("inc", "corp", "co", "ltd", "limited", "corporation", "company", "cos",
	"plc", "sa", "sas", "sarl", "se", "llc", "lp", "llp", "ag", "gmbh", "nv", "bv", "spa", "srl",
	"kk", "group", "groupe", "holdings", "holding")

var family = setOf("sons", "fils", "cie", "co")

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
