package extractors

import (
	"slices"
	"testing"
)

func TestDateFinder(t *testing.T) {
	tests := []struct {
		text, lang string
		want       []string
	}{
		{"In March 2019, Canal+ acquired a stake in Mediapro.", "en", []string{"2019-03"}},
		{"Le groupe Canal+ a racheté la chaîne OCS le 3 mars 2020.", "fr", []string{"2020-03-03"}},
		{"Netflix signed a deal with Sony.", "en", nil},
	}
	for _, tt := range tests {
		d := docThrough(t, tt.text, tt.lang, "dates")
		got := strs(d.dates, func(m dateMention) string { return m.value })
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: dates %q, want %q", tt.text, got, tt.want)
		}
	}
}

func BenchmarkDateFinder(b *testing.B) { benchComponent(b, dateFinder{}) }
