package source

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestParseGolden reads every kind of listing in testdata and compares
// what it lists with testdata/*.golden.json.
func TestParseGolden(t *testing.T) {
	for _, name := range []string{"rss091.xml", "rss10.rdf", "atom.xml", "feed.json", "news-sitemap.xml", "sitemapindex.xml"} {
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			l, err := Parse("https://base.example.com/feeds/"+name, body)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(l, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", strings.TrimSuffix(name, filepath.Ext(name))+".golden.json")
			if *update {
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
				t.Errorf("%s lists\n%s\nwant\n%s", name, got, want)
			}
		})
	}
}

// TestNotListings: what is not a feed or a sitemap says what it is.
func TestNotListings(t *testing.T) {
	for body, want := range map[string]string{
		"":                                "not a feed or sitemap: not XML",
		"plain text":                      "not a feed or sitemap: not XML",
		`<?xml version="1.0"?><catalog/>`: "not a feed or sitemap: XML with root element <catalog>",
		`<!DOCTYPE html><html><body></body></html>`: "not a feed or sitemap: XML with root element <html>",
		`{"title": "no version"}`:                   "not a feed or sitemap: JSON without a JSON Feed version",
		`<rss version="2.0"><channel><item>`:        "unreadable feed",
		`<urlset><url><loc>x</loc>`:                 "unreadable sitemap",
	} {
		_, err := Parse("https://example.com/", []byte(body))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", body, err, want)
		}
	}
}

// FuzzParse: no input makes the parser panic, and every entry it returns
// is an absolute http or https URL.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"rss091.xml", "rss10.rdf", "atom.xml", "feed.json", "news-sitemap.xml", "sitemapindex.xml"} {
		body, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body)
	}
	f.Add([]byte(`<sitemapindex><sitemap><loc>javascript:x</loc></sitemap></sitemapindex>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		l, err := Parse("https://example.com/feed", body)
		if err != nil {
			return
		}
		for _, e := range l.Entries {
			if CheckURL(e.URL) != nil {
				t.Errorf("entry %q is not an http or https URL", e.URL)
			}
		}
		for _, s := range l.Sitemaps {
			if CheckURL(s) != nil {
				t.Errorf("sitemap %q is not an http or https URL", s)
			}
		}
	})
}
