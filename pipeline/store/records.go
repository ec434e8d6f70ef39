package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
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
	// FirstReported and LastReported are the earliest and latest
	// publication dates of the sources; empty when none is dated
	// (Undated).
	FirstReported string `json:"first_reported"`
	LastReported  string `json:"last_reported"`
	Undated       bool   `json:"undated,omitempty"`
	// FirstSeen and LastSeen are the earliest and latest dates the sources
	// were fetched.
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
	ArticleID string `json:"article_id"`
	URL       string `json:"url"`
	Source    string `json:"source"`
	Title     string `json:"title"`
	Site      string `json:"site,omitempty"`
	Published string `json:"published,omitempty"`
	// Undated marks an article without a publication date.
	Undated bool `json:"undated,omitempty"`
	// Seen is the date the article was fetched.
	Seen string `json:"seen,omitempty"`
	// Status and Parties are what this article reported, its own roles
	// included.
	Status   string             `json:"status"`
	Parties  []extractors.Party `json:"parties"`
	Evidence []string           `json:"evidence,omitempty"`
}

// talentRole marks a person party; persons are not companies.
const talentRole = "talent"

// merged is what a deals row keeps: the union of what its sources said.
// The sources themselves are read from deal_sources when a record is
// assembled, so a deal reported by thousands of articles stays cheap to
// update.
type merged struct {
	Parties []mergedParty    `json:"parties"`
	Titles  []string         `json:"titles"`
	Terms   extractors.Terms `json:"terms"`
}

type mergedParty struct {
	Key     string   `json:"key"`
	Name    string   `json:"name"`
	Role    string   `json:"role,omitempty"`
	Aliases []string `json:"aliases,omitempty"`
}

// add merges one source's report of the deal.
func (m *merged) add(d extractors.Deal) {
	for _, p := range d.Parties {
		k := partyKey(p)
		i := -1
		for j := range m.Parties {
			if m.Parties[j].Key == k {
				i = j
				break
			}
		}
		if i < 0 {
			m.Parties = append(m.Parties, mergedParty{Key: k, Name: p.Name, Role: p.Role})
			i = len(m.Parties) - 1
		}
		mp := &m.Parties[i]
		if mp.Role == "" {
			mp.Role = p.Role
		}
		if !contains(mp.Aliases, p.Name) {
			mp.Aliases = append(mp.Aliases, p.Name)
		}
	}
	for _, t := range d.Titles {
		if !containsFold(m.Titles, t) {
			m.Titles = append(m.Titles, t)
		}
	}
	mergeTerms(&m.Terms, d.Terms)
}

func partyKey(p extractors.Party) string {
	if p.Role == talentRole {
		return "person:" + strings.ToLower(p.Name)
	}
	return extractors.CompanyKey(p.Name)
}

func writeDeal(ctx context.Context, tx txn, id, typ, status string, dates [4]string, m *merged) error {
	if m.Titles == nil {
		m.Titles = []string{}
	}
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, qPutDeal,
		id, typ, status, dates[0], dates[1], dates[2], dates[3], string(data)); err != nil {
		return err
	}
	for _, p := range m.Parties {
		if _, err := tx.ExecContext(ctx, qPutDealCompany, id, p.Key); err != nil {
			return err
		}
	}
	return nil
}

// report is one source's report of a deal, as recompute ranks it.
type report struct {
	article, reported string
	deal              extractors.Deal
}

// ranked orders reports by the consolidation rule: the most recent
// publication date first (undated reports last), then the most specific
// report (specificity), then the article id. The order depends only on the
// set of reports, never on when they arrived.
func ranked(rs []report) {
	sort.Slice(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if a.reported != b.reported {
			return a.reported > b.reported
		}
		if sa, sb := specificity(a.deal), specificity(b.deal); sa != sb {
			return sa > sb
		}
		return a.article < b.article
	})
}

// specificity counts what a report says: parties with a role, titles and
// terms.
func specificity(d extractors.Deal) int {
	n := len(d.Titles) + len(d.Terms.Territories)
	for _, p := range d.Parties {
		if p.Role != "" {
			n++
		}
	}
	t := d.Terms
	for _, set := range []bool{t.Episodes != 0, t.Exclusive, t.Duration != "", t.Value != 0, t.Stake != 0, t.Format != "", t.Date != ""} {
		if set {
			n++
		}
	}
	return n
}

