package extractors

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// amount is a number found in the text, with its scale and currency.
type amount struct {
	span
	value    float64
	currency string // ISO code, "" when the number is not money
	approx   bool
	scaled   bool // a scale word (million, Md, bn) was written
	// to is, for the lower bound of a range, where the range ends: its
	// words ("10-20 million subscribers") follow there.
	to int
}

// ctxEnd is where the words about the amount begin.
func (a amount) ctxEnd() int {
	if a.to > a.end {
		return a.to
	}
	return a.end
}

// ParseNumber reads a number as lang writes it: "630.000" and "29,81" in
// French, "1,500" and "5.4" in English, with spaces (also non-breaking)
// between groups of three digits. It returns false when s is not a number.
func ParseNumber(s, lang string) (float64, bool) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00A0', '\u202F', '\u2009', '\'':
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	if s == "" || len(s) > 40 {
		return 0, false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r == '.' || r == ',') {
			return 0, false
		}
	}
	if s[0] == '.' || s[0] == ',' || s[len(s)-1] == '.' || s[len(s)-1] == ',' {
		return 0, false
	}
	dots, commas := strings.Count(s, "."), strings.Count(s, ",")
	var norm string
	switch {
	case dots > 0 && commas > 0:
		// The last separator is the decimal one.
		if strings.LastIndexByte(s, '.') > strings.LastIndexByte(s, ',') {
			norm = strings.ReplaceAll(s, ",", "")
		} else {
			norm = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
		}
		if strings.Count(norm, ".") > 1 {
			return 0, false
		}
	case commas > 0:
		if thousandsGroups(s, ',') && (lang != "fr" || commas > 1) {
			norm = strings.ReplaceAll(s, ",", "")
		} else if commas == 1 {
			norm = strings.Replace(s, ",", ".", 1)
		} else {
			return 0, false
		}
	case dots > 0:
		if thousandsGroups(s, '.') && (lang == "fr" || dots > 1) {
			norm = strings.ReplaceAll(s, ".", "")
		} else if dots == 1 {
			norm = s
		} else {
			return 0, false
		}
	default:
		norm = s
	}
	v, err := strconv.ParseFloat(norm, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// thousandsGroups reports whether every separator sep in s is followed by
// exactly three digits and the first group has one to three digits.
func thousandsGroups(s string, sep byte) bool {
	parts := strings.Split(s, string(sep))
	if len(parts[0]) < 1 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}

var scaleWords = map[string]float64{
	"thousand": 1e3, "k": 1e3, "mille": 1e3, "milliers": 1e3,
	"million": 1e6, "millions": 1e6, "mln": 1e6, "mlns": 1e6, "m": 1e6, "mn": 1e6, "mio": 1e6,
	"billion": 1e9, "billions": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9,
	"milliard": 1e9, "milliards": 1e9, "md": 1e9, "mds": 1e9, "mrd": 1e9,
	"trillion": 1e12,
	// Indian English: a lakh is a hundred thousand, a crore ten million.
	"lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7, "cr": 1e7,
}

var currencyWords = map[string]string{
	"$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "dlr": "USD", "dlrs": "USD",
	"€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
	"£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "livre": "GBP", "livres": "GBP", "sterling": "GBP",
	"¥": "JPY", "yen": "JPY", "jpy": "JPY", "yuan": "CNY", "cny": "CNY", "rmb": "CNY",
	"chf": "CHF", "cad": "CAD", "c$": "CAD", "a$": "AUD", "p": "GBP", "cents": "USD", "cent": "USD",
	"$us": "USD", "au$": "AUD", "nz$": "NZD", "ca$": "CAD", "hk$": "HKD", "s$": "SGD", "r$": "BRL", "₩": "KRW",
	"aud": "AUD", "hkd": "HKD", "sgd": "SGD", "sek": "SEK", "nok": "NOK", "dkk": "DKK", "krw": "KRW", "brl": "BRL",
	"mxn": "MXN", "zar": "ZAR", "kronor": "SEK", "krona": "SEK", "kroner": "NOK", "couronne": "SEK", "couronnes": "SEK",
	"real": "BRL", "reais": "BRL", "réaux": "BRL", "peso": "MXN", "pesos": "MXN", "rand": "ZAR", "rs": "INR", "rs.": "INR", "₹": "INR", "inr": "INR", "rupee": "INR", "rupees": "INR",
	"roupie": "INR", "roupies": "INR", "franc suisse": "CHF", "francs suisse": "CHF", "francs suisses": "CHF",
}

// approxWords are counted nouns that stand for round numbers in French.
var approxWords = map[string]float64{
	"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
	"quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000,
}

var numberWords = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
	"forty": 40, "fifty": 50, "hundred": 100, "a": 1, "an": 1,
	"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8,
	"neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20, "trente": 30,
	"quarante": 40, "cinquante": 50, "cent": 100,
}

