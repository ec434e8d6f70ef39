package extractors

import (
	"slices"
	"testing"
)

// titleNames returns the names of d's titles of works.
func titleNames(d *doc) []string {
	return strs(d.titles, func(ti titleMention) string { return ti.name })
}

func TestTitleFinder(t *testing.T) {
	tests := []struct {
		text, lang string
		want       []string
	}{
		{`Sony will produce "The Crown" for Netflix.`, "en", []string{"The Crown"}},
		{"La série « Dix pour cent » a été achetée par Netflix.", "fr", []string{"Dix pour cent"}},
		{"Netflix signed a deal with Sony.", "en", nil},
		// A known work that is also a phrase, where the sentence speaks of works.
		{"Netflix renewed The Crown for a sixth season.", "en", []string{"The Crown"}},
		{"Officials at The Crown said rents rose.", "en", nil},
		// A known work's title the text also writes as words.
		{"Les abonnés de la plateforme paient. La plateforme a racheté Gimlet.", "fr", nil},
		// French titles keep lower-case words after their article.
		{"France 2 diffusera la série Le Silence des vagues à la rentrée.", "fr", []string{"Le Silence des vagues"}},
		{"Canal+ adapte le roman La maison et la mer de Jean Dupont.", "fr", []string{"La maison et la mer"}},
		{"La série Marseille diffusée sur Netflix a été arrêtée.", "fr", []string{"Marseille"}},
		// A known work holds the shorter title a cue read in it.
		{"Canal+ a commandé une nouvelle saison de la série Baron noir.", "fr", []string{"Baron noir"}},
		// An ambiguous known work listed among works a sentence names.
		{"The deal includes library titles such as Friends, Seinfeld and The Big Bang Theory.", "en", []string{"Friends", "Seinfeld", "The Big Bang Theory"}},
	}
	for _, tt := range tests {
		d := docThrough(t, tt.text, tt.lang, "titles")
		if got := titleNames(d); !slices.Equal(got, tt.want) {
			t.Errorf("%q: titles %q, want %q", tt.text, got, tt.want)
		}
	}
}

func BenchmarkTitleFinder(b *testing.B) { benchComponent(b, titleFinder{}) }
