package extractors

import (
	"maps"
	"slices"
	"testing"
)

// groupForms returns each company group of d with its forms.
func groupForms(d *doc) map[string][]string {
	out := map[string][]string{}
	for _, g := range d.groups {
		var forms []string
		for _, f := range g.forms {
			forms = append(forms, f.text)
		}
		out[g.name] = forms
	}
	return out
}

func TestCompanyGrouper(t *testing.T) {
	tests := []struct {
		text, lang string
		want       map[string][]string
	}{
		{"Sony Pictures Television (SPT) has signed a deal with Netflix. SPT said on Monday.", "en",
			map[string][]string{"Sony Pictures Television": {"Sony Pictures Television", "SPT"}, "Netflix": {"Netflix"}}},
		{"Tele-Communications Inc said on Monday. TCI has bought Viacom.", "en",
			map[string][]string{"Tele-Communications Inc": {"Tele-Communications Inc", "TCI"}, "Viacom": {"Viacom"}}},
		{"Le groupe Canal+ a racheté la chaîne OCS.", "fr",
			map[string][]string{"Canal+": {"Canal+"}, "OCS": {"OCS"}}},
	}
	for _, tt := range tests {
		d := docThrough(t, tt.text, tt.lang, "companies")
		if got := groupForms(d); !maps.EqualFunc(got, tt.want, slices.Equal) {
			t.Errorf("%q: groups %q, want %q", tt.text, got, tt.want)
		}
	}
}

func BenchmarkCompanyGrouper(b *testing.B) { benchComponent(b, companyGrouper{}) }
