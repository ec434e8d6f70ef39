package extractors

import (
	"sort"
	"strings"
	"sync"

	"github.com/jdkato/prose/v2"
)

// Structural cues for unquoted titles, found once names are known.
var (
	// creditRoles follow a work's title: "Harry Potter director Alfonso
	// Cuaron".
	creditRoles = setOf("director", "directors", "star", "stars", "creator", "creators", "producer", "producers",
		"author", "writer", "actor", "actress", "showrunner", "composer", "realisateur", "createur", "auteur",
		"producteur", "scenariste", "heroine", "hero")
	// creditVerbs precede a work's title: "who directed Harry Potter and
	// the Prisoner of Azkaban".
	creditVerbs = setOf("directed", "produced", "wrote", "written", "co-wrote", "created", "adapted", "starred",
		"filmed", "shot", "published", "remade", "realise", "realisee", "ecrit", "ecrite", "adapte", "adaptee",
		"tourne", "produit", "cree", "creee")
	// workNouns in the plural introduce lists of works: "box-office flops
	// Alexander and Catwoman", "arcade classics such as Space Invaders".
	workNouns = setOf("releases", "include", "includes", "flops", "hits", "films", "movies", "shows", "series", "games", "titles", "books", "novels",
		"classics", "blockbusters", "franchises", "dramas", "comedies", "documentaries", "podcasts", "albums",
		"seasons", "series", "jeux", "titres", "emissions", "programmes", "livres", "romans", "feuilletons", "succes")
	// workOf introduce a work after "of"/"de": "a film version of The Hobbit".
	workOf = setOf("version", "adaptation", "remake", "sequel", "prequel", "rights", "droits", "suite", "matches", "matchs")
	// workSuffix follow a title: "the third Harry Potter film".
	workSuffix = setOf("film", "movie", "trilogy", "franchise", "saga", "sequel", "series", "sitcom", "novel", "books",
		"exhibition", "soundtrack", "musical")
	// inTitleWords may sit inside a title between capitalised words.
	inTitleWords = setOf("of", "the", "in", "on", "a", "an", "to", "for", "at", "de", "la", "le", "les", "des", "du", "l'", "d'", "en", "au", "aux")
	// workAppositions follow a title and a comma: "Wolf Brother, a fantasy".
	workAppositions = setOf("fantasy", "novel", "film", "movie", "comedy", "drama", "thriller", "series", "book",
		"game", "documentary", "sitcom", "musical", "play", "podcast", "album", "serie", "roman", "jeu", "documentaire",
		"feuilleton", "comedie", "biopic", "sequel", "remake", "spin-off")
)

// structuralTitles finds unquoted titles from the structure around a name
// the name finder could not vouch for: a credit ("X director Y"), a verb
// of making ("directed X"), a list of works ("flops X and Y"), or an
// apposition ("X, a fantasy"). A name with company or place evidence is
// never taken for a title; a weak person guess is.
func structuralTitles(d *doc, ns *names, ts []titleMention) []titleMention {
	comps := map[string]bool{}
	for _, n := range ns.order {
		if competition(n.key) {
			comps[n.key] = true
			comps[competitionInitials(n.key)] = true
		}
	}
	for si := range d.sents {
		toks := d.sents[si].toks
		for _, mi := range ns.in(si) {
			m := ns.mentions[mi]
			n := ns.byKey[m.key]
			if comps[m.key] {
				// Competitions are works whose broadcast rights are traded.
				if !overlaps(ts, m.start, m.end) {
					ts = append(ts, titleMention{span: m.span, name: m.text, kind: "competition"})
				}
				continue
			}
			if n.place || n.gaz != "" || n.honorific() || n.kind == kindOrg || n.kind == kindPlace {
				continue
			}
			first, last := m.first, m.last
			// Extend back over "Lord of the": a title's head.
			for first >= 2 && inTitleWords[toks[first-1].low] {
				k := first - 1
				for k > 0 && inTitleWords[toks[k].low] {
					k--
				}
				if !nameToken(toks[k]) {
					break
				}
				for k > 0 && nameToken(toks[k-1]) {
					k--
				}
				first = k
			}
			// Extend over "of the Rings", "and the Prisoner of Azkaban" (but
			// not "and the Ray Charles biopic": a title ends there).
			for last+1 < len(toks) && (inTitleWords[toks[last].low] || toks[last].low == "and" && toks[last+1].low == "the") {
				and := toks[last].low == "and"
				k := last + 1
				for k < len(toks) && (inTitleWords[toks[k].low] || toks[k].low == "the") {
					k++
				}
				if k >= len(toks) || !nameToken(toks[k]) {
					break
				}
				for k < len(toks) && nameToken(toks[k]) {
					k++
				}
				if and && k < len(toks) && toks[k].kind == tWord && !inTitleWords[toks[k].low] {
					break
				}
				last = k
			}
			// "NBA Live 2005", "NHL 2K5": a number ends a game's title.
			for last < len(toks) && toks[last].digit && toks[last].start == toks[last-1].end+1 && len(toks[last].text) <= 4 {
				last++
			}
			if last-first == 1 && (lex.acronyms[toks[first].text] || lex.common[toks[first].low] || lex.function[toks[first].low]) {
				continue
			}
			kind := ""
			switch {
			case last < len(toks) && creditRoles[toks[last].low] && last+1 < len(toks) && nameToken(toks[last+1]):
				kind = "work"
			case last < len(toks) && workSuffix[toks[last].low]:
				// "the third Harry Potter film", "the Lord of the Rings trilogy".
				kind = workKind(toks[last].low)
			case (first > 0 && creditVerbs[toks[first-1].low] || first > 1 && toks[first-1].low == "in" && creditVerbs[toks[first-2].low]) && !attribution(toks, first-1):
				kind = "work"
			case first > 0 && (toks[first-1].low == "of" || toks[first-1].low == "de") && first > 1 && workOf[toks[first-2].low]:
				kind = "work"
			case last+2 < len(toks) && toks[last].text == "," && workApposition(toks, last+1):
				kind = workKind(toks[last+2].low)
			case listOfWorks(toks, first):
				kind = "work"
			case first > 1 && (toks[first-1].text == "'s" || toks[first-1].text == "’s") && ns.personEndingAt(si, first-1):
				// "Martin Scorsese's The Aviator", "Michelle Paver's Wolf
				// Brother": a person's work.
				kind = "work"
			case first > 1 && (toks[first-1].text == "'s" || toks[first-1].text == "’s") && ns.orgEndingAt(si, first-1) && n.kind == kindUnknown && !personShaped(m.text):
				// "EA's NBA Live 2005", "AMC's Breaking Bad": a company's work.
				kind = "work"
			case first > 1 && toks[first-1].text == "," && workAppositions[toks[first-2].low]:
				// "the Ray Charles biopic, Ray".
				kind = workKind(toks[first-2].low)
			}
			if kind == "" {
				continue
			}
			s, e := toks[first].start, toks[last-1].end
			if overlaps(ts, s, e) {
				continue
			}
			ts = append(ts, titleMention{span: span{s, e}, name: d.text[s:e], kind: kind})
		}
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].start < ts[j].start })
	return ts
}

