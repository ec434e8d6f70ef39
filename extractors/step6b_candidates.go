package extractors

import "context"

// candidateMaker turns the drafts into deal candidates, each with the
// features the deal decisions read.
type candidateMaker struct{}

func (candidateMaker) name() string { return "deal candidates" }

func (candidateMaker) process(_ context.Context, d *doc) error {
	d.cands = candidates(d, d.drafts, d.census, d.figures, d.dates, len(d.groups))
	return nil
}
