package pipelinetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/pipeline/store"
)

// FixtureDeal is one deal of the fixture articles, written for these
// tests (the companies and the reports are made up).
func FixtureDeal(typ, status string, parties []extractors.Party, titles []string, terms extractors.Terms, evidence ...string) extractors.Deal {
	names := make([]string, 0, len(parties))
	for _, p := range parties {
		names = append(names, p.Name)
	}
	if titles == nil {
		titles = []string{}
	}
	return extractors.Deal{ID: extractors.DealID(typ, names, titles), Type: typ, Status: status,
		Parties: parties, Titles: titles, Terms: terms, Evidence: evidence}
}

// FixtureResult is an article result at url reporting deals. The store
// takes the names of the deals' parties as the article's companies.
func FixtureResult(id, url, title, published string, deals ...extractors.Deal) *extractors.Result {
	return &extractors.Result{
		Article: extractors.Article{ID: id, URL: url, FinalURL: url, CanonicalURL: url, Source: url, Title: title,
			Published: published, Lang: "en", Site: "Example Trade News", Extractor: "fixture", FetchedAt: "2026-03-12T08:00:00Z"},
		Deals: deals,
	}
}

// FixtureResults are five articles reporting four deals: Northwind
// Pictures licensing a series to Lumen Streaming (in talks, then agreed,
// by two articles), Lumen Streaming buying Copperleaf Games, Orchard
// Studios in talks to produce with Lumen, and an undated distribution
// deal that ended.
func FixtureResults() []*extractors.Result {
	p := func(name, role string) extractors.Party { return extractors.Party{Name: name, Role: role} }
	harbourTalks := FixtureDeal(extractors.Licensing, extractors.Talks,
		[]extractors.Party{p("Northwind Pictures", "licensor"), p("Lumen Streaming", "licensee")}, []string{"The Harbour Lights"},
		extractors.Terms{Territories: []string{"France"}},
		"Northwind Pictures is in talks with Lumen Streaming over the French rights to The Harbour Lights.")
	harbour := FixtureDeal(extractors.Licensing, extractors.Agreed,
		[]extractors.Party{p("Northwind", "licensor"), p("Lumen Streaming", "licensee")}, []string{"The Harbour Lights"},
		extractors.Terms{Episodes: 10, Territories: []string{"France", "Belgium"}, Exclusive: true, Value: 12_000_000, Currency: "EUR"},
		"Lumen Streaming has acquired the exclusive rights to the ten-episode series The Harbour Lights from Northwind.",
		"The deal, worth €12 million, covers France and Belgium.")
	copperleaf := FixtureDeal(extractors.Acquisition, extractors.Agreed,
		[]extractors.Party{p("Lumen Streaming", "buyer"), p("Copperleaf Games", "target")}, nil,
		extractors.Terms{Value: 450_000_000, Currency: "USD", Stake: 100},
		"Lumen Streaming has agreed to buy Copperleaf Games for $450 million.")
	orchard := FixtureDeal(extractors.Production, extractors.Talks,
		[]extractors.Party{p("Orchard Studios", "producer"), p("Lumen Streaming", "")}, []string{"Salt Road"}, extractors.Terms{},
		"Orchard Studios is negotiating with Lumen Streaming to produce Salt Road.")
	bramble := FixtureDeal(extractors.Distribution, extractors.Ended,
		[]extractors.Party{p("Bramble Audio", ""), p("Copperleaf Games", "")}, nil, extractors.Terms{},
		"Bramble Audio and Copperleaf Games have ended their distribution agreement.")
	const site = "https://news.example.com/"
	return []*extractors.Result{
		FixtureResult("fx-1", site+"northwind-lumen-talks", "Northwind in talks with Lumen over The Harbour Lights", "2026-03-02", harbourTalks),
		FixtureResult("fx-2", site+"copperleaf-sold", "Lumen Streaming buys Copperleaf Games", "2026-03-05", copperleaf),
		FixtureResult("fx-3", site+"harbour-lights-deal", "Lumen Streaming lands The Harbour Lights", "2026-03-09", harbour),
		FixtureResult("fx-4", site+"salt-road", "Orchard Studios and Lumen plan Salt Road", "2026-03-11", orchard),
		FixtureResult("fx-5", site+"bramble-copperleaf", "Bramble Audio and Copperleaf part ways", "", bramble),
	}
}

// DealStore opens a new deal store in a temporary directory, applies rs
// (FixtureResults when none) through the store's own write path, and
// closes it when the test ends.
func DealStore(t testing.TB, rs ...*extractors.Result) *store.Store {
	t.Helper()
	return DealStoreAt(t, filepath.Join(t.TempDir(), "deals.db"), rs...)
}

// DealStoreAt is DealStore at path.
func DealStoreAt(t testing.TB, path string, rs ...*extractors.Result) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if len(rs) == 0 {
		rs = FixtureResults()
	}
	if _, err := st.Apply(ctx, store.Batch{Results: rs}); err != nil {
		t.Fatal(err)
	}
	return st
}
