package extractors

import (
	"slices"
	"testing"
)

func TestSegmenter(t *testing.T) {
	tests := []struct {
		text      string
		sents     []string
		heading   []bool
		firstToks []string // the first sentence's tokens
		lower     string   // a word the text writes in lower case
	}{
		{"Sony signed. Netflix paid.", []string{"Sony signed.", "Netflix paid."}, []bool{false, false},
			[]string{"Sony", "signed", "."}, "signed"},
		{"Deal done\n\nAT&T bought Time Warner Inc. for $85bn.", []string{"Deal done", "AT&T bought Time Warner Inc. for $85bn."},
			[]bool{true, false}, []string{"Deal", "done"}, "bought"},
		{"« Canal+ » a signé.", []string{"« Canal+ » a signé."}, []bool{false},
			[]string{"«", "Canal+", "»", "a", "signé", "."}, "signé"},
	}
	for _, tt := range tests {
		d := docThrough(t, tt.text, "en", "text")
		var sents []string
		var heading []bool
		for _, s := range d.sents {
			sents = append(sents, d.text[s.start:s.end])
			heading = append(heading, s.heading)
		}
		var toks []string
		for _, tok := range d.sents[0].toks {
			toks = append(toks, tok.text)
		}
		if !slices.Equal(sents, tt.sents) || !slices.Equal(heading, tt.heading) {
			t.Errorf("%q: sentences %q %v, want %q %v", tt.text, sents, heading, tt.sents, tt.heading)
		}
		if !slices.Equal(toks, tt.firstToks) {
			t.Errorf("%q: tokens %q, want %q", tt.text, toks, tt.firstToks)
		}
		if !d.lowerSeen[tt.lower] {
			t.Errorf("%q: %q not seen in lower case", tt.text, tt.lower)
		}
	}
}

func BenchmarkSegmenter(b *testing.B) { benchComponent(b, segmenter{}) }
