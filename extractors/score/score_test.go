package score

import (
	"strings"
	"testing"

	"github.com/dealwire/dealwire/extractors"
)

func TestNorm(t *testing.T) {
	for _, c := range []struct {
		in   string
		corp bool
		want string
	}{
		{"The Walt Disney Co.", true, "walt disney"},
		{"The Walt Disney Co.", false, "walt disney co"},
		{"Canal+", true, "canal plus"},
		{"Télévisions", false, "televisions"},
		{"L'Équipe", true, "equipe"},
		{"Group", true, "group"},
	} {
		if got := Norm(c.in, c.corp); got != c.want {
			t.Errorf("Norm(%q, %v) = %q, want %q", c.in, c.corp, got, c.want)
		}
	}
}

func TestArticleCounts(t *testing.T) {
	g := &Gold{}
	g.Companies.Required = []Aliases{{"Netflix"}, {"Sony Pictures Television", "Sony"}}
	g.Companies.Allowed = []Aliases{{"Deadline"}}
	g.Deals.Required = []GoldDeal{{Type: "production", Status: "agreed", Parties: []Aliases{{"Netflix"}, {"Sony"}}}}
	res := &extractors.Result{
		Companies: []extractors.Company{{Name: "Netflix Inc."}, {Name: "Deadline"}, {Name: "Variety"}, {Name: "variety"}},
		Deals: []extractors.Deal{
			{Type: "production", Status: "talks", Parties: []extractors.Party{{Name: "Sony"}, {Name: "Netflix"}}},
		},
	}
	c := Article(res, g)
	if got := c["companies"]; got.TP != 1 || got.FP != 1 || got.FN != 1 {
		t.Errorf("companies %+v: want 1 found, Variety once extra, Sony missed", got)
	}
	if got := c["deals"]; got.TP != 1 || got.FP != 0 {
		t.Errorf("deals %+v: want the deal found whatever its status", got)
	}
	if got := c["deals+status"]; got.TP != 0 || got.FN != 1 || got.FP != 1 {
		t.Errorf("deals+status %+v: want the wrong status missed and extra", got)
	}
}

func TestSinglePartyDealNeedsItsTitle(t *testing.T) {
	gd := GoldDeal{Type: "licensing", Parties: []Aliases{{"Netflix"}}, Titles: []Aliases{{"Empresses in the Palace"}}}
	d := extractors.Deal{Type: "licensing", Parties: []extractors.Party{{Name: "Netflix"}}}
	if SameParties(d, gd) {
		t.Error("a one-party deal without its title matched")
	}
	d.Titles = []string{"Empresses In The Palace"}
	if !SameParties(d, gd) {
		t.Error("a one-party deal with its title did not match")
	}
}

func TestTableWrite(t *testing.T) {
	tab := NewTable(true)
	g := &Gold{}
	g.People.Required = []Aliases{{"Reed Hastings"}}
	tab.Add("a1", &extractors.Result{}, g)
	var b strings.Builder
	if err := tab.Write(&b, map[string]float64{"people": 0.85}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "people            0.000   0.000   0.000    0.85") {
		t.Errorf("table:\n%s", b.String())
	}
	if len(tab.Misses) != 1 || !strings.Contains(tab.Misses[0], "Reed Hastings") {
		t.Errorf("misses %q", tab.Misses)
	}
}

func TestMissCauses(t *testing.T) {
	gd := GoldDeal{Type: "acquisition", Status: "agreed", Parties: []Aliases{{"Disney"}, {"Fox"}}}
	deal := func(typ, status string, parties ...string) extractors.Deal {
		d := extractors.Deal{Type: typ, Status: status}
		for _, p := range parties {
			d.Parties = append(d.Parties, extractors.Party{Name: p})
		}
		return d
	}
	for _, c := range []struct {
		pred []extractors.Deal
		want string
	}{
		{[]extractors.Deal{deal("acquisition", "talks", "Disney", "Fox")}, "status"},
		{[]extractors.Deal{deal("merger", "agreed", "Disney", "Fox")}, "type"},
		{[]extractors.Deal{deal("acquisition", "agreed", "Disney", "Comcast")}, "party"},
		{[]extractors.Deal{deal("partnership", "agreed", "Fox")}, "party+type"},
		{[]extractors.Deal{deal("acquisition", "agreed", "Comcast", "Sky")}, "none"},
		{nil, "none"},
	} {
		tab := NewTable(false)
		g := &Gold{}
		g.Deals.Required = []GoldDeal{gd}
		tab.Add("a", &extractors.Result{Deals: c.pred}, g)
		if tab.DealMisses[c.want] != 1 {
			t.Errorf("%v: misses %v, want one %q", c.pred, tab.DealMisses, c.want)
		}
	}
}
