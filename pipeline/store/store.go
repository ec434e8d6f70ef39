// Package store is the deal store: an embedded SQLite database holding
// every article result, every failed input, and one consolidated record
// per deal, whichever articles reported it. Writes are transactional and
// idempotent: applying the same results again changes nothing.
package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/dealwire/dealwire/extractors"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Store is an open deal store. It is safe for concurrent use; SQLite
// serialises the writers.
type Store struct {
	db    *sql.DB
	stmts stmts
	deals dealCache
}

// companyNames holds the company names each article uses, by article:
// what a re-extraction takes back from company_name_counts. Who uses a
// name is read from the counts.
const companyNames = `CREATE TABLE IF NOT EXISTS company_names (
		article_id TEXT NOT NULL,
		key TEXT NOT NULL,
		name TEXT NOT NULL,
		PRIMARY KEY (article_id, key, name)
	) WITHOUT ROWID`

// companyNameCounts counts the articles that use each name of a company.
const companyNameCounts = `CREATE TABLE IF NOT EXISTS company_name_counts (
		key TEXT NOT NULL,
		name TEXT NOT NULL,
		n INTEGER NOT NULL,
		PRIMARY KEY (key, name)
	)`

// schemaVersion 2 added the publication and fetch dates of each source
// and of each record (reported and seen); 3 the merge key of each source,
// the counts of company names, and the indexes that keep the sink's
// queries from scanning a table; 4 counts inserted names per batch
// rather than by a trigger per row, keeps each article's names together
// (read back only when it is re-extracted), and drops the indexes no
// query used: what an article adds to the store costs fewer pages.
const schemaVersion = 4

var schema = []string{
	`CREATE TABLE IF NOT EXISTS articles (
		id TEXT PRIMARY KEY,
		source TEXT NOT NULL DEFAULT '',
		url TEXT NOT NULL DEFAULT '',
		canonical_url TEXT NOT NULL DEFAULT '',
		title TEXT NOT NULL DEFAULT '',
		published TEXT NOT NULL DEFAULT '',
		lang TEXT NOT NULL DEFAULT '',
		site TEXT NOT NULL DEFAULT '',
		fetched_at TEXT NOT NULL DEFAULT '',
		extractor TEXT NOT NULL DEFAULT '',
		result TEXT NOT NULL,
		stored_at TEXT NOT NULL
	)`,
	`CREATE TABLE IF NOT EXISTS failures (
		stage TEXT NOT NULL,
		key TEXT NOT NULL,
		source TEXT NOT NULL DEFAULT '',
		url TEXT NOT NULL DEFAULT '',
		article_id TEXT NOT NULL DEFAULT '',
		reason TEXT NOT NULL,
		deliveries INTEGER NOT NULL DEFAULT 0,
		at TEXT NOT NULL,
		PRIMARY KEY (stage, key)
	)`,
	`CREATE INDEX IF NOT EXISTS failures_key ON failures(key)`,
	`CREATE INDEX IF NOT EXISTS failures_source ON failures(source)`,
	companyNames,
	companyNameCounts,
	// The counts follow company_names, so that a company's canonical name
	// is chosen among its few names, not its many mentions. Apply adds a
	// batch's inserted names to them (one row per name, however many
	// articles use it); the few deletions, of re-extracted articles, are
	// counted here.
	`CREATE TRIGGER IF NOT EXISTS company_names_uncounted AFTER DELETE ON company_names BEGIN
		UPDATE company_name_counts SET n = n - 1 WHERE key = old.key AND name = old.name;
		DELETE FROM company_name_counts WHERE key = old.key AND name = old.name AND n <= 0;
	END`,
	`CREATE TABLE IF NOT EXISTS companies (
		key TEXT PRIMARY KEY,
		name TEXT NOT NULL
	)`,
	`CREATE TABLE IF NOT EXISTS deal_sources (
		deal_id TEXT NOT NULL,
		article_id TEXT NOT NULL,
		seen TEXT NOT NULL,
		stored_at TEXT NOT NULL,
		deal TEXT NOT NULL,
		reported TEXT NOT NULL DEFAULT '',
		fetched TEXT NOT NULL DEFAULT '',
		merge_key TEXT NOT NULL DEFAULT '',
		PRIMARY KEY (deal_id, article_id)
	)`,
	// Rank a deal's reports and date its record in a few seeks.
	`CREATE INDEX IF NOT EXISTS deal_sources_reports ON deal_sources(deal_id, merge_key, reported DESC, article_id)`,
	`CREATE INDEX IF NOT EXISTS deal_sources_reported ON deal_sources(deal_id, reported)`,
	`CREATE INDEX IF NOT EXISTS deal_sources_fetched ON deal_sources(deal_id, fetched)`,
	`CREATE TABLE IF NOT EXISTS deals (
		id TEXT PRIMARY KEY,
		type TEXT NOT NULL,
		status TEXT NOT NULL,
		first_seen TEXT NOT NULL,
		last_seen TEXT NOT NULL,
		merged TEXT NOT NULL,
		first_reported TEXT NOT NULL DEFAULT '',
		last_reported TEXT NOT NULL DEFAULT ''
	)`,
	`CREATE INDEX IF NOT EXISTS deals_last_seen ON deals(last_seen)`,
	`CREATE INDEX IF NOT EXISTS deals_last_reported ON deals(last_reported)`,
	`CREATE TABLE IF NOT EXISTS deal_companies (
		deal_id TEXT NOT NULL,
		company_key TEXT NOT NULL,
		PRIMARY KEY (deal_id, company_key)
	)`,
	`CREATE INDEX IF NOT EXISTS deal_companies_key ON deal_companies(company_key)`,
}

