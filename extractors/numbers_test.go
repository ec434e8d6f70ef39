package extractors

import (
	"math"
	"testing"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		lang string
		want float64
		ok   bool
	}{
		{"630.000", "fr", 630000, true},
		{"29,81", "fr", 29.81, true},
		{"1,500", "en", 1500, true},
		{"5.4", "en", 5.4, true},
		{"1.500.000", "en", 1500000, true},
		{"1 500 000", "fr", 1500000, true},
		{"1\u00a0500", "fr", 1500, true},
		{"1\u202f500,5", "fr", 1500.5, true},
		{"12,000", "en", 12000, true},
		{"3,5", "fr", 3.5, true},
		{"2,275,000.50", "en", 2275000.5, true},
		{"2.275.000,50", "fr", 2275000.5, true},
		{"2013", "en", 2013, true},
		{"", "en", 0, false},
		{"1,2,3", "fr", 0, false},
		{"abc", "en", 0, false},
		{"1.", "en", 0, false},
		{",5", "fr", 0, false},
		{"1.2.3", "en", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseNumber(tt.in, tt.lang)
		if ok != tt.ok || ok && math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("ParseNumber(%q, %s) = %v, %v; want %v, %v", tt.in, tt.lang, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFindAmounts(t *testing.T) {
	tests := []struct {
		text     string
		lang     string
		value    float64
		currency string
	}{
		{"News Corp offered $5.4bn for the shares", "en", 5.4e9, "USD"},
		{"Microsoft paie 7,5 Md$ pour ZeniMax", "fr", 7.5e9, "USD"},
		{"for 217 mln dlrs in cash", "en", 217e6, "USD"},
		{"a bid of £600m for the club", "en", 600e6, "GBP"},
		{"Netflix compte 29,81 millions d'abonnés", "fr", 29.81e6, ""},
		{"un peu plus de 2 millions sur les deux trimestres", "fr", 2e6, ""},
		{"une quarantaine de millions de dollars", "fr", 40e6, "USD"},
		{"une offre à 29,90 euros par mois", "fr", 29.9, "EUR"},
		{"à moins de 30€ par mois", "fr", 30, "EUR"},
		{"about 15.5 mln dlrs", "en", 15.5e6, "USD"},
		{"objectif de 3,5 M d'abonnés", "fr", 3.5e6, ""},
		{"up 19 cents", "en", 0.19, "USD"},
		{"two million subscribers", "en", 2e6, ""},
		{"Objectif : 3 millions et demi d'abonnés", "fr", 3.5e6, ""},
		{"the 10-20 million subscribers it aims for", "en", 10e6, ""},
		{"the 10-20 million subscribers it aims for", "en", 20e6, ""},
		{"the rights went for Rs 4,200 crore", "en", 4.2e10, "INR"},
		{"a round of ₹50 lakh", "en", 5e6, "INR"},
		{"an offer of Rs 1,200 Cr on Monday", "en", 1.2e10, "INR"},
		{"a deal worth 80 million kronor", "en", 80e6, "SEK"},
		{"valued at HK$3.2 billion", "en", 3.2e9, "HKD"},
		{"por R$ 2,5 bilhões", "fr", 2.5, "BRL"},
		{"a SEK 500 million round", "en", 500e6, "SEK"},
		{"could pay $US300 million a year", "en", 300e6, "USD"},
		{"une dette de 1,2 milliard de francs suisses", "fr", 1.2e9, "CHF"},
		{"the group's 23m subscribers", "en", 23e6, ""},
		// "a" and "un" before a scale are one.
		{"Hulu has a million subscribers", "en", 1e6, ""},
		{"Netflix compte un million d'abonnés", "fr", 1e6, ""},
		{"paid a billion dollars", "en", 1e9, "USD"},
	}
	for _, tt := range tests {
		as := findAmounts(tt.text, 0, len(tt.text), tt.lang)
		found := false
		for _, a := range as {
			if math.Abs(a.value-tt.value) < 1e-6*math.Max(1, tt.value) && a.currency == tt.currency {
				found = true
			}
		}
		if !found {
			t.Errorf("findAmounts(%q) = %+v; want %v %s", tt.text, as, tt.value, tt.currency)
		}
	}
	// A scaled amount is a whole number of units.
	if as := findAmounts("for $8.45 billion", 0, 17, "en"); len(as) != 1 || as[0].value != 8450000000 {
		t.Errorf("findAmounts($8.45 billion) = %+v; want exactly 8450000000", as)
	}
	// Numbers glued to letters are names, not amounts; "a" and "un" alone
	// are no number.
	for _, text := range []string{"TF1 et M6", "la 3G", "RTL2 diffuse", "a deal with un groupe", "une offre"} {
		if as := findAmounts(text, 0, len(text), "fr"); len(as) != 0 {
			t.Errorf("findAmounts(%q) = %+v; want none", text, as)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"630.000", "29,81", "1 500 000", "2,275,000.50", "1e9", "--", "9999999999999999999999"} {
		f.Add(s, "fr")
		f.Add(s, "en")
	}
	f.Fuzz(func(t *testing.T, s, lang string) {
		v, ok := ParseNumber(s, lang)
		if ok && (math.IsNaN(v) || math.IsInf(v, 0) || v < 0) {
			t.Errorf("ParseNumber(%q) = %v", s, v)
		}
		as := findAmounts(s, 0, len(s), lang)
		for _, a := range as {
			if a.start < 0 || a.end > len(s) || a.start > a.end {
				t.Errorf("amount span %v out of %d", a.span, len(s))
			}
			if math.IsNaN(a.value) || math.IsInf(a.value, 0) || a.value < 0 {
				t.Errorf("amount %q = %v", s, a.value)
			}
		}
	})
}