// recompute rebuilds a deal from all its sources, or deletes it when none
// is left. The record is a function of the set of sources: status, roles
// and terms come from the highest-ranked report that has them (see
// ranked), titles and aliases are unioned in rank order.
func recompute(ctx context.Context, tx txn, id string) error {
	if _, err := tx.ExecContext(ctx, qDeleteDealCompanies, id); err != nil {
		return err
	}
	rs, err := reports(ctx, tx, id)
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		_, err := tx.ExecContext(ctx, qDeleteDeal, id)
		return err
	}
	ranked(rs)
	var m merged
	for _, r := range rs {
		m.add(r.deal)
	}
	var dates [4]string // first and last reported, first and last seen
	if err := tx.QueryRowContext(ctx, qDealDates, id).Scan(&dates[0], &dates[1], &dates[2], &dates[3]); err != nil {
		return err
	}
	return writeDeal(ctx, tx, id, rs[0].deal.Type, rs[0].deal.Status, dates, &m)
}

// reports reads a deal's distinct reports, each from its best-ranked
// source (see qDealReports): adding a report equal to one already added
// changes nothing in a merged record, so the others can be left out. A
// report's deal is decoded once per merge key, which names its content.
func reports(ctx context.Context, tx txn, id string) ([]report, error) {
	rows, err := tx.QueryContext(ctx, qDealReports, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var rs []report
	for rows.Next() {
		var r report
		var key string
		var dj sql.RawBytes
		if err := rows.Scan(&r.article, &r.reported, &key, &dj); err != nil {
			return nil, err
		}
		var ok bool
		if r.deal, ok = tx.deals.get(key); !ok {
			if err := json.Unmarshal(dj, &r.deal); err != nil {
				return nil, fmt.Errorf("stored deal: %w", err)
			}
			r.deal.Evidence = nil // not merged
			tx.deals.put(key, r.deal)
		}
		rs = append(rs, r)
	}
	return rs, rows.Err()
}

// dealCache holds decoded reports by merge key. A merge key names what a
// report says (see mergeKey), so the reports of a deal rebuilt batch
// after batch are not decoded again. Two generations bound it; its deals
// are shared and never modified.
type dealCache struct {
	mu       sync.Mutex
	cur, old map[string]extractors.Deal
}

// maxCachedDeals bounds a generation of the cache.
const maxCachedDeals = 8192

func (c *dealCache) get(key string) (extractors.Deal, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d, ok := c.cur[key]; ok {
		return d, true
	}
	d, ok := c.old[key]
	if ok {
		c.putLocked(key, d)
	}
	return d, ok
}

func (c *dealCache) put(key string, d extractors.Deal) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putLocked(key, d)
}

func (c *dealCache) putLocked(key string, d extractors.Deal) {
	if len(c.cur) >= maxCachedDeals || c.cur == nil {
		c.old, c.cur = c.cur, make(map[string]extractors.Deal, maxCachedDeals)
	}
	c.cur[key] = d
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
	// Since keeps records last reported (published) on or after this
	// date (YYYY-MM-DD); undated records are left out.
	Since string
	// Text keeps records with a party, alias, title or term that
	// contains it, ignoring ASCII case.
	Text  string
	Limit int
}

// where is q's filter as an SQL condition on deals and its arguments.
func (q Query) where() ([]string, []any) {
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
		where = append(where, `last_reported >= ?`)
		args = append(args, q.Since)
	}
	if q.Text != "" {
		where = append(where, `EXISTS (SELECT 1 FROM json_tree(deals.merged) WHERE type = 'text' AND atom LIKE ? ESCAPE '\')`)
		args = append(args, "%"+likeEscaper.Replace(q.Text)+"%")
	}
	return where, args
}

// likeEscaper makes a text match itself in a LIKE pattern.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// selectDeals reads the columns scanRecords expects.
const selectDeals = `SELECT id, type, status, first_reported, last_reported, first_seen, last_seen, merged FROM deals WHERE `

// dealOrder is the order of Deals: most recently reported first, then
// most recently seen, then by id.
const dealOrder = ` ORDER BY last_reported DESC, last_seen DESC, id`