// Open opens (creating if needed) the store at path, migrating an older
// schema.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("deal store: %w", err)
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(15000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)") // a commit survives a crash before its ack
	q.Add("_pragma", "foreign_keys(1)")
	// Statement journals (a statement's own undo, for a multi-row insert
	// or a trigger) stay in memory: they are not part of what a commit
	// makes durable, and on disk each one cost a write per page.
	q.Add("_pragma", "temp_store(MEMORY)")
	// A page cache of 16 MiB (SQLite's default is 2): rebuilding a deal
	// reads its reports' pages, which in a store of tens of thousands of
	// articles no longer fit the default and were read again from the file
	// at every batch.
	q.Add("_pragma", "cache_size(-16384)")
	q.Set("_txlock", "immediate")
	s, err := open(path, q)
	if err != nil {
		return nil, err
	}
	err = s.migrate(ctx)
	if err == nil {
		err = s.addBrowseIndexes(ctx)
	}
	if err != nil {
		s.db.Close()
		return nil, fmt.Errorf("deal store %s: %w", path, err)
	}
	return s, nil
}

// OpenReadOnly opens an existing store for reading only, beside the
// process that writes it. The store must be at this dealwire's schema.
func OpenReadOnly(ctx context.Context, path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("deal store: %w", err)
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(15000)")
	q.Add("_pragma", "query_only(1)")
	q.Set("mode", "ro")
	s, err := open(path, q)
	if err != nil {
		return nil, err
	}
	var v int
	err = s.db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v)
	if err == nil && v != schemaVersion {
		err = fmt.Errorf("schema version %d, not %d: open it once with 'dealwire run' or 'dealwire sink' to migrate it", v, schemaVersion)
	}
	if err != nil {
		s.db.Close()
		return nil, fmt.Errorf("deal store %s: %w", path, err)
	}
	return s, nil
}

func open(path string, q url.Values) (*Store, error) {
	// The path is a URI path: escape what URIs give a meaning to (? # %).
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("deal store: %w", err)
	}
	s := &Store{db: db}
	s.stmts.db = db
	return s, nil
}

