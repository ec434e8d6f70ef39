package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/pipeline"
)

func openAt(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newStore(t *testing.T) *Store {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "deals.db"))
}

func party(name, role string) extractors.Party { return extractors.Party{Name: name, Role: role} }

// mkDeal builds a deal whose ID is computed as the extractor computes it.
func mkDeal(typ, status string, parties []extractors.Party, titles []string, terms extractors.Terms) extractors.Deal {
	names := make([]string, 0, len(parties))
	for _, p := range parties {
		names = append(names, p.Name)
	}
	if titles == nil {
		titles = []string{}
	}
	return extractors.Deal{
		ID: extractors.DealID(typ, names, titles), Type: typ, Status: status,
		Parties: parties, Titles: titles, Terms: terms,
		Evidence: []string{fmt.Sprintf("%s %s between %s.", typ, status, strings.Join(names, " and "))},
	}
}

// fetchedAt is when mkResult's articles were fetched.
const fetchedAt = "2026-05-01T10:00:00Z"

// mkResult builds an article result; its companies are the deals' parties.
func mkResult(id, published string, deals ...extractors.Deal) *extractors.Result {
	src := "https://news.example.com/" + id
	r := &extractors.Result{
		Article: extractors.Article{
			ID: id, URL: src, FinalURL: src, CanonicalURL: src, Source: src,
			Title: "Article " + id, Published: published, Lang: "en", Site: "Example News",
			Extractor: "v1", Text: "The full text of " + id, FetchedAt: fetchedAt,
		},
		Deals: deals,
	}
	seen := map[string]bool{}
	for _, d := range deals {
		for _, p := range d.Parties {
			if p.Role != "talent" && !seen[p.Name] {
				seen[p.Name] = true
				r.Companies = append(r.Companies, extractors.Company{Name: p.Name, Mentions: []string{p.Name}})
			}
		}
	}
	return r
}

func apply(t *testing.T, s *Store, b Batch) Applied {
	t.Helper()
	ap, err := s.Apply(context.Background(), b)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	return ap
}

func results(rs ...*extractors.Result) Batch { return Batch{Results: rs} }

func query(t *testing.T, s *Store, q Query) []Record {
	t.Helper()
	recs, err := s.Deals(context.Background(), q)
	if err != nil {
		t.Fatalf("Deals(%+v): %v", q, err)
	}
	return recs
}

func recordIDs(recs []Record) []string {
	out := []string{}
	for _, r := range recs {
		out = append(out, r.ID)
	}
	return out
}

func counts(t *testing.T, s *Store) [3]int {
	t.Helper()
	a, f, d, err := s.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return [3]int{a, f, d}
}

