package extractors

import (
	"slices"
	"testing"
)

func TestAssembler(t *testing.T) {
	tests := []struct {
		text, lang string
		companies  []Company
		people     []string
		dates      []string
	}{
		{"Sony Pictures Television (SPT) has signed a deal with Netflix, chief executive Reed Hastings said in March 2019.", "en",
			[]Company{{Name: "Sony Pictures Television"}, {Name: "Netflix"}}, []string{"Reed Hastings"}, []string{"2019-03"}},
		{"Nothing happened here.", "en", []Company{}, nil, nil},
	}
	for _, tt := range tests {
		res := docThrough(t, tt.text, tt.lang, "result").result
		var companies []Company
		for _, c := range res.Companies {
			companies = append(companies, Company{Name: c.Name})
		}
		people := strs(res.People, func(p Person) string { return p.Name })
		dates := strs(res.Dates, func(d Date) string { return d.Value })
		if !slices.EqualFunc(companies, tt.companies, func(a, b Company) bool { return a.Name == b.Name }) ||
			!slices.Equal(people, tt.people) || !slices.Equal(dates, tt.dates) {
			t.Errorf("%q: companies %v people %q dates %q, want %v %q %q", tt.text, companies, people, dates, tt.companies, tt.people, tt.dates)
		}
		// Empty layers are empty lists, not null, in the JSON result.
		if res.Companies == nil || res.Titles == nil || res.People == nil || res.Dates == nil || res.Figures == nil || res.Deals == nil {
			t.Errorf("%q: a nil list in %+v", tt.text, res)
		}
	}
}

func BenchmarkAssembler(b *testing.B) { benchComponent(b, assembler{}) }