// upgrades[v] brings a store from schema v to v+1, before the schema's
// own statements run.
var upgrades = map[int][]string{
	1: {
		`ALTER TABLE deal_sources ADD COLUMN reported TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE deal_sources ADD COLUMN fetched TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE deals ADD COLUMN first_reported TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE deals ADD COLUMN last_reported TEXT NOT NULL DEFAULT ''`,
		`UPDATE deal_sources SET
			reported = coalesce((SELECT substr(published, 1, 10) FROM articles WHERE id = article_id), ''),
			fetched = coalesce((SELECT substr(fetched_at, 1, 10) FROM articles WHERE id = article_id), '')`,
	},
	// The merge keys of the sources stored before are filled in by
	// fillMergeKeys.
	2: {
		`ALTER TABLE deal_sources ADD COLUMN merge_key TEXT NOT NULL DEFAULT ''`,
		companyNameCounts,
		`INSERT INTO company_name_counts (key, name, n) SELECT key, name, count(*) FROM company_names GROUP BY key, name`,
	},
	3: {
		`DROP TRIGGER IF EXISTS company_names_counted`,
		`DROP INDEX IF EXISTS articles_source`,
		`DROP INDEX IF EXISTS deal_sources_article`,
		strings.Replace(companyNames, "company_names", "company_names_v4", 1),
		`INSERT INTO company_names_v4 (article_id, key, name) SELECT article_id, key, name FROM company_names`,
		`DROP TABLE company_names`,
		`ALTER TABLE company_names_v4 RENAME TO company_names`,
	},
}

func (s *Store) migrate(ctx context.Context) error {
	var v int
	if err := s.db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return err
	}
	if v > schemaVersion {
		return fmt.Errorf("schema version %d is newer than this dealwire (%d)", v, schemaVersion)
	}
	if v == schemaVersion {
		return nil
	}
	tx, err := s.begin(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for from := max(v, 1); v > 0 && from < schemaVersion; from++ {
		for _, stmt := range upgrades[from] {
			if _, err := tx.Tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("migrate from schema %d: %w", from, err)
			}
		}
	}
	for _, stmt := range schema {
		if _, err := tx.Tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	if v > 0 {
		if err := fillMergeKeys(ctx, tx); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		// Records are rebuilt under the current rule.
		ids, err := queryStrings(ctx, tx, `SELECT id FROM deals ORDER BY id`)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := recompute(ctx, tx, id); err != nil {
				return fmt.Errorf("migrate deal %s: %w", id, err)
			}
		}
	}
	if _, err := tx.Tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, schemaVersion)); err != nil {
		return err
	}
	return tx.Commit()
}

// Writable reports whether the store can take a write now: it takes the
// write lock and lets it go, changing nothing.
func (s *Store) Writable(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("deal store not writable: %w", err)
	}
	return tx.Rollback()
}

// Close closes the store.
func (s *Store) Close() error {
	s.stmts.close()
	return s.db.Close()
}

// Failure is an input that ended in a stage's dead-letter queue.
type Failure struct {
	Stage      string    `json:"stage"`
	Key        string    `json:"key"`
	Source     string    `json:"source,omitempty"`
	URL        string    `json:"url,omitempty"`
	ArticleID  string    `json:"article_id,omitempty"`
	Reason     string    `json:"reason"`
	Deliveries int       `json:"deliveries,omitempty"`
	At         time.Time `json:"at"`
}

// Batch is what one transaction applies.
type Batch struct {
	Results  []*extractors.Result
	Failures []Failure
}

// Applied reports what a batch changed.
type Applied struct {
	// Changed lists the article ids whose stored result changed.
	Changed []string
	// Deals lists the deal ids whose record was rewritten.
	Deals []string
}

