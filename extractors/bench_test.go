package extractors_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jdkato/prose/v2"

	"github.com/dealwire/dealwire/extractors"
)

// benchPages are the development articles of the train split, with their main text's word
// count, read once.
var benchPages = sync.OnceValues(func() ([]extractors.Page, int) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "train", "articles", "d*.html"))
	var pages []extractors.Page
	words := 0
	x := extractors.New()
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			panic(err)
		}
		p := extractors.Page{Source: f, Body: body}
		res, err := x.Extract(context.Background(), p, extractors.Options{})
		if err != nil {
			panic(err)
		}
		words += res.Article.Words
		pages = append(pages, p)
	}
	return pages, words
})

// BenchmarkExtract is the full extraction, HTML to article result, of the
// development articles. It reports words of main text per second; run it
// with -cpu 1 for the one-core figure.
func BenchmarkExtract(b *testing.B) {
	pages, words := benchPages()
	if len(pages) == 0 {
		b.Skipf("no development articles under %s", corpusDir)
	}
	x := extractors.New()
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pages {
			if _, err := x.Extract(ctx, p, extractors.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(words*b.N)/b.Elapsed().Seconds(), "words/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pages)), "ns/article")
}

// BenchmarkProse runs prose v2 over the same main texts, its models built
// once and reused, as the baseline dealwire is measured against: tagging
// and named entities, the nearest thing prose has to an extractor.
func BenchmarkProse(b *testing.B) {
	pages, words := benchPages()
	if len(pages) == 0 {
		b.Skipf("no development articles under %s", corpusDir)
	}
	x := extractors.New()
	var texts []string
	for _, p := range pages {
		res, err := x.Extract(context.Background(), p, extractors.Options{Text: true})
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, res.Article.Text)
	}
	model := prose.ModelFromData("baseline")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, t := range texts {
			if _, err := prose.NewDocument(t, prose.UsingModel(model)); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(words*b.N)/b.Elapsed().Seconds(), "words/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pages)), "ns/article")
}

// BenchmarkExtractLarge bounds the cost of hostile pages: 5 MB of
// paragraphs, one paragraph of 1 MB, one sentence that long, and deeply
// nested markup.
func BenchmarkExtractLarge(b *testing.B) {
	para := "<p>Sony Pictures Television has signed a deal with Netflix to create original series, the companies said on Monday.</p>\n"
	cases := map[string]string{
		"5MB":          "<html><body><article>" + strings.Repeat(para, 5<<20/len(para)) + "</article></body></html>",
		"1MBparagraph": "<html><body><p>" + strings.Repeat("Netflix signed a deal with Sony. ", 1<<20/33) + "</p></body></html>",
		"1MBsentence":  "<html><body><p>" + strings.Repeat("Netflix signed a deal with Sony Pictures and Canal+ acquired TF1, ", 1<<20/67) + "</p></body></html>",
		"deep":         "<html><body>" + strings.Repeat("<div>", 100000) + "<p>" + para + "</p>" + strings.Repeat("</div>", 100000) + "</body></html>",
	}
	x := extractors.New()
	for _, name := range []string{"5MB", "1MBparagraph", "1MBsentence", "deep"} {
		body := []byte(cases[name])
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if _, err := x.Extract(context.Background(), extractors.Page{Source: name + ".html", Body: body}, extractors.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
