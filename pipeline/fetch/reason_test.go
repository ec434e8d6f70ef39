package fetch

import "testing"

func TestReasonClass(t *testing.T) {
	for reason, want := range map[string]string{
		"HTTP 404 Not Found": "http_status",
		"timeout fetching http://example.com/a (after 30s)":    "timeout",
		"unreachable host example.invalid: no such host":       "unreachable",
		"refused to connect to 10.1.2.3:80: private address":   "refused",
		"disallowed by http://example.com/robots.txt for /a":   "robots",
		"page larger than the 10485760-byte limit":             "too_large",
		"not a feed or sitemap: not XML":                       "not_a_listing",
		"feed of 100000 entries: more than 50000 entries":      "not_a_listing",
		"content type image/png is not HTML":                   "not_a_page",
		"empty page":                                           "not_a_page",
		`invalid URL "http://": no host`:                       "invalid_url",
		`link "javascript:x": scheme "javascript" is not http`: "invalid_url",
		"too many redirects (more than 10)":                    "redirects",
		"publish raw article: nats: timeout":                   "timeout",
		"publish raw article: nats: no responders":             "publish",
		"something nobody foresaw":                             "other",
	} {
		if got := ReasonClass(reason); got != want {
			t.Errorf("ReasonClass(%q) = %q, want %q", reason, got, want)
		}
	}
}
