package extractors

import (
	"slices"
	"testing"
)

func TestWorkTitleFinder(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Gladiator director Ridley Scott signed with Apple.", []string{"Gladiator"}},
		{"AMC renewed Breaking Bad, the drama created by Vince Gilligan, for a fifth season.", []string{"Breaking Bad"}},
		{"Netflix signed a deal with Sony.", nil},
	}
	for _, tt := range tests {
		d := docThrough(t, tt.text, "en", "work titles")
		if got := titleNames(d); !slices.Equal(got, tt.want) {
			t.Errorf("%q: titles %q, want %q", tt.text, got, tt.want)
		}
	}
}

func BenchmarkWorkTitleFinder(b *testing.B) { benchComponent(b, workTitleFinder{}) }
