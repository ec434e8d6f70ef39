package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dealwire/dealwire/extractors"
)

// browseStore holds 13 deals: Acme's licensing deal with a partner each
// day of May 2026 (some days twice, one undated), and a deal that went
// from talks to agreed.
func browseStore(t *testing.T) *Store {
	t.Helper()
	s := newStore(t)
	var rs []*extractors.Result
	for i := range 12 {
		published := fmt.Sprintf("2026-05-%02d", 1+i/2) // two deals a day
		if i == 11 {
			published = ""
		}
		d := mkDeal("licensing", "agreed", []extractors.Party{party("Acme Studios", "licensor"), party(fmt.Sprintf("Partner %02d", i), "licensee")}, nil, extractors.Terms{})
		rs = append(rs, mkResult(fmt.Sprintf("a%02d", i), published, d))
	}
	talks := mkDeal("merger", "talks", []extractors.Party{party("Globex", ""), party("Initech_100%", "")}, []string{"Blue Planet"}, extractors.Terms{})
	agreed := talks
	agreed.Status = "agreed"
	rs = append(rs, mkResult("m1", "2026-04-01", talks), mkResult("m2", "2026-04-03", agreed), mkResult("m3", "2026-04-05", agreed))
	apply(t, s, results(rs...))
	return s
}

func TestDealPageWalksEveryRecordOnce(t *testing.T) {
	s := browseStore(t)
	ctx := context.Background()
	all := recordIDs(query(t, s, Query{}))
	for _, limit := range []int{1, 2, 3, 5, 13, 50} {
		var got []string
		var after *Cursor
		for pages := 0; ; pages++ {
			p, err := s.DealPage(ctx, Query{}, after, limit)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Records) > limit || pages > len(all) {
				t.Fatalf("limit %d: page of %d records, page %d", limit, len(p.Records), pages)
			}
			got = append(got, recordIDs(p.Records)...)
			if p.Next == nil {
				break
			}
			after = p.Next
		}
		if !slices.Equal(got, all) {
			t.Errorf("limit %d: pages give %v, want %v", limit, got, all)
		}
	}
}

func TestDealPageFilters(t *testing.T) {
	s := browseStore(t)
	for _, tc := range []struct {
		q    Query
		want int
	}{
		{Query{Company: "acme studios"}, 12},
		{Query{Company: "Acme Studios", Since: "2026-05-05"}, 3},
		{Query{Type: "merger"}, 1},
		{Query{Status: "talks"}, 0},
		{Query{Text: "blue plan"}, 1},
		{Query{Text: "partner 0"}, 10},
		{Query{Text: "_100%"}, 1},
		{Query{Text: "%"}, 1},
		{Query{Text: "nothing like it"}, 0},
	} {
		p, err := s.DealPage(context.Background(), tc.q, nil, 100)
		if err != nil {
			t.Fatalf("%+v: %v", tc.q, err)
		}
		if len(p.Records) != tc.want || p.Next != nil {
			t.Errorf("%+v: %d records (next %v), want %d", tc.q, len(p.Records), p.Next, tc.want)
		}
	}
}

func TestDealAndHistory(t *testing.T) {
	s := browseStore(t)
	ctx := context.Background()
	recs := query(t, s, Query{Type: "merger"})
	r, err := s.Deal(ctx, recs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r, recs[0]) || len(r.Sources) != 3 || len(r.Sources[0].Evidence) == 0 {
		t.Errorf("Deal = %+v, want %+v with 3 sources and their evidence", r, recs[0])
	}
	want := []StatusChange{{"talks", "2026-04-01", "m1"}, {"agreed", "2026-04-03", "m2"}}
	if got := r.History(); !reflect.DeepEqual(got, want) {
		t.Errorf("History = %+v, want %+v", got, want)
	}
	if _, err := s.Deal(ctx, "no-such-deal"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Deal of an unknown id: %v, want ErrNotFound", err)
	}
}

func TestCompanies(t *testing.T) {
	s := browseStore(t)
	ctx := context.Background()
	// Another article names Acme differently.
	d := mkDeal("licensing", "agreed", []extractors.Party{party("ACME Studios", "licensor"), party("Partner 00", "licensee")}, nil, extractors.Terms{})
	apply(t, s, results(mkResult("b1", "2026-05-02", d)))
	cs, err := s.Companies(ctx, CompanyQuery{Text: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	want := []Company{{Key: extractors.CompanyKey("Acme Studios"), Name: "Acme Studios", Aliases: []string{"ACME Studios"}, Deals: 12}}
	if !reflect.DeepEqual(cs, want) {
		t.Errorf("Companies(acme) = %+v, want %+v", cs, want)
	}
	c, err := s.Company(ctx, want[0].Key)
	if err != nil || !reflect.DeepEqual(c, want[0]) {
		t.Errorf("Company(%q) = %+v, %v", want[0].Key, c, err)
	}
	if _, err := s.Company(ctx, "no such company"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Company of an unknown key: %v, want ErrNotFound", err)
	}
	// Pages by key.
	var keys []string
	for after := ""; ; {
		cs, err := s.Companies(ctx, CompanyQuery{After: after, Limit: 4})
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) == 0 {
			break
		}
		for _, c := range cs {
			keys = append(keys, c.Key)
		}
		after = cs[len(cs)-1].Key
	}
	if len(keys) != 15 || !slices.IsSorted(keys) {
		t.Errorf("paged companies: %v, want 15 sorted keys", keys)
	}
}

// TestBrowseQueriesUseIndexes: the browsing queries read deals through
// an index, never by a full scan of a table that grows with the news.
func TestBrowseQueriesUseIndexes(t *testing.T) {
	s := browseStore(t)
	where, args := Query{Company: "Acme Studios"}.where()
	cursor := []any{"2026-05-01", "2026-05-01", "2026-05-01", "2026-05-01", "2026-05-01", "x"}
	for name, q := range map[string]struct {
		stmt string
		args []any
	}{
		"first page": {selectDeals + "1=1" + dealOrder + " LIMIT 51", nil},
		"next page": {selectDeals + `last_reported <= ? AND (last_reported < ? OR (last_reported = ? AND (last_seen < ? OR (last_seen = ? AND id > ?))))` + dealOrder + " LIMIT 51",
			cursor},
		"company":        {selectDeals + strings.Join(where, " AND ") + dealOrder, args},
		"deal":           {selectDeals + "id = ?", []any{"x"}},
		"companies":      {selectCompanies + "c.key > ? ORDER BY c.key LIMIT 50", []any{""}},
		"company by key": {selectCompanies + "c.key = ?", []any{"x"}},
		"companies by name": {selectCompanies + `c.key > ? AND EXISTS (SELECT 1 FROM company_name_counts n WHERE n.key = c.key AND n.name LIKE ? ESCAPE '\') ORDER BY c.key LIMIT 50`,
			[]any{"", "%acme%"}},
	} {
		plan := queryPlan(t, s, q.stmt, q.args...)
		for _, table := range []string{"deals", "companies", "company_name_counts", "deal_companies"} {
			if strings.Contains(plan, "SCAN "+table+"\n") || strings.Contains(plan, "SCAN "+table+" ") && !strings.Contains(plan, "SCAN "+table+" USING") {
				t.Errorf("%s scans %s:\n%s", name, table, plan)
			}
		}
	}
}

func queryPlan(t *testing.T, s *Store, stmt string, args ...any) string {
	t.Helper()
	rows, err := s.db.Query("EXPLAIN QUERY PLAN "+stmt, args...)
	if err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		b.WriteString(detail + "\n")
	}
	return b.String()
}
