package extractors

import "testing"

func TestCandidateMaker(t *testing.T) {
	tests := []struct {
		text, lang string
		want       []string // the candidates' types
	}{
		{"Sony Pictures Television has signed a deal with Netflix to produce a series.", "en", []string{Production}},
		{"Le groupe Canal+ a racheté la chaîne OCS. Netflix a conclu un partenariat avec TF1.", "fr", []string{Acquisition, Partnership}},
		{"Netflix said on Monday that Sony was growing.", "en", nil},
	}
	for _, tt := range tests {
		d := docThrough(t, tt.text, tt.lang, "deal candidates")
		if len(d.cands) != len(tt.want) {
			t.Fatalf("%q: %d candidates, want %d", tt.text, len(d.cands), len(tt.want))
		}
		for i, c := range d.cands {
			if c.Deal.Type != tt.want[i] || len(c.Features) == 0 || c.draft != d.drafts[i] {
				t.Errorf("%q: candidate %d is a %s with %d features, want a %s with features of its draft", tt.text, i, c.Deal.Type, len(c.Features), tt.want[i])
			}
		}
	}
}

func BenchmarkCandidateMaker(b *testing.B) { benchComponent(b, candidateMaker{}) }
