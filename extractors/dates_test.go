package extractors

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

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

// dateValueRe is the shape of every date value: YYYY, YYYY-MM, YYYY-MM-DD
// or YYYY-Qn.
var dateValueRe = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?|-Q[1-4])?$`)

// validDateValue reports whether v has the shape of a date value and names
// a real month and day.
func validDateValue(v string) bool {
	if !dateValueRe.MatchString(v) {
		return false
	}
	layout := map[int]string{len("2006-01-02"): "2006-01-02", len("2006-01"): "2006-01"}[len(v)]
	if layout == "" || strings.Contains(v, "Q") {
		return true
	}
	_, err := time.Parse(layout, v)
	return err == nil
}

// FuzzDates finds the dates of any text against any publication date, as
// the extractor reads it: every value is YYYY, YYYY-MM, YYYY-MM-DD or
// YYYY-Qn and a real date, every mention is the text at its span, and
// mentions come in text order without overlapping.
func FuzzDates(f *testing.F) {
	f.Add("Netflix a gagné 630.000 abonnés au deuxième trimestre 2013.", "fr", "2013-10-22")
	f.Add("Production will begin early next year, the companies said on October 14, 2013.", "en", "Mon, 14 Oct 2013 09:00:00 +0000")
	f.Fuzz(func(t *testing.T, text, lang, published string) {
		pub := parseCivil(content.ParseDate(published))
		d := newDoc([]content.Block{{Text: text}}, lang, pub)
		ms := findDates(d)
		end := 0
		for _, m := range ms {
			if !validDateValue(m.value) {
				t.Errorf("%q (published %q): value %q", m.text, published, m.value)
			}
			if m.start < end || m.end > len(d.text) || m.start >= m.end {
				t.Fatalf("span %v after %d in %d bytes", m.span, end, len(d.text))
			}
			if d.text[m.start:m.end] != m.text {
				t.Errorf("mention %q is not the text at %v: %q", m.text, m.span, d.text[m.start:m.end])
			}
			end = m.end
		}
	})
}
