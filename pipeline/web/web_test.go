package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/pipeline/pipelinetest"
	"github.com/dealwire/dealwire/pipeline/store"
)

// hostile is an article whose text and company name carry markup, and
// whose link is a script.
func hostile() *extractors.Result {
	d := pipelinetest.FixtureDeal(extractors.Partnership, extractors.Talks,
		[]extractors.Party{{Name: `<script>alert("name")</script> Media`}, {Name: "Northwind Pictures"}}, nil, extractors.Terms{},
		`Northwind said <script>alert("evidence")</script> & <b>more</b>.`)
	return pipelinetest.FixtureResult("fx-evil", "javascript:alert(1)", `<img src=x onerror=alert(1)>`, "2026-01-15", d)
}

// server serves the fixture deals and the hostile article.
func server(t *testing.T) (*httptest.Server, *store.Store) {
	t.Helper()
	st := pipelinetest.DealStore(t, append(pipelinetest.FixtureResults(), hostile())...)
	srv := httptest.NewServer(Handler(st, pipelinetest.Logger(t)))
	t.Cleanup(srv.Close)
	return srv, st
}

type response struct {
	code   int
	header http.Header
	body   string
}

func do(t *testing.T, method, u string) response {
	t.Helper()
	req, err := http.NewRequest(method, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, string(body)}
}

func get(t *testing.T, u string) response { t.Helper(); return do(t, http.MethodGet, u) }

func decode[T any](t *testing.T, r response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatalf("not JSON (%v): %s", err, r.body)
	}
	return v
}

func ids(recs []store.Record) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.ID)
	}
	return out
}

func TestAPIDealsFilters(t *testing.T) {
	srv, st := server(t)
	all, err := st.Deals(context.Background(), store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		query string
		want  int
	}{
		{"", 5},
		{"company=Lumen+Streaming", 3},
		{"company=northwind", 2}, // by another name of Northwind Pictures
		{"type=acquisition", 1},
		{"status=talks", 2},
		{"type=licensing&status=agreed", 1},
		{"since=2026-03-05", 3},
		{"since=2026-03-05&company=Copperleaf+Games", 1},
		{"q=harbour", 1},
		{"q=SALT", 1},
		{"q=nothing+of+the+sort", 0},
		{"company=&type=&status=&since=&q=", 5},
	} {
		r := get(t, srv.URL+"/api/deals?"+tc.query)
		if r.code != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
			t.Errorf("%q: %d %s %s", tc.query, r.code, r.header.Get("Content-Type"), r.body)
			continue
		}
		got := decode[dealList](t, r)
		if len(got.Deals) != tc.want || got.Next != "" {
			t.Errorf("%q: %d deals (next %q), want %d", tc.query, len(got.Deals), got.Next, tc.want)
		}
	}
	// The records are those of 'dealwire deals --json', one per line there.
	got := decode[struct{ Deals []json.RawMessage }](t, get(t, srv.URL+"/api/deals"))
	for i, raw := range got.Deals {
		want, _ := json.Marshal(all[i])
		var a, b any
		json.Unmarshal(raw, &a)
		json.Unmarshal(want, &b)
		if mustJSON(a) != mustJSON(b) {
			t.Errorf("record %d:\n%s\nwant\n%s", i, raw, want)
		}
	}
}

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestAPIDealsPagination(t *testing.T) {
	srv, st := server(t)
	all, err := st.Deals(context.Background(), store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	for _, limit := range []string{"1", "2", "4", "5", "200"} {
		var got []string
		next := ""
		for page := 0; page <= len(all); page++ {
			q := url.Values{"limit": {limit}}
			if next != "" {
				q.Set("after", next)
			}
			l := decode[dealList](t, get(t, srv.URL+"/api/deals?"+q.Encode()))
			got = append(got, ids(l.Deals)...)
			if next = l.Next; next == "" {
				break
			}
		}
		if !slices.Equal(got, ids(all)) {
			t.Errorf("limit %s: pages give %v, want %v (no duplicate, no gap)", limit, got, ids(all))
		}
	}
}

func TestAPIBadParameters(t *testing.T) {
	srv, _ := server(t)
	long := strings.Repeat("x", 201)
	for _, query := range []string{
		"type=heist", "status=maybe", "since=yesterday", "since=2026-13-45",
		"limit=0", "limit=-1", "limit=201", "limit=ten", "after=not-a-cursor", "after=e30",
		"colour=blue", "company=a&company=b", "q=" + long, "company=%ff",
	} {
		r := get(t, srv.URL+"/api/deals?"+query)
		e := decode[struct{ Error string }](t, r)
		if r.code != http.StatusBadRequest || e.Error == "" || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
			t.Errorf("%q: %d %q, want 400 with a JSON error", query, r.code, r.body)
		}
	}
	for _, query := range []string{"limit=0", "limit=x", "type=x"} {
		if r := get(t, srv.URL+"/api/companies?"+query); r.code != http.StatusBadRequest || decode[struct{ Error string }](t, r).Error == "" {
			t.Errorf("companies %q: %d %q, want 400 with a JSON error", query, r.code, r.body)
		}
	}
	if r := get(t, srv.URL+"/?type=heist"); r.code != http.StatusBadRequest || !strings.Contains(r.body, "bad type") {
		t.Errorf("page with a bad type: %d %q", r.code, r.body)
	}
}

