package web

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/dealwire/dealwire/pipeline/store"
)

// dealList is the answer of GET /api/deals: records as 'dealwire deals
// --json' prints them, and the cursor of the next page ("" on the last).
type dealList struct {
	Deals []store.Record `json:"deals"`
	Next  string         `json:"next,omitempty"`
}

// dealDetail is the answer of GET /api/deals/{id}: the record, with
// its status history.
type dealDetail struct {
	store.Record
	History []store.StatusChange `json:"history"`
}

// companyList is the answer of GET /api/companies.
type companyList struct {
	Companies []store.Company `json:"companies"`
	Next      string          `json:"next,omitempty"`
}

func (h *handler) apiDeals(w http.ResponseWriter, r *http.Request) {
	p, err := parseDeals(r.URL.Query())
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	page, err := h.st.DealPage(r.Context(), p.query, p.after, p.limit)
	if err != nil {
		h.internal(w, r, err)
		return
	}
	if page.Records == nil {
		page.Records = []store.Record{}
	}
	writeJSON(w, http.StatusOK, dealList{Deals: page.Records, Next: encodeCursor(page.Next)})
}

func (h *handler) apiDeal(w http.ResponseWriter, r *http.Request) {
	rec, err := h.st.Deal(r.Context(), r.PathValue("id"))
	if h.found(w, r, err, "deal", "id") {
		writeJSON(w, http.StatusOK, dealDetail{Record: rec, History: rec.History()})
	}
}

func (h *handler) apiCompanies(w http.ResponseWriter, r *http.Request) {
	q, err := parseCompanies(r.URL.Query())
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	cs, next, err := h.companies(r, q)
	if err != nil {
		h.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, companyList{Companies: cs, Next: next})
}

func (h *handler) apiCompany(w http.ResponseWriter, r *http.Request) {
	c, err := h.st.Company(r.Context(), r.PathValue("key"))
	if h.found(w, r, err, "company", "key") {
		writeJSON(w, http.StatusOK, c)
	}
}

// companies returns a page of companies and the key to continue after,
// "" on the last page.
func (h *handler) companies(r *http.Request, q store.CompanyQuery) ([]store.Company, string, error) {
	limit := q.Limit
	q.Limit++ // one more tells whether another page follows
	cs, err := h.st.Companies(r.Context(), q)
	if err != nil || limit <= 0 || len(cs) <= limit {
		return cs, "", err
	}
	cs = cs[:limit]
	return cs, cs[limit-1].Key, nil
}

// found reports whether a lookup by the path value key succeeded, else
// answers 404 (the store holds no such thing) or 500.
func (h *handler) found(w http.ResponseWriter, r *http.Request, err error, what, key string) bool {
	switch {
	case errors.Is(err, store.ErrNotFound):
		msg := "no " + what + " with the " + key + " " + quote(r.PathValue(key))
		if isAPI(r) {
			writeError(w, http.StatusNotFound, msg)
		} else {
			h.pages.error(w, http.StatusNotFound, "There is "+msg+".")
		}
	case err != nil:
		h.internal(w, r, err)
	default:
		return true
	}
	return false
}

// internal logs a store failure and answers 500 without its details.
func (h *handler) internal(w http.ResponseWriter, r *http.Request, err error) {
	h.log.Error("web: request failed", "path", r.URL.Path, "err", err)
	if isAPI(r) {
		writeError(w, http.StatusInternalServerError, "internal error")
		return
	}
	h.pages.error(w, http.StatusInternalServerError, "Internal error: the deal store could not answer.")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v) // the client went away
}

// writeError answers {"error": msg}.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, struct {
		Error string `json:"error"`
	}{msg})
}

func quote(s string) string {
	b, _ := json.Marshal(clip(s))
	return string(b)
}
