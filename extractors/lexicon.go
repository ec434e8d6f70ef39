package extractors

import (
	"bufio"
	"embed"
	"strings"
	"unicode"

	"github.com/dealwire/dealwire/extractors/kb"
)

//go:embed lexicon/*.txt
var lexiconFS embed.FS

// gazEntry is a company of the gazetteer.
type gazEntry struct {
	name      string // canonical name
	ambiguous bool   // also a common word: needs context
}

// lexicon holds the word lists the extractor reads. It is built once.
type lexicon struct {
	companies  map[string]gazEntry // folded name -> entry
	firstNames map[string]bool     // folded given names
	places     map[string]bool     // folded place words
	strong     map[string]bool     // folded corporate designators
	media      map[string]bool     // folded business nouns ending names
	function   map[string]bool     // folded function words
	common     map[string]bool     // folded capitalised non-names
	acronyms   map[string]bool     // acronyms that are not companies (exact case)
	things     map[string]bool     // folded awards, events, products
	government map[string]bool     // folded words that name public bodies
	rolesEN    []string
	rolesFR    []string
	roleWords  map[string]bool // folded one-word roles
	roleList   []role          // English then French, longest first
	roleFirst  map[string][]int
	roleLast   map[string][]int
}

// role is a job title and its folded words.
type role struct {
	text  string
	words []string
}

var lex = loadLexicon()

func loadLexicon() *lexicon {
	l := &lexicon{
		companies: map[string]gazEntry{}, firstNames: map[string]bool{},
		places: map[string]bool{}, strong: map[string]bool{}, media: map[string]bool{},
		function: map[string]bool{}, common: map[string]bool{}, acronyms: map[string]bool{},
		things: map[string]bool{}, government: map[string]bool{}, roleWords: map[string]bool{},
	}
	eachLine("companies.txt", func(line string) {
		amb := strings.HasPrefix(line, "*")
		line = strings.TrimPrefix(line, "*")
		names := strings.Split(line, "|")
		canon := strings.TrimSpace(names[0])
		for _, n := range names {
			k := fold(strings.TrimSpace(n))
			if k == "" {
				continue
			}
			l.companies[k] = gazEntry{name: canon, ambiguous: amb}
		}
	})
	eachLine("first_names.txt", func(line string) { addWords(l.firstNames, line) })
	eachLine("places.txt", func(line string) {
		if strings.Contains(line, "|") {
			for _, p := range strings.Split(line, "|") {
				l.places[fold(strings.TrimSpace(p))] = true
			}
			return
		}
		addWords(l.places, line)
	})
	eachClass("org_words.txt", map[string]map[string]bool{"strong": l.strong, "media": l.media})
	eachClass("words.txt", map[string]map[string]bool{"function": l.function, "common": l.common, "thing": l.things, "government": l.government})
	l.addKnowledgeBase(kb.Default())
	eachLine("words.txt", func(line string) {
		// Acronyms keep their case: "US" is not a company, "us" is a word.
		if class, rest, _ := strings.Cut(line, ":"); class == "acronym" {
			for _, w := range strings.Fields(rest) {
				l.acronyms[w] = true
			}
		}
	})
	l.roleFirst, l.roleLast = map[string][]int{}, map[string][]int{}
	eachLine("roles.txt", func(line string) {
		class, rest, _ := strings.Cut(line, ":")
		roles := strings.Split(strings.TrimSpace(rest), "|")
		for _, r := range roles {
			if !strings.Contains(r, " ") {
				l.roleWords[fold(r)] = true
			}
			w := strings.Fields(fold(r))
			if len(w) == 0 {
				continue
			}
			l.roleFirst[w[0]] = append(l.roleFirst[w[0]], len(l.roleList))
			l.roleLast[w[len(w)-1]] = append(l.roleLast[w[len(w)-1]], len(l.roleList))
			l.roleList = append(l.roleList, role{text: r, words: w})
		}
		switch class {
		case "en":
			l.rolesEN = roles
		case "fr":
			l.rolesFR = roles
		}
	})
	return l
}

// addKnowledgeBase adds the knowledge base's names and aliases to the
// gazetteer, under their entity's name, where companies.txt has not
// already set them. A name that is one word less its article needs care: a
// word always capitalised ("The Australian", "PlayStation") is left out,
// since capitals cannot tell them apart; a place, a given name or a
// function word ("Nine", "Salt") needs context.
func (l *lexicon) addKnowledgeBase(k *kb.KB) {
	for _, e := range k.Entities() {
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			key := fold(n)
			word := l.ordinary(key)
			if _, ok := l.companies[key]; ok || key == "" || l.common[word] || l.things[word] {
				continue
			}
			l.companies[key] = gazEntry{name: e.Name, ambiguous: e.Ambiguous || word != ""}
		}
	}
}

// ordinary returns the word a folded name is, less a leading article, when
// the word lists know it as something other than a company; "" otherwise.
func (l *lexicon) ordinary(key string) string {
	w := strings.Fields(key)
	if len(w) > 1 && (w[0] == "the" || w[0] == "le" || w[0] == "la" || w[0] == "les") {
		w = w[1:]
	}
	if len(w) != 1 {
		return ""
	}
	if l.common[w[0]] || l.function[w[0]] || l.places[w[0]] || l.firstNames[w[0]] || l.things[w[0]] {
		return w[0]
	}
	return ""
}

func eachLine(name string, fn func(string)) {
	f, err := lexiconFS.Open("lexicon/" + name)
	if err != nil {
		panic("extractors: missing lexicon " + name) // embedded at build time
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fn(line)
	}
}

// eachClass reads "class: words..." lines into the set of their class.
func eachClass(name string, sets map[string]map[string]bool) {
	eachLine(name, func(line string) {
		class, rest, _ := strings.Cut(line, ":")
		if set, ok := sets[class]; ok {
			addWords(set, rest)
		}
	})
}

func addWords(set map[string]bool, line string) {
	for _, w := range strings.Fields(line) {
		set[fold(w)] = true
	}
}

// fold lower-cases s and strips its accents, for lookups.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || c >= 'A' && c <= 'Z' {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = unicode.ToLower(r)
		if r < 0x80 {
			b.WriteRune(r)
			continue
		}
		switch r {
		case 'à', 'á', 'â', 'ã', 'ä', 'å', 'ā':
			b.WriteByte('a')
		case 'ç', 'ć', 'č':
			b.WriteByte('c')
		case 'è', 'é', 'ê', 'ë', 'ē', 'ę', 'ě':
			b.WriteByte('e')
		case 'ì', 'í', 'î', 'ï', 'ī':
			b.WriteByte('i')
		case 'ñ', 'ń':
			b.WriteByte('n')
		case 'ò', 'ó', 'ô', 'õ', 'ö', 'ø', 'ō':
			b.WriteByte('o')
		case 'ù', 'ú', 'û', 'ü', 'ū':
			b.WriteByte('u')
		case 'ý', 'ÿ':
			b.WriteByte('y')
		case 'š', 'ś':
			b.WriteByte('s')
		case 'ž', 'ź', 'ż':
			b.WriteByte('z')
		case 'ł':
			b.WriteByte('l')
		case 'œ':
			b.WriteString("oe")
		case 'æ':
			b.WriteString("ae")
		case 'ß':
			b.WriteString("ss")
		case '’', '‘', 'ʼ':
			b.WriteByte('\'')
		case '–', '—', '‐', '‑':
			b.WriteByte('-')
		default:
			if !unicode.Is(unicode.Mn, r) {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}
