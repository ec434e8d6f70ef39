package extractors

import (
	"strings"
	"unicode"

	"github.com/dealwire/dealwire/extractors/kb"
)

// Well-known works: the titles of the knowledge base's works table that a
// sentence names, written with capitals, where quotes and cues say nothing.

// workIndex holds the unambiguous works by key, and the longest title, in
// words, that starts with each first word.
type workIndex struct {
	byKey map[string]*kb.Work
	first map[string]int
	// amb holds the ambiguous works ("Succession", "The Crown"): titles
	// only beside other known works.
	amb map[string]*kb.Work
	// ambFirst holds the first words of the ambiguous works' titles.
	ambFirst map[string]bool
}

var works = newWorkIndex(kb.DefaultWorks())

func newWorkIndex(ws *kb.Works) *workIndex {
	x := &workIndex{byKey: map[string]*kb.Work{}, first: map[string]int{}, amb: map[string]*kb.Work{}, ambFirst: map[string]bool{}}
	for _, w := range ws.All() {
		if w.Ambiguous {
			for _, t := range append([]string{w.Title}, w.Aliases...) {
				if words := titleWords(t); len(words) > 0 {
					x.amb[strings.Join(words, " ")] = w
					x.ambFirst[words[0]] = true
				}
			}
			continue
		}
		for _, t := range append([]string{w.Title}, w.Aliases...) {
			words := titleWords(t)
			if len(words) == 0 || len(words) == 1 && !distinctive(words[0]) {
				continue
			}
			key := strings.Join(words, " ")
			if _, ok := x.byKey[key]; ok {
				continue
			}
			x.byKey[key] = w
			x.first[words[0]] = max(x.first[words[0]], len(words))
		}
	}
	return x
}

