package extractors_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/dealwire/dealwire/extractors"
)

// targets are the F1 scores the extractor must reach over the development
// articles and the seeds together (fixtures/dev, fixtures/gold).
var targets = map[string]float64{
	"companies":    0.90,
	"titles":       0.90,
	"figures":      0.90,
	"dates":        0.85,
	"deals":        0.85,
	"deals+status": 0.80,
}

var fields = []string{"companies", "titles", "people", "dates", "figures", "deals", "deals+status"}

// TestAccuracy extracts the development articles and the seed pages,
// scores them against the analysts' gold files as the project's scorer
// does (see fixtures/gold and the guide they follow), prints the per-field
// table and fails below the targets.
func TestAccuracy(t *testing.T) {
	if testing.Short() {
		t.Skip("extracts 52 pages")
	}
	type pair struct{ page, gold string }
	var pairs []pair
	devGold, _ := filepath.Glob("../fixtures/dev/gold/*.json")
	for _, g := range devGold {
		pairs = append(pairs, pair{filepath.Join("../fixtures/dev/articles", stem(g)+".html"), g})
	}
	seedGold, _ := filepath.Glob("../fixtures/gold/*.json")
	for _, g := range seedGold {
		pairs = append(pairs, pair{filepath.Join("../fixtures", stem(g)+".html"), g})
	}
	if len(pairs) < 52 {
		t.Fatalf("found %d gold files; want the 49 development articles and the 3 seeds", len(pairs))
	}
	x := extractors.New()
	total := map[string]*counts{}
	for _, f := range fields {
		total[f] = &counts{}
	}
	for _, p := range pairs {
		body, err := os.ReadFile(p.page)
		if err != nil {
			t.Fatal(err)
		}
		var g gold
		if err := readJSON(p.gold, &g); err != nil {
			t.Fatal(err)
		}
		res, err := x.Extract(context.Background(), extractors.Page{Source: p.page, Body: body}, extractors.Options{})
		if err != nil {
			t.Fatalf("%s: %v", p.page, err)
		}
		for f, c := range scoreArticle(res, &g) {
			total[f].add(c)
			if testing.Verbose() && (len(c.missed) > 0 || len(c.extra) > 0) {
				t.Logf("%s %-12s missed %q extra %q", stem(p.gold), f, c.missed, c.extra)
			}
		}
	}
	var table strings.Builder
	fmt.Fprintf(&table, "\n%-13s %9s %7s %7s %7s %5s %5s %5s\n", "field", "precision", "recall", "F1", "target", "tp", "fp", "fn")
	for _, f := range fields {
		c := total[f]
		p, r, f1 := c.prf()
		target := "-"
		if v, ok := targets[f]; ok {
			target = fmt.Sprintf("%.2f", v)
		}
		fmt.Fprintf(&table, "%-13s %9.3f %7.3f %7.3f %7s %5d %5d %5d\n", f, p, r, f1, target, c.tp, c.fp, c.fn)
	}
	t.Log(table.String())
	for _, f := range fields {
		if want, ok := targets[f]; ok {
			if _, _, f1 := total[f].prf(); f1 < want {
				t.Errorf("%s: F1 %.3f, below the target %.2f", f, f1, want)
			}
		}
	}
}

func stem(path string) string { return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)) }

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// gold is an analyst's expectation for one article. Names are lists of
// accepted spellings.
type gold struct {
	Companies nameSets `json:"companies"`
	Titles    nameSets `json:"titles"`
	People    nameSets `json:"people"`
	Dates     struct {
		Required []struct{ Value string } `json:"required"`
		Allowed  []struct{ Value string } `json:"allowed"`
	} `json:"dates"`
	Figures struct {
		Required []goldFigure `json:"required"`
		Allowed  []goldFigure `json:"allowed"`
	} `json:"figures"`
	Deals struct {
		Required []goldDeal `json:"required"`
		Allowed  []goldDeal `json:"allowed"`
	} `json:"deals"`
}

type nameSets struct {
	Required []aliases `json:"required"`
	Allowed  []aliases `json:"allowed"`
}

// aliases are the accepted spellings of one entity; the gold writes a
// single spelling as a plain string.
type aliases []string

func (a *aliases) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*a = aliases{one}
		return nil
	}
	return json.Unmarshal(b, (*[]string)(a))
}

type goldFigure struct {
	Metric    string  `json:"metric"`
	Value     float64 `json:"value"`
	Company   aliases `json:"company"`
	Qualifier string  `json:"qualifier"`
}

type goldDeal struct {
	Type    string    `json:"type"`
	Status  string    `json:"status"`
	Parties []aliases `json:"parties"`
	Titles  []aliases `json:"titles"`
}

type counts struct {
	tp, fp, fn    int
	missed, extra []string
}

func (c *counts) add(o counts) { c.tp, c.fp, c.fn = c.tp+o.tp, c.fp+o.fp, c.fn+o.fn }

