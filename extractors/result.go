package extractors

// Result is the article result: everything extracted from one page.
// Its JSON form is the payload of articles.extracted.
type Result struct {
	Article   Article   `json:"article"`
	Companies []Company `json:"companies"`
	Titles    []Title   `json:"titles"`
	People    []Person  `json:"people"`
	Dates     []Date    `json:"dates"`
	Figures   []Figure  `json:"figures"`
	Deals     []Deal    `json:"deals"`
}

// Article is the page's metadata and, on request, its main text.
type Article struct {
	// ID identifies the article: a hash of its canonical URL and body.
	ID           string `json:"id,omitempty"`
	URL          string `json:"url"`
	FinalURL     string `json:"final_url"`
	CanonicalURL string `json:"canonical_url"`
	Source       string `json:"source"`
	Title        string `json:"title"`
	// Published is YYYY-MM-DD, or empty when the page does not say.
	Published string `json:"published"`
	Lang      string `json:"lang"`
	Site      string `json:"site"`
	FetchedAt string `json:"fetched_at,omitempty"`
	Words     int    `json:"words"`
	Extractor string `json:"extractor"`
	Text      string `json:"text,omitempty"`
}

// Company is one organisation with every surface form the article used.
type Company struct {
	Name     string   `json:"name"`
	Mentions []string `json:"mentions"`
}

// Title is a creative work (series, film, show, podcast, game, book).
type Title struct {
	Name string `json:"name"`
	Kind string `json:"kind,omitempty"`
}

// Person is a named person and the role the text gives them, if any.
type Person struct {
	Name string `json:"name"`
	Role string `json:"role,omitempty"`
}

// Date is a date expression and its calendar value:
// YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn.
type Date struct {
	Text  string `json:"text"`
	Value string `json:"value"`
}

// Figure is a number the article states about a company or a deal.
type Figure struct {
	Metric    string  `json:"metric"`
	Value     float64 `json:"value"`
	Unit      string  `json:"unit,omitempty"`
	Currency  string  `json:"currency,omitempty"`
	Company   string  `json:"company,omitempty"`
	Qualifier string  `json:"qualifier,omitempty"`
	Region    string  `json:"region,omitempty"`
	Period    string  `json:"period,omitempty"`
	Text      string  `json:"text"`
}

// Deal types.
const (
	Production   = "production"
	Licensing    = "licensing"
	Acquisition  = "acquisition"
	Merger       = "merger"
	Investment   = "investment"
	Partnership  = "partnership"
	Distribution = "distribution"
	Talent       = "talent"
)

// Deal statuses.
const (
	Agreed = "agreed"
	Talks  = "talks"
	Ended  = "ended"
)

// DealTypes lists every deal type, in the order the schema gives them.
var DealTypes = []string{Production, Licensing, Acquisition, Merger, Investment, Partnership, Distribution, Talent}

// DealStatuses lists every deal status.
var DealStatuses = []string{Agreed, Talks, Ended}

// Deal is an agreement, or a prospective one, between named parties.
type Deal struct {
	// ID is stable across articles and runs: the same deal reported twice
	// gets the same ID (see DealID).
	ID       string   `json:"id"`
	Type     string   `json:"type"`
	Status   string   `json:"status"`
	Parties  []Party  `json:"parties"`
	Titles   []string `json:"titles"`
	Terms    Terms    `json:"terms"`
	Evidence []string `json:"evidence"`
}

// Party is a company (or, for talent deals, a person) in a deal.
type Party struct {
	Name string `json:"name"`
	Role string `json:"role,omitempty"`
}

// Terms are the conditions a deal states. Zero values are omitted.
type Terms struct {
	Episodes    int      `json:"episodes,omitempty"`
	Territories []string `json:"territories,omitempty"`
	Exclusive   bool     `json:"exclusive,omitempty"`
	Duration    string   `json:"duration,omitempty"`
	Value       float64  `json:"value,omitempty"`
	Currency    string   `json:"currency,omitempty"`
	Stake       float64  `json:"stake,omitempty"`
	Format      string   `json:"format,omitempty"`
	Date        string   `json:"date,omitempty"`
}
