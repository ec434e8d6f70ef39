package extractors

import (
	"slices"
	"testing"
)

func TestFigureFinder(t *testing.T) {
	tests := []struct {
		text, lang string
		want       []Figure // metric, value, company
	}{
		{"Netflix will pay $100 million for the series. The company has 150 million subscribers.", "en",
			[]Figure{{Metric: "money", Value: 1e8, Company: "Netflix"}, {Metric: "subscribers", Value: 1.5e8, Company: "Netflix"}}},
		{"Netflix signed a deal with Sony.", "en", nil},
	}
	for _, tt := range tests {
		d := docThrough(t, tt.text, tt.lang, "figures")
		var got []Figure
		for _, f := range d.figures {
			got = append(got, Figure{Metric: f.Metric, Value: f.Value, Company: f.Company})
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: figures %+v, want %+v", tt.text, got, tt.want)
		}
	}
}

func BenchmarkFigureFinder(b *testing.B) { benchComponent(b, figureFinder{}) }
