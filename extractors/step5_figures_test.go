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
		// The count named before its level, and its owner by possessive.
		{"Hulu said its subscriber base grew by 9 per cent to 4,100,000.", "en",
			[]Figure{{Metric: "subscribers", Value: 4.1e6, Company: "Hulu"}}},
		{"The deal gives Sony access to Crunchyroll's 5 million paying subscribers.", "en",
			[]Figure{{Metric: "subscribers", Value: 5e6, Company: "Crunchyroll"}}},
		{"Le nombre d'abonnés de Canal+ est passé de 800 000 à 950 000.", "fr",
			[]Figure{{Metric: "subscribers", Value: 8e5, Company: "Canal+"}, {Metric: "subscribers", Value: 9.5e5, Company: "Canal+"}}},
		// A deal's value named before the deal.
		{"Sony walked away from a $3 billion partnership with Tencent.", "en",
			[]Figure{{Metric: "money", Value: 3e9, Company: "Sony"}}},
		// "The streaming company": the company the article is about.
		{"Netflix beat estimates, Netflix said. Apple has a new show. The streaming company added 5 million subscribers.", "en",
			[]Figure{{Metric: "subscribers", Value: 5e6, Company: "Netflix"}}},
		// A price without its currency, one after a valuation's object,
		// and a share price that is no deal's value.
		{"Microsoft acquired the studio Mojang for 2.5 billion.", "en",
			[]Figure{{Metric: "money", Value: 2.5e9, Company: "Microsoft"}}},
		{"Its board turned down a $85-a-share offer from Fox, which valued Sky at more than $30 billion.", "en",
			[]Figure{{Metric: "money", Value: 30e9, Company: "Fox"}}},
		// The owner of a count in a phrase fronted before it.
		{"With 17 million subscribers, Sky is the largest pay-TV operator.", "en",
			[]Figure{{Metric: "subscribers", Value: 17e6, Company: "Sky"}}},
		{"Roku said active accounts rose 13% to 80 million.", "en",
			[]Figure{{Metric: "subscribers", Value: 80e6, Company: "Roku"}}},
		// A count of something else after a count of subscribers.
		{"Spotify added 4 million subscribers. Its operating income fell to 80 million crowns.", "en",
			[]Figure{{Metric: "subscribers", Value: 4e6, Company: "Spotify"}}},
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

func TestSubscriberQualifier(t *testing.T) {
	tests := []struct{ before, after, want string }{
		{"Netflix added", "subscribers in the quarter", QualNew},
		// The cue nearest to the number wins.
		{"added 8.8 million subscribers, bringing its total to", "", QualTotal},
		{"gained 3.5 million subscribers, reaching", "", QualTotal},
		{"lost 4 million subscribers and now has", "", QualTotal},
		{"soit", "nouveaux abonnés", QualNew},
		// An objective stands whatever else is said.
		{"vise", "millions d'abonnés au total d'ici 2025", QualTarget},
		{"has", "subscribers", QualTotal},
	}
	for _, tt := range tests {
		if got, _ := subscriberQualifier(tt.before, tt.after); got != tt.want {
			t.Errorf("subscriberQualifier(%q, %q) = %s, want %s", tt.before, tt.after, got, tt.want)
		}
	}
}
