package web

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/pipeline/store"
)

// pages are the parsed templates, one set per page, each with the
// layout.
type pages struct {
	sets map[string]*template.Template
}

var pageNames = []string{"deals", "deal", "companies", "company", "error"}

func parsePages() *pages {
	p := &pages{sets: map[string]*template.Template{}}
	for _, name := range pageNames {
		// The templates are embedded: a parse error fails every test.
		p.sets[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(files, "templates/layout.html", "templates/"+name+".html"))
	}
	return p
}

var funcs = template.FuncMap{
	"dealURL":    func(id string) string { return "/deals/" + url.PathEscape(id) },
	"companyURL": companyURL,
	"terms":      terms,
	"join":       strings.Join,
	"others":     others,
}

// others are the names in all but name.
func others(name string, all []string) []string {
	var out []string
	for _, n := range all {
		if n != name {
			out = append(out, n)
		}
	}
	return out
}

// companyURL is a party's company page, "" for a person.
func companyURL(key string) string {
	if key == "" || strings.HasPrefix(key, "person:") {
		return ""
	}
	return "/companies/" + url.PathEscape(key)
}

// render writes a page, or a 500 if its template fails (then nothing
// of it was sent).
func (p *pages) render(w http.ResponseWriter, status int, name string, data any) {
	var b bytes.Buffer
	if err := p.sets[name].ExecuteTemplate(&b, "layout", data); err != nil {
		http.Error(w, "internal error: page "+name, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = b.WriteTo(w) // the client went away
}

// error renders the error page.
func (p *pages) error(w http.ResponseWriter, status int, msg string) {
	p.render(w, status, "error", errorView{Status: status, Title: http.StatusText(status), Message: msg})
}

type errorView struct {
	Status         int
	Title, Message string
}

// dealsView is the list of deals, with its filters.
type dealsView struct {
	Filter          url.Values
	Filtered        bool
	Types, Statuses []string
	Deals           []store.Record
	Next            string
}

func (h *handler) dealsPage(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	p, err := parseDeals(v)
	if err != nil {
		h.pages.error(w, http.StatusBadRequest, "Bad request: "+err.Error()+".")
		return
	}
	page, err := h.st.DealPage(r.Context(), p.query, p.after, p.limit)
	if err != nil {
		h.internal(w, r, err)
		return
	}
	h.pages.render(w, http.StatusOK, "deals", dealsView{
		Filter: v, Types: extractors.DealTypes, Statuses: extractors.DealStatuses, Deals: page.Records,
		Next: nextURL(r.URL, encodeCursor(page.Next)), Filtered: p.query != store.Query{},
	})
}

// nextURL is u with its "after" parameter set to after; "" when after is.
func nextURL(u *url.URL, after string) string {
	if after == "" {
		return ""
	}
	q := u.Query()
	q.Set("after", after)
	return u.Path + "?" + q.Encode()
}

// dealView is one deal's page.
type dealView struct {
	store.Record
	History []store.StatusChange
}

func (h *handler) dealPage(w http.ResponseWriter, r *http.Request) {
	rec, err := h.st.Deal(r.Context(), r.PathValue("id"))
	if h.found(w, r, err, "deal", "id") {
		h.pages.render(w, http.StatusOK, "deal", dealView{Record: rec, History: rec.History()})
	}
}

type companiesView struct {
	Q         string
	Companies []store.Company
	Next      string
}

func (h *handler) companiesPage(w http.ResponseWriter, r *http.Request) {
	q, err := parseCompanies(r.URL.Query())
	if err != nil {
		h.pages.error(w, http.StatusBadRequest, "Bad request: "+err.Error()+".")
		return
	}
	cs, next, err := h.companies(r, q)
	if err != nil {
		h.internal(w, r, err)
		return
	}
	h.pages.render(w, http.StatusOK, "companies", companiesView{Q: q.Text, Companies: cs, Next: nextURL(r.URL, next)})
}

// companyView is a company's page: the company and a page of its deals.
type companyView struct {
	Company store.Company
	Deals   []store.Record
	Next    string
}

func (h *handler) companyPage(w http.ResponseWriter, r *http.Request) {
	c, err := h.st.Company(r.Context(), r.PathValue("key"))
	if !h.found(w, r, err, "company", "key") {
		return
	}
	get, err := params(r.URL.Query(), []string{"after"})
	var after *store.Cursor
	if err == nil {
		after, err = parseCursor(get("after"))
	}
	if err != nil {
		h.pages.error(w, http.StatusBadRequest, "Bad request: "+err.Error()+".")
		return
	}
	page, err := h.st.DealPage(r.Context(), store.Query{Company: c.Name}, after, DefaultLimit)
	if err != nil {
		h.internal(w, r, err)
		return
	}
	h.pages.render(w, http.StatusOK, "company", companyView{Company: c, Deals: page.Records, Next: nextURL(r.URL, encodeCursor(page.Next))})
}

// term is one of a deal's terms, as the deal page shows it.
type term struct{ Name, Value string }

// terms lists the terms a deal states.
func terms(t extractors.Terms) []term {
	var out []term
	add := func(name, value string) {
		if value != "" {
			out = append(out, term{name, value})
		}
	}
	if t.Value != 0 {
		add("value", strings.TrimSpace(formatNumber(t.Value)+" "+t.Currency))
	}
	if t.Stake != 0 {
		add("stake", strconv.FormatFloat(t.Stake, 'f', -1, 64)+" %")
	}
	if t.Episodes != 0 {
		add("episodes", strconv.Itoa(t.Episodes))
	}
	add("territories", strings.Join(t.Territories, ", "))
	if t.Exclusive {
		add("exclusive", "yes")
	}
	add("duration", t.Duration)
	add("format", t.Format)
	add("date", t.Date)
	return out
}

// formatNumber writes a value with thousands separators: 1,500,000.
func formatNumber(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(whole, "-")
	whole = strings.TrimPrefix(whole, "-")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}
