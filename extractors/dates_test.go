package extractors

import (
	"slices"
	"testing"

	"github.com/dealwire/dealwire/extractors/content"
)

func dateValues(text, lang, pub string) []string {
	d := newDoc([]content.Block{{Text: text}}, lang, parseCivil(pub))
	var out []string
	for _, m := range findDates(d) {
		out = append(out, m.value)
	}
	return out
}

func TestFindDates(t *testing.T) {
	tests := []struct {
		text string
		lang string
		pub  string
		want []string
	}{
		{"Production will begin early next year.", "en", "2013-10-14", []string{"2014"}},
		{"Netflix a gagné 630.000 abonnés au deuxième trimestre 2013.", "fr", "", []string{"2013-Q2"}},
		{"In September of 2014 I wrote a blog.", "en", "", []string{"2014-09"}},
		{"In January this year it said it had closed a deal.", "en", "2015-03-02", []string{"2015-01"}},
		{"In January this year it said it had closed a deal.", "en", "", nil},
		{"C'est ce qu'a affirmé en juin son directeur.", "fr", "2013-08-01", []string{"2013-06"}},
		// A month without a year is the publication year's, unless the
		// words after it move it ("dernier", "prochain").
		{"C'est ce qu'a affirmé en juin son directeur.", "fr", "2013-03-01", []string{"2013-06"}},
		{"Il l'a affirmé en juin dernier.", "fr", "2013-03-01", []string{"2012-06"}},
		{"Le film sortira en mars prochain.", "fr", "2013-06-01", []string{"2014-03"}},
		{"The ceremony is on 27 February 2005.", "en", "", []string{"2005-02-27"}},
		{"The deal was announced on October 14, 2013.", "en", "", []string{"2013-10-14"}},
		{"Le film sortira le 12 mai sur la plateforme.", "fr", "2016-05-05", []string{"2016-05-12"}},
		{"Il a été repoussé au 28 février prochain.", "fr", "2020-09-25", []string{"2021-02-28"}},
		// Without a publication date, the year the text gives.
		{"The ceremony is on 27 February 2005. The nominations come on 25 January.", "en", "", []string{"2005-02-27", "2005-01-25"}},
		{"It lost subscribers in the fourth quarter.", "en", "2005-02-01", []string{"2004-Q4"}},
		{"Results for Q3 2019 were strong.", "en", "", []string{"2019-Q3"}},
		{"au premier trimestre 2020", "fr", "", []string{"2020-Q1"}},
		{"L'an dernier, le groupe a vendu Gulli.", "fr", "2020-06-16", []string{"2019"}},
		{"He has been a director since 1984.", "en", "", []string{"1984"}},
		{"The 2004-05 season and the 2020-2024 rights.", "en", "", nil},
		{"It has 2000 subscribers.", "en", "", nil},
		{"a three-year deal worth $5m", "en", "2013-01-01", nil},
		{"They met on Monday.", "en", "2013-01-01", nil},
		{"It may be sold in March.", "en", "2013-06-01", []string{"2013-03"}},
	}
	for _, tt := range tests {
		got := dateValues(tt.text, tt.lang, tt.pub)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q (pub %s) = %v; want %v", tt.text, tt.pub, got, tt.want)
		}
	}
}
