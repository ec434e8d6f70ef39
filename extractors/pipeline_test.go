package extractors

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/dealwire/dealwire/extractors/content"
)

// newDoc opens a doc over blocks and segments it, as the pipeline's first
// component does.
func newDoc(blocks []content.Block, lang string, pub civil) *doc {
	d := &doc{blocks: blocks, lang: lang, pub: pub}
	segmenter{}.process(context.Background(), d)
	return d
}

// docThrough returns a doc over text, a headline and a paragraph when text
// holds a blank line, that the pipeline's components have annotated up to
// and including the one called last.
func docThrough(tb testing.TB, text, lang, last string) *doc {
	tb.Helper()
	d := &doc{blocks: textBlocks(text), lang: lang, pub: civil{2020, 6, 15}}
	for _, c := range newPipeline(nil) {
		if err := c.process(context.Background(), d); err != nil {
			tb.Fatal(err)
		}
		if c.name() == last {
			return d
		}
	}
	tb.Fatalf("no component %q", last)
	return nil
}

// textBlocks makes the blocks of a short test text: the part before a
// blank line, if any, is the headline.
func textBlocks(text string) []content.Block {
	head, body, ok := strings.Cut(text, "\n\n")
	if !ok {
		return []content.Block{{Text: text}}
	}
	return []content.Block{{Text: head, Kind: content.Heading}, {Text: body}}
}

// benchComponent measures component c on a doc the pipeline has
// annotated up to and including c.
func benchComponent(b *testing.B, c component) {
	d := docThrough(b, benchText, "en", c.name())
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := c.process(ctx, d); err != nil {
			b.Fatal(err)
		}
	}
}

// strs maps xs to strings with f: a layer as a test compares it.
func strs[T any](xs []T, f func(T) string) []string {
	var out []string
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

// benchText is a short article for the component benchmarks.
const benchText = "Netflix signs deal with Sony Pictures Television\n\n" +
	"Sony Pictures Television (SPT) has signed a deal with Netflix to produce \"The Crown\", the companies said on Monday. " +
	"Netflix, the streaming giant, will pay $100 million for the series, chief executive Reed Hastings said. " +
	"The company has 150 million subscribers. In March 2019, Canal+ acquired a 20% stake in Mediapro."

func TestPipelineOrder(t *testing.T) {
	var got []string
	for _, c := range newPipeline(nil) {
		got = append(got, c.name())
	}
	want := []string{"text", "titles", "names", "work titles", "names again", "name types", "companies", "dates", "figures",
		"deal drafts", "deal candidates", "deal decisions", "result"}
	if !slices.Equal(got, want) {
		t.Errorf("pipeline order\n got %q\nwant %q", got, want)
	}
}

func TestPipelineStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := newPipeline(nil).run(ctx, textBlocks(benchText), "en", civil{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("run with a cancelled context: %v, want %v", err, context.Canceled)
	}
}

func BenchmarkPipeline(b *testing.B) {
	p := newPipeline(nil)
	blocks := textBlocks(benchText)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.run(ctx, blocks, "en", civil{2020, 6, 15}); err != nil {
			b.Fatal(err)
		}
	}
}
