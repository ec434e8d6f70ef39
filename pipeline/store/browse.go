package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrNotFound is returned for a deal or a company the store does not
// hold.
var ErrNotFound = errors.New("not found")

// browseIndexes serve the order of Deals and DealPage. They are made on
// every writable open, so that stores made before them gain them.
var browseIndexes = []string{
	`CREATE INDEX IF NOT EXISTS deals_order ON deals(last_reported DESC, last_seen DESC, id)`,
}

func (s *Store) addBrowseIndexes(ctx context.Context) error {
	for _, stmt := range browseIndexes {
		if _, err := s.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("index: %w", err)
		}
	}
	return nil
}

// Ping reports whether the store answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("deal store: %w", err)
	}
	return nil
}

// Cursor is a position in the order of Deals: the last record of a page.
type Cursor struct {
	Reported string `json:"r"`
	Seen     string `json:"s"`
	ID       string `json:"i"`
}

// Page is one page of deal records.
type Page struct {
	Records []Record
	// Next is where the next page starts, nil on the last page.
	Next *Cursor
}

// DealPage returns up to limit records that match q (its Limit aside),
// in the order of Deals, starting after the cursor (from the first with
// a nil one). Paging through with each page's Next gives every record
// once, while the store does not change.
func (s *Store) DealPage(ctx context.Context, q Query, after *Cursor, limit int) (Page, error) {
	if limit <= 0 {
		return Page{}, errors.New("deal store: page limit must be positive")
	}
	where, args := q.where()
	if after != nil {
		// The first condition lets the index on last_reported bound the scan.
		where = append(where, `last_reported <= ?`, `(last_reported < ? OR (last_reported = ? AND (last_seen < ? OR (last_seen = ? AND id > ?))))`)
		args = append(args, after.Reported, after.Reported, after.Reported, after.Seen, after.Seen, after.ID)
	}
	// One more than the page tells whether another page follows.
	stmt := selectDeals + strings.Join(where, " AND ") + dealOrder + fmt.Sprintf(" LIMIT %d", limit+1)
	recs, err := s.records(ctx, stmt, args...)
	if err != nil {
		return Page{}, err
	}
	var p Page
	if len(recs) > limit {
		recs = recs[:limit]
		last := recs[limit-1]
		p.Next = &Cursor{Reported: last.LastReported, Seen: last.LastSeen, ID: last.ID}
	}
	p.Records = recs
	return p, nil
}

// Deal returns one record with all its sources, or ErrNotFound.
func (s *Store) Deal(ctx context.Context, id string) (Record, error) {
	recs, err := s.records(ctx, selectDeals+`id = ?`, id)
	if err != nil {
		return Record{}, err
	}
	if len(recs) == 0 {
		return Record{}, fmt.Errorf("deal %q: %w", id, ErrNotFound)
	}
	return recs[0], nil
}

// Company is a company under its canonical name, with the other names
// articles gave it and the number of deal records it is a party to.
type Company struct {
	Key     string   `json:"key"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
	Deals   int      `json:"deals"`
}

// CompanyQuery selects companies; zero fields match everything.
type CompanyQuery struct {
	// Text keeps companies with a name that contains it, ignoring ASCII
	// case.
	Text string
	// After keeps companies whose key sorts after it: the last key of the
	// previous page.
	After string
	Limit int
}

// selectCompanies reads the columns scanCompanies expects; the aliases
// and the deal count come from the keys of company_name_counts and the
// index on deal_companies(company_key).
const selectCompanies = `SELECT c.key, c.name,
	(SELECT json_group_array(n.name) FROM company_name_counts n WHERE n.key = c.key),
	(SELECT count(*) FROM deal_companies d WHERE d.company_key = c.key)
	FROM companies c WHERE `

// Companies returns the companies that match q, by key (which sorts
// them by name, ignoring case and accents).
func (s *Store) Companies(ctx context.Context, q CompanyQuery) ([]Company, error) {
	where, args := []string{"c.key > ?"}, []any{q.After}
	if q.Text != "" {
		where = append(where, `EXISTS (SELECT 1 FROM company_name_counts n WHERE n.key = c.key AND n.name LIKE ? ESCAPE '\')`)
		args = append(args, "%"+likeEscaper.Replace(q.Text)+"%")
	}
	stmt := selectCompanies + strings.Join(where, " AND ") + ` ORDER BY c.key`
	if q.Limit > 0 {
		stmt += fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	return s.companies(ctx, stmt, args...)
}

// Company returns the company with this key, or ErrNotFound.
func (s *Store) Company(ctx context.Context, key string) (Company, error) {
	cs, err := s.companies(ctx, selectCompanies+`c.key = ?`, key)
	if err != nil {
		return Company{}, err
	}
	if len(cs) == 0 {
		return Company{}, fmt.Errorf("company %q: %w", key, ErrNotFound)
	}
	return cs[0], nil
}

func (s *Store) companies(ctx context.Context, stmt string, args ...any) ([]Company, error) {
	rows, err := s.db.QueryContext(ctx, stmt, args...)
	if err != nil {
		return nil, fmt.Errorf("deal store: %w", err)
	}
	defer rows.Close()
	out := []Company{}
	for rows.Next() {
		var c Company
		var names string
		if err := rows.Scan(&c.Key, &c.Name, &names, &c.Deals); err != nil {
			return nil, fmt.Errorf("deal store: %w", err)
		}
		if err := json.Unmarshal([]byte(names), &c.Aliases); err != nil {
			return nil, fmt.Errorf("deal store: company %s: %w", c.Key, err)
		}
		c.Aliases = slices.DeleteFunc(c.Aliases, func(n string) bool { return n == c.Name })
		slices.Sort(c.Aliases)
		out = append(out, c)
	}
	return out, rows.Err()
}

// StatusChange is a status a deal's sources reported, as of the first
// of them that did.
type StatusChange struct {
	Status string `json:"status"`
	// Date is that source's publication date, empty when undated.
	Date      string `json:"date,omitempty"`
	ArticleID string `json:"article_id"`
}

// History is the record's status over time: its sources in publication
// order (undated ones last), each time one reports another status than
// the one before.
func (r Record) History() []StatusChange {
	var out []StatusChange
	for _, s := range r.Sources {
		if len(out) > 0 && out[len(out)-1].Status == s.Status {
			continue
		}
		out = append(out, StatusChange{Status: s.Status, Date: s.Published, ArticleID: s.ArticleID})
	}
	return out
}
