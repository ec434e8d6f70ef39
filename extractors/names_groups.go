package extractors

// Company groups: the names of one company, with its aliases, short
// forms, acronyms and legal forms.

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// companyGroup is one company with all the names the article uses for it.
type companyGroup struct {
	name  string
	forms []*name
	first int // offset of the first mention
}

// groupCompanies merges the aliases of each company: a short form of a
// longer name ("Sony" / "Sony Television Pictures"), an acronym of it
// ("TCI" / "Tele-Communications Inc"), or gazetteer aliases.
func (ns *names) groupCompanies() []*companyGroup {
	orgs := ns.byKind(kindOrg)
	parent := make([]int, len(orgs))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(i, j int) { parent[find(j)] = find(i) }
	// One pass per way two names can be one company: the same gazetteer
	// entry, the same core, or one the acronym of the other.
	seen := map[string]int{}
	link := func(key string, i int) {
		if key == "" {
			return
		}
		if j, ok := seen[key]; ok {
			union(j, i)
		} else {
			seen[key] = i
		}
	}
	for i, n := range orgs {
		if n.gaz != "" {
			link("gaz:"+n.gaz, i)
		}
		link("legal:"+legalCore(n.key), i)
	}
	// A descriptive word dropped ("Sony Pictures Television", then
	// "Sony") is the same company when the long name came first; a long
	// name after the short one is a division ("Sky", then "Sky News").
	cores := map[string][]int{}
	for i, n := range orgs {
		cores[core(n.key)] = append(cores[core(n.key)], i)
	}
	for _, is := range cores {
		for _, i := range is {
			for _, j := range is {
				a, b := orgs[i], orgs[j]
				if len(a.key) > len(b.key) && legalCore(a.key) != legalCore(b.key) && ns.firstInBody(a) < ns.firstInBody(b) {
					union(i, j)
				}
			}
		}
	}
	// Acronyms join the names they abbreviate, never two long names with
	// the same initials.
	longs := map[string][]int{}
	for i, n := range orgs {
		for _, in := range initialsOf(n.text) {
			longs[in] = append(longs[in], i)
		}
	}
	for i, n := range orgs {
		if w := strings.Fields(n.text); len(w) == 1 && acronym(w[0]) && !strings.ContainsAny(w[0], ".& ") {
			for _, j := range longs[strings.ToUpper(w[0])] {
				union(j, i)
			}
		}
	}
	groups := map[int]*companyGroup{}
	var out []*companyGroup
	for i, n := range orgs {
		r := find(i)
		g := groups[r]
		if g == nil {
			g = &companyGroup{first: 1 << 30}
			groups[r] = g
			out = append(out, g)
		}
		g.forms = append(g.forms, n)
		if off := ns.firstInBody(n); off < g.first {
			g.first = off
		}
	}
	for _, g := range out {
		best := g.forms[0]
		for _, f := range g.forms[1:] {
			if len(strings.Fields(f.key)) > len(strings.Fields(best.key)) || len(strings.Fields(f.key)) == len(strings.Fields(best.key)) && len(f.mentions) > len(best.mentions) {
				best = f
			}
		}
		g.name = best.text
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].first < out[j].first })
	ns.groupOf = map[*name]*companyGroup{}
	ns.groups = out
	for _, g := range out {
		for _, f := range g.forms {
			ns.groupOf[f] = g
		}
	}
	return out
}

// genericTail are words that can be dropped from the end of a company name
// without naming another company.
var genericTail = setOf("pictures", "television", "televisions", "entertainment", "studios", "studio", "group",
	"groupe", "inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "corporation", "company", "holdings",
	"holding", "networks", "network", "enterprises", "plc", "sa", "llc", "lp", "l.p.", "ag", "communications",
	"radio", "cos", "bros", "bros.", "brothers", "international", "fc", "afc", "cf")

// legalForms are the words of a company's legal form: "Tempo Enterprises
// Inc" and "Tempo Enterprises" are one company wherever they appear.
var legalForms = setOf("inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "corporation", "company",
	"plc", "sa", "llc", "lp", "l.p.", "ag", "cos", "group", "groupe", "holdings", "holding", "fc", "afc", "cf", "gmbh", "nv", "bv", "spa", "sas", "sarl")

// legalCore strips the legal form from the end (and a leading "groupe")
// of a folded name.
func legalCore(key string) string {
	w := strings.Fields(key)
	for len(w) > 1 && (w[0] == "groupe" || w[0] == "group" || w[0] == "les" || w[0] == "the" || w[0] == "le" || w[0] == "la") {
		w = w[1:]
	}
	for len(w) > 1 && legalForms[w[len(w)-1]] {
		w = w[:len(w)-1]
	}
	// "R.R. Donnelly and Sons", "Lazard Frères & Cie".
	if n := len(w); n > 2 && (w[n-2] == "and" || w[n-2] == "&" || w[n-2] == "et") && (w[n-1] == "sons" || w[n-1] == "fils" || w[n-1] == "cie" || w[n-1] == "co") {
		w = w[:n-2]
	}
	return strings.Join(w, " ")
}

// core strips generic words from the end (and a leading "groupe") of a
// folded name.
func core(key string) string {
	w := strings.Fields(key)
	for len(w) > 1 && (w[0] == "groupe" || w[0] == "group" || w[0] == "studios" || w[0] == "les" || w[0] == "the") {
		w = w[1:]
	}
	for len(w) > 1 && genericTail[w[len(w)-1]] {
		w = w[:len(w)-1]
	}
	return strings.Join(w, " ")
}

// initialsOf returns the acronyms a multi-word name can be written as:
// its initials, with and without a generic last word (TCI and TC for
// Tele-Communications Inc).
func initialsOf(long string) []string {
	words := strings.FieldsFunc(long, func(r rune) bool { return r == ' ' || r == '-' || r == '\'' || r == '’' })
	var all, noTail []rune
	for i, w := range words {
		lw := strings.ToLower(w)
		if connectors[lw] || lw == "l" || lw == "d" || lw == "the" || lw == "le" || lw == "la" || lw == "les" {
			continue
		}
		r := unicode.ToUpper(firstRune(w))
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		all = append(all, r)
		if !(i == len(words)-1 && genericTail[lw]) {
			noTail = append(noTail, r)
		}
	}
	var out []string
	if len(all) >= 2 && len(words) >= 2 {
		out = append(out, string(all))
		if len(noTail) >= 2 && len(noTail) < len(all) {
			out = append(out, string(noTail))
		}
	}
	return out
}

// isAcronymOf reports whether short is the initials of long: TCI of
// Tele-Communications Inc, MRC of Media Rights Capital, LFP of Ligue de
// football professionnel. Connectives (de, of, and) have no initial; a
// generic last word (Inc, Group) may have one or not.
func isAcronymOf(short, long string) bool {
	if !acronym(short) || strings.ContainsAny(short, ".& ") {
		return false
	}
	return slices.Contains(initialsOf(long), strings.ToUpper(short))
}

// capitalize upper-cases a word's first letter.
func capitalize(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[n:]
}
