package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dealwire/dealwire/extractors"
)

// TestPipelineQueriesUseIndexes explains every statement the sink and a
// job run (pipelineQueries) and fails on any full scan of a table: the
// cost of storing an article must not grow with the store. It first runs
// Apply through every path it has (new, repeated and re-extracted
// articles, failures, late dead letters) and checks that each statement
// it prepared is in the list, so that a new one cannot escape the test.
func TestPipelineQueriesUseIndexes(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	sony := []extractors.Party{party("Sony", "producer"), party("Netflix", "platform")}
	d1 := mkDeal(extractors.Production, extractors.Agreed, sony, []string{"Kaos"}, extractors.Terms{})
	d2 := mkDeal(extractors.Production, extractors.Talks, sony, nil, extractors.Terms{Episodes: 8})
	at := time.Now()
	apply(t, s, Batch{Failures: []Failure{
		{Stage: "fetch", Key: "src-1", Source: "https://news.example.com/art-1", Reason: "timeout", At: at},
		{Stage: "extract", Key: "art-2", ArticleID: "art-2", Reason: "budget", At: at},
	}})
	apply(t, s, results(mkResult("art-1", "2024-03-01", d1), mkResult("art-2", "", d1, d2)))
	apply(t, s, results(mkResult("art-1", "2024-03-01", d1))) // a replay
	apply(t, s, results(mkResult("art-2", "2024-03-02", d2))) // a re-extraction
	apply(t, s, Batch{Failures: []Failure{{Stage: "extract", Key: "art-1", ArticleID: "art-1", Reason: "late", At: at}}})
	if _, err := s.Result(ctx, "art-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Outcomes(ctx, []string{"art-1"}); err != nil {
		t.Fatal(err)
	}
	s.stmts.mu.Lock()
	for q := range s.stmts.m {
		if !slices.Contains(pipelineQueries, q) {
			t.Errorf("Apply ran a statement missing from pipelineQueries:\n%s", q)
		}
	}
	s.stmts.mu.Unlock()

	tables, err := s.tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range pipelineQueries {
		plan, err := s.explain(ctx, q)
		if err != nil {
			t.Errorf("explain %s: %v", q, err)
			continue
		}
		for _, step := range plan {
			if scansTable(step, tables) {
				t.Errorf("full table scan %q in:\n%s", step, q)
			}
		}
		t.Logf("%s\n\t%s", strings.Join(strings.Fields(q), " "), strings.Join(plan, "\n\t"))
	}
}

// scansTable reports whether a query plan step reads a whole table
// without an index: SCAN <table>, but not SCAN <table> USING (COVERING)
// INDEX, nor a scan of a subquery's rows.
func scansTable(step string, tables []string) bool {
	name, ok := strings.CutPrefix(step, "SCAN ")
	if !ok || strings.Contains(name, " USING ") {
		return false
	}
	name, _, _ = strings.Cut(name, " ")
	return slices.Contains(tables, name)
}

func (s *Store) tables(ctx context.Context) ([]string, error) {
	tx, err := s.begin(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return queryStrings(ctx, tx, `SELECT name FROM sqlite_master WHERE type = 'table'`)
}

// explain returns the steps of q's query plan.
func (s *Store) explain(ctx context.Context, q string) ([]string, error) {
	args := make([]any, strings.Count(q, "?"))
	rows, err := s.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return nil, err
		}
		plan = append(plan, detail)
	}
	return plan, rows.Err()
}
