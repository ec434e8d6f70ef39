package extractors_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/extractors/content"
)

// FuzzExtract feeds arbitrary pages (HTML and plain text) to the extractor:
// it must never panic, and what it returns must be well formed.
func FuzzExtract(f *testing.F) {
	pages, _ := filepath.Glob("../fixtures/*.html")
	for _, p := range pages {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, "text/html")
		}
	}
	f.Add([]byte("Sony a signé un accord avec Netflix au deuxième trimestre 2013 pour 7,5 Md$."), "text/plain")
	f.Add([]byte("<p>“Unclosed quote by Acme Inc. in Q4 2013 for $5.4bn"), "")
	f.Add([]byte(strings.Repeat("<div>", 3000)), "text/html")
	f.Add([]byte{0xff, 0xfe, 0x00, 0x41}, "text/html; charset=utf-16")
	f.Add([]byte("Netflix, qui diffusera la série, a conclu un partenariat avec TF1. Elle a racheté Gimlet, ainsi que l'interface Anchor. Its joint venture with TCI, Redstone said."), "text/plain")
	f.Add([]byte("X's purchase of a 19.9% stake in Y; the deal was called off. America&#191;s League (NFL) signed with \"Z\", le \"Mister Big\" de Carrie Bradshaw"), "text/plain")
	x := extractors.New()
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		start := time.Now()
		res, err := x.Extract(ctx, extractors.Page{Source: "fuzz.html", Body: body, ContentType: ct}, extractors.Options{Text: true})
		if d := time.Since(start); d > extractBound {
			t.Fatalf("extraction took %s, past its 10s context", d)
		}
		if err != nil {
			return
		}
		checkResult(t, res)
	})
}

// FuzzExtractText feeds plain text, in a language and with a publication
// date or not, to the entity, figure and deal extraction: what it finds is
// well formed, quoted from the text, and the same on a second run.
func FuzzExtractText(f *testing.F) {
	f.Add("Sony a signé un accord avec Netflix au deuxième trimestre 2013 pour 7,5 Md$.", "fr", "2013-10-14")
	f.Add("Netflix compte 29,81 millions d'abonnés, a déclaré Reed Hastings.", "", "")
	f.Add("Sony Pictures Television has signed a deal with Netflix to produce a drama, to air early next year.", "en", "Mon, 14 Oct 2013 09:00:00 +0000")
	x := extractors.New()
	f.Fuzz(func(t *testing.T, text, lang, published string) {
		if lang != "en" && lang != "fr" {
			lang = ""
		}
		if content.ParseDate(published) == "" {
			published = ""
		}
		extract := func() *extractors.Result {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			start := time.Now()
			res, err := x.Extract(ctx, extractors.Page{Source: "fuzz.txt", Body: []byte(text), ContentType: "text/plain"},
				extractors.Options{Text: true, Lang: lang, Published: published})
			if d := time.Since(start); d > extractBound {
				t.Fatalf("extraction took %s, past its 10s context", d)
			}
			if err != nil {
				return nil
			}
			return res
		}
		res := extract()
		if res == nil {
			return
		}
		checkResult(t, res)
		if lang != "" && res.Article.Lang != lang {
			t.Errorf("lang %q, asked for %q", res.Article.Lang, lang)
		}
		if published != "" && res.Article.Published != content.ParseDate(published) {
			t.Errorf("published %q, asked for %q", res.Article.Published, published)
		}
		a, _ := json.Marshal(res)
		if b, _ := json.Marshal(extract()); !bytes.Equal(a, b) {
			t.Errorf("two runs differ:\n%s\n%s", a, b)
		}
	})
}

// extractBound is how long an extraction given 10s may take: its context
// is checked between stages, not inside them.
const extractBound = 30 * time.Second

var dateValue = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?|-Q[1-4])?$`)

// checkResult asserts what every article result must satisfy: it encodes
// to JSON, dates and figures have the documented shapes, deals have a known
// type and status, and names and evidence are quoted from the text.
func checkResult(t *testing.T, res *extractors.Result) {
	t.Helper()
	if _, err := json.Marshal(res); err != nil {
		t.Fatalf("result does not encode: %v", err)
	}
	art := res.Article
	if art.Extractor != extractors.Version || art.Lang == "" {
		t.Errorf("article extractor %q lang %q", art.Extractor, art.Lang)
	}
	if art.Published != "" && content.ParseDate(art.Published) != art.Published {
		t.Errorf("published %q is not YYYY-MM-DD", art.Published)
	}
	full := art.Title + "\n" + art.Text
	for _, d := range res.Dates {
		if !dateValue.MatchString(d.Value) {
			t.Errorf("date %q value %q", d.Text, d.Value)
		}
		if !strings.Contains(full, d.Text) {
			t.Errorf("date text %q not in the text", d.Text)
		}
	}
	for _, g := range res.Figures {
		if math.IsNaN(g.Value) || math.IsInf(g.Value, 0) || g.Value < 0 {
			t.Errorf("figure %q value %v", g.Text, g.Value)
		}
		if g.Metric != "subscribers" && g.Metric != "money" && g.Metric != "episodes" {
			t.Errorf("figure %q metric %q", g.Text, g.Metric)
		}
	}
	for _, c := range res.Companies {
		if c.Name == "" || len(c.Mentions) == 0 {
			t.Errorf("company %+v", c)
		}
		for _, m := range c.Mentions {
			if !strings.Contains(full, m) {
				t.Errorf("company mention %q not in the text", m)
			}
		}
	}
	for _, d := range res.Deals {
		if d.ID == "" || !slices.Contains(extractors.DealTypes, d.Type) || !slices.Contains(extractors.DealStatuses, d.Status) {
			t.Errorf("deal %s type %q status %q", d.ID, d.Type, d.Status)
		}
		if d.Terms.Date != "" && !dateValue.MatchString(d.Terms.Date) {
			t.Errorf("deal date %q", d.Terms.Date)
		}
		if math.IsNaN(d.Terms.Value) || math.IsInf(d.Terms.Value, 0) || d.Terms.Value < 0 || math.IsNaN(d.Terms.Stake) {
			t.Errorf("deal terms %+v", d.Terms)
		}
		for _, p := range d.Parties {
			if p.Name == "" {
				t.Errorf("deal %s has a party without a name", d.ID)
			}
		}
		for _, e := range d.Evidence {
			if !strings.Contains(full, e) {
				t.Errorf("deal evidence %q not in the text", e)
			}
		}
	}
}
