package train

import (
	"slices"
	"strings"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/extractors/learn"
	"github.com/dealwire/dealwire/extractors/score"
)

// nameInstances labels an article's names from its gold file: a name
// that is one of the required companies' spellings is a company, one of
// the people's a person; a name that is an allowed company, or that only
// overlaps a gold name ("Disney" beside "The Walt Disney Company"),
// teaches nothing; any other name is neither.
func nameInstances(cands []extractors.NameCandidate, g *score.Gold) []instance {
	var out []instance
	for _, c := range cands {
		label, ok := nameGoldLabel(c.Text, g)
		if !ok {
			continue
		}
		out = append(out, instance{
			Example: learn.Example{Features: c.Features, Class: slices.Index(extractors.NameLabels, label)},
			rule:    slices.Index(extractors.NameLabels, c.Rule),
		})
	}
	return out
}

func nameGoldLabel(text string, g *score.Gold) (string, bool) {
	switch {
	case anyMatches(g.Companies.Required, text, true):
		return extractors.NameCompany, true
	case anyMatches(g.People.Required, text, false) || anyMatches(g.People.Allowed, text, false):
		return extractors.NamePerson, true
	case anyMatches(g.Companies.Allowed, text, true):
		return "", false
	}
	n := score.Norm(text, true)
	for _, set := range [][]score.Aliases{g.Companies.Required, g.Companies.Allowed, g.People.Required, g.People.Allowed} {
		for _, a := range set {
			for _, x := range a {
				if x := score.Norm(x, true); x != "" && n != "" && (strings.Contains(x, n) || strings.Contains(n, x)) {
					return "", false
				}
			}
		}
	}
	return extractors.NameOther, true
}

func anyMatches(set []score.Aliases, text string, corp bool) bool {
	for _, a := range set {
		if score.Matches(a, text, corp) {
			return true
		}
	}
	return false
}
