package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmts caches prepared statements. SQLite parses a statement anew on
// every call otherwise, and parsing costs more than running most of ours.
type stmts struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// maxStmts bounds the cache: queries built with a varying number of
// placeholders run unprepared beyond it.
const maxStmts = 128

func (c *stmts) get(ctx context.Context, q string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[q]; ok {
		return st
	}
	if len(c.m) >= maxStmts {
		return nil
	}
	st, err := c.db.PrepareContext(ctx, q)
	if err != nil {
		return nil // the query itself will report the error
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[q] = st
	return st
}

func (c *stmts) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = nil
}

// txn is a transaction whose statements are prepared once per store,
// with the store's decoded reports.
type txn struct {
	*sql.Tx
	stmts *stmts
	deals *dealCache
}

func (t txn) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := t.stmts.get(ctx, q); st != nil {
		return t.Tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, q, args...)
}

func (t txn) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := t.stmts.get(ctx, q); st != nil {
		return t.Tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return t.Tx.QueryContext(ctx, q, args...)
}

func (t txn) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if st := t.stmts.get(ctx, q); st != nil {
		return t.Tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return t.Tx.QueryRowContext(ctx, q, args...)
}

// begin starts a transaction that uses the statement cache.
func (s *Store) begin(ctx context.Context, opts *sql.TxOptions) (txn, error) {
	tx, err := s.db.BeginTx(ctx, opts)
	return txn{Tx: tx, stmts: &s.stmts, deals: &s.deals}, err
}