// amountExpr finds numbers with an optional currency before, a scale word and
// a currency after: $5.4bn, 7,5 Md$, 217 mln dlrs, £600m, 29,81 millions,
// 3,5 M d'abonnés, une quarantaine de millions de dollars.
const amountExpr = `(?i)((?:US\$|\$US|AU\$|NZ\$|CA\$|HK\$|S\$|R\$|C\$|A\$|\$|€|£|¥|₹|₩)\s?|\bRs\.?\s?|\b(?:` + isoCodes + `)\s?)?` +
	`(\d{1,3}(?:[ \x{00A0}\x{202F}]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty|hundred|deux|trois|quatre|cinq|six|huit|neuf|dix|douze|quinze|vingt|trente|quarante|cinquante|cent|une?\s+(?:dizaine|douzaine|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|soixantaine|centaine)|une?|an?)\b)` +
	`(?:\s?(?:de\s+)?(millions?|milliards?|billions?|thousand|mille|mln|mlns|bln|bn|mn|mds?|mrd|lakhs?|crores?|cr|m|k|b)\b|\s?(M|Md|Mds)(?:\s?(\$|€|£)|\b))?` +
	`(?:\s?(?:de\s+|d'|d’)?(\$|€|£|dollars?|dlrs?|euros?|livres?(?:\s+sterling)?|pounds?(?:\s+sterling)?|francs?\s+suisses?|rupees|roupies|kronor|kroner|krona|couronnes|reais|réaux|pesos|rand|` + isoCodes + `|yen|yuan|p\b|cents?))?`

// isoCodes are the currency codes an amount may carry before or after.
const isoCodes = `USD|EUR|GBP|CHF|INR|CAD|AUD|JPY|CNY|RMB|HKD|SGD|SEK|NOK|DKK|KRW|BRL|MXN|ZAR`

// amountAt is amountExpr anchored at the start of its input.
var amountAt = compile(`^(?:` + amountExpr + `)`)

// oneScale is the scale after "a" or "un" that makes them a number.
var oneScale = compile(`^(?i:millions?|milliards?|billions?)\b`)

var collectiveRe = compile(`^(?i:dizaine|douzaine|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|soixantaine|centaine)`)

// amountMatches returns the submatch offsets of amountExpr's matches in
// seg. A match starts at a number (a digit run, or a word that names a
// number) or at the currency sign just before it, so the expression is
// tried only there, anchored: most of a text holds neither.
func amountMatches(seg string) [][]int {
	var out [][]int
	end := 0 // of the last match: matches do not overlap
	try := func(at int) {
		if at < end {
			return
		}
		if loc := amountAt.Regexp.FindStringSubmatchIndex(seg[at:min(len(seg), at+amountMax)]); loc != nil && loc[1] > 0 {
			for i := range loc {
				if loc[i] >= 0 {
					loc[i] += at
				}
			}
			out = append(out, loc)
			end = loc[1]
		}
	}
	for i := 0; i < len(seg); {
		c := seg[i]
		anchor := false
		n := 1
		switch {
		case c >= '0' && c <= '9':
			anchor = i == 0 || seg[i-1] < '0' || seg[i-1] > '9'
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(seg) && (seg[j] >= 'a' && seg[j] <= 'z' || seg[j] >= 'A' && seg[j] <= 'Z') {
				j++
			}
			w := strings.ToLower(seg[i:j])
			_, isNum := numberWords[w]
			switch w {
			case "a", "an":
				// "a million subscribers", "a billion dollars".
				anchor = (i == 0 || !isLetterByte(seg[i-1])) && oneScale.MatchString(strings.TrimLeft(seg[j:], " "))
			case "un", "une":
				// Only "une dizaine", "un million": a number alone is
				// written in digits.
				rest := strings.TrimLeft(seg[j:], " ")
				anchor = (i == 0 || !isLetterByte(seg[i-1])) && (collectiveRe.MatchString(rest) || oneScale.MatchString(rest))
			default:
				anchor = isNum && (i == 0 || !isLetterByte(seg[i-1]))
			}
			n = j - i
		}
		if anchor {
			if cur := currencyBefore(seg[:i]); cur >= 0 {
				try(cur)
			}
			try(i)
		}
		i += n
	}
	return out
}

// amountMax bounds the length of an amount: "1,2 milliard de dollars".
const amountMax = 64

// currencySigns may stand right before a number, longest first where one
// ends another.
var currencySigns = append([]string{"US$", "$US", "AU$", "NZ$", "CA$", "HK$", "S$", "R$", "C$", "A$", "$", "€", "£", "¥", "₹", "₩"},
	append(strings.Split(isoCodes, "|"), "Rs.", "Rs")...)