// personEndingAt reports a person's name ending just before toks[k].
func (ns *names) personEndingAt(si, k int) bool {
	n := ns.mentionEndingAt(si, k)
	return n != nil && (n.kind == kindPerson || n.person >= 2.5 && n.org < 2)
}

// orgEndingAt reports a company's name ending just before toks[k].
func (ns *names) orgEndingAt(si, k int) bool {
	n := ns.mentionEndingAt(si, k)
	return n != nil && n.kind == kindOrg
}

func (n *name) honorific() bool {
	return n.person >= 3 && n.org == 0 && len(strings.Fields(n.key)) == 1
}

func workApposition(toks []token, k int) bool {
	for j := k; j < len(toks) && j < k+3; j++ {
		w := toks[j].low
		if workAppositions[w] {
			return true
		}
		if !determiners[w] && !isAdjectiveLike(toks[j]) {
			return false
		}
	}
	return false
}

// isAdjectiveLike accepts a lower-case word between an article and a noun.
func isAdjectiveLike(t token) bool { return t.kind == tWord && !t.cap }

func workKind(w string) string {
	if k, ok := workCues[w]; ok {
		return k
	}
	return "work"
}

// listOfWorks reports a name listed after a plural noun of works: "box-
// office flops Alexander and Catwoman", "arcade classics such as Space
// Invaders, Pac-Man and Donkey Kong".
func listOfWorks(toks []token, first int) bool {
	for b := first - 1; b >= 0 && b >= first-20; b-- {
		w := toks[b].low
		switch {
		case workNouns[w]:
			return true
		case toks[b].text == "," || coord[w] || listCues[w] || w == "as" || w == "que" || determiners[w] || nameToken(toks[b]) || toks[b].kind == tNum:
			continue
		}
		return false
	}
	return false
}

func overlaps(ts []titleMention, s, e int) bool {
	for _, t := range ts {
		if s < t.end && e > t.start {
			return true
		}
	}
	return false
}

// tagger is prose's part-of-speech tagger, loaded on first use. It only
// looks at short English phrases, where it pays.
var tagger = sync.OnceValue(func() *prose.Model { return prose.ModelFromData("dealwire") })

// speechLike reports an English phrase in sentence case with a finite verb
// or a modal: reported speech ("That gets rounds of applause"), not a
// title.
func speechLike(text string) bool {
	doc, err := prose.NewDocument(text, prose.UsingModel(tagger()), prose.WithExtraction(false), prose.WithSegmentation(false))
	if err != nil {
		return false
	}
	for _, t := range doc.Tokens() {
		switch t.Tag {
		case "VBZ", "VBP", "VBD", "MD":
			return true
		}
	}
	return false
}

// competitionRe matches the names of sports competitions: a league and a
// number ("Ligue 1", "Serie A"), cups and championships of nations and
// clubs.
var competitionRe = compile(`^(?:(?:ligue|liga|league|division|serie|bundesliga) (?:\d|[abc])|l[12]|.*\bchampions\b.*|(?:ligue |league )?europa(?: league)?|premier league(?: anglaise)?|coupe (?:de|du|des) .+|world cup|coupe du monde|super bowl|tour de france|six nations|tournoi des six nations|euro \d{4}|copa .+|bundesliga|la liga|top 14|pro d2)$`)

func competition(key string) bool { return competitionRe.MatchString(key) }

// competitionInitials is the short form of a numbered competition:
// "ligue 1" -> "l1".
func competitionInitials(key string) string {
	w := strings.Fields(key)
	if len(w) != 2 || len(w[1]) != 1 {
		return "-"
	}
	return w[0][:1] + w[1]
}

// attribution reports a verb that attributes a quote: `", a écrit Joe
// Rogan`, `", wrote Smith`: its name is the writer, not a work.
func attribution(toks []token, verb int) bool {
	k := verb - 1
	if k >= 0 && (toks[k].low == "a" || toks[k].low == "has" || toks[k].low == "had") {
		k--
	}
	return k >= 0 && toks[k].kind == tPunct && strings.ContainsAny(toks[k].text, ",\"”»")
}
