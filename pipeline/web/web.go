// Package web owns the read-only browsing of the deal store over HTTP:
// the JSON API under /api/ (deals with cursor pagination, one deal with
// its sources and evidence, companies with their aliases and deal
// counts) and the server-rendered pages that list the newest deals, show
// one deal and one company. It only reads, answers only GET and HEAD,
// and sets the security headers of every response it writes.
package web

import (
	"context"
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/dealwire/dealwire/pipeline/store"
)

// Store is what the handlers read: the deal store, or anything that
// answers as it does.
type Store interface {
	DealPage(ctx context.Context, q store.Query, after *store.Cursor, limit int) (store.Page, error)
	Deal(ctx context.Context, id string) (store.Record, error)
	Companies(ctx context.Context, q store.CompanyQuery) ([]store.Company, error)
	Company(ctx context.Context, key string) (store.Company, error)
}

// RequestTimeout bounds the store queries of one request.
const RequestTimeout = 10 * time.Second

//go:embed templates/*.html static/*
var files embed.FS

// handler serves the API and the pages from a store.
type handler struct {
	st    Store
	log   *slog.Logger
	pages *pages
}

// Handler serves the API and the pages of st; log gets the store's
// failures (a request gets only "internal error").
func Handler(st Store, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.Default()
	}
	h := &handler{st: st, log: log, pages: parsePages()}
	static, _ := fs.Sub(files, "static") // a constant path: cannot fail
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/deals", h.apiDeals)
	mux.HandleFunc("GET /api/deals/{id}", h.apiDeal)
	mux.HandleFunc("GET /api/companies", h.apiCompanies)
	mux.HandleFunc("GET /api/companies/{key}", h.apiCompany)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint: "+r.URL.Path)
	})
	mux.HandleFunc("GET /{$}", h.dealsPage)
	mux.HandleFunc("GET /deals/{id}", h.dealPage)
	mux.HandleFunc("GET /companies", h.companiesPage)
	mux.HandleFunc("GET /companies/{key}", h.companyPage)
	mux.Handle("GET /static/", http.StripPrefix("/static/", staticFiles(http.FileServerFS(static))))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		h.pages.error(w, http.StatusNotFound, "No page at "+r.URL.Path+".")
	})
	return secure(readOnly(mux))
}

// csp lets a page load only its own stylesheet: no script, no frame, no
// form sent elsewhere.
const csp = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// secure sets the security headers of every response.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", csp)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		hd.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// readOnly answers any method but GET and HEAD with 405, and bounds the
// time of what it lets through.
func readOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			if isAPI(r) {
				writeError(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed: the API is read-only (GET, HEAD)")
			} else {
				http.Error(w, "method not allowed: GET, HEAD only", http.StatusMethodNotAllowed)
			}
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), RequestTimeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func isAPI(r *http.Request) bool {
	return r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/")
}

// staticFiles lets the browser keep the stylesheet an hour.
func staticFiles(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		next.ServeHTTP(w, r)
	})
}
