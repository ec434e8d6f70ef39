package fetch

import "strings"

// reasonClasses map a failure reason to a short class, first match wins.
// The classes are few and fixed, so that they can label a metric.
var reasonClasses = []struct{ match, class string }{
	{"cancelled", "cancelled"},
	{"timeout", "timeout"},
	{"robots.txt", "robots"},
	{"refused to connect", "refused"},
	{"unreachable host", "unreachable"},
	{"HTTP ", "http_status"},
	{"redirect", "redirects"},
	{"larger than", "too_large"},
	{"too large", "too_large"},
	{"not a feed or sitemap", "not_a_listing"},
	{"entries:", "not_a_listing"},
	{"leads back to itself", "not_a_listing"},
	{"not HTML", "not_a_page"},
	{"not a page", "not_a_page"},
	{"empty page", "not_a_page"},
	{"unreadable page", "not_a_page"},
	{"Content-Encoding", "encoding"},
	{"corrupt ", "encoding"},
	{"invalid URL", "invalid_url"},
	{"invalid path", "invalid_url"},
	{"scheme ", "invalid_url"},
	{"no such file", "invalid_url"},
	{"publish", "publish"},
}

// ReasonClass returns the class of a fetch failure's reason: one of
// cancelled, timeout, robots, refused, unreachable, http_status,
// redirects, too_large, not_a_listing, not_a_page, encoding, invalid_url,
// publish, or other.
func ReasonClass(reason string) string {
	for _, c := range reasonClasses {
		if strings.Contains(reason, c.match) {
			return c.class
		}
	}
	return "other"
}
