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
	}
	for _, tt := range tests {
		d := docThrough(t, tt.text, tt.lang, "titles")
		if got := titleNames(d); !slices.Equal(got, tt.want) {
			t.Errorf("%q: titles %q, want %q", tt.text, got, tt.want)
		}
	}
}

func BenchmarkTitleFinder(b *testing.B) { benchComponent(b, titleFinder{}) }
