// Package extractors turns a fetched page into an article result: its main
// text and metadata, the companies, titles of works, people, dates and
// figures it names, and the deals it reports. It is pure: bytes and fetch
// metadata go in, a Result comes out. It does no I/O and knows nothing of
// messaging.
package extractors

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"path"
	"strings"
	"time"

	"github.com/dealwire/dealwire/extractors/content"
)

// Version identifies the extraction logic. It is part of the message ids of
// results, so that re-extracting stored pages with a changed extractor
// yields new results rather than duplicates.
const Version = "0.2.0"

// Page is one fetched page.
type Page struct {
	// ID is the article id assigned when the page was fetched, if any.
	ID string
	// Source is the input as the user gave it: a URL or a file path.
	Source       string
	URL          string // requested URL
	FinalURL     string // URL after redirects
	CanonicalURL string // as computed when fetched; recomputed when empty
	// ContentType is the HTTP Content-Type header; empty for local files.
	ContentType string
	FetchedAt   time.Time
	Body        []byte
}

// Options adjust one extraction.
type Options struct {
	// Published overrides the publication date (YYYY-MM-DD).
	Published string
	// Lang overrides the language (two letters).
	Lang string
	// Text includes the main text in the result's article.text.
	Text bool
	// Rules leaves the deal decisions to the rules alone, without the
	// trained models: the baseline the models are measured against.
	Rules bool
}

// Errors for pages that hold no article.
var (
	ErrEmpty   = content.ErrEmpty
	ErrNotHTML = content.ErrNotHTML
	ErrNoText  = errors.New("no article text found")
)

// Extractor extracts article results. Its word lists and models are built
// once; it is safe for concurrent use.
type Extractor struct {
	// full decides deals with the trained models, rules by the rules
	// alone.
	full, rules pipeline
}

// New returns an Extractor with the trained models it was built with. A
// build whose embedded models do not load (a test guards against it)
// decides deals by the rules alone.
func New() *Extractor {
	m, err := embeddedModels()
	if err != nil {
		m = nil
	}
	return NewWithModels(m)
}

// NewWithModels returns an Extractor that takes its deal decisions with m;
// nil means by the rules alone.
func NewWithModels(m *Models) *Extractor {
	return &Extractor{full: newPipeline(m), rules: newPipeline(nil)}
}

// Extract reads one page. It returns an error for a page that holds no
// article (empty, not HTML, no main text) and ctx's error when ctx ends
// first, which bounds the time one page may take.
func (x *Extractor) Extract(ctx context.Context, p Page, o Options) (*Result, error) {
	res, _, err := x.extract(ctx, p, o)
	return res, err
}

// Candidates are what the trained decisions read, before they decide:
// the deal candidates the rules proposed and the names as the rules typed
// them, each with its features.
type Candidates struct {
	Deals []Candidate
	Names []NameCandidate
}

// Candidates extracts one page as Extract does and also returns the
// candidates its decisions were taken on: what the models are trained on.
func (x *Extractor) Candidates(ctx context.Context, p Page, o Options) (*Result, *Candidates, error) {
	res, d, err := x.extract(ctx, p, o)
	if d == nil {
		return res, &Candidates{}, err
	}
	return res, &Candidates{Deals: d.cands, Names: d.nameCands}, err
}

func (x *Extractor) extract(ctx context.Context, p Page, o Options) (*Result, *doc, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	pageURL := p.FinalURL
	if pageURL == "" {
		pageURL = p.URL
	}
	var doc *content.Document
	var err error
	if isPlainText(p) {
		doc, err = content.ParseText(p.Body, p.ContentType)
	} else {
		doc, err = content.Parse(p.Body, p.ContentType, pageURL)
	}
	if err != nil {
		return nil, nil, err
	}
	if len(doc.Blocks) == 0 {
		if doc.Reason != "" {
			return nil, nil, fmt.Errorf("%w: %s", ErrNoText, doc.Reason)
		}
		return nil, nil, ErrNoText
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	art := Article{
		ID:           p.ID,
		URL:          firstOf(p.URL, doc.CanonicalURL),
		FinalURL:     firstOf(p.FinalURL, p.URL, doc.CanonicalURL),
		CanonicalURL: firstOf(p.CanonicalURL, doc.CanonicalURL, content.NormalizeURL(pageURL)),
		Source:       p.Source,
		Title:        doc.Title,
		Published:    doc.Published,
		Site:         doc.Site,
		Extractor:    Version,
	}
	if !p.FetchedAt.IsZero() {
		art.FetchedAt = p.FetchedAt.UTC().Format(time.RFC3339)
	}
	if o.Published != "" {
		pub := content.ParseDate(o.Published)
		if pub == "" {
			return nil, nil, fmt.Errorf("bad publication date %q: want YYYY-MM-DD", o.Published)
		}
		art.Published = pub
	}
	text := doc.Text()
	art.Lang = o.Lang
	if art.Lang == "" {
		art.Lang = detectLang(text)
	}
	if art.Lang == "" {
		art.Lang = doc.Lang
	}
	if art.Lang == "" {
		art.Lang = "en"
	}
	art.Words = len(strings.Fields(text))
	if o.Text {
		art.Text = text
	}
	// The headline is not main text, but it often names the deal.
	blocks := doc.Blocks
	if doc.Title != "" {
		blocks = append([]content.Block{{Text: doc.Title, Kind: content.Heading}}, blocks...)
	}
	if !Supported(art.Lang) {
		// No rules for this language: only what does not depend on it.
		res := knownOnly(blocks, art.Lang)
		res.Article = art
		return res, nil, nil
	}
	pl := x.full
	if o.Rules {
		pl = x.rules
	}
	d, err := pl.run(ctx, blocks, art.Lang, parseCivil(art.Published))
	if err != nil {
		return nil, nil, err
	}
	d.result.Article = art
	return d.result, d, nil
}

func isPlainText(p Page) bool {
	if p.ContentType != "" {
		mt, _, _ := mime.ParseMediaType(p.ContentType)
		return mt == "text/plain"
	}
	name := p.Source
	if name == "" {
		name = p.URL
	}
	return strings.EqualFold(path.Ext(name), ".txt")
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
