package extractors

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a byte range of the document text.
type span struct{ start, end int }

// token is a word, number or punctuation mark of the document text.
type token struct {
	start, end int
	text       string
	low        string // folded text: lower case, no accents
	kind       tokKind
	cap        bool // starts with an upper-case letter
	upper      bool // two or more letters, all upper case
	digit      bool // holds a digit
	sentStart  bool // first word of its sentence
}

type tokKind uint8

const (
	tWord tokKind = iota
	tNum
	tPunct
)

// sentence is a run of tokens in one block.
type sentence struct {
	start, end int
	hits       needleHits // the needles its lower-cased text holds
	dateWin    *[]span    // the spans around its date words, once found
	toks       []token
	block      int
	heading    bool
}

// tokenize cuts text[start:end] into tokens.
func tokenize(text string, start, end int) []token {
	toks := make([]token, 0, (end-start)/5+1)
	i := start
	for i < end {
		r, size := utf8.DecodeRuneInString(text[i:end])
		switch {
		case unicode.IsSpace(r):
			i += size
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := scanWord(text, i, end)
			if h := compoundHyphen(text[i:j]); h > 0 {
				// "Seattle-based", "Disney-owned": the name, then the rest.
				toks = appendWord(toks, text, i, i+h)
				toks = append(toks, token{start: i + h, end: i + h + 1, text: "-", low: "-", kind: tPunct})
				toks = appendWord(toks, text, i+h+1, j)
			} else {
				toks = appendWord(toks, text, i, j)
			}
			i = j
		default:
			toks = append(toks, token{start: i, end: i + size, text: text[i : i+size], low: text[i : i+size], kind: tPunct})
			i += size
		}
	}
	return toks
}

// compoundHyphen returns where the hyphen of a capitalised word and a
// participle of place or ownership stands ("Seattle-based", "Disney-owned",
// "Hong Kong-listed"), or 0: the two are read apart, so that the name is a
// name and the participle is not part of it.
func compoundHyphen(w string) int {
	h := strings.LastIndexByte(w, '-')
	if h <= 0 || !unicode.IsUpper(firstRune(w)) {
		return 0
	}
	if compoundTails[strings.ToLower(w[h+1:])] {
		return h
	}
	return pairHyphen(w)
}

// pairHyphen returns where the hyphen of two known companies joined as a
// pair stands ("the MLS-Apple partnership", "le rapprochement TF1-M6"), or
// 0: a name the gazetteer knows whole ("Metro-Goldwyn-Mayer") stays whole.
func pairHyphen(w string) int {
	h := strings.IndexByte(w, '-')
	if h <= 0 || h != strings.LastIndexByte(w, '-') || h+1 >= len(w) || !unicode.IsUpper(firstRune(w[h+1:])) {
		return 0
	}
	if _, whole := lex.companies[fold(w)]; whole {
		return 0
	}
	_, a := lex.companies[fold(w[:h])]
	_, b := lex.companies[fold(w[h+1:])]
	if a && b {
		return h
	}
	return 0
}

var compoundTails = setOf("based", "owned", "backed", "funded", "listed", "led", "controlled", "run", "headquartered", "focused", "born", "made", "produced", "operated", "affiliated", "registered")

// scanWord returns the end of the word starting at i: letters and digits,
// joined by inner hyphens and apostrophes, ampersands between capitals
// (AT&T), separators between digits (29,81), and a closing plus (Canal+).
// Initialisms (U.S., R.R., L.P.) are one word with their periods.
func scanWord(text string, i, end int) int {
	if j := scanInitialism(text, i, end); j > i {
		return j
	}
	j := i
	for j < end {
		r, size := utf8.DecodeRuneInString(text[j:end])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			j += size
			continue
		}
		var next rune
		if j+size < end {
			next, _ = utf8.DecodeRuneInString(text[j+size : end])
		}
		switch r {
		case '-', '\'', '’':
			if unicode.IsLetter(next) || unicode.IsDigit(next) {
				j += size
				continue
			}
		case '&':
			if unicode.IsUpper(prevRune(text, j)) && unicode.IsUpper(next) {
				j += size
				continue
			}
		case '.', ',':
			if unicode.IsDigit(prevRune(text, j)) && unicode.IsDigit(next) {
				j += size
				continue
			}
		case '+':
			if !unicode.IsLetter(next) && !unicode.IsDigit(next) {
				return j + size
			}
		}
		return j
	}
	return j
}