// Deals returns the records that match q, most recently seen first.
func (s *Store) Deals(ctx context.Context, q Query) ([]Record, error) {
	where, args := q.where()
	stmt := selectDeals + strings.Join(where, " AND ") + dealOrder
	if q.Limit > 0 {
		stmt += fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	return s.records(ctx, stmt, args...)
}

// records runs a selectDeals statement and assembles its records, in one
// read transaction: the records and their sources are consistent.
func (s *Store) records(ctx context.Context, stmt string, args ...any) ([]Record, error) {
	tx, err := s.begin(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("deal store: %w", err)
	}
	defer tx.Rollback()
	out, ms, err := scanRecords(ctx, tx, stmt, args...)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if err := assemble(ctx, tx, &out[i], ms[i]); err != nil {
			return nil, fmt.Errorf("deal store: record %s: %w", out[i].ID, err)
		}
	}
	return out, nil
}

// scanRecords reads the deals rows of a selectDeals statement: the
// records without parties or sources, and what each row merged.
func scanRecords(ctx context.Context, tx txn, stmt string, args ...any) ([]Record, []merged, error) {
	rows, err := tx.QueryContext(ctx, stmt, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("deal store: %w", err)
	}
	defer rows.Close()
	var out []Record
	var ms []merged
	for rows.Next() {
		var r Record
		var m merged
		var data string
		if err := rows.Scan(&r.ID, &r.Type, &r.Status, &r.FirstReported, &r.LastReported, &r.FirstSeen, &r.LastSeen, &data); err != nil {
			return nil, nil, err
		}
		if err := json.Unmarshal([]byte(data), &m); err != nil {
			return nil, nil, fmt.Errorf("deal store: record %s: %w", r.ID, err)
		}
		r.Undated = r.LastReported == ""
		out = append(out, r)
		ms = append(ms, m)
	}
	return out, ms, rows.Err()
}

// assemble completes a record: canonical party names and its sources.
func assemble(ctx context.Context, tx txn, r *Record, m merged) error {
	r.Titles, r.Terms = m.Titles, m.Terms
	for _, p := range m.Parties {
		rp := RecordParty{Name: p.Name, Key: p.Key, Role: p.Role, Aliases: p.Aliases}
		if !strings.HasPrefix(p.Key, "person:") {
			var name string
			err := tx.QueryRowContext(ctx, `SELECT name FROM companies WHERE key = ?`, p.Key).Scan(&name)
			switch {
			case err == nil:
				rp.Name = name
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
		}
		r.Parties = append(r.Parties, rp)
	}
	rows, err := tx.QueryContext(ctx, `SELECT s.article_id, s.reported, s.fetched, s.deal, a.url, a.source, a.title, a.site, a.published
		FROM deal_sources s JOIN articles a ON a.id = s.article_id
		WHERE s.deal_id = ? ORDER BY s.reported = '', s.reported, s.fetched, s.article_id`, r.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var src Source
		var dj, reported string
		if err := rows.Scan(&src.ArticleID, &reported, &src.Seen, &dj, &src.URL, &src.Source, &src.Title, &src.Site, &src.Published); err != nil {
			return err
		}
		var d extractors.Deal
		if err := json.Unmarshal([]byte(dj), &d); err != nil {
			return err
		}
		src.Undated = reported == ""
		src.Status, src.Parties, src.Evidence = d.Status, d.Parties, d.Evidence
		r.Sources = append(r.Sources, src)
	}
	return rows.Err()
}

// Result returns a stored article result.
func (s *Store) Result(ctx context.Context, articleID string) (*extractors.Result, error) {
	var data string
	err := s.db.QueryRowContext(ctx, qArticleResult, articleID).Scan(&data)
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
	At     time.Time // when it was stored (a result) or failed
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
		args := make([]any, len(chunk))
		for i, k := range chunk {
			args[i] = k
		}
		rows, err := s.db.QueryContext(ctx, outcomesQuery(len(chunk)), append(args, args...)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k, at string
			var o Outcome
			if err := rows.Scan(&k, &o.Status, &o.Stage, &o.Reason, &at); err != nil {
				rows.Close()
				return nil, err
			}
			o.At, _ = time.Parse(timeLayout, at)
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
		f.At, _ = time.Parse(timeLayout, at)
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