func failures(t *testing.T, s *Store) []Failure {
	t.Helper()
	fs, err := s.Failures(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The deal two articles report: the same Sony–Netflix production, named
// differently.
var (
	sonyLong   = []extractors.Party{party("Sony Television Pictures", "producer"), party("Netflix", "platform")}
	sonyShort  = []extractors.Party{party("Sony", "producer"), party("Netflix", "platform")}
	canalApple = []extractors.Party{party("Canal+", "licensee"), party("Apple", "licensor")}
	amazonMGM  = []extractors.Party{party("Amazon", "buyer"), party("MGM", "target")}
)

func TestApplyStoresResult(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	d := mkDeal(extractors.Production, extractors.Agreed, sonyLong, []string{"Kaos"}, extractors.Terms{Episodes: 8, Exclusive: true})
	r := mkResult("art-a", "2024-03-01", d)
	ap := apply(t, s, results(r))
	if !reflect.DeepEqual(ap.Changed, []string{"art-a"}) || !reflect.DeepEqual(ap.Deals, []string{d.ID}) {
		t.Errorf("Applied = %+v, want Changed [art-a], Deals [%s]", ap, d.ID)
	}
	if got := counts(t, s); got != [3]int{1, 0, 1} {
		t.Errorf("Counts = %v, want 1 article, 0 failures, 1 deal", got)
	}
	want := Record{
		ID: d.ID, Type: extractors.Production, Status: extractors.Agreed,
		Parties: []RecordParty{
			{Name: "Sony Television Pictures", Key: "sony", Role: "producer", Aliases: []string{"Sony Television Pictures"}},
			{Name: "Netflix", Key: "netflix", Role: "platform", Aliases: []string{"Netflix"}},
		},
		Titles: []string{"Kaos"},
		Terms:  extractors.Terms{Episodes: 8, Exclusive: true},
		Sources: []Source{{
			ArticleID: "art-a", URL: r.Article.URL, Source: r.Article.Source, Title: "Article art-a", Site: "Example News",
			Published: "2024-03-01", Seen: "2026-05-01", Status: extractors.Agreed, Parties: d.Parties, Evidence: d.Evidence,
		}},
		FirstReported: "2024-03-01", LastReported: "2024-03-01",
		FirstSeen: "2026-05-01", LastSeen: "2026-05-01",
	}
	recs := query(t, s, Query{})
	if len(recs) != 1 {
		t.Fatalf("Deals = %d records, want 1", len(recs))
	}
	if !reflect.DeepEqual(recs[0], want) {
		t.Errorf("record:\n got %s\nwant %s", mustJSON(t, recs[0]), mustJSON(t, want))
	}

	got, err := s.Result(ctx, "art-a")
	if err != nil {
		t.Fatal(err)
	}
	wantRes := *r
	wantRes.Article.Text = ""
	if !reflect.DeepEqual(got, &wantRes) {
		t.Errorf("Result:\n got %s\nwant %s", mustJSON(t, got), mustJSON(t, wantRes))
	}
	if r.Article.Text == "" {
		t.Errorf("Apply cleared the caller's article text")
	}
	if _, err := s.Result(ctx, "nope"); !errors.Is(err, sql.ErrNoRows) {
		t.Errorf("Result(unknown) error = %v, want sql.ErrNoRows", err)
	}
}

// TestUndatedArticleIsNotDatedByFetch is issue item 9: an article without
// a publication date was dated by its fetch, so an old deal showed up in
// --since queries for today.
func TestUndatedArticleIsNotDatedByFetch(t *testing.T) {
	s := newStore(t)
	d := mkDeal(extractors.Acquisition, extractors.Talks, amazonMGM, nil, extractors.Terms{})
	r := mkResult("art-f", "", d)
	r.Article.FetchedAt = "2026-06-07T08:09:10Z"
	apply(t, s, results(r))
	recs := query(t, s, Query{})
	if len(recs) != 1 {
		t.Fatalf("%d records, want 1", len(recs))
	}
	rec := recs[0]
	if rec.FirstSeen != "2026-06-07" || rec.LastSeen != "2026-06-07" || rec.Sources[0].Seen != "2026-06-07" {
		t.Errorf("record %s, want first/last seen 2026-06-07 from the fetch", mustJSON(t, rec))
	}
	if rec.FirstReported != "" || rec.LastReported != "" || !rec.Undated || !rec.Sources[0].Undated {
		t.Errorf("record %s, want no reported dates and marked undated", mustJSON(t, rec))
	}
	if got := query(t, s, Query{Since: "2026-01-01"}); len(got) != 0 {
		t.Errorf("--since 2026-01-01 returned the undated deal: %s", mustJSON(t, got))
	}

	// A dated report of the same deal dates the record, fetched the same day.
	dated := mkResult("art-g", "2013-10-14", d)
	dated.Article.FetchedAt = "2026-06-08T00:00:00Z"
	apply(t, s, results(dated))
	rec = query(t, s, Query{})[0]
	if rec.FirstReported != "2013-10-14" || rec.LastReported != "2013-10-14" || rec.Undated || rec.LastSeen != "2026-06-08" {
		t.Errorf("record %s, want reported 2013-10-14, seen until 2026-06-08", mustJSON(t, rec))
	}
	if got := query(t, s, Query{Since: "2026-01-01"}); len(got) != 0 {
		t.Errorf("--since 2026-01-01 returned a deal reported in 2013")
	}
	if got := query(t, s, Query{Since: "2013-10-14"}); len(got) != 1 {
		t.Errorf("--since 2013-10-14 returned %d records, want 1", len(got))
	}
}

func TestApplyRejectsInvalidBatches(t *testing.T) {
	good := mkResult("art-ok", "2024-01-01", mkDeal(extractors.Production, extractors.Agreed, sonyLong, nil, extractors.Terms{}))
	tests := []struct {
		name string
		b    Batch
	}{
		{"result without id", Batch{Results: []*extractors.Result{good, mkResult("", "2024-01-01")}}},
		{"failure without stage", Batch{Results: []*extractors.Result{good}, Failures: []Failure{{Key: "k", Reason: "r", At: time.Now()}}}},
		{"failure without key", Batch{Results: []*extractors.Result{good}, Failures: []Failure{{Stage: "fetch", Reason: "r", At: time.Now()}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			if _, err := s.Apply(context.Background(), tt.b); err == nil {
				t.Fatal("Apply accepted the batch")
			}
			// One transaction: nothing of the batch was kept.
			if got := counts(t, s); got != [3]int{} {
				t.Errorf("Counts after a failed Apply = %v, want nothing stored", got)
			}
		})
	}
}

// snapshot is everything a reader sees, marshalled.
func snapshot(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(mustJSON(t, query(t, s, Query{})))
	b.WriteString(mustJSON(t, failures(t, s)))
	b.WriteString(fmt.Sprint(counts(t, s)))
	return b.String()
}

func TestApplyIsIdempotent(t *testing.T) {
	s := newStore(t)
	ra := mkResult("art-a", "2024-03-01", mkDeal(extractors.Production, extractors.Talks, sonyLong, nil, extractors.Terms{Episodes: 8}))
	rb := mkResult("art-b", "2024-03-05",
		mkDeal(extractors.Production, extractors.Agreed, sonyShort, nil, extractors.Terms{Territories: []string{"France"}}),
		mkDeal(extractors.Licensing, extractors.Agreed, canalApple, []string{"Le Bureau"}, extractors.Terms{}))
	b := Batch{
		Results:  []*extractors.Result{ra, rb},
		Failures: []Failure{{Stage: "fetch", Key: "src-x", Source: "http://x/", Reason: "HTTP 404 Not Found", At: time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC)}},
	}
	first := apply(t, s, b)
	if !reflect.DeepEqual(first.Changed, []string{"art-a", "art-b"}) {
		t.Errorf("first Apply Changed = %v", first.Changed)
	}
	if len(first.Deals) != 2 || !sort.StringsAreSorted(first.Deals) {
		t.Errorf("first Apply Deals = %v, want the 2 deal ids, sorted", first.Deals)
	}
	before := snapshot(t, s)
	for _, again := range []Batch{b, results(rb), results(ra), {Failures: b.Failures}} {
		ap := apply(t, s, again)
		if len(ap.Changed) != 0 || len(ap.Deals) != 0 {
			t.Errorf("re-Apply reported changes: %+v", ap)
		}
		if after := snapshot(t, s); after != before {
			t.Errorf("re-Apply changed the store:\nbefore %s\nafter  %s", before, after)
		}
	}
	// A copy of the result (not the same pointer) is a replay too.
	cp := *ra
	cp.Article.Text = "different text is not stored"
	if ap := apply(t, s, results(&cp)); len(ap.Changed) != 0 {
		t.Errorf("a result differing only in its text was stored again: %+v", ap)
	}
}

func TestSameDealFromTwoArticles(t *testing.T) {
	dA := mkDeal(extractors.Production, extractors.Talks, sonyLong, nil, extractors.Terms{Episodes: 8})
	dB := mkDeal(extractors.Production, extractors.Agreed, sonyShort, nil, extractors.Terms{Territories: []string{"France"}})
	if dA.ID != dB.ID {
		t.Fatalf("DealID differs for Sony Television Pictures and Sony: %s, %s", dA.ID, dB.ID)
	}
	tests := []struct {
		name       string
		pubA, pubB string
		wantStatus string
		wantOrder  []string // source article ids, by date
	}{
		{"later article agreed", "2024-03-01", "2024-03-05", extractors.Agreed, []string{"art-a", "art-b"}},
		{"later article in talks", "2024-03-09", "2024-03-05", extractors.Talks, []string{"art-b", "art-a"}},
	}
	orders := []struct {
		name    string
		batches func(a, b *extractors.Result) []Batch
	}{
		{"one batch a,b", func(a, b *extractors.Result) []Batch { return []Batch{results(a, b)} }},
		{"one batch b,a", func(a, b *extractors.Result) []Batch { return []Batch{results(b, a)} }},
		{"a then b", func(a, b *extractors.Result) []Batch { return []Batch{results(a), results(b)} }},
		{"b then a", func(a, b *extractors.Result) []Batch { return []Batch{results(b), results(a)} }},
	}
	for _, tt := range tests {
		for _, o := range orders {
			t.Run(tt.name+"/"+o.name, func(t *testing.T) {
				s := newStore(t)
				ra, rb := mkResult("art-a", tt.pubA, dA), mkResult("art-b", tt.pubB, dB)
				for _, b := range o.batches(ra, rb) {
					apply(t, s, b)
				}
				recs := query(t, s, Query{})
				if len(recs) != 1 {
					t.Fatalf("%d records, want 1 consolidated: %s", len(recs), mustJSON(t, recs))
				}
				r := recs[0]
				if r.ID != dA.ID || r.Type != extractors.Production {
					t.Errorf("record %s %s", r.ID, r.Type)
				}
				if r.Status != tt.wantStatus {
					t.Errorf("status = %q, want %q (the later-published source's)", r.Status, tt.wantStatus)
				}
				var order []string
				for _, src := range r.Sources {
					order = append(order, src.ArticleID)
				}
				if !reflect.DeepEqual(order, tt.wantOrder) {
					t.Errorf("sources %v, want %v", order, tt.wantOrder)
				}
				for _, src := range r.Sources {
					want := dA.Status
					if src.ArticleID == "art-b" {
						want = dB.Status
					}
					if src.Status != want {
						t.Errorf("source %s status %q, want %q", src.ArticleID, src.Status, want)
					}
				}
				if r.Terms.Episodes != 8 || !reflect.DeepEqual(r.Terms.Territories, []string{"France"}) {
					t.Errorf("terms %+v, want episodes 8 from one source and territories [France] from the other", r.Terms)
				}
				first, last := min(tt.pubA, tt.pubB), max(tt.pubA, tt.pubB)
				if r.FirstReported != first || r.LastReported != last {
					t.Errorf("first/last reported %s/%s, want %s/%s", r.FirstReported, r.LastReported, first, last)
				}
				keys := map[string]RecordParty{}
				for _, p := range r.Parties {
					keys[p.Key] = p
				}
				if len(r.Parties) != 2 || keys["sony"].Key == "" || keys["netflix"].Key == "" {
					t.Fatalf("parties %s, want sony and netflix", mustJSON(t, r.Parties))
				}
				sony := keys["sony"]
				sort.Strings(sony.Aliases)
				if !reflect.DeepEqual(sony.Aliases, []string{"Sony", "Sony Television Pictures"}) {
					t.Errorf("Sony aliases %v, want both names", sony.Aliases)
				}
				// One article each: the longer name wins.
				if sony.Name != "Sony Television Pictures" {
					t.Errorf("Sony's canonical name %q", sony.Name)
				}
			})
		}
	}
}

func TestCanonicalNameIsMostUsed(t *testing.T) {
	s := newStore(t)
	d := func(ps []extractors.Party) extractors.Deal {
		return mkDeal(extractors.Production, extractors.Agreed, ps, nil, extractors.Terms{})
	}
	apply(t, s, results(mkResult("a1", "2024-01-01", d(sonyLong))))
	apply(t, s, results(mkResult("a2", "2024-01-02", d(sonyShort)), mkResult("a3", "2024-01-03", d(sonyShort))))
	recs := query(t, s, Query{Company: "Sony"})
	if len(recs) != 1 {
		t.Fatalf("%d records", len(recs))
	}
	for _, p := range recs[0].Parties {
		if p.Key == "sony" && p.Name != "Sony" {
			t.Errorf("canonical name %q, want Sony (used by 2 of 3 articles)", p.Name)
		}
	}
}

func TestReextractReplacesSources(t *testing.T) {
	s := newStore(t)
	d1a := mkDeal(extractors.Production, extractors.Talks, sonyLong, nil, extractors.Terms{Episodes: 8})
	d1b := mkDeal(extractors.Production, extractors.Agreed, sonyShort, nil, extractors.Terms{Territories: []string{"France"}})
	d2 := mkDeal(extractors.Licensing, extractors.Agreed, canalApple, []string{"Le Bureau"}, extractors.Terms{})
	d3 := mkDeal(extractors.Acquisition, extractors.Agreed, amazonMGM, nil, extractors.Terms{Value: 8.45e9, Currency: "USD"})

	apply(t, s, results(mkResult("art-a", "2024-03-01", d1a, d2), mkResult("art-b", "2024-03-05", d1b)))
	if got := recordIDs(query(t, s, Query{})); len(got) != 2 {
		t.Fatalf("records before re-extraction: %v", got)
	}

	// art-a, re-extracted by a newer extractor, now reports only d3.
	ra2 := mkResult("art-a", "2024-03-01", d3)
	ra2.Article.Extractor = "v2"
	ap := apply(t, s, results(ra2))
	if !reflect.DeepEqual(ap.Changed, []string{"art-a"}) {
		t.Errorf("Changed = %v", ap.Changed)
	}
	wantTouched := []string{d1a.ID, d2.ID, d3.ID}
	sort.Strings(wantTouched)
	if !reflect.DeepEqual(ap.Deals, wantTouched) {
		t.Errorf("Deals = %v, want %v (the old deals and the new one)", ap.Deals, wantTouched)
	}

	recs := query(t, s, Query{})
	byID := map[string]Record{}
	for _, r := range recs {
		byID[r.ID] = r
	}
	if len(recs) != 2 {
		t.Errorf("records %v, want d1 and d3", recordIDs(recs))
	}
	if _, ok := byID[d2.ID]; ok {
		t.Errorf("d2 has no source left but is still stored")
	}
	r1, ok := byID[d1a.ID]
	if !ok {
		t.Fatalf("d1 still has art-b as source but is gone")
	}
	if len(r1.Sources) != 1 || r1.Sources[0].ArticleID != "art-b" {
		t.Errorf("d1 sources %s, want only art-b", mustJSON(t, r1.Sources))
	}
	if r1.Status != extractors.Agreed || r1.FirstReported != "2024-03-05" || r1.LastReported != "2024-03-05" {
		t.Errorf("d1 %s/%s..%s, want agreed, reported 2024-03-05 only", r1.Status, r1.FirstReported, r1.LastReported)
	}
	if r1.Terms.Episodes != 0 {
		t.Errorf("d1 keeps the episodes of the source it lost: %+v", r1.Terms)
	}
	for _, p := range r1.Parties {
		if p.Key == "sony" && (len(p.Aliases) != 1 || p.Aliases[0] != "Sony" || p.Name != "Sony") {
			t.Errorf("d1's Sony party %+v keeps the lost source's name", p)
		}
	}
	if r3, ok := byID[d3.ID]; !ok || len(r3.Sources) != 1 || r3.Sources[0].ArticleID != "art-a" || r3.Terms.Value != 8.45e9 {
		t.Errorf("d3 record %s", mustJSON(t, r3))
	}
	// The companies only the old extraction named are gone from queries.
	for _, c := range []string{"Canal+", "Apple"} {
		if got := query(t, s, Query{Company: c}); len(got) != 0 {
			t.Errorf("Company %q still finds %v", c, recordIDs(got))
		}
	}
	if got := counts(t, s); got != [3]int{2, 0, 2} {
		t.Errorf("Counts = %v, want 2 articles, 0 failures, 2 deals", got)
	}

	// Re-extracting art-b with a changed status rebuilds d1 from it.
	rb2 := mkResult("art-b", "2024-03-05", mkDeal(extractors.Production, extractors.Ended, sonyShort, nil, extractors.Terms{}))
	rb2.Article.Extractor = "v2"
	apply(t, s, results(rb2))
	if got := query(t, s, Query{Type: extractors.Production}); len(got) != 1 || got[0].Status != extractors.Ended || len(got[0].Terms.Territories) != 0 {
		t.Errorf("d1 after art-b's re-extraction: %s", mustJSON(t, got))
	}

	// An extraction with no deals removes the article's last deal.
	ra3 := mkResult("art-a", "2024-03-01")
	ra3.Article.Extractor = "v3"
	apply(t, s, results(ra3))
	if got := query(t, s, Query{Company: "Amazon"}); len(got) != 0 {
		t.Errorf("d3 survives its only source's re-extraction: %v", recordIDs(got))
	}
	if got := counts(t, s); got != [3]int{2, 0, 1} {
		t.Errorf("Counts = %v, want 2 articles, 0 failures, 1 deal", got)
	}
}

func TestQuery(t *testing.T) {
	s := newStore(t)
	dSony := mkDeal(extractors.Production, extractors.Agreed, sonyLong, nil, extractors.Terms{})
	dCanal := mkDeal(extractors.Licensing, extractors.Talks, []extractors.Party{party("Netflix", "licensee"), party("Canal+", "licensor")}, []string{"Le Bureau"}, extractors.Terms{})
	dAmazon := mkDeal(extractors.Acquisition, extractors.Agreed, amazonMGM, nil, extractors.Terms{})
	dSonyApple := mkDeal(extractors.Partnership, extractors.Ended, []extractors.Party{party("Sony Group", ""), party("Apple", "")}, nil, extractors.Terms{})
	dTalent := mkDeal(extractors.Talent, extractors.Agreed, []extractors.Party{party("Shonda Rhimes", "talent"), party("Netflix", "")}, nil, extractors.Terms{})
	apply(t, s, results(
		mkResult("r1", "2024-01-10", dSony),
		mkResult("r2", "2024-02-15", dCanal),
		mkResult("r3", "2024-03-20", dAmazon),
		mkResult("r4", "2024-04-01", dSonyApple),
		mkResult("r5", "2023-12-01", dTalent),
	))
	all := []string{dSonyApple.ID, dAmazon.ID, dCanal.ID, dSony.ID, dTalent.ID}
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"everything, most recent first", Query{}, all},
		{"company by alias", Query{Company: "Sony Pictures"}, []string{dSonyApple.ID, dSony.ID}},
		{"company by the name used", Query{Company: "Sony Television Pictures"}, []string{dSonyApple.ID, dSony.ID}},
		{"company case-insensitive", Query{Company: "sony"}, []string{dSonyApple.ID, dSony.ID}},
		{"company in several deals", Query{Company: "Netflix"}, []string{dCanal.ID, dSony.ID, dTalent.ID}},
		{"company with symbol", Query{Company: "Canal+"}, []string{dCanal.ID}},
		{"unknown company", Query{Company: "Nobody Holdings"}, []string{}},
		{"person is not a company", Query{Company: "Shonda Rhimes"}, []string{}},
		{"type", Query{Type: extractors.Licensing}, []string{dCanal.ID}},
		{"unknown type", Query{Type: "merger"}, []string{}},
		{"status", Query{Status: extractors.Agreed}, []string{dAmazon.ID, dSony.ID, dTalent.ID}},
		{"type and status", Query{Type: extractors.Licensing, Status: extractors.Agreed}, []string{}},
		{"since is inclusive", Query{Since: "2024-02-15"}, []string{dSonyApple.ID, dAmazon.ID, dCanal.ID}},
		{"since a later day", Query{Since: "2024-03-21"}, []string{dSonyApple.ID}},
		{"since the future", Query{Since: "2030-01-01"}, []string{}},
		{"limit", Query{Limit: 2}, []string{dSonyApple.ID, dAmazon.ID}},
		{"limit over count", Query{Limit: 50}, all},
		{"company and limit", Query{Company: "Netflix", Limit: 1}, []string{dCanal.ID}},
		{"company and since", Query{Company: "Sony", Since: "2024-02-01"}, []string{dSonyApple.ID}},
		{"company, type and status", Query{Company: "Netflix", Type: extractors.Production, Status: extractors.Agreed}, []string{dSony.ID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := recordIDs(query(t, s, tt.q))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Deals(%+v) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}

func TestFailuresLatestWins(t *testing.T) {
	t0 := time.Date(2024, 5, 1, 10, 0, 0, 250_000_000, time.UTC)
	fail := func(stage, key, reason string, at time.Time) Failure {
		return Failure{Stage: stage, Key: key, Source: "http://example.com/" + key, URL: "http://example.com/" + key, Reason: reason, Deliveries: 2, At: at}
	}
	whole := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		batches [][]Failure
		want    map[string]string // stage/key -> reason
	}{
		{"newer replaces older", [][]Failure{{fail("fetch", "k", "old", t0)}, {fail("fetch", "k", "new", t0.Add(time.Hour))}}, map[string]string{"fetch/k": "new"}},
		{"older does not overwrite newer", [][]Failure{{fail("fetch", "k", "new", t0.Add(time.Hour))}, {fail("fetch", "k", "old", t0)}}, map[string]string{"fetch/k": "new"}},
		{"same batch, newer first", [][]Failure{{fail("fetch", "k", "new", t0.Add(time.Second)), fail("fetch", "k", "old", t0)}}, map[string]string{"fetch/k": "new"}},
		{"same batch, older first", [][]Failure{{fail("fetch", "k", "old", t0), fail("fetch", "k", "new", t0.Add(time.Second))}}, map[string]string{"fetch/k": "new"}},
		{"one day later", [][]Failure{{fail("extract", "k", "old", t0)}, {fail("extract", "k", "new", t0.AddDate(0, 0, 1))}}, map[string]string{"extract/k": "new"}},
		{"replay keeps the stored one", [][]Failure{{fail("fetch", "k", "first", t0)}, {fail("fetch", "k", "same time", t0)}}, map[string]string{"fetch/k": "first"}},
		{"stages kept apart", [][]Failure{{fail("fetch", "k", "a", t0)}, {fail("extract", "k", "b", t0.Add(-time.Hour))}}, map[string]string{"fetch/k": "a", "extract/k": "b"}},
		{"keys kept apart", [][]Failure{{fail("fetch", "k1", "a", t0), fail("fetch", "k2", "b", t0)}}, map[string]string{"fetch/k1": "a", "fetch/k2": "b"}},
		// Times are compared as text: RFC3339Nano drops trailing zeros, so
		// a whole second ("…:00Z") sorts after any fraction ("…:00.5Z").
		{"sub-second newer after a whole-second older", [][]Failure{{fail("fetch", "k", "old", whole)}, {fail("fetch", "k", "new", whole.Add(500*time.Millisecond))}}, map[string]string{"fetch/k": "new"}},
		{"fractions of different lengths", [][]Failure{{fail("fetch", "k", "old", whole.Add(500*time.Millisecond))}, {fail("fetch", "k", "new", whole.Add(510*time.Millisecond))}}, map[string]string{"fetch/k": "new"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			for _, b := range tt.batches {
				apply(t, s, Batch{Failures: b})
			}
			got := map[string]string{}
			for _, f := range failures(t, s) {
				got[f.Stage+"/"+f.Key] = f.Reason
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("stored failures %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFailuresStoredAndListed(t *testing.T) {
	s := newStore(t)
	base := time.Date(2024, 5, 1, 10, 0, 0, 123456789, time.UTC)
	in := []Failure{
		{Stage: "fetch", Key: "src-1", Source: "http://a/", URL: "http://a/", Reason: "HTTP 404 Not Found", At: base},
		{Stage: "extract", Key: "art-9", Source: "http://b/", URL: "http://b/x", ArticleID: "art-9", Reason: "extractor timed out", Deliveries: 5, At: base.Add(2 * time.Second)},
		{Stage: "sink", Key: "EXTRACTED-7", Reason: "article result without article.id", At: base.Add(time.Second).In(time.FixedZone("CEST", 2*3600))},
	}
	apply(t, s, Batch{Failures: in})
	got := failures(t, s)
	if len(got) != 3 {
		t.Fatalf("%d failures, want 3", len(got))
	}
	// Newest first.
	wantOrder := []Failure{in[1], in[2], in[0]}
	for i, w := range wantOrder {
		g := got[i]
		if !g.At.Equal(w.At) {
			t.Errorf("failure %d At = %v, want %v", i, g.At, w.At)
		}
		g.At, w.At = time.Time{}, time.Time{}
		if g != w {
			t.Errorf("failure %d = %+v, want %+v", i, g, w)
		}
	}
}

func TestLateDeadLetterForStoredArticle(t *testing.T) {
	s := newStore(t)
	apply(t, s, results(mkResult("art-a", "2024-01-01")))
	apply(t, s, Batch{Failures: []Failure{{Stage: "extract", Key: "art-a", ArticleID: "art-a", Reason: "late", At: time.Now()}}})
	if fs := failures(t, s); len(fs) != 0 {
		t.Errorf("a dead letter for an extracted article was stored: %+v", fs)
	}
}

func TestResultClearsFailures(t *testing.T) {
	at := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	src := "https://news.example.com/art-a" // mkResult's source for art-a
	extractFail := Failure{Stage: "extract", Key: "art-a", ArticleID: "art-a", Source: src, Reason: "timed out", At: at}
	fetchFail := Failure{Stage: "fetch", Key: pipeline.FetchFailureKey(src), Source: src, URL: src, Reason: "HTTP 503 Service Unavailable", At: at}
	otherFetch := Failure{Stage: "fetch", Key: pipeline.FetchFailureKey("http://other/"), Source: "http://other/", Reason: "HTTP 404 Not Found", At: at}
	otherExtract := Failure{Stage: "extract", Key: "art-z", ArticleID: "art-z", Reason: "boom", At: at}
	noSource := Failure{Stage: "fetch", Key: "src-nosource", Reason: "no source", At: at}
	tests := []struct {
		name     string
		before   []Failure
		sameTime []Failure // in the result's own batch
		result   func() *extractors.Result
		want     []string // stage/key left
	}{
		{"extract failure removed", []Failure{extractFail}, nil, func() *extractors.Result { return mkResult("art-a", "2024-05-02") }, nil},
		{"fetch failure of the same source removed", []Failure{fetchFail}, nil, func() *extractors.Result { return mkResult("art-a", "2024-05-02") }, nil},
		{"both removed, others kept", []Failure{extractFail, fetchFail, otherFetch, otherExtract}, nil,
			func() *extractors.Result { return mkResult("art-a", "2024-05-02") }, []string{"extract/art-z", "fetch/" + otherFetch.Key}},
		{"fetch failure kept for another source", []Failure{otherFetch}, nil, func() *extractors.Result { return mkResult("art-a", "2024-05-02") }, []string{"fetch/" + otherFetch.Key}},
		{"empty source matches nothing", []Failure{noSource}, nil, func() *extractors.Result {
			r := mkResult("art-a", "2024-05-02")
			r.Article.Source = ""
			return r
		}, []string{"fetch/src-nosource"}},
		// The sink batches dead letters and results together: an earlier
		// fetch failure in the same batch as the page's result is cleared
		// too, as it would be in separate batches.
		{"earlier fetch failure in the same batch", nil, []Failure{fetchFail}, func() *extractors.Result {
			r := mkResult("art-a", "2024-05-02")
			r.Article.FetchedAt = at.Add(time.Hour).Format(time.RFC3339)
			return r
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			if len(tt.before) > 0 {
				apply(t, s, Batch{Failures: tt.before})
			}
			apply(t, s, Batch{Results: []*extractors.Result{tt.result()}, Failures: tt.sameTime})
			got := []string{}
			for _, f := range failures(t, s) {
				got = append(got, f.Stage+"/"+f.Key)
			}
			sort.Strings(got)
			want := tt.want
			if want == nil {
				want = []string{}
			}
			sort.Strings(want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("failures left %v, want %v", got, want)
			}
		})
	}
}

func TestOutcomes(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	at := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	fk := pipeline.FetchFailureKey("http://gone/")
	apply(t, s, Batch{
		Results: []*extractors.Result{mkResult("art-a", "2024-05-01")},
		Failures: []Failure{
			{Stage: "fetch", Key: fk, Source: "http://gone/", Reason: "HTTP 404 Not Found", At: at},
			{Stage: "extract", Key: "art-b", ArticleID: "art-b", Reason: "extractor panicked", At: at},
		},
	})
	// A sink failure keyed by a stored article: the result wins.
	apply(t, s, Batch{Failures: []Failure{{Stage: "sink", Key: "art-a", Reason: "stale", At: at}}})

	want := map[string]Outcome{
		"art-a": {Status: "extracted"},
		fk:      {Status: "failed", Stage: "fetch", Reason: "HTTP 404 Not Found"},
		"art-b": {Status: "failed", Stage: "extract", Reason: "extractor panicked"},
	}
	tests := []struct {
		name string
		keys []string
		want map[string]Outcome
	}{
		{"known and unknown", []string{"art-a", fk, "art-b", "nope"}, want},
		{"only unknown", []string{"nope", "nope2"}, map[string]Outcome{}},
		{"none", nil, map[string]Outcome{}},
		{"duplicates", []string{"art-a", "art-a"}, map[string]Outcome{"art-a": want["art-a"]}},
		{"over one chunk", manyKeys(1200, map[int]string{0: "art-a", 600: fk, 1199: "art-b"}), want},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Outcomes(ctx, tt.keys)
			if err != nil {
				t.Fatal(err)
			}
			for k, o := range got {
				if o.At.IsZero() {
					t.Errorf("outcome of %s has no time", k)
				}
				o.At = time.Time{}
				got[k] = o
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Outcomes = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func manyKeys(n int, at map[int]string) []string {
	out := make([]string, n)
	for i := range out {
		if k, ok := at[i]; ok {
			out[i] = k
		} else {
			out[i] = fmt.Sprintf("unknown-%d", i)
		}
	}
	return out
}

func TestCounts(t *testing.T) {
	s := newStore(t)
	at := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	d := mkDeal(extractors.Production, extractors.Agreed, sonyLong, nil, extractors.Terms{})
	steps := []struct {
		name string
		b    Batch
		want [3]int
	}{
		{"empty", Batch{}, [3]int{0, 0, 0}},
		{"one article", results(mkResult("a", "2024-01-01", d)), [3]int{1, 0, 1}},
		{"a failure", Batch{Failures: []Failure{{Stage: "extract", Key: "b", ArticleID: "b", Reason: "x", At: at}}}, [3]int{1, 1, 1}},
		{"same deal, other article", results(mkResult("c", "2024-01-02", mkDeal(extractors.Production, extractors.Agreed, sonyShort, nil, extractors.Terms{}))), [3]int{2, 1, 1}},
		{"failed article goes through", results(mkResult("b", "2024-01-03", mkDeal(extractors.Acquisition, extractors.Agreed, amazonMGM, nil, extractors.Terms{}))), [3]int{3, 0, 2}},
		{"replay", results(mkResult("a", "2024-01-01", d)), [3]int{3, 0, 2}},
	}
	for _, st := range steps {
		apply(t, s, st.b)
		if got := counts(t, s); got != st.want {
			t.Errorf("after %s: Counts = %v, want %v", st.name, got, st.want)
		}
	}
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "nested", "dir", "deals.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	apply(t, s, Batch{
		Results:  []*extractors.Result{mkResult("a", "2024-01-01", mkDeal(extractors.Production, extractors.Agreed, sonyLong, nil, extractors.Terms{Episodes: 3}))},
		Failures: []Failure{{Stage: "fetch", Key: "src-1", Source: "http://x/", Reason: "HTTP 404 Not Found", At: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}},
	})
	before := snapshot(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		s, err = Open(ctx, path)
		if err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
		if after := snapshot(t, s); after != before {
			t.Errorf("reopen %d changed the data:\nbefore %s\nafter  %s", i, before, after)
		}
		var v int
		if err := s.db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil || v != schemaVersion {
			t.Errorf("user_version = %d (%v), want %d", v, err, schemaVersion)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	// The reopened store is writable and still consolidates.
	s = openAt(t, path)
	apply(t, s, results(mkResult("b", "2024-02-01", mkDeal(extractors.Production, extractors.Talks, sonyShort, nil, extractors.Terms{}))))
	recs := query(t, s, Query{})
	if len(recs) != 1 || len(recs[0].Sources) != 2 || recs[0].Status != extractors.Talks {
		t.Errorf("after reopen: %s", mustJSON(t, recs))
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "deals.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, schemaVersion+1)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, path)
	if err == nil {
		s.Close()
		t.Fatal("Open accepted a database from a newer dealwire")
	}
	if !strings.Contains(err.Error(), "newer") {
		t.Errorf("error %q does not say the schema is newer", err)
	}
}

// TestOpenPathWithURICharacters opens stores whose path holds characters
// that mean something in a URI. The database must be the file at that path.
func TestOpenPathWithURICharacters(t *testing.T) {
	ctx := context.Background()
	// Subtest names stay plain so that t.TempDir holds no such character.
	for _, tt := range []struct{ name, dir string }{
		{"space", "with space"},
		{"question", "query?mark"},
		{"hash", "hash#mark"},
		{"percent", "per%20cent"},
		{"ampersand", "mode=ro&x=1"},
	} {
		dir := tt.dir
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			path := filepath.Join(root, dir, "deals.db")
			s, err := Open(ctx, path)
			if err != nil {
				t.Fatalf("Open(%q): %v", path, err)
			}
			_, err = s.Apply(ctx, results(mkResult("a", "2024-01-01")))
			s.Close()
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			// Another store on the same path sees the article.
			s2, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer s2.Close()
			if got := counts(t, s2); got[0] != 1 {
				t.Errorf("reopened %q holds %d articles, want 1", path, got[0])
			}
			if m, _ := filepath.Glob(filepath.Join(root, dir, "deals.db*")); len(m) == 0 {
				ents, _ := filepath.Glob(filepath.Join(root, "*"))
				t.Errorf("no database file at %q; the directory holds %v", path, ents)
			}
		})
	}
}

func TestConcurrentApply(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	const workers, perWorker = 4, 5
	shared := func(i int) extractors.Deal {
		ps := sonyLong
		if i%2 == 1 {
			ps = sonyShort
		}
		return mkDeal(extractors.Production, extractors.Agreed, ps, nil, extractors.Terms{})
	}
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker+1)
	stop := make(chan struct{})
	// A reader queries while the writers write.
	var reads sync.WaitGroup
	reads.Add(1)
	go func() {
		defer reads.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := s.Deals(ctx, Query{Company: "Netflix"}); err != nil {
				errs <- fmt.Errorf("Deals: %w", err)
				return
			}
			if _, _, _, err := s.Counts(ctx); err != nil {
				errs <- fmt.Errorf("Counts: %w", err)
				return
			}
		}
	}()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perWorker; i++ {
				own := mkDeal(extractors.Licensing, extractors.Agreed,
					[]extractors.Party{party(fmt.Sprintf("Buyer W%dN%d", w, i), "licensee"), party("Netflix", "licensor")}, nil, extractors.Terms{})
				r := mkResult(fmt.Sprintf("w%d-a%d", w, i), fmt.Sprintf("2024-01-%02d", 1+w*perWorker+i), own, shared(i))
				b := Batch{Results: []*extractors.Result{r}}
				if i == 0 {
					b.Failures = []Failure{{Stage: "fetch", Key: fmt.Sprintf("src-w%d", w), Reason: "x", At: time.Now()}}
				}
				if _, err := s.Apply(ctx, b); err != nil {
					errs <- fmt.Errorf("worker %d article %d: %w", w, i, err)
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	reads.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got, want := counts(t, s), [3]int{workers * perWorker, workers, workers*perWorker + 1}; got != want {
		t.Errorf("Counts = %v, want %v", got, want)
	}
	recs := query(t, s, Query{Type: extractors.Production})
	if len(recs) != 1 {
		t.Fatalf("%d production records, want the one shared deal", len(recs))
	}
	if n := len(recs[0].Sources); n != workers*perWorker {
		t.Errorf("shared deal has %d sources, want %d", n, workers*perWorker)
	}
	if recs[0].FirstReported != "2024-01-01" || recs[0].LastReported != fmt.Sprintf("2024-01-%02d", workers*perWorker) {
		t.Errorf("shared deal reported %s..%s", recs[0].FirstReported, recs[0].LastReported)
	}
	if got := query(t, s, Query{Company: "Netflix"}); len(got) != workers*perWorker+1 {
		t.Errorf("Netflix deals = %d, want %d", len(got), workers*perWorker+1)
	}
}

// permutations calls f with every order of n items.
func permutations(n int, f func([]int)) {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	var rec func(k int)
	rec = func(k int) {
		if k == n {
			f(slices.Clone(p))
			return
		}
		for i := k; i < n; i++ {
			p[k], p[i] = p[i], p[k]
			rec(k + 1)
			p[k], p[i] = p[i], p[k]
		}
	}
	rec(0)
}

// TestRecordIsFunctionOfSources is issue item 8: a merged record depended
// on the order its sources arrived in (the last report won). Every order of
// four conflicting reports, one batch each, gives the same record, chosen
// by the documented rule.
func TestRecordIsFunctionOfSources(t *testing.T) {
	reversed := []extractors.Party{party("Sony", "platform"), party("Netflix", "producer")}
	noRoles := []extractors.Party{party("Sony Pictures", ""), party("Netflix", "")}
	srcs := []*extractors.Result{
		mkResult("art-1", "2024-03-01", mkDeal(extractors.Production, extractors.Talks, sonyLong, nil, extractors.Terms{Episodes: 8})),
		// The two latest reports, on the same day: the more specific wins.
		mkResult("art-2", "2024-03-09", mkDeal(extractors.Production, extractors.Agreed, sonyShort, []string{"Kaos"}, extractors.Terms{Exclusive: true})),
		mkResult("art-3", "2024-03-09", mkDeal(extractors.Production, extractors.Ended, reversed, nil, extractors.Terms{})),
		mkResult("art-4", "", mkDeal(extractors.Production, extractors.Talks, noRoles, nil, extractors.Terms{Episodes: 10})),
	}
	var want string
	permutations(len(srcs), func(order []int) {
		s := newStore(t)
		for _, i := range order {
			apply(t, s, results(srcs[i]))
		}
		recs := query(t, s, Query{})
		if len(recs) != 1 {
			t.Fatalf("order %v: %d records, want 1", order, len(recs))
		}
		got := mustJSON(t, recs[0])
		if want == "" {
			want = got
			r := recs[0]
			roles := map[string]string{}
			for _, p := range r.Parties {
				roles[p.Key] = p.Role
			}
			if r.Status != extractors.Agreed || roles["sony"] != "producer" || roles["netflix"] != "platform" ||
				r.Terms.Episodes != 8 || !r.Terms.Exclusive || !reflect.DeepEqual(r.Titles, []string{"Kaos"}) {
				t.Errorf("record %s: want art-2's status and roles (latest, most specific), episodes from art-1", got)
			}
			if r.FirstReported != "2024-03-01" || r.LastReported != "2024-03-09" || r.Undated {
				t.Errorf("reported %s..%s, want 2024-03-01..2024-03-09", r.FirstReported, r.LastReported)
			}
			own := map[string]string{}
			for _, src := range r.Sources {
				own[src.ArticleID] = src.Status + " " + src.Parties[0].Name + "=" + src.Parties[0].Role
			}
			wantOwn := map[string]string{"art-1": "talks Sony Television Pictures=producer", "art-2": "agreed Sony=producer",
				"art-3": "ended Sony=platform", "art-4": "talks Sony Pictures="}
			if !reflect.DeepEqual(own, wantOwn) {
				t.Errorf("sources' own reports %v, want %v", own, wantOwn)
			}
			return
		}
		if got != want {
			t.Errorf("order %v gives\n%s\nwant (order 0 1 2 3)\n%s", order, got, want)
		}
	})
}

// TestMigrateFromSchema1 opens a deal store written before reported dates
// existed: it migrates, and its records gain them.
func TestMigrateFromSchema1(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "deals.db")
	s := openAt(t, path)
	d := mkDeal(extractors.Production, extractors.Agreed, sonyLong, nil, extractors.Terms{})
	apply(t, s, results(mkResult("art-a", "2024-03-01", d), mkResult("art-b", "", d)))
	want := mustJSON(t, query(t, s, Query{}))
	// Back to schema 1: without the date columns.
	for _, q := range []string{`DROP INDEX deals_last_reported`, `DROP INDEX deals_order`, `DROP TRIGGER IF EXISTS company_names_counted`, `DROP TRIGGER company_names_uncounted`, `DROP TABLE company_name_counts`, `DROP INDEX deal_sources_reports`, `DROP INDEX deal_sources_reported`, `DROP INDEX deal_sources_fetched`,
		`ALTER TABLE deals DROP COLUMN first_reported`, `ALTER TABLE deals DROP COLUMN last_reported`,
		`ALTER TABLE deal_sources DROP COLUMN reported`, `ALTER TABLE deal_sources DROP COLUMN fetched`,
		`ALTER TABLE deal_sources DROP COLUMN merge_key`, `DROP INDEX failures_key`, `DROP INDEX failures_source`,
		`UPDATE deals SET merged = '{"parties":[],"titles":[],"terms":{}}'`, `PRAGMA user_version = 1`} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	if _, err := OpenReadOnly(ctx, path); err == nil || !strings.Contains(err.Error(), "schema version 1") {
		t.Errorf("read-only open of a schema 1 store: %v, want a schema version error", err)
	}
	s = openAt(t, path)
	if got := mustJSON(t, query(t, s, Query{})); got != want {
		t.Errorf("after migration:\n%s\nwant\n%s", got, want)
	}
	ro, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if got := mustJSON(t, query(t, ro, Query{})); got != want {
		t.Errorf("read-only:\n%s\nwant\n%s", got, want)
	}
	if _, err := ro.Apply(ctx, results(mkResult("art-c", "2024-04-01", d))); err == nil {
		t.Errorf("a read-only store accepted a write")
	}
}

// TestRepeatedReportsReadOnce: a record rebuilt from each deal's distinct
// reports (merge keys) is the record rebuilt from every source.
func TestRepeatedReportsReadOnce(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	a := mkDeal(extractors.Production, extractors.Agreed, sonyShort, []string{"Kaos"}, extractors.Terms{})
	b := mkDeal(extractors.Production, extractors.Talks, sonyLong, nil, extractors.Terms{Episodes: 8})
	var rs []*extractors.Result
	for i := range 12 {
		d := a
		if i%3 == 0 {
			d = b
		}
		d.Evidence = []string{fmt.Sprintf("Reported in its own words, %d.", i)}
		rs = append(rs, mkResult(fmt.Sprintf("art-%02d", i), fmt.Sprintf("2024-03-%02d", 1+i%5), d))
	}
	rs = append(rs, mkResult("art-undated", "", a))
	apply(t, s, results(rs...))
	var keys int
	if err := s.db.QueryRowContext(ctx, `SELECT count(DISTINCT merge_key) FROM deal_sources`).Scan(&keys); err != nil || keys != 2 {
		t.Fatalf("%d merge keys (%v), want 2", keys, err)
	}
	grouped := mustJSON(t, query(t, s, Query{}))
	if _, err := s.db.ExecContext(ctx, `UPDATE deal_sources SET merge_key = article_id`); err != nil {
		t.Fatal(err)
	}
	tx, err := s.begin(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := recompute(ctx, tx, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if each := mustJSON(t, query(t, s, Query{})); each != grouped {
		t.Errorf("from distinct reports:\n%s\nfrom every source:\n%s", grouped, each)
	}
}

// checkNameCounts fails unless company_name_counts counts the rows of
// company_names, and companies names each company by its most used name.
func checkNameCounts(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	dump := func(q string) string {
		rows, err := s.db.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var a, b, c string
			if err := rows.Scan(&a, &b, &c); err != nil {
				t.Fatal(err)
			}
			out = append(out, a+"|"+b+"|"+c)
		}
		return strings.Join(out, "\n")
	}
	got := dump(`SELECT key, name, n FROM company_name_counts ORDER BY key, name`)
	want := dump(`SELECT key, name, count(*) FROM company_names GROUP BY key, name ORDER BY key, name`)
	if got != want {
		t.Errorf("name counts:\n%s\nwant, from the names:\n%s", got, want)
	}
	got = dump(`SELECT key, name, '' FROM companies ORDER BY key`)
	want = dump(`SELECT key, (SELECT name FROM company_names n WHERE n.key = k.key GROUP BY name
		ORDER BY count(*) DESC, length(name) DESC, name LIMIT 1), '' FROM (SELECT DISTINCT key FROM company_names) k ORDER BY key`)
	if got != want {
		t.Errorf("companies:\n%s\nwant:\n%s", got, want)
	}
}

// TestNameCountsFollowNames: the counts Apply keeps per batch are those
// of the names stored, through new articles, an article stored twice in
// one batch, replays and re-extractions.
func TestNameCountsFollowNames(t *testing.T) {
	s := newStore(t)
	sony := mkDeal(extractors.Production, extractors.Agreed, sonyLong, nil, extractors.Terms{})
	sonyS := mkDeal(extractors.Production, extractors.Talks, sonyShort, nil, extractors.Terms{})
	canal := mkDeal(extractors.Licensing, extractors.Agreed, canalApple, []string{"Le Bureau"}, extractors.Terms{})
	amazon := mkDeal(extractors.Acquisition, extractors.Agreed, amazonMGM, nil, extractors.Terms{})
	v := func(r *extractors.Result, extractor string) *extractors.Result {
		r.Article.Extractor = extractor
		return r
	}
	steps := []Batch{
		results(mkResult("a1", "2024-01-01", sony, canal), mkResult("a2", "2024-01-02", sonyS), mkResult("a3", "2024-01-03", sonyS)),
		results(mkResult("a1", "2024-01-01", sony, canal)), // a replay
		results(v(mkResult("a4", "2024-01-04", canal), "v1"), v(mkResult("a4", "2024-01-04", amazon), "v2")),
		results(v(mkResult("a1", "2024-01-01", amazon), "v2")), // Canal+ and Apple lose a1
		results(v(mkResult("a4", "2024-01-04"), "v3"), v(mkResult("a2", "2024-01-02", sony), "v2")),
	}
	for i, b := range steps {
		apply(t, s, b)
		t.Run(fmt.Sprint("after batch ", i), func(t *testing.T) { checkNameCounts(t, s) })
	}
	if got := query(t, s, Query{Company: "Canal+"}); len(got) != 0 {
		t.Errorf("Canal+ still finds %v", recordIDs(got))
	}
}

// TestMigrateFromSchema3 opens a store of schema 3, whose name counts a
// trigger kept, whose names were a table with a row id and whose articles
// and sources had indexes no query used: the trigger and the indexes go,
// the names are kept by article, and the counts go on following them.
func TestMigrateFromSchema3(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "deals.db")
	s := openAt(t, path)
	d := mkDeal(extractors.Production, extractors.Agreed, sonyLong, nil, extractors.Terms{})
	d2 := mkDeal(extractors.Licensing, extractors.Agreed, canalApple, []string{"Le Bureau"}, extractors.Terms{})
	apply(t, s, results(mkResult("art-a", "2024-03-01", d, d2), mkResult("art-b", "", d)))
	// Back to schema 3.
	for _, q := range []string{
		`CREATE TABLE names3 (key TEXT NOT NULL, name TEXT NOT NULL, article_id TEXT NOT NULL, PRIMARY KEY (key, name, article_id))`,
		`INSERT INTO names3 SELECT key, name, article_id FROM company_names`,
		`DROP TABLE company_names`,
		`ALTER TABLE names3 RENAME TO company_names`,
		`CREATE INDEX company_names_article ON company_names(article_id)`,
		`CREATE TRIGGER company_names_counted AFTER INSERT ON company_names BEGIN
			INSERT INTO company_name_counts (key, name, n) VALUES (new.key, new.name, 1)
			ON CONFLICT(key, name) DO UPDATE SET n = n + 1;
		END`,
		`CREATE TRIGGER company_names_uncounted AFTER DELETE ON company_names BEGIN
			UPDATE company_name_counts SET n = n - 1 WHERE key = old.key AND name = old.name;
			DELETE FROM company_name_counts WHERE key = old.key AND name = old.name AND n <= 0;
		END`,
		`CREATE INDEX articles_source ON articles(source)`,
		`CREATE INDEX deal_sources_article ON deal_sources(article_id)`,
		`PRAGMA user_version = 3`,
	} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	s = openAt(t, path)
	var objects []string
	rows, err := s.db.QueryContext(ctx, `SELECT name || ': ' || coalesce(sql, '') FROM sqlite_master WHERE tbl_name IN ('company_names', 'articles', 'deal_sources') ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var o string
		if err := rows.Scan(&o); err != nil {
			t.Fatal(err)
		}
		objects = append(objects, o)
	}
	rows.Close()
	all := strings.Join(objects, "\n")
	for _, gone := range []string{"company_names_counted", "company_names_article", "articles_source", "deal_sources_article"} {
		if strings.Contains(all, gone+":") {
			t.Errorf("%s is still there:\n%s", gone, all)
		}
	}
	if !strings.Contains(all, "company_names_uncounted:") || !strings.Contains(all, "WITHOUT ROWID") {
		t.Errorf("company_names is not kept by article, or lost its delete trigger:\n%s", all)
	}
	checkNameCounts(t, s)
	sonyS := mkDeal(extractors.Production, extractors.Talks, sonyShort, nil, extractors.Terms{})
	apply(t, s, results(mkResult("art-c", "2024-03-02", sonyS), mkResult("art-d", "2024-03-03", sonyS), mkResult("art-e", "2024-03-04", sonyS)))
	checkNameCounts(t, s)
	for _, p := range query(t, s, Query{Company: "Sony"})[0].Parties {
		if p.Key == "sony" && p.Name != "Sony" {
			t.Errorf("Sony's name %q, want Sony (used by the 3 articles after, Sony Television Pictures by the 2 before)", p.Name)
		}
	}
	// A re-extraction of an article stored before takes back its deals
	// and names.
	ra := mkResult("art-a", "2024-03-01", d)
	ra.Article.Extractor = "v2"
	apply(t, s, results(ra))
	checkNameCounts(t, s)
	if got := query(t, s, Query{Company: "Canal+"}); len(got) != 0 {
		t.Errorf("Canal+ still finds %v after art-a's re-extraction", recordIDs(got))
	}
}

// TestCachedReportsRebuildTheSameRecord: a record rebuilt from reports
// decoded in earlier batches is the record rebuilt by a store that
// decodes them all anew.
func TestCachedReportsRebuildTheSameRecord(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "deals.db")
	s := openAt(t, path)
	a := mkDeal(extractors.Production, extractors.Agreed, sonyShort, []string{"Kaos"}, extractors.Terms{})
	b := mkDeal(extractors.Production, extractors.Talks, sonyLong, nil, extractors.Terms{Episodes: 8, Territories: []string{"France"}})
	for i, d := range []extractors.Deal{a, b, a, b} {
		d.Evidence = []string{fmt.Sprintf("Said in its own words, %d.", i)}
		apply(t, s, results(mkResult(fmt.Sprintf("art-%d", i), fmt.Sprintf("2024-03-0%d", 1+i), d)))
	}
	cached := mustJSON(t, query(t, s, Query{}))
	fresh := openAt(t, path)
	tx, err := fresh.begin(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := recompute(ctx, tx, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := mustJSON(t, query(t, fresh, Query{})); got != cached {
		t.Errorf("rebuilt from decoded reports:\n%s\nrebuilt anew:\n%s", cached, got)
	}
}
