package extractors

import (
	"context"
	"maps"
	"testing"
)

func TestNameRefinder(t *testing.T) {
	tests := []struct {
		text string
		want map[string]nameKind
	}{
		// A title found from the names around it: its name is dropped.
		{"Gladiator director Ridley Scott signed with Apple.", map[string]nameKind{"Ridley Scott": kindPerson, "Apple": kindOrg}},
		{"AMC renewed Breaking Bad, the drama created by Vince Gilligan, for a fifth season.",
			map[string]nameKind{"AMC": kindOrg, "Vince Gilligan": kindPerson}},
		// No title added: the names stand.
		{"Netflix signed a deal with Sony.", map[string]nameKind{"Netflix": kindOrg, "Sony": kindOrg}},
	}
	for _, tt := range tests {
		d := docThrough(t, tt.text, "en", "names again")
		if got := nameKinds(d); !maps.Equal(got, tt.want) {
			t.Errorf("%q: names %v, want %v", tt.text, got, tt.want)
		}
	}
}

// BenchmarkNameRefinder measures the second pass of the name finder when
// a title was added.
func BenchmarkNameRefinder(b *testing.B) {
	d := docThrough(b, benchText+" Gladiator director Ridley Scott signed with Apple.", "en", "work titles")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		d.namedTitles = 0
		if err := (nameRefinder{}).process(ctx, d); err != nil {
			b.Fatal(err)
		}
	}
}
