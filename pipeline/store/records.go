package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/dealwire/dealwire/extractors"
)

// Record is one deal, consolidated over every article that reported it.
type Record struct {
	ID      string           `json:"id"`
	Type    string           `json:"type"`
	Status  string           `json:"status"`
	Parties []RecordParty    `json:"parties"`
	Titles  []string         `json:"titles"`
	Terms   extractors.Terms `json:"terms"`
	Sources []Source         `json:"sources"`
	// FirstSeen and LastSeen are the earliest and latest dates of the
	// sources (publication date, else fetch date).
	FirstSeen string `json:"first_seen"`
	LastSeen  string `json:"last_seen"`
}

// RecordParty is a party under its canonical name, with the names the
// sources used for it.
type RecordParty struct {
	Name    string   `json:"name"`
	Key     string   `json:"key"`
	Role    string   `json:"role,omitempty"`
	Aliases []string `json:"aliases,omitempty"`
}

// Source is one article that reported the deal.
type Source struct {
	ArticleID string   `json:"article_id"`
	URL       string   `json:"url"`
	Source    string   `json:"source"`
	Title     string   `json:"title"`
	Site      string   `json:"site,omitempty"`
	Published string   `json:"published,omitempty"`
	Seen      string   `json:"seen,omitempty"`
	Status    string   `json:"status"`
	Evidence  []string `json:"evidence,omitempty"`
}

type sourceRow struct {
	src  Source
	deal extractors.Deal
}

