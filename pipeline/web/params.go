package web

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/extractors/content"
	"github.com/dealwire/dealwire/pipeline/store"
)

const (
	// DefaultLimit is a page's size when the request does not say.
	DefaultLimit = 50
	// MaxLimit is the largest page a request may ask for.
	MaxLimit = 200
	// maxParam bounds one parameter's value, in bytes.
	maxParam = 200
)

// dealParams are the parameters of a list of deals.
type dealParams struct {
	query store.Query
	after *store.Cursor
	limit int
}

var (
	dealKeys    = []string{"company", "type", "status", "since", "q", "after", "limit"}
	companyKeys = []string{"q", "after", "limit"}
)

// params checks that v has only the keys known, each once and not too
// long, and returns a getter of their values.
func params(v url.Values, known []string) (func(string) string, error) {
	for k, vs := range v {
		switch {
		case !slices.Contains(known, k):
			return nil, fmt.Errorf("unknown parameter %q: want %s", clip(k), strings.Join(known, ", "))
		case len(vs) > 1:
			return nil, fmt.Errorf("parameter %q given %d times", k, len(vs))
		case len(vs[0]) > maxParam:
			return nil, fmt.Errorf("parameter %q longer than %d bytes", k, maxParam)
		case !utf8.ValidString(vs[0]):
			return nil, fmt.Errorf("parameter %q is not UTF-8", k)
		}
	}
	return func(k string) string { return strings.TrimSpace(v.Get(k)) }, nil
}

// parseDeals reads the parameters of a list of deals.
func parseDeals(v url.Values) (dealParams, error) {
	get, err := params(v, dealKeys)
	if err != nil {
		return dealParams{}, err
	}
	p := dealParams{query: store.Query{Company: get("company"), Type: get("type"), Status: get("status"), Text: get("q")}}
	if t := p.query.Type; t != "" && !slices.Contains(extractors.DealTypes, t) {
		return p, fmt.Errorf("bad type %q: want one of %s", t, strings.Join(extractors.DealTypes, ", "))
	}
	if s := p.query.Status; s != "" && !slices.Contains(extractors.DealStatuses, s) {
		return p, fmt.Errorf("bad status %q: want one of %s", s, strings.Join(extractors.DealStatuses, ", "))
	}
	if s := get("since"); s != "" {
		if p.query.Since = content.ParseDate(s); p.query.Since == "" {
			return p, fmt.Errorf("bad since %q: want a date, YYYY-MM-DD", s)
		}
	}
	if p.limit, err = parseLimit(get("limit")); err != nil {
		return p, err
	}
	p.after, err = parseCursor(get("after"))
	return p, err
}

// parseCompanies reads the parameters of a list of companies.
func parseCompanies(v url.Values) (store.CompanyQuery, error) {
	get, err := params(v, companyKeys)
	if err != nil {
		return store.CompanyQuery{}, err
	}
	q := store.CompanyQuery{Text: get("q"), After: get("after")}
	q.Limit, err = parseLimit(get("limit"))
	return q, err
}

func parseLimit(s string) (int, error) {
	if s == "" {
		return DefaultLimit, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxLimit {
		return 0, fmt.Errorf("bad limit %q: want a number from 1 to %d", s, MaxLimit)
	}
	return n, nil
}

// encodeCursor makes a cursor a parameter value; nil is "".
func encodeCursor(c *store.Cursor) string {
	if c == nil {
		return ""
	}
	b, _ := json.Marshal(c) // strings only: cannot fail
	return base64.RawURLEncoding.EncodeToString(b)
}

func parseCursor(s string) (*store.Cursor, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	var c store.Cursor
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.ID == "" {
		return nil, fmt.Errorf("bad after %q: want the next cursor of a previous page", clip(s))
	}
	return &c, nil
}

// clip shortens what a message repeats of a request.
func clip(s string) string {
	if len(s) <= 40 {
		return s
	}
	return strings.ToValidUTF8(s[:40], "") + "…"
}