// titleWords folds a title to its words: case, accents and punctuation do
// not count.
func titleWords(s string) []string {
	return strings.FieldsFunc(fold(s), notWordRune)
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// distinctive reports whether a one-word title can stand without quotes:
// long enough, and no word the lexicon knows as something else.
func distinctive(w string) bool {
	return len(w) >= 5 && !lex.common[w] && !lex.function[w] && !lex.places[w] && !lex.firstNames[w] && !lex.things[w] && !lex.roleWords[w]
}

// knownTitles offers add every longest match of a well-known work that
// starts with a capital or a digit and is not a company's name.
func knownTitles(d *doc, add func(s, e int, kind string, cue bool)) {
	for _, s := range d.sents {
		toks := s.toks
		for i := 0; i < len(toks); i++ {
			if !nameToken(toks[i]) && !toks[i].digit {
				continue
			}
			if j, w := works.ambiguousAt(d.text, toks, i); w != nil {
				add(toks[i].start, toks[j-1].end, knownKind(w.Kind), true)
				i = j - 1
				continue
			}
			if j, w := works.longestAt(d.text, toks, i); w != nil && !commonInText(d, d.text[toks[i].start:toks[j-1].end]) {
				if j < len(toks) && toks[j].kind == tNum && len(toks[j].text) <= 4 && toks[j].start == toks[j-1].end+1 && (j+1 == len(toks) || toks[j+1].kind != tWord) {
					j++ // a sequel's number: "Despicable Me 3"
				}
				add(toks[i].start, toks[j-1].end, knownKind(w.Kind), true)
				j = works.listedBeside(d.text, toks, j, add)
				i = j - 1
			}
		}
	}
}

// commonInText reports a title that is an article and one word the text
// also writes in lower case ("La plateforme" where "la plateforme" is
// the service): the words, not the work.
func commonInText(d *doc, title string) bool {
	words := strings.Fields(strings.ToLower(title))
	if len(words) == 2 && (frTitleArticles[words[0]] || words[0] == "the" || words[0] == "a") {
		words = words[1:]
	}
	return len(words) == 1 && d.lowerSeen[words[0]]
}

// ambiguousAt returns the end of an ambiguous known work at toks[i] ("The
// Crown", "Succession") and the work, where its sentence speaks of works:
// "Netflix renewed The Crown for a sixth season". A work of one short word,
// or one that opens the sentence, needs more than that.
func (x *workIndex) ambiguousAt(text string, toks []token, i int) (int, *kb.Work) {
	if i == 0 || toks[i].sentStart || !x.ambFirst[toks[i].low] || !worksTalk(toks) {
		return i, nil
	}
	end := titleRun(toks, i, true)
	if end <= i {
		return i, nil
	}
	words := titleWords(text[toks[i].start:toks[end-1].end])
	w, ok := x.amb[strings.Join(words, " ")]
	if !ok || len(words) == 1 && len(words[0]) < 6 {
		return i, nil
	}
	return end, w
}

// worksTalk reports a sentence that speaks of works: seasons, episodes,
// series, films, shows.
func worksTalk(toks []token) bool {
	for _, t := range toks {
		if worksTalkNouns[t.low] {
			return true
		}
	}
	return false
}

var worksTalkNouns = setOf("season", "seasons", "episode", "episodes", "series", "sitcom", "drama", "dramas", "miniseries", "film", "films", "movie", "movies",
	"saison", "saisons", "episodes", "serie", "series", "feuilleton", "telefilm", "long-metrage", "sequel", "reboot", "remake", "spin-off", "franchise", "format",
	"titles", "library", "catalog", "catalogue", "documentary", "documentaire", "documentaires", "podcast", "podcasts", "programmes", "emission", "emissions",
	"comedy", "comedie", "thriller", "anime", "novel", "roman", "adaptation", "sitcoms", "telenovela", "blockbuster")

// listedBeside adds the ambiguous known works listed right after a known
// one ("Game of Thrones, Succession and The Crown") and returns where the
// list ends.
func (x *workIndex) listedBeside(text string, toks []token, k int, add func(s, e int, kind string, cue bool)) int {
	for next := listNext(toks, k); next > k; next = listNext(toks, k) {
		end := titleRun(toks, next, true)
		w, ok := x.amb[strings.Join(titleWords(text[toks[next].start:toks[end-1].end]), " ")]
		if !ok {
			break
		}
		add(toks[next].start, toks[end-1].end, knownKind(w.Kind), true)
		k = end
	}
	return k
}

// longestAt returns the end of the longest known title at toks[i] and its
// work; i and nil when there is none.
func (x *workIndex) longestAt(text string, toks []token, i int) (int, *kb.Work) {
	limit := x.first[toks[i].low]
	if limit == 0 && strings.ContainsFunc(toks[i].low, notWordRune) {
		// "Grey's", "Marvel’s": the first word is the part before.
		if fw := titleWords(toks[i].text); len(fw) > 0 {
			limit = x.first[fw[0]]
		}
	}
	if limit == 0 {
		return i, nil
	}
	best, found := i, (*kb.Work)(nil)
	var key strings.Builder
	n := 0
	for j := i; j < len(toks) && n < limit; j++ {
		// The key grows a token at a time: its words, folded.
		added := false
		for _, w := range titleWords(toks[j].text) {
			if key.Len() > 0 {
				key.WriteByte(' ')
			}
			key.WriteString(w)
			n++
			added = true
		}
		if !added || n > limit {
			continue
		}
		if w, ok := x.byKey[key.String()]; ok {
			best, found = j+1, w
		}
	}
	if found != nil {
		if _, company := lex.companies[fold(text[toks[i].start:toks[best-1].end])]; company {
			return i, nil
		}
	}
	return best, found
}

// known reports whether text is the title of an unambiguous known work.
func (x *workIndex) known(text string) bool {
	_, ok := x.byKey[strings.Join(titleWords(text), " ")]
	return ok
}

// knownKind names a work's kind as titles do.
func knownKind(k string) string {
	switch k {
	case "franchise":
		return "film"
	case "book", "podcast", "game", "film", "series", "show":
		return k
	}
	return ""
}
