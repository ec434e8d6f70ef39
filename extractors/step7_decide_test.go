package extractors

import (
	"context"
	"slices"
	"testing"
)

func TestDealDecider(t *testing.T) {
	models, err := embeddedModels()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text, lang string
		rules      []string // the deals' types by the rules alone
	}{
		{"Sony Pictures Television has signed a deal with Netflix to produce a series.", "en", []string{Production}},
		{"Le groupe Canal+ a racheté la chaîne OCS. Netflix a conclu un partenariat avec TF1.", "fr", []string{Acquisition, Partnership}},
		{"Netflix said on Monday that Sony was growing.", "en", nil},
	}
	for _, tt := range tests {
		d := docThrough(t, tt.text, tt.lang, "deal decisions")
		got := strs(d.deals, func(dl Deal) string { return dl.Type })
		if !slices.Equal(got, tt.rules) {
			t.Errorf("%q: deals by the rules %q, want %q", tt.text, got, tt.rules)
		}
		// The models keep some of the candidates, never another deal.
		if err := (dealDecider{models: models}).process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		for _, dl := range d.deals {
			if !slices.ContainsFunc(d.cands, func(c Candidate) bool { return slices.Equal(c.Deal.Parties, dl.Parties) }) {
				t.Errorf("%q: the models decided a deal between %v, not a candidate", tt.text, dl.Parties)
			}
		}
	}
}

func BenchmarkDealDecider(b *testing.B) {
	models, err := embeddedModels()
	if err != nil {
		b.Fatal(err)
	}
	benchComponent(b, dealDecider{models: models})
}