// scanInitialism returns the end of a run of single letters each followed
// by a period (U.S., R.R., L.P.), or i when there is none.
func scanInitialism(text string, i, end int) int {
	j, n := i, 0
	for j < end {
		r, size := utf8.DecodeRuneInString(text[j:end])
		if !unicode.IsLetter(r) || j+size >= end || text[j+size] != '.' {
			break
		}
		j += size + 1
		n++
		if j < end {
			if r2, _ := utf8.DecodeRuneInString(text[j:end]); !unicode.IsLetter(r2) {
				break
			}
			// The next letter must be single too.
			_, s2 := utf8.DecodeRuneInString(text[j:end])
			if j+s2 < end && text[j+s2] != '.' {
				break
			}
		}
	}
	if n >= 2 {
		return j
	}
	return i
}

func prevRune(text string, i int) rune {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return r
}

// elisions are French words that lose their vowel before another word.
var elisions = map[string]bool{
	"l": true, "d": true, "j": true, "m": true, "n": true, "s": true, "t": true, "c": true,
	"qu": true, "jusqu": true, "lorsqu": true, "puisqu": true, "quoiqu": true, "presqu": true,
}

// appendWord adds the word text[i:j], splitting French elisions (l'accord)
// and English possessives (Netflix's) into tokens of their own.
func appendWord(toks []token, text string, i, j int) []token {
	w := text[i:j]
	if k := strings.IndexAny(w, "'’"); k > 0 {
		_, asz := utf8.DecodeRuneInString(w[k:])
		pre, post := w[:k], w[k+asz:]
		switch {
		case elisions[strings.ToLower(pre)] && post != "":
			toks = append(toks, wordToken(text, i, i+k+asz))
			return appendWord(toks, text, i+k+asz, j)
		case post == "s" || post == "S":
			toks = append(toks, wordToken(text, i, i+k))
			return append(toks, token{start: i + k, end: j, text: text[i+k : j], low: fold(text[i+k : j]), kind: tPunct})
		}
	}
	return append(toks, wordToken(text, i, j))
}

func wordToken(text string, i, j int) token {
	t := token{start: i, end: j, text: text[i:j], low: fold(text[i:j]), kind: tWord}
	r, _ := utf8.DecodeRuneInString(t.text)
	t.cap = unicode.IsUpper(r)
	letters, uppers, digits := 0, 0, 0
	for _, c := range t.text {
		switch {
		case unicode.IsLetter(c):
			letters++
			if unicode.IsUpper(c) {
				uppers++
			}
		case unicode.IsDigit(c):
			digits++
		}
	}
	t.digit = digits > 0
	t.upper = letters >= 2 && uppers == letters
	if letters == 0 && digits > 0 {
		t.kind = tNum
	}
	return t
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "jr": true,
	"sr": true, "vs": true, "etc": true, "no": true, "nos": true, "inc": true, "corp": true,
	"co": true, "ltd": true, "bros": true, "jan": true, "feb": true, "mar": true, "apr": true,
	"jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true,
	"dec": true, "gen": true, "gov": true, "sen": true, "rep": true, "rev": true, "fig": true,
	"approx": true, "est": true, "dept": true, "univ": true, "mt": true, "ft": true,
	"m": true, "mme": true, "mlle": true, "mm": true, "me": true, "pr": true, "av": true,
	"cf": true, "env": true, "p": true, "vol": true, "ed": true, "op": true, "plc": true,
}

// sentenceStarters often open a sentence right after "Inc." or "Co.".
var sentenceStarters = map[string]bool{
	"The": true, "It": true, "He": true, "She": true, "They": true, "This": true, "That": true,
	"In": true, "But": true, "A": true, "An": true, "Its": true, "Le": true, "La": true,
	"Les": true, "Il": true, "Elle": true, "Ils": true, "Ce": true, "Cette": true, "Un": true,
	"Une": true, "En": true, "Terms": true, "We": true, "Mais": true,
}

// splitSentences returns the sentence spans of one block.
func splitSentences(b string) []span {
	return capSentences(b, findSentences(b), maxSentence)
}

// maxSentence bounds a sentence's length: the longest real sentences run
// to a few hundred words, and sentence-level reading is quadratic in the
// worst case.
const maxSentence = 4096

