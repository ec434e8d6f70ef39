package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dealwire/dealwire/extractors"
)

// The statements the sink runs, through Apply, and those a job runs on
// each stored input (Result, Outcomes). They are listed in pipelineQueries,
// which a test explains one by one: none may scan a table without an
// index, so that storing an article costs the same in a store of a
// hundred articles and in one of a million.
const (
	qArticleResult = `SELECT result FROM articles WHERE id = ?`
	qPutArticle    = `INSERT INTO articles (id, source, url, canonical_url, title, published, lang, site, fetched_at, extractor, result, stored_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(id) DO UPDATE SET source=excluded.source, url=excluded.url, canonical_url=excluded.canonical_url,
			title=excluded.title, published=excluded.published, lang=excluded.lang, site=excluded.site,
			fetched_at=excluded.fetched_at, extractor=excluded.extractor, result=excluded.result, stored_at=excluded.stored_at`
	qDeleteArticleDeal  = `DELETE FROM deal_sources WHERE deal_id = ? AND article_id = ?`
	qArticleNameKeys    = `SELECT DISTINCT key FROM company_names WHERE article_id = ?`
	qDeleteArticleNames = `DELETE FROM company_names WHERE article_id = ?`
	qPutDealSource      = `INSERT OR REPLACE INTO deal_sources (deal_id, article_id, seen, stored_at, deal, reported, fetched, merge_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	// qPutCompanyNames takes a JSON array of [key, name, article id]:
	// one statement for all the names of a batch. It returns the rows it
	// inserted, for qCountCompanyNames.
	qPutCompanyNames = `INSERT INTO company_names (key, name, article_id)
		SELECT value->>0, value->>1, value->>2 FROM json_each(?1) WHERE true
		ON CONFLICT DO NOTHING RETURNING key, name`
	// qCountCompanyNames takes a JSON array of [key, name, count]: what
	// one batch added to each name.
	qCountCompanyNames = `INSERT INTO company_name_counts (key, name, n)
		SELECT value->>0, value->>1, value->>2 FROM json_each(?1) WHERE true
		ON CONFLICT(key, name) DO UPDATE SET n = n + excluded.n`
	qClearFailures = `DELETE FROM failures WHERE key = ? OR (stage = 'fetch' AND source != '' AND source = ?)`
	qArticleExists = `SELECT count(*) FROM articles WHERE id = ?`
	qPutFailure    = `INSERT INTO failures (stage, key, source, url, article_id, reason, deliveries, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(stage, key) DO UPDATE SET source=excluded.source, url=excluded.url, article_id=excluded.article_id,
			reason=excluded.reason, deliveries=excluded.deliveries, at=excluded.at
		WHERE excluded.at > failures.at`
	// qPutCompanies takes a JSON array of company keys and gives each its
	// canonical name: the one the most articles use, then the longest.
	qPutCompanies = `INSERT INTO companies (key, name)
		SELECT key, name FROM (SELECT j.value AS key, (SELECT c.name FROM company_name_counts c WHERE c.key = j.value
			ORDER BY c.n DESC, length(c.name) DESC, c.name LIMIT 1) AS name FROM json_each(?1) j)
		WHERE name IS NOT NULL
		ON CONFLICT(key) DO UPDATE SET name = excluded.name WHERE name != excluded.name`
	// qDeleteCompanies takes a JSON array of company keys and deletes
	// those no name is left of.
	qDeleteCompanies = `DELETE FROM companies WHERE key IN (SELECT value FROM json_each(?1))
		AND NOT EXISTS (SELECT 1 FROM company_name_counts c WHERE c.key = companies.key)`
	qPutDeal = `INSERT INTO deals (id, type, status, first_reported, last_reported, first_seen, last_seen, merged) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(id) DO UPDATE SET type=excluded.type, status=excluded.status, first_reported=excluded.first_reported,
			last_reported=excluded.last_reported, first_seen=excluded.first_seen, last_seen=excluded.last_seen, merged=excluded.merged`
	qPutDealCompany      = `INSERT OR IGNORE INTO deal_companies (deal_id, company_key) VALUES (?, ?)`
	qDeleteDealCompanies = `DELETE FROM deal_companies WHERE deal_id = ?`
	qDeleteDeal          = `DELETE FROM deals WHERE id = ?`
	// qDealReports reads one report per distinct content (merge_key): the
	// best-ranked source that said it. Sources that repeat a report change
	// nothing in the record, so a deal reported by thousands of articles
	// is rebuilt from its few distinct reports. The keys are walked one
	// index seek at a time, and so are the best sources: the cost grows
	// with the distinct reports, not with the sources.
	qDealReports = `WITH RECURSIVE k(mk) AS (
			SELECT min(merge_key) FROM deal_sources WHERE deal_id = ?1
			UNION ALL
			SELECT (SELECT min(merge_key) FROM deal_sources WHERE deal_id = ?1 AND merge_key > k.mk) FROM k WHERE k.mk IS NOT NULL)
		SELECT s.article_id, s.reported, k.mk, s.deal FROM k JOIN deal_sources s ON s.rowid = (
			SELECT rowid FROM deal_sources WHERE deal_id = ?1 AND merge_key = k.mk ORDER BY reported DESC, article_id LIMIT 1)
		WHERE k.mk IS NOT NULL`
	// qDealDates are the earliest and latest reported and fetched dates
	// of a deal's sources, an empty date being unknown; each one index
	// seek.
	qDealDates = `SELECT
		coalesce((SELECT min(reported) FROM deal_sources WHERE deal_id = ?1 AND reported > ''), ''),
		coalesce((SELECT max(reported) FROM deal_sources WHERE deal_id = ?1), ''),
		coalesce((SELECT min(fetched) FROM deal_sources WHERE deal_id = ?1 AND fetched > ''), ''),
		coalesce((SELECT max(fetched) FROM deal_sources WHERE deal_id = ?1), '')`
	qOutcomes = `SELECT id, 'extracted', '', '', stored_at FROM articles WHERE id IN (%[1]s)
		UNION ALL SELECT key, 'failed', stage, reason, at FROM failures WHERE key IN (%[1]s)`
)

// pipelineQueries lists every statement above; qOutcomes with one key.
var pipelineQueries = []string{
	qArticleResult, qPutArticle, qDeleteArticleDeal, qArticleNameKeys, qDeleteArticleNames,
	qPutDealSource, qPutCompanyNames, qCountCompanyNames, qClearFailures, qArticleExists, qPutFailure, qPutCompanies, qDeleteCompanies,
	qPutDeal, qPutDealCompany, qDeleteDealCompanies, qDeleteDeal, qDealReports, qDealDates,
	outcomesQuery(1),
}

// outcomesQuery is qOutcomes for n keys.
func outcomesQuery(n int) string {
	return fmt.Sprintf(qOutcomes, strings.TrimSuffix(strings.Repeat("?,", n), ","))
}

// mergeKey identifies what a report contributes to its deal's record:
// everything but its evidence. Two sources with the same key are one
// report to the consolidation rule.
func mergeKey(d extractors.Deal) string {
	d.Evidence = nil
	data, _ := json.Marshal(d) // a Deal always encodes
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:12])
}
