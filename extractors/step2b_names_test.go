package extractors

import (
	"maps"
	"testing"
)

// nameKinds returns the kind of each of d's names.
func nameKinds(d *doc) map[string]nameKind {
	out := map[string]nameKind{}
	for _, n := range d.names.order {
		out[n.text] = n.kind
	}
	return out
}

func TestNameFinder(t *testing.T) {
	tests := []struct {
		text, lang string
		want       map[string]nameKind
	}{
		{"Netflix, the streaming giant, hired chief executive Reed Hastings in March.", "en",
			map[string]nameKind{"Netflix": kindOrg, "Reed Hastings": kindPerson, "March": kindThing}},
		{"Le groupe Canal+ a racheté OCS, a indiqué Maxime Saada, président du directoire.", "fr",
			map[string]nameKind{"Canal+": kindOrg, "OCS": kindOrg, "Maxime Saada": kindPerson}},
		{`Sony will produce "The Crown" for Netflix.`, "en",
			map[string]nameKind{"Sony": kindOrg, "Netflix": kindOrg}},
		// A company, its role word, then the person.
		{"Netflix CEO Reed Hastings said the company would grow.", "en",
			map[string]nameKind{"Netflix": kindOrg, "Reed Hastings": kindPerson}},
		// A first name and a word that is also a month or a modal.
		{"The presenter James May signed with Amazon.", "en",
			map[string]nameKind{"James May": kindPerson, "Amazon": kindOrg}},
	}
	for _, tt := range tests {
		d := docThrough(t, tt.text, tt.lang, "names")
		if got := nameKinds(d); !maps.Equal(got, tt.want) {
			t.Errorf("%q: names %v, want %v", tt.text, got, tt.want)
		}
		if d.namedTitles != len(d.titles) {
			t.Errorf("%q: names found around %d titles of %d", tt.text, d.namedTitles, len(d.titles))
		}
	}
}

func BenchmarkNameFinder(b *testing.B) { benchComponent(b, nameFinder{}) }
