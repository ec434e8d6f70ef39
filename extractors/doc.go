package extractors

import "github.com/dealwire/dealwire/extractors/content"

// doc is one article as the pipeline reads it: the main text, its
// sentences and tokens, and one typed field per layer of annotation. Each
// layer is set by one component (pipeline.go) and read by those after it.
type doc struct {
	// The input: the blocks of main text, the language and the
	// publication date (zero when unknown).
	blocks []content.Block
	lang   string
	pub    civil

	// Text, set by segmenter.
	text  string
	sents []sentence
	emph  []span // <em>/<i>/<cite> runs
	// lowerSeen holds words the text writes in lower case, so that a
	// capitalised sentence-initial word can be told from a name.
	lowerSeen map[string]bool

	// Mentions: titles of works (titleFinder, workTitleFinder) and the
	// capitalised names, each with its kind (nameFinder, nameRefinder).
	titles []titleMention
	names  *names
	// namedTitles is how many titles the names were found around.
	namedTitles int
	// nameCands are the names with their features (nameTyper).
	nameCands []NameCandidate

	groups  []*companyGroup // companies with their aliases, set by companyGrouper
	dates   []dateMention   // set by dateFinder
	figures []Figure        // set by figureFinder

	// Deals: the drafts the clauses report with the article's cue census
	// (dealDrafter), the candidates with their features (candidateMaker),
	// the deals kept (dealDecider).
	drafts []*dealDraft
	census *cueCensus
	cands  []Candidate
	deals  []Deal

	result *Result // set by assembler

	year *int // mainYear, once computed
}
