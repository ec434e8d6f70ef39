package extractors_test

import (
	"testing"

	"github.com/dealwire/dealwire/extractors"
)

func TestCompanyKey(t *testing.T) {
	same := [][]string{
		{"Sony Television Pictures", "Sony", "les studios Sony", "Sony Pictures Television", "SONY Corp."},
		{"Lions Gate Entertainment Group", "Lions Gate", "Lions Gate Entertainment"},
		{"Groupe M6", "M6"},
		{"Tempo Enterprises Inc", "Tempo Enterprises", "Tempo"},
		{"Canal+", "Canal Plus"},
		{"The Walt Disney Company", "Walt Disney Co", "Walt Disney"},
		{"Lagardère", "Lagardere"},
	}
	for _, group := range same {
		want := extractors.CompanyKey(group[0])
		for _, n := range group[1:] {
			if got := extractors.CompanyKey(n); got != want {
				t.Errorf("CompanyKey(%q) = %q; want %q as for %q", n, got, want, group[0])
			}
		}
	}
	different := [][2]string{
		{"Sky", "Sky News"},
		{"RMC", "RMC Sport"},
		{"Apple", "Apple TV+"},
		{"Warner Bros", "Warner Music"},
		{"France Télévisions", "TF1"},
	}
	for _, p := range different {
		if extractors.CompanyKey(p[0]) == extractors.CompanyKey(p[1]) {
			t.Errorf("CompanyKey(%q) == CompanyKey(%q) = %q; want them apart", p[0], p[1], extractors.CompanyKey(p[0]))
		}
	}
}

func TestDealID(t *testing.T) {
	a := extractors.DealID("production", []string{"Sony Television Pictures", "Netflix"}, nil)
	b := extractors.DealID("production", []string{"Netflix", "les studios Sony"}, []string{"Untitled"})
	if a != b {
		t.Errorf("the same deal in two articles got ids %s and %s", a, b)
	}
	if c := extractors.DealID("licensing", []string{"Sony", "Netflix"}, nil); c == a {
		t.Error("a deal of another type got the same id")
	}
	one := extractors.DealID("licensing", []string{"Netflix"}, []string{"Empresses in the Palace"})
	two := extractors.DealID("licensing", []string{"Netflix"}, []string{"Marseille"})
	if one == two {
		t.Error("one company's deals on two different works got the same id")
	}
	if one != extractors.DealID("licensing", []string{"Netflix"}, []string{"EMPRESSES IN THE PALACE"}) {
		t.Error("a title's case changed a deal's id")
	}
}