func (c *counts) prf() (p, r, f float64) {
	p, r = 1, 1
	if c.tp+c.fp > 0 {
		p = float64(c.tp) / float64(c.tp+c.fp)
	} else if c.fn > 0 {
		p = 0
	}
	if c.tp+c.fn > 0 {
		r = float64(c.tp) / float64(c.tp+c.fn)
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

// normName folds a name as the scorer does: accents, case, punctuation,
// a leading article and, for companies, trailing legal forms.
func normName(s string, corp bool) string {
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

func matches(a aliases, name string, corp bool) bool {
	n := normName(name, corp)
	for _, x := range a {
		if normName(x, corp) == n {
			return true
		}
	}
	return false
}

func scoreArticle(res *extractors.Result, g *gold) map[string]counts {
	out := map[string]counts{}
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
	out["companies"] = scoreNames(cs, g.Companies, true)
	out["titles"] = scoreNames(ts, g.Titles, false)
	out["people"] = scoreNames(ps, g.People, false)
	out["dates"] = scoreDates(res.Dates, g)
	out["figures"] = scoreFigures(res.Figures, g)
	out["deals"] = scoreDeals(res.Deals, g, false)
	out["deals+status"] = scoreDeals(res.Deals, g, true)
	return out
}

// scoreList pairs each predicted item with the first required item it
// matches and not yet matched; an item matching nothing required or
// allowed is a false positive, counted once per distinct key.
func scoreList[P, G any](pred []P, req, alw []G, match func(P, G) bool, key func(P) string, label func(G) string) counts {
	var c counts
	hit := make([]bool, len(req))
	fps := map[string]bool{}
	for _, p := range pred {
		found := false
		for i, g := range req {
			if !hit[i] && match(p, g) {
				hit[i], found = true, true
				break
			}
		}
		if found {
			continue
		}
		ok := false
		for _, g := range append(append([]G(nil), req...), alw...) {
			if match(p, g) {
				ok = true
				break
			}
		}
		if !ok && !fps[key(p)] {
			fps[key(p)] = true
			c.extra = append(c.extra, key(p))
		}
	}
	for i, g := range req {
		if hit[i] {
			c.tp++
		} else {
			c.missed = append(c.missed, label(g))
		}
	}
	c.fp, c.fn = len(fps), len(c.missed)
	return c
}

func scoreNames(pred []string, g nameSets, corp bool) counts {
	return scoreList(pred, g.Required, g.Allowed,
		func(p string, a aliases) bool { return matches(a, p, corp) },
		func(p string) string { return normName(p, corp) },
		func(a aliases) string { return a[0] })
}

func scoreDates(pred []extractors.Date, g *gold) counts {
	type v = struct{ Value string }
	return scoreList(pred, g.Dates.Required, g.Dates.Allowed,
		func(p extractors.Date, x v) bool { return strings.EqualFold(p.Value, x.Value) },
		func(p extractors.Date) string { return p.Value },
		func(x v) string { return x.Value })
}

func scoreFigures(pred []extractors.Figure, g *gold) counts {
	return scoreList(pred, g.Figures.Required, g.Figures.Allowed,
		func(p extractors.Figure, x goldFigure) bool {
			if normName(p.Metric, false) != normName(x.Metric, false) {
				return false
			}
			if x.Value == 0 && p.Value != 0 || x.Value != 0 && math.Abs(p.Value-x.Value)/math.Abs(x.Value) > 0.01 {
				return false
			}
			if len(x.Company) > 0 && (p.Company == "" || !matches(x.Company, p.Company, true)) {
				return false
			}
			return x.Qualifier == "" || normName(p.Qualifier, false) == normName(x.Qualifier, false)
		},
		func(p extractors.Figure) string { return fmt.Sprintf("%s=%g", p.Metric, p.Value) },
		func(x goldFigure) string { return fmt.Sprintf("%s=%g", x.Metric, x.Value) })
}

func scoreDeals(pred []extractors.Deal, g *gold, withStatus bool) counts {
	return scoreList(pred, g.Deals.Required, g.Deals.Allowed,
		func(p extractors.Deal, x goldDeal) bool {
			if normName(p.Type, false) != normName(x.Type, false) || withStatus && normName(p.Status, false) != normName(x.Status, false) {
				return false
			}
			for _, party := range x.Parties {
				found := false
				for _, pp := range p.Parties {
					if matches(party, pp.Name, true) {
						found = true
						break
					}
				}
				if !found {
					return false
				}
			}
			if len(x.Parties) < 2 && len(x.Titles) > 0 {
				for _, t := range x.Titles {
					for _, pt := range p.Titles {
						if matches(t, pt, false) {
							return true
						}
					}
				}
				return false
			}
			return true
		},
		func(p extractors.Deal) string {
			var ps []string
			for _, x := range p.Parties {
				ps = append(ps, x.Name)
			}
			return fmt.Sprintf("%s/%s[%s]", p.Type, p.Status, strings.Join(ps, "+"))
		},
		func(x goldDeal) string {
			var ps []string
			for _, a := range x.Parties {
				ps = append(ps, a[0])
			}
			return fmt.Sprintf("%s/%s[%s]", x.Type, x.Status, strings.Join(ps, "+"))
		})
}
