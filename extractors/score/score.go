// Package score measures article results against an analyst's gold file,
// as the project's scorer does: per field, the true positives, false
// positives and misses, and from them precision, recall and F1. Names match
// after folding case, accents, punctuation, a leading article and, for
// companies, trailing legal forms. See the gold guide for the rules.
package score

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/dealwire/dealwire/extractors"
)

// Fields lists the scored fields in the order tables show them.
var Fields = []string{"companies", "titles", "people", "dates", "figures", "deals", "deals+status"}

// Gold is an analyst's expectation for one article. Names are lists of
// accepted spellings, the first one canonical.
type Gold struct {
	Published string   `json:"published"`
	Lang      string   `json:"lang"`
	Companies NameSets `json:"companies"`
	Titles    NameSets `json:"titles"`
	People    NameSets `json:"people"`
	Dates     struct {
		Required []GoldDate `json:"required"`
		Allowed  []GoldDate `json:"allowed"`
	} `json:"dates"`
	Figures struct {
		Required []GoldFigure `json:"required"`
		Allowed  []GoldFigure `json:"allowed"`
	} `json:"figures"`
	Deals struct {
		Required []GoldDeal `json:"required"`
		Allowed  []GoldDeal `json:"allowed"`
	} `json:"deals"`
}

// NameSets are the required and allowed entities of one kind.
type NameSets struct {
	Required []Aliases `json:"required"`
	Allowed  []Aliases `json:"allowed"`
}

// Aliases are the accepted spellings of one entity; a gold file writes a
// single spelling as a plain string.
type Aliases []string

// UnmarshalJSON accepts a string or a list of strings.
func (a *Aliases) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*a = Aliases{one}
		return nil
	}
	return json.Unmarshal(b, (*[]string)(a))
}

// GoldDate is one expected date value.
type GoldDate struct {
	Value string `json:"value"`
}

// GoldFigure is one expected figure; an empty company or qualifier is not
// scored.
type GoldFigure struct {
	Metric    string  `json:"metric"`
	Value     float64 `json:"value"`
	Company   Aliases `json:"company"`
	Qualifier string  `json:"qualifier"`
}

// GoldDeal is one expected deal.
type GoldDeal struct {
	Type    string    `json:"type"`
	Status  string    `json:"status"`
	Parties []Aliases `json:"parties"`
	Titles  []Aliases `json:"titles"`
}

// ReadGold reads one gold file.
func ReadGold(path string) (*Gold, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var g Gold
	if err := json.Unmarshal(b, &g); err != nil {
		return nil, fmt.Errorf("gold %s: %w", path, err)
	}
	return &g, nil
}

// Counts are one field's tallies, with what was missed and what was extra.
type Counts struct {
	TP, FP, FN    int
	Missed, Extra []string
}

// Add adds o's tallies (not its lists) to c.
func (c *Counts) Add(o Counts) { c.TP, c.FP, c.FN = c.TP+o.TP, c.FP+o.FP, c.FN+o.FN }