// capSentences cuts sentences longer than max at the last space before it.
func capSentences(b string, ss []span, max int) []span {
	out := ss[:0:0]
	for _, s := range ss {
		for s.end-s.start > max {
			cut := s.start + max
			if k := strings.LastIndexByte(b[s.start:cut], ' '); k > 0 {
				cut = s.start + k
			}
			for cut > s.start+1 && !utf8.RuneStart(b[cut]) {
				cut--
			}
			out = append(out, span{s.start, cut})
			s.start = cut
			for s.start < s.end && b[s.start] == ' ' {
				s.start++
			}
		}
		if s.end > s.start {
			out = append(out, s)
		}
	}
	return out
}

func findSentences(b string) []span {
	var out []span
	start := 0
	n := len(b)
	for i := 0; i < n; {
		r, size := utf8.DecodeRuneInString(b[i:])
		if r != '.' && r != '!' && r != '?' && r != '…' {
			i += size
			continue
		}
		j := i + size
		// Repeated marks and closing quotes or brackets stay with the sentence.
		for j < n {
			r2, s2 := utf8.DecodeRuneInString(b[j:])
			if r2 == '.' || r2 == '!' || r2 == '?' || r2 == '"' || r2 == '”' || r2 == '’' || r2 == '»' || r2 == ')' || r2 == '\'' {
				j += s2
				continue
			}
			break
		}
		if j >= n {
			break
		}
		next, _ := utf8.DecodeRuneInString(b[j:])
		glued := false
		if !unicode.IsSpace(next) {
			// "commun.Cette": a lower-case word, a period, a capital.
			if r == '.' && j == i+1 && unicode.IsUpper(next) && unicode.IsLower(prevRune(b, i)) && !strings.ContainsRune(wordBefore(b, i), '.') {
				glued = true
			} else {
				i = j
				continue
			}
		}
		k := j
		for k < n {
			r3, s3 := utf8.DecodeRuneInString(b[k:])
			if !unicode.IsSpace(r3) {
				break
			}
			k += s3
		}
		if k >= n {
			break
		}
		first, _ := utf8.DecodeRuneInString(b[k:])
		if !(unicode.IsUpper(first) || unicode.IsDigit(first) || strings.ContainsRune("\"“«‘'(", first)) {
			i = j
			continue
		}
		if r == '.' && !glued && !endsSentence(b, i, k) {
			i = j
			continue
		}
		out = append(out, span{start, trimRight(b, start, j)})
		start = k
		i = k
	}
	if end := trimRight(b, start, n); end > start {
		out = append(out, span{start, end})
	}
	return out
}

func trimRight(b string, start, end int) int {
	for end > start {
		r, size := utf8.DecodeLastRuneInString(b[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= size
	}
	return end
}

// wordBefore returns the word that ends at i.
func wordBefore(b string, i int) string {
	j := i
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(b[:j])
		if unicode.IsSpace(r) || r == '(' || r == '"' || r == '“' || r == '«' {
			break
		}
		j -= size
	}
	return b[j:i]
}

// endsSentence decides whether the period at i, followed by the word at k,
// ends a sentence.
func endsSentence(b string, i, k int) bool {
	w := wordBefore(b, i)
	if w == "" {
		return true
	}
	nextWord := b[k:]
	if e := strings.IndexAny(nextWord, " ,;:"); e >= 0 {
		nextWord = nextWord[:e]
	}
	lw := strings.ToLower(strings.TrimRight(w, "."))
	if utf8.RuneCountInString(w) == 1 && unicode.IsUpper([]rune(w)[0]) {
		return false // an initial: Todd A. Kessler
	}
	if strings.Count(w, ".") >= 1 && len(w) <= 6 && !strings.ContainsAny(w, "!?") {
		// U.S. / R.R.: ends a sentence only before a usual opener.
		return sentenceStarters[nextWord]
	}
	if abbreviations[lw] {
		switch lw {
		case "inc", "corp", "co", "ltd", "bros", "plc", "etc", "est":
			return sentenceStarters[nextWord]
		}
		return false
	}
	return true
}

func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 }

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// needles returns the needles sentence si holds, found once.
func (d *doc) needles(si int) needleHits {
	s := &d.sents[si]
	if s.hits == nil {
		s.hits = scanNeedles(strings.ToLower(d.text[s.start:s.end]))
	}
	return s.hits
}