// Apply stores a batch in one transaction. Applying the same batch twice
// changes nothing the second time.
func (s *Store) Apply(ctx context.Context, b Batch) (Applied, error) {
	var ap Applied
	tx, err := s.begin(ctx, nil)
	if err != nil {
		return ap, fmt.Errorf("deal store: begin: %w", err)
	}
	defer tx.Rollback()
	w := &writer{tx: tx, now: formatTime(time.Now()), touched: map[string]bool{}, keys: map[string]bool{}, dropped: map[string]bool{}, names: map[string][][2]string{}}
	// Failures first: a result in the same batch then clears a failure it
	// supersedes, as it would in a later batch.
	for _, f := range b.Failures {
		if err := putFailure(ctx, tx, f); err != nil {
			return ap, fmt.Errorf("deal store: failure %s/%s: %w", f.Stage, f.Key, err)
		}
	}
	for _, r := range b.Results {
		changed, err := w.putResult(ctx, r)
		if err != nil {
			return ap, fmt.Errorf("deal store: article %s: %w", r.Article.ID, err)
		}
		if changed {
			ap.Changed = append(ap.Changed, r.Article.ID)
		}
	}
	if err := w.putAllNames(ctx); err != nil {
		return ap, fmt.Errorf("deal store: company names: %w", err)
	}
	if err := w.putCompanies(ctx); err != nil {
		return ap, fmt.Errorf("deal store: companies: %w", err)
	}
	for _, id := range sortedKeys(w.touched) {
		if err := recompute(ctx, tx, id); err != nil {
			return ap, fmt.Errorf("deal store: deal %s: %w", id, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return ap, fmt.Errorf("deal store: commit: %w", err)
	}
	ap.Deals = sortedKeys(w.touched)
	return ap, nil
}

// writer holds one transaction's state.
type writer struct {
	tx  txn
	now string
	// touched deals gained or lost a source and are rebuilt from all of
	// theirs at the end; keys are company keys to rename, dropped those
	// that lost a name.
	touched, keys, dropped map[string]bool
	// names are the company names of each article stored, by article id
	// in order, written at the end.
	names map[string][][2]string
	order []string
}

// putResult stores one article result and merges its deals into their
// records.
func (w *writer) putResult(ctx context.Context, r *extractors.Result) (bool, error) {
	tx := w.tx
	a := r.Article
	if a.ID == "" {
		return false, errors.New("article result without id")
	}
	stored := *r
	stored.Article.Text = ""
	data, err := json.Marshal(&stored)
	if err != nil {
		return false, err
	}
	var old string
	err = tx.QueryRowContext(ctx, qArticleResult, a.ID).Scan(&old)
	switch {
	case err == nil && old == string(data):
		return false, nil // a replay: nothing to do
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return false, err
	}
	replaced := err == nil
	if _, err := tx.ExecContext(ctx, qPutArticle,
		a.ID, a.Source, a.URL, a.CanonicalURL, a.Title, a.Published, a.Lang, a.Site, a.FetchedAt, a.Extractor, string(data), w.now); err != nil {
		return false, err
	}
	if replaced {
		// A re-extraction: the article's earlier deals and names give way;
		// the deals it was a source of are rebuilt from their other sources.
		if err := w.takeBack(ctx, a.ID, old); err != nil {
			return false, err
		}
	}
	reported, fetched := day(a.Published), day(a.FetchedAt)
	seen := cmp.Or(reported, fetched)
	for _, d := range r.Deals {
		dj, err := json.Marshal(d)
		if err != nil {
			return false, err
		}
		if _, err := tx.ExecContext(ctx, qPutDealSource, d.ID, a.ID, seen, w.now, string(dj), reported, fetched, mergeKey(d)); err != nil {
			return false, err
		}
		w.touched[d.ID] = true
	}
	w.putNames(r)
	// A page that failed before and now went through is no longer a failure.
	if _, err := tx.ExecContext(ctx, qClearFailures, a.ID, a.Source); err != nil {
		return false, err
	}
	return true, nil
}

// takeBack removes what an article's stored result (old) added: its
// sources of deals, found by the deals it reports, and its names.
func (w *writer) takeBack(ctx context.Context, id, old string) error {
	var prev struct {
		Deals []struct {
			ID string `json:"id"`
		} `json:"deals"`
	}
	if err := json.Unmarshal([]byte(old), &prev); err != nil {
		return fmt.Errorf("stored result: %w", err)
	}
	for _, d := range prev.Deals {
		if _, err := w.tx.ExecContext(ctx, qDeleteArticleDeal, d.ID, id); err != nil {
			return err
		}
		w.touched[d.ID] = true
	}
	keys, err := queryStrings(ctx, w.tx, qArticleNameKeys, id)
	if err != nil {
		return err
	}
	for _, k := range keys {
		w.keys[k] = true
		w.dropped[k] = true
	}
	_, err = w.tx.ExecContext(ctx, qDeleteArticleNames, id)
	return err
}

// putNames gathers the company names an article uses (its companies
// and its deals' parties other than persons); putAllNames stores them.
// An article stored twice in one batch keeps the names of its last
// result.
func (w *writer) putNames(r *extractors.Result) {
	id := r.Article.ID
	if _, ok := w.names[id]; !ok {
		w.order = append(w.order, id)
	}
	var rows [][2]string // key, name
	add := func(name string) {
		k := extractors.CompanyKey(name)
		if k == "" || slices.Contains(rows, [2]string{k, name}) {
			return
		}
		w.keys[k] = true
		rows = append(rows, [2]string{k, name})
	}
	for _, c := range r.Companies {
		add(c.Name)
	}
	for _, d := range r.Deals {
		for _, p := range d.Parties {
			if p.Role != talentRole {
				add(p.Name)
			}
		}
	}
	w.names[id] = rows
}

// putAllNames stores the names the batch's articles use in one
// statement, and adds the rows it inserted to their counts in another,
// each name once however many articles use it.
func (w *writer) putAllNames(ctx context.Context) error {
	var rows [][3]string // key, name, article id
	for _, id := range w.order {
		for _, kn := range w.names[id] {
			rows = append(rows, [3]string{kn[0], kn[1], id})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	data, err := json.Marshal(rows)
	if err != nil {
		return err
	}
	inserted, err := w.tx.QueryContext(ctx, qPutCompanyNames, string(data))
	if err != nil {
		return err
	}
	counts := map[[2]string]int{}
	var order [][2]string
	for inserted.Next() {
		var kn [2]string
		if err := inserted.Scan(&kn[0], &kn[1]); err != nil {
			inserted.Close()
			return err
		}
		if counts[kn] == 0 {
			order = append(order, kn)
		}
		counts[kn]++
	}
	inserted.Close()
	if err := inserted.Err(); err != nil {
		return err
	}
	if len(order) == 0 {
		return nil
	}
	deltas := make([][3]any, 0, len(order))
	for _, kn := range order {
		deltas = append(deltas, [3]any{kn[0], kn[1], counts[kn]})
	}
	if data, err = json.Marshal(deltas); err != nil {
		return err
	}
	_, err = w.tx.ExecContext(ctx, qCountCompanyNames, string(data))
	return err
}

// day is the YYYY-MM-DD (or shorter) date at the start of a date or
// time stamp.
func day(s string) string { return s[:min(len(s), 10)] }

func queryStrings(ctx context.Context, tx txn, q string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func putFailure(ctx context.Context, tx txn, f Failure) error {
	if f.Stage == "" || f.Key == "" {
		return errors.New("failure without stage or key")
	}
	if f.ArticleID != "" {
		// Already stored as extracted: a late dead letter changes nothing.
		var n int
		if err := tx.QueryRowContext(ctx, qArticleExists, f.ArticleID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
	}
	at := formatTime(f.At)
	_, err := tx.ExecContext(ctx, qPutFailure,
		f.Stage, f.Key, f.Source, f.URL, f.ArticleID, f.Reason, f.Deliveries, at)
	return err
}

// timeLayout is fixed-width, so that times compare correctly as text.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// putCompanies names the companies whose names the batch changed: each
// by the name the most articles use, then the longest. A company whose
// every name went with a re-extraction is deleted.
func (w *writer) putCompanies(ctx context.Context) error {
	for _, c := range []struct {
		q    string
		keys map[string]bool
	}{{qPutCompanies, w.keys}, {qDeleteCompanies, w.dropped}} {
		if len(c.keys) == 0 {
			continue
		}
		data, err := json.Marshal(sortedKeys(c.keys))
		if err != nil {
			return err
		}
		if _, err := w.tx.ExecContext(ctx, c.q, string(data)); err != nil {
			return err
		}
	}
	return nil
}

// fillMergeKeys gives the sources stored without a merge key theirs.
func fillMergeKeys(ctx context.Context, tx txn) error {
	rows, err := tx.Tx.QueryContext(ctx, `SELECT deal_id, article_id, deal FROM deal_sources WHERE merge_key = ''`)
	if err != nil {
		return err
	}
	type src struct{ deal, article, key string }
	var srcs []src
	for rows.Next() {
		var s src
		var dj string
		var d extractors.Deal
		if err := rows.Scan(&s.deal, &s.article, &dj); err != nil {
			rows.Close()
			return err
		}
		if err := json.Unmarshal([]byte(dj), &d); err != nil {
			rows.Close()
			return fmt.Errorf("stored deal: %w", err)
		}
		s.key = mergeKey(d)
		srcs = append(srcs, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, s := range srcs {
		if _, err := tx.Tx.ExecContext(ctx, `UPDATE deal_sources SET merge_key = ? WHERE deal_id = ? AND article_id = ?`, s.key, s.deal, s.article); err != nil {
			return err
		}
	}
	return nil
}