// PRF returns precision, recall and F1. With nothing predicted and nothing
// expected, all three are 1.
func (c Counts) PRF() (p, r, f float64) {
	p, r = 1, 1
	if c.TP+c.FP > 0 {
		p = float64(c.TP) / float64(c.TP+c.FP)
	} else if c.FN > 0 {
		p = 0
	}
	if c.TP+c.FN > 0 {
		r = float64(c.TP) / float64(c.TP+c.FN)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

var (
	corpSuffixes    = map[string]bool{"inc": true, "incorporated": true, "corp": true, "corporation": true, "co": true, "company": true, "ltd": true, "limited": true, "llc": true, "plc": true, "sa": true, "sas": true, "ag": true, "gmbh": true, "group": true, "groupe": true, "holdings": true, "holding": true, "nv": true, "bv": true}
	leadingArticles = map[string]bool{"the": true, "le": true, "la": true, "les": true, "l": true}
	nonWord         = regexp.MustCompile(`[^\pL\pN_]+`)
)

// Norm folds a name as the scorer does: accents, case, punctuation, a
// leading article and, when corp is set, trailing legal forms.
func Norm(s string, corp bool) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	s = strings.ReplaceAll(strings.ToLower(b.String()), "+", " plus ")
	words := strings.Fields(nonWord.ReplaceAllString(s, " "))
	for len(words) > 0 && leadingArticles[words[0]] {
		words = words[1:]
	}
	for corp && len(words) > 1 && corpSuffixes[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ")
}

// Matches reports whether name is one of a's spellings.
func Matches(a Aliases, name string, corp bool) bool {
	n := Norm(name, corp)
	for _, x := range a {
		if Norm(x, corp) == n {
			return true
		}
	}
	return false
}

// Article scores one result against its gold file, field by field.
func Article(res *extractors.Result, g *Gold) map[string]Counts {
	out := make(map[string]Counts, len(Fields))
	var cs, ts, ps []string
	for _, c := range res.Companies {
		cs = append(cs, c.Name)
	}
	for _, x := range res.Titles {
		ts = append(ts, x.Name)
	}
	for _, x := range res.People {
		ps = append(ps, x.Name)
	}
	out["companies"] = names(cs, g.Companies, true)
	out["titles"] = names(ts, g.Titles, false)
	out["people"] = names(ps, g.People, false)
	out["dates"] = dates(res.Dates, g)
	out["figures"] = figures(res.Figures, g)
	out["deals"] = deals(res.Deals, g, false)
	out["deals+status"] = deals(res.Deals, g, true)
	return out
}

// list pairs each predicted item with the first required item it matches
// and not yet matched; an item matching nothing required or allowed is a
// false positive, counted once per distinct key.
func list[P, G any](pred []P, req, alw []G, match func(P, G) bool, key func(P) string, label func(G) string) Counts {
	var c Counts
	hit := make([]bool, len(req))
	fps := map[string]bool{}
	for _, p := range pred {
		if matchFirst(p, req, hit, match) {
			continue
		}
		if !matchAny(p, req, match) && !matchAny(p, alw, match) && !fps[key(p)] {
			fps[key(p)] = true
			c.Extra = append(c.Extra, key(p))
		}
	}
	for i, g := range req {
		if hit[i] {
			c.TP++
		} else {
			c.Missed = append(c.Missed, label(g))
		}
	}
	c.FP, c.FN = len(fps), len(c.Missed)
	return c
}

func matchFirst[P, G any](p P, req []G, hit []bool, match func(P, G) bool) bool {
	for i, g := range req {
		if !hit[i] && match(p, g) {
			hit[i] = true
			return true
		}
	}
	return false
}

func matchAny[P, G any](p P, gs []G, match func(P, G) bool) bool {
	for _, g := range gs {
		if match(p, g) {
			return true
		}
	}
	return false
}

func names(pred []string, g NameSets, corp bool) Counts {
	return list(pred, g.Required, g.Allowed,
		func(p string, a Aliases) bool { return Matches(a, p, corp) },
		func(p string) string { return Norm(p, corp) },
		func(a Aliases) string { return a[0] })
}

func dates(pred []extractors.Date, g *Gold) Counts {
	return list(pred, g.Dates.Required, g.Dates.Allowed,
		func(p extractors.Date, x GoldDate) bool { return strings.EqualFold(p.Value, x.Value) },
		func(p extractors.Date) string { return p.Value },
		func(x GoldDate) string { return x.Value })
}

func figures(pred []extractors.Figure, g *Gold) Counts {
	return list(pred, g.Figures.Required, g.Figures.Allowed, FigureMatches,
		func(p extractors.Figure) string { return fmt.Sprintf("%s=%g", p.Metric, p.Value) },
		func(x GoldFigure) string { return fmt.Sprintf("%s=%g", x.Metric, x.Value) })
}

// FigureMatches reports whether a predicted figure is the gold one: same
// metric, value within 1%, and the company and qualifier when gold gives
// them.
func FigureMatches(p extractors.Figure, x GoldFigure) bool {
	if Norm(p.Metric, false) != Norm(x.Metric, false) {
		return false
	}
	if x.Value == 0 && p.Value != 0 || x.Value != 0 && math.Abs(p.Value-x.Value)/math.Abs(x.Value) > 0.01 {
		return false
	}
	if len(x.Company) > 0 && (p.Company == "" || !Matches(x.Company, p.Company, true)) {
		return false
	}
	return x.Qualifier == "" || Norm(p.Qualifier, false) == Norm(x.Qualifier, false)
}

func deals(pred []extractors.Deal, g *Gold, withStatus bool) Counts {
	return list(pred, g.Deals.Required, g.Deals.Allowed,
		func(p extractors.Deal, x GoldDeal) bool {
			if Norm(p.Type, false) != Norm(x.Type, false) || withStatus && Norm(p.Status, false) != Norm(x.Status, false) {
				return false
			}
			return SameParties(p, x)
		},
		DealKey,
		func(x GoldDeal) string {
			var ps []string
			for _, a := range x.Parties {
				ps = append(ps, a[0])
			}
			return fmt.Sprintf("%s/%s[%s]", x.Type, x.Status, strings.Join(ps, "+"))
		})
}

// SameParties reports whether a predicted deal names every gold party and,
// for a gold deal of fewer than two parties, one of its titles. Type and
// status are not compared.
func SameParties(p extractors.Deal, x GoldDeal) bool {
	for _, party := range x.Parties {
		if !hasParty(p, party) {
			return false
		}
	}
	if len(x.Parties) < 2 && len(x.Titles) > 0 {
		for _, t := range x.Titles {
			for _, pt := range p.Titles {
				if Matches(t, pt, false) {
					return true
				}
			}
		}
		return false
	}
	return true
}

func hasParty(p extractors.Deal, party Aliases) bool {
	for _, pp := range p.Parties {
		if Matches(party, pp.Name, true) {
			return true
		}
	}
	return false
}

// DealKey names a predicted deal in tables: type/status[parties].
func DealKey(p extractors.Deal) string {
	var ps []string
	for _, x := range p.Parties {
		ps = append(ps, x.Name)
	}
	return fmt.Sprintf("%s/%s[%s]", p.Type, p.Status, strings.Join(ps, "+"))
}
