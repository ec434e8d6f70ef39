package extractors

import "context"

// dealDrafter reads the deals each clause reports, merged into one draft
// per agreement, and counts the article's deal cues.
type dealDrafter struct{}

func (dealDrafter) name() string { return "deal drafts" }

func (dealDrafter) process(_ context.Context, d *doc) error {
	d.drafts, d.census = findDeals(d, d.names, d.groups, d.titles)
	return nil
}