// currencyBefore returns where a currency sign or code right before a
// number starts ("$5.4bn", "EUR 300"), or -1.
func currencyBefore(head string) int {
	h := strings.TrimRight(head, " ")
	if len(head)-len(h) > 1 {
		return -1
	}
	for _, c := range currencySigns {
		if len(h) >= len(c) && strings.EqualFold(h[len(h)-len(c):], c) {
			at := len(h) - len(c)
			if isLetterByte(c[0]) && at > 0 && isLetterByte(h[at-1]) {
				return -1 // the end of a word (Mrs, EUROPEUR), not a code
			}
			return at
		}
	}
	return -1
}

// findAmounts returns the numbers of text[s:e], offsets in the document.
func findAmounts(text string, s, e int, lang string) []amount {
	var out []amount
	seg := text[s:e]
	for _, loc := range amountMatches(seg) {
		get := func(i int) string {
			if loc[2*i] < 0 {
				return ""
			}
			return seg[loc[2*i]:loc[2*i+1]]
		}
		pre, num, scale, frScale, frCur, post := get(1), get(2), get(3), get(4), get(5), get(6)
		a := amount{span: span{s + loc[0], s + loc[1]}}
		// A number glued to letters (TF1, 3G, M6) is not an amount.
		if pre == "" && loc[4] > 0 && alnumRune(prevRune(seg, loc[4])) {
			continue
		}
		if loc[5] < len(seg) && loc[7] < 0 && loc[9] < 0 && post == "" && alnumRune(firstRune(seg[loc[5]:])) {
			continue
		}
		lnum := strings.ToLower(num)
		switch {
		case num[0] >= '0' && num[0] <= '9':
			v, ok := ParseNumber(num, lang)
			if !ok {
				continue
			}
			a.value = v
		default:
			f := strings.Fields(lnum)
			if v, ok := approxWords[f[len(f)-1]]; ok {
				a.value, a.approx = v, true
			} else {
				a.value = numberWords[lnum]
			}
			if scale == "" && frScale == "" {
				// Spelt-out numbers only count with a scale (two million).
				continue
			}
		}
		sc := strings.ToLower(scale)
		if sc == "" {
			sc = strings.ToLower(frScale)
		}
		if sc != "" {
			if sc == "m" && pre == "" && post == "" && frScale == "" && scale == "m" && !subscriberNoun.MatchString(seg[loc[1]:min(len(seg), loc[1]+40)]) {
				// "6 m" is a distance, not millions, unless money or a
				// count of subscribers ("Sky's 23m subscribers").
				continue
			}
			if (sc == "b" || sc == "k") && pre == "" && post == "" {
				continue
			}
			if sc == "cr" && currencyWords[strings.ToLower(strings.TrimSpace(pre))] != "INR" {
				continue // "Cr" counts crores of rupees only
			}
			if sc == "md" || sc == "mds" {
				sc = "md"
			}
			// Rounded to a whole unit: "8.45 billion" is 8450000000, not
			// the float product 8449999999.999999.
			a.value = math.Round(a.value * scaleWords[sc])
			a.scaled = true
			// "3 millions et demi": and a half.
			scaleEnd := loc[7]
			if scaleEnd < 0 {
				scaleEnd = loc[9]
			}
			if scaleEnd >= 0 && strings.HasPrefix(seg[scaleEnd:], " et demi") {
				a.value += scaleWords[sc] / 2
			}
		}
		cur := pre
		if cur == "" {
			cur = frCur
		}
		if cur == "" {
			cur = post
		}
		cur = strings.ToLower(strings.TrimSpace(cur))
		cur = strings.TrimSuffix(strings.TrimSuffix(cur, " sterling"), "s")
		if cur != "" {
			if c, ok := currencyWords[cur]; ok {
				a.currency = c
			} else if c, ok := currencyWords[cur+"s"]; ok {
				a.currency = c
			}
			if cur == "cent" || cur == "p" {
				a.value /= 100
			}
		}
		// A range ("10-20 million", "141 à 195 millions"): the lower bound
		// takes the upper one's scale and currency.
		if lo, ok := rangeStart(seg, loc[4], lang); ok && a.scaled {
			low := a
			low.value = math.Round(lo * (a.value / mustParse(num, lang)))
			low.span = span{s + loc[4] - rangeLen(seg, loc[4]), s + loc[4]}
			low.to = a.end
			out = append(out, low)
		}
		out = append(out, a)
	}
	return out
}

var rangeRe = compile(`(\d+(?:[.,]\d+)?)\s*(?:-|–|à|to)\s*$`)

// rangeStart reads the lower bound of a range ending just before i.
func rangeStart(seg string, i int, lang string) (float64, bool) {
	m := rangeRe.FindStringSubmatch(seg[max(0, i-16):i])
	if m == nil {
		return 0, false
	}
	return ParseNumber(m[1], lang)
}

func rangeLen(seg string, i int) int {
	return len(rangeRe.FindString(seg[max(0, i-16):i]))
}

func mustParse(num, lang string) float64 {
	v, ok := ParseNumber(num, lang)
	if !ok || v == 0 {
		return 1
	}
	return v
}

func alnumRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