// consolidate rebuilds deal id's record from its sources, or deletes it
// when no source is left.
func consolidate(ctx context.Context, tx *sql.Tx, id string) error {
	rows, err := tx.QueryContext(ctx, `SELECT s.article_id, s.seen, s.deal, a.url, a.source, a.title, a.site, a.published
		FROM deal_sources s JOIN articles a ON a.id = s.article_id
		WHERE s.deal_id = ? ORDER BY s.seen, a.stored_at, s.article_id`, id)
	if err != nil {
		return err
	}
	var srcs []sourceRow
	for rows.Next() {
		var sr sourceRow
		var dj string
		if err := rows.Scan(&sr.src.ArticleID, &sr.src.Seen, &dj, &sr.src.URL, &sr.src.Source, &sr.src.Title, &sr.src.Site, &sr.src.Published); err != nil {
			rows.Close()
			return err
		}
		if err := json.Unmarshal([]byte(dj), &sr.deal); err != nil {
			rows.Close()
			return fmt.Errorf("stored deal: %w", err)
		}
		sr.src.Status = sr.deal.Status
		sr.src.Evidence = sr.deal.Evidence
		srcs = append(srcs, sr)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM deal_companies WHERE deal_id = ?`, id); err != nil {
		return err
	}
	if len(srcs) == 0 {
		_, err := tx.ExecContext(ctx, `DELETE FROM deals WHERE id = ?`, id)
		return err
	}
	rec, err := merge(ctx, tx, id, srcs)
	if err != nil {
		return err
	}
	data, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO deals (id, type, status, first_seen, last_seen, record) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT(id) DO UPDATE SET type=excluded.type, status=excluded.status, first_seen=excluded.first_seen,
			last_seen=excluded.last_seen, record=excluded.record`,
		rec.ID, rec.Type, rec.Status, rec.FirstSeen, rec.LastSeen, string(data)); err != nil {
		return err
	}
	for _, p := range rec.Parties {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO deal_companies (deal_id, company_key) VALUES (?, ?)`, id, p.Key); err != nil {
			return err
		}
	}
	return nil
}

// merge builds the record: the latest source sets the status; parties,
// titles and terms are the union of all sources.
func merge(ctx context.Context, tx *sql.Tx, id string, srcs []sourceRow) (*Record, error) {
	rec := &Record{ID: id, Type: srcs[0].deal.Type, Titles: []string{}}
	byKey := map[string]*RecordParty{}
	for _, sr := range srcs {
		rec.Sources = append(rec.Sources, sr.src)
		rec.Status = sr.deal.Status // sources are in date order: the last wins
		if rec.FirstSeen == "" || sr.src.Seen != "" && sr.src.Seen < rec.FirstSeen {
			rec.FirstSeen = sr.src.Seen
		}
		if sr.src.Seen > rec.LastSeen {
			rec.LastSeen = sr.src.Seen
		}
		for _, p := range sr.deal.Parties {
			k := extractors.CompanyKey(p.Name)
			if p.Role == "talent" {
				k = "person:" + strings.ToLower(p.Name)
			}
			rp := byKey[k]
			if rp == nil {
				rp = &RecordParty{Name: p.Name, Key: k, Role: p.Role}
				byKey[k] = rp
				rec.Parties = append(rec.Parties, *rp)
			}
			if rp.Role == "" {
				rp.Role = p.Role
			}
			if !contains(rp.Aliases, p.Name) {
				rp.Aliases = append(rp.Aliases, p.Name)
			}
		}
		for _, t := range sr.deal.Titles {
			if !containsFold(rec.Titles, t) {
				rec.Titles = append(rec.Titles, t)
			}
		}
		mergeTerms(&rec.Terms, sr.deal.Terms)
	}
	for i := range rec.Parties {
		rp := byKey[rec.Parties[i].Key]
		rec.Parties[i] = *rp
		if strings.HasPrefix(rp.Key, "person:") {
			continue
		}
		var name string
		err := tx.QueryRowContext(ctx, `SELECT name FROM companies WHERE key = ?`, rp.Key).Scan(&name)
		switch {
		case err == nil:
			rec.Parties[i].Name = name
		case !errors.Is(err, sql.ErrNoRows):
			return nil, err
		}
	}
	return rec, nil
}

// mergeTerms fills the terms t lacks from u; territories are unioned.
func mergeTerms(t *extractors.Terms, u extractors.Terms) {
	if t.Episodes == 0 {
		t.Episodes = u.Episodes
	}
	for _, x := range u.Territories {
		if !containsFold(t.Territories, x) {
			t.Territories = append(t.Territories, x)
		}
	}
	t.Exclusive = t.Exclusive || u.Exclusive
	if t.Duration == "" {
		t.Duration = u.Duration
	}
	if t.Value == 0 {
		t.Value, t.Currency = u.Value, u.Currency
	}
	if t.Stake == 0 {
		t.Stake = u.Stake
	}
	if t.Format == "" {
		t.Format = u.Format
	}
	if t.Date == "" {
		t.Date = u.Date
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func containsFold(xs []string, x string) bool {
	for _, y := range xs {
		if strings.EqualFold(y, x) {
			return true
		}
	}
	return false
}

// Query selects deal records; zero fields match everything.
type Query struct {
	// Company matches any party, by name or alias.
	Company string
	Type    string
	Status  string
	// Since keeps records last seen on or after this date (YYYY-MM-DD).
	Since string
	Limit int
}

// Deals returns the records that match q, most recently seen first.
func (s *Store) Deals(ctx context.Context, q Query) ([]Record, error) {
	where := []string{"1=1"}
	var args []any
	if q.Company != "" {
		where = append(where, `id IN (SELECT deal_id FROM deal_companies WHERE company_key = ?)`)
		args = append(args, extractors.CompanyKey(q.Company))
	}
	if q.Type != "" {
		where = append(where, `type = ?`)
		args = append(args, q.Type)
	}
	if q.Status != "" {
		where = append(where, `status = ?`)
		args = append(args, q.Status)
	}
	if q.Since != "" {
		where = append(where, `last_seen >= ?`)
		args = append(args, q.Since)
	}
	stmt := `SELECT record FROM deals WHERE ` + strings.Join(where, " AND ") + ` ORDER BY last_seen DESC, id`
	if q.Limit > 0 {
		stmt += fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	rows, err := s.db.QueryContext(ctx, stmt, args...)
	if err != nil {
		return nil, fmt.Errorf("deal store: %w", err)
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		var r Record
		if err := json.Unmarshal([]byte(data), &r); err != nil {
			return nil, fmt.Errorf("deal store: record: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Result returns a stored article result.
func (s *Store) Result(ctx context.Context, articleID string) (*extractors.Result, error) {
	var data string
	err := s.db.QueryRowContext(ctx, `SELECT result FROM articles WHERE id = ?`, articleID).Scan(&data)
	if err != nil {
		return nil, err
	}
	var r extractors.Result
	if err := json.Unmarshal([]byte(data), &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// Outcome is where an input ended.
type Outcome struct {
	Status string // "extracted" or "failed"
	Stage  string
	Reason string
}

// Outcomes reports, for each key (an article id or a failure key), whether
// the store holds its result or its failure. Keys it knows nothing of are
// absent.
func (s *Store) Outcomes(ctx context.Context, keys []string) (map[string]Outcome, error) {
	out := map[string]Outcome{}
	for len(keys) > 0 {
		n := min(len(keys), 500)
		chunk := keys[:n]
		keys = keys[n:]
		ph := strings.TrimSuffix(strings.Repeat("?,", len(chunk)), ",")
		args := make([]any, len(chunk))
		for i, k := range chunk {
			args[i] = k
		}
		rows, err := s.db.QueryContext(ctx, `SELECT id, 'extracted', '', '' FROM articles WHERE id IN (`+ph+`)
			UNION ALL SELECT key, 'failed', stage, reason FROM failures WHERE key IN (`+ph+`)`, append(args, args...)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k string
			var o Outcome
			if err := rows.Scan(&k, &o.Status, &o.Stage, &o.Reason); err != nil {
				rows.Close()
				return nil, err
			}
			if prev, ok := out[k]; ok && prev.Status == "extracted" {
				continue
			}
			out[k] = o
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Failures lists the failed inputs, newest first.
func (s *Store) Failures(ctx context.Context) ([]Failure, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT stage, key, source, url, article_id, reason, deliveries, at FROM failures ORDER BY at DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Failure
	for rows.Next() {
		var f Failure
		var at string
		if err := rows.Scan(&f.Stage, &f.Key, &f.Source, &f.URL, &f.ArticleID, &f.Reason, &f.Deliveries, &at); err != nil {
			return nil, err
		}
		f.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, f)
	}
	return out, rows.Err()
}

// Counts returns how many articles, failures and deals the store holds.
func (s *Store) Counts(ctx context.Context) (articles, failures, deals int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM failures), (SELECT count(*) FROM deals)`).
		Scan(&articles, &failures, &deals)
	return
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