func TestAPIDealAndCompany(t *testing.T) {
	srv, st := server(t)
	recs, err := st.Deals(context.Background(), store.Query{Type: "licensing"})
	if err != nil {
		t.Fatal(err)
	}
	d := decode[dealDetail](t, get(t, srv.URL+"/api/deals/"+recs[0].ID))
	if d.ID != recs[0].ID || len(d.Sources) != 2 || len(d.Sources[1].Evidence) != 2 {
		t.Errorf("deal: %+v, want 2 sources, the second with 2 evidence sentences", d)
	}
	if got := []string{d.History[0].Status, d.History[1].Status}; len(d.History) != 2 || !slices.Equal(got, []string{"talks", "agreed"}) {
		t.Errorf("history %+v, want talks then agreed", d.History)
	}
	cs := decode[companyList](t, get(t, srv.URL+"/api/companies?q=northwind"))
	want := store.Company{Key: "northwind", Name: "Northwind Pictures", Aliases: []string{"Northwind"}, Deals: 2}
	if len(cs.Companies) != 1 || mustJSON(cs.Companies[0]) != mustJSON(want) {
		t.Errorf("companies?q=northwind: %+v, want %+v", cs, want)
	}
	if c := decode[store.Company](t, get(t, srv.URL+"/api/companies/northwind")); c.Name != want.Name {
		t.Errorf("company northwind: %+v", c)
	}
	var keys []string
	for next, page := "", 0; page < 10; page++ {
		l := decode[companyList](t, get(t, srv.URL+"/api/companies?limit=2&after="+url.QueryEscape(next)))
		for _, c := range l.Companies {
			keys = append(keys, c.Key)
		}
		if next = l.Next; next == "" {
			break
		}
	}
	if len(keys) != 6 || !slices.IsSorted(keys) {
		t.Errorf("companies by pages of 2: %q, want 6 sorted keys", keys)
	}
	for _, path := range []string{"/api/deals/no-such-deal", "/api/companies/no%20such", "/api/nothing", "/api"} {
		if r := get(t, srv.URL+path); r.code != http.StatusNotFound || decode[struct{ Error string }](t, r).Error == "" {
			t.Errorf("%s: %d %q, want 404 with a JSON error", path, r.code, r.body)
		}
	}
}

func TestPages(t *testing.T) {
	srv, st := server(t)
	recs, err := st.Deals(context.Background(), store.Query{Type: "licensing"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		code int
		want []string
	}{
		{"/", 200, []string{"Northwind Pictures", "Copperleaf Games", "The Harbour Lights", "undated", `href="/companies/lumen%20streaming"`}},
		{"/?type=acquisition", 200, []string{"Copperleaf Games", `<option selected>acquisition</option>`}},
		{"/?company=orchard", 200, []string{"Salt Road", "clear"}},
		{"/?limit=2", 200, []string{`rel="next"`, "Older deals"}},
		{"/deals/" + recs[0].ID, 200, []string{"licensor", "Northwind", "episodes", "12,000,000 EUR", "France, Belgium",
			"Lumen Streaming has acquired the exclusive rights", `href="https://news.example.com/harbour-lights-deal"`, "Status history"}},
		{"/companies", 200, []string{"Northwind Pictures", "Lumen Streaming", "Bramble Audio"}},
		{"/companies?q=copper", 200, []string{"Copperleaf Games"}},
		{"/companies/lumen%20streaming", 200, []string{"Lumen Streaming", "Party to 3 deals", "Salt Road", "The Harbour Lights"}},
		{"/deals/no-such-deal", 404, []string{"404 Not Found", "no-such-deal"}},
		{"/companies/no-such", 404, []string{"404 Not Found"}},
		{"/elsewhere", 404, []string{"No page at /elsewhere"}},
		{"/static/style.css", 200, []string{"font"}},
	} {
		r := get(t, srv.URL+tc.path)
		if r.code != tc.code {
			t.Errorf("%s: %d, want %d", tc.path, r.code, tc.code)
		}
		for _, w := range tc.want {
			if !strings.Contains(r.body, w) {
				t.Errorf("%s lacks %q", tc.path, w)
			}
		}
	}
}

// TestUntrustedTextIsEscaped: what articles say is text wherever it
// shows, and a script link is no link.
func TestUntrustedTextIsEscaped(t *testing.T) {
	srv, st := server(t)
	recs, err := st.Deals(context.Background(), store.Query{Type: "partnership"})
	if err != nil || len(recs) != 1 {
		t.Fatalf("partnership deals: %v, %v", recs, err)
	}
	key := extractors.CompanyKey(`<script>alert("name")</script> Media`)
	for _, path := range []string{"/", "/deals/" + recs[0].ID, "/companies", "/companies/" + url.PathEscape(key),
		"/api/deals", "/api/deals/" + recs[0].ID, "/api/companies", "/?q=" + url.QueryEscape("<script>")} {
		r := get(t, srv.URL+path)
		if r.code != http.StatusOK {
			t.Errorf("%s: %d", path, r.code)
		}
		for _, bad := range []string{"<script", "<img", "<b>", `href="javascript:`} {
			if strings.Contains(strings.ToLower(r.body), bad) {
				t.Errorf("%s writes %q unescaped", path, bad)
			}
		}
	}
	r := get(t, srv.URL+"/deals/"+recs[0].ID)
	for _, want := range []string{"&lt;script&gt;alert(&#34;evidence&#34;)&lt;/script&gt; &amp; &lt;b&gt;more&lt;/b&gt;", "&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt; Media", "#ZgotmplZ"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the deal page lacks %q", want)
		}
	}
}

func TestHeadersAndMethods(t *testing.T) {
	srv, _ := server(t)
	want := map[string]string{
		"Content-Security-Policy": csp,
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
		"X-Frame-Options":         "DENY",
	}
	for _, tc := range []struct {
		method, path string
		code         int
	}{
		{"GET", "/", 200}, {"HEAD", "/", 200}, {"GET", "/api/deals", 200}, {"HEAD", "/api/companies", 200},
		{"GET", "/nowhere", 404}, {"GET", "/api/deals?limit=0", 400},
		{"POST", "/api/deals", 405}, {"PUT", "/api/deals/x", 405}, {"DELETE", "/api/companies/x", 405},
		{"POST", "/", 405}, {"PATCH", "/deals/x", 405}, {"OPTIONS", "/api/deals", 405},
	} {
		r := do(t, tc.method, srv.URL+tc.path)
		if r.code != tc.code {
			t.Errorf("%s %s: %d, want %d", tc.method, tc.path, r.code, tc.code)
		}
		for k, v := range want {
			if got := r.header.Get(k); got != v {
				t.Errorf("%s %s: %s = %q, want %q", tc.method, tc.path, k, got, v)
			}
		}
		if tc.code == 405 && r.header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s %s: Allow = %q", tc.method, tc.path, r.header.Get("Allow"))
		}
		if tc.code == 405 && strings.HasPrefix(tc.path, "/api/") && decode[struct{ Error string }](t, r).Error == "" {
			t.Errorf("%s %s: no JSON error: %q", tc.method, tc.path, r.body)
		}
		if tc.method == "HEAD" && r.body != "" {
			t.Errorf("HEAD %s has a body", tc.path)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 999: "999", 1000: "1,000", 12e6: "12,000,000", 1234.5: "1,234.5", -45e4: "-450,000"} {
		if got := formatNumber(v); got != want {
			t.Errorf("formatNumber(%v) = %q, want %q", v, got, want)
		}
	}
}
